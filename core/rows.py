"""Model instances from hand-written SQL, built as the ORM builds them.

For the few hot statements written by hand (one wide join instead of select_related, whose
query building costs more than the query): `select_columns()` lists a model's columns under a
table alias, `instance_from_row()` turns its slice of a result row back into an instance, with
the backend's converters applied (dates, JSON, decimals) exactly as a queryset would;
`converted()` / `converter()` do the same for single columns.
"""

from django.db import DEFAULT_DB_ALIAS, connections


def _layout(model) -> tuple[list[str], list[str], list[tuple]]:
    """(columns, attribute names, (column expression, converters) per column) of `model`.

    Kept per connection (the thread's own; django.db.connection is a proxy shared by all
    threads): the backend's converters are methods of that connection.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    known = connection.__dict__.setdefault("_model_row_layouts", {})
    if model not in known:
        fields = model._meta.concrete_fields
        converters = []
        for f in fields:
            col = f.get_col(model._meta.db_table)
            converters.append(
                (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            )
        known[model] = ([f.column for f in fields], [f.attname for f in fields], converters)
    return known[model]


def select_columns(model, alias: str) -> str:
    """`alias."col1", alias."col2", ...`: every concrete column of `model`, in field order.

    Kept per connection with the model's layout: the hot statements are assembled from these
    on every request, and quoting every column of a wide join each time showed in a profile.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    known = connection.__dict__.setdefault("_model_select_columns", {})
    text = known.get((model, alias))
    if text is None:
        qn = connection.ops.quote_name
        text = known[model, alias] = ", ".join(
            f"{alias}.{qn(column)}" for column in _layout(model)[0]
        )
    return text


def instance_from_row(model, row, start: int = 0):
    """(instance or None, next start): `model` from row[start:], None when its id is NULL.

    None stands for a LEFT JOIN that found nothing; the columns are in select_columns() order.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    _columns, attnames, converters = _layout(model)
    end = start + len(attnames)
    values = list(row[start:end])
    if values[0] is None:
        return None, end
    for i, (col, funcs) in enumerate(converters):
        for func in funcs:
            values[i] = func(values[i], col, connection)
    return model.from_db(connection.alias, attnames, values), end


def converted(model, field_name: str, value):
    """A value of `model.field_name` read by hand-written SQL, converted as the ORM would."""
    return converter(model, field_name)(value)


def converter(model, field_name: str):
    """converted() of `model.field_name` as a function of the value, the backend's converters
    looked up once (for a page of rows; on PostgreSQL most fields have none)."""
    connection = connections[DEFAULT_DB_ALIAS]
    col = model._meta.get_field(field_name).get_col(model._meta.db_table)
    funcs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)

    def convert(value):
        for func in funcs:
            value = func(value, col, connection)
        return value

    return convert
