"""Search of the project catalogue on PostgreSQL: the pg_trgm extension and a GIN
trigram index on budget_project.search_text (typo-tolerant word similarity, `%>`).
Both are PostgreSQL-only and do nothing on SQLite, which searches with LIKE."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "budget_project_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON budget_project "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0001_editions_projects_review"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
