from django.db import migrations

from indicators.frameworks import ensure_frameworks


def add_frameworks(apps, schema_editor):
    ensure_frameworks(apps.get_model("indicators", "Framework"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(add_frameworks, migrations.RunPython.noop)]
