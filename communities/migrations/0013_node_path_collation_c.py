"""Node.path compared byte by byte (collation "C") on PostgreSQL.

A subtree is `path LIKE 'prefix%'`, and lists of a street's rows are read in tree order
(`ORDER BY path`). Under the database's default collation only the varchar_pattern_ops index
can serve the LIKE, and it cannot serve ORDER BY path, so a street's list sorted all of its
rows (100,000 residents) for every page. Under "C" the plain index on path serves both: the
subtree's range and its order, a page at a time. Paths are ASCII codes and "/", so the order
is the tree's order ("/" sorts before digits: a place before its children).

PostgreSQL only (SQLite compares bytes already). The model field does not carry
db_collation (SQLite has no "C" collation); a later AlterField of path must keep this.
"""

from django.db import migrations


def _alter(collation: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f'ALTER TABLE communities_node ALTER COLUMN path TYPE varchar(255) COLLATE "{collation}"'
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("communities", "0012_actingconsent")]

    operations = [migrations.RunPython(_alter("C"), _alter("default"))]
