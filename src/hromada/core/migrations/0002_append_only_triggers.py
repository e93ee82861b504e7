"""The database itself refuses to change audit-trail rows.

PostgreSQL: UPDATE and DELETE raise. SQLite: UPDATE raises; DELETE is refused by the
model layer only, because Django's test flush empties SQLite tables with DELETE (on
PostgreSQL it uses TRUNCATE, which a production role should not be granted).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION core_refuse_change() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
            )
            for table in ("core_activitylog", "core_activityloglink"):
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION core_refuse_change()"
                )
        elif connection.vendor == "sqlite":
            for table in ("core_activitylog", "core_activityloglink"):
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in ("core_activitylog", "core_activityloglink"):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS core_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
