# The reminders' record moves from the scorecard app to the workflow app: the table is kept (state
# operations only), then renamed to this app's name; its content type follows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="scorecard", model="commentaryreminder").update(app_label="workflow")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="workflow", model="commentaryreminder").update(app_label="scorecard")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0004_workflow_and_publishing"),
        ("scorecard", "0001_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CommentaryReminder",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sent_on", models.DateField()),
                        ("measures", models.TextField(help_text="The measures whose commentary was missing")),
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "period",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="indicators.period"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-sent_at"],
                        "db_table": "scorecard_commentaryreminder",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "period", "sent_on"), name="one_reminder_per_person_period_day"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="commentaryreminder", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
