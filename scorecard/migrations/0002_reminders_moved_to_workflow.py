# The reminders' record now belongs to the workflow app (its migration 0001 keeps the table).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scorecard", "0001_reminders"),
        ("workflow", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CommentaryReminder")],
            database_operations=[],
        ),
    ]
