"""Trigram indexes for Chinese substring search on PostgreSQL (a no-op on SQLite).

Django's `icontains` on PostgreSQL is `UPPER(col::text) LIKE UPPER('%word%')`; a GIN index with
gin_trgm_ops on that same expression serves it, whatever the position of the word. pg_trgm
splits text into trigrams without needing word boundaries, so it suits Chinese, which has none.
"""

from django.db.migrations.operations.base import Operation


class TrigramSearchIndexes(Operation):
    """Migration operation: CREATE EXTENSION pg_trgm and GIN indexes on UPPER(column)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, fields: list[str]):
        self.model_name = model_name
        self.fields = fields

    def state_forwards(self, app_label, state):
        pass

    def _names(self, app_label, state):
        table = state.apps.get_model(app_label, self.model_name)._meta.db_table
        return table, [(field, f"{table}_{field}_trgm"[:63]) for field in self.fields]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, indexes = self._names(app_label, to_state)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for field, name in indexes:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin (UPPER("{field}"::text) gin_trgm_ops)'
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        _table, indexes = self._names(app_label, from_state)
        for _field, name in indexes:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    def describe(self):
        return f"Trigram search indexes on {self.model_name} ({', '.join(self.fields)})"

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "fields": self.fields},
        )
