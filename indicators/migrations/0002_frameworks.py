from django.db import migrations

FRAMEWORKS = [
    ("ASCOF", "Adult Social Care Outcomes Framework"),
    ("BCF", "Better Care Fund"),
    ("Oflog", "Office for Local Government"),
    ("NHS", "NHS England / NHS Digital"),
    ("Local", "Local measure"),
]


def add_frameworks(apps, schema_editor):
    Framework = apps.get_model("indicators", "Framework")
    for code, name in FRAMEWORKS:
        Framework.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(add_frameworks, migrations.RunPython.noop)]
