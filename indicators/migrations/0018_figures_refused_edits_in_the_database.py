"""Figures kept as loaded, by the database too (PostgreSQL): a figure can be added, never changed or
deleted, and a revision never moved to another month, whatever the client. Emptying a table whole
(TRUNCATE, as a test database is emptied) is left to the database's owner. On SQLite the models'
own guard (`indicators.models.figures.Kept`) is the only one."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION indicators_refuse_figure_edit() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Figures are kept as loaded: % on % is refused. Load a new revision instead.',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER indicators_datapoint_kept BEFORE UPDATE OR DELETE ON indicators_datapoint
    FOR EACH ROW EXECUTE FUNCTION indicators_refuse_figure_edit();
CREATE TRIGGER indicators_revision_kept BEFORE UPDATE OF reporting_period_id OR DELETE ON indicators_revision
    FOR EACH ROW EXECUTE FUNCTION indicators_refuse_figure_edit();
"""
BACKWARD = """
DROP TRIGGER indicators_revision_kept ON indicators_revision;
DROP TRIGGER indicators_datapoint_kept ON indicators_datapoint;
DROP FUNCTION indicators_refuse_figure_edit();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no parameters: the % are PL/pgSQL's own
            cursor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0017_data_version_words")]

    operations = [migrations.RunPython(forward, backward)]
