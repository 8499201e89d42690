from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("indicators", "0016_drop_unwritten_period_snapshot")]

    operations = [
        migrations.AddField(model_name="dataversion", name="words", field=models.BigIntegerField(default=0)),
    ]
