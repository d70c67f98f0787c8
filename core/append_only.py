"""Append-only tables: rows are written once and never updated or deleted.

Enforced twice: in the ORM (save of an existing row, delete, and queryset update/delete raise) and,
on PostgreSQL, by a database trigger, so raw SQL and other clients are refused too. SQLite (the
embedded demo) keeps the ORM guard only: Django's test flush deletes rows there, which a trigger
would block.

`TRUNCATE` fires no row trigger, so tables that must survive it too (the audit log) also get
`RefuseTruncate`, a statement trigger. Django's test flush truncates every table; the suite lifts
that one trigger around its own flush (tests/conftest.py), nothing else does.
"""

from django.db import models
from django.db.migrations.operations.base import Operation
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Rows of %s are append-only.") % self.model._meta.verbose_name)

    def delete(self):
        raise AppendOnlyError(_("Rows of %s are append-only.") % self.model._meta.verbose_name)


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Rows of %s are append-only.") % self._meta.verbose_name)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Rows of %s are append-only.") % self._meta.verbose_name)


REFUSE_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION gongzhi_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
"""


class AppendOnlyTrigger(Operation):
    """Migration operation: refuse UPDATE and DELETE on a model's table (PostgreSQL)."""

    reduces_to_sql = True
    reversible = True
    # The trigger this operation creates: its name's suffix and when it fires.
    trigger_suffix = "append_only"
    trigger_when = "BEFORE UPDATE OR DELETE"
    trigger_level = "FOR EACH ROW"

    def __init__(self, model_name: str):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass

    def _table(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def trigger_name(self, table: str) -> str:
        return f"{table}_{self.trigger_suffix}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = self._table(app_label, to_state)
        schema_editor.execute(REFUSE_FUNCTION_SQL, params=None)
        schema_editor.execute(
            f'CREATE TRIGGER "{self.trigger_name(table)}" {self.trigger_when} ON "{table}" '
            f"{self.trigger_level} EXECUTE FUNCTION gongzhi_refuse_change()"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = self._table(app_label, from_state)
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{self.trigger_name(table)}" ON "{table}"')

    def describe(self):
        return f"Make {self.model_name} append-only"

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"model_name": self.model_name})


def truncate_trigger_name(table: str) -> str:
    return f"{table}_no_truncate"


class RefuseTruncate(AppendOnlyTrigger):
    """Migration operation: refuse TRUNCATE of a model's table (PostgreSQL)."""

    trigger_suffix = "no_truncate"
    trigger_when = "BEFORE TRUNCATE"
    trigger_level = "FOR EACH STATEMENT"

    def describe(self):
        return f"Refuse TRUNCATE of {self.model_name}"
