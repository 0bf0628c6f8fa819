"""A new row and the rows that hang from it, written in one statement on PostgreSQL.

A public report is a report row, its links, its first event (and, for a formal report, the
sealed identity). Saved one by one that is BEGIN, four INSERTs and COMMIT: six round trips and
the ORM's save machinery for each row. On PostgreSQL `insert_together` sends one data-modifying
`WITH` statement instead — the parent's INSERT … RETURNING id, then each group of children's
INSERT reading that id — which PostgreSQL runs atomically on its own, so the caller needs no
transaction either (decision 0175). Columns, defaults (`auto_now_add`) and value conversions are
the ORM's: each value goes through the field's `pre_save` and `get_db_prep_save`, as Django's
insert compiler does, and the statement's text, which depends only on the model and the number
of rows, is built once per process (a model with a column that writes SQL of its own, or a
value that is an expression, is left to the compiler; decision 0185).

Other databases (SQLite) save the parent and bulk-create each group, inside the caller's
transaction: `in_one_statement()` tells the caller whether it must open one.
"""

import functools
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.expressions import RawSQL
from django.db.models.sql import InsertQuery

_PARENT = "netral_new_parent"


def _database() -> BaseDatabaseWrapper:
    # The wrapper itself, not the `connection` proxy: the compiler reads it ~130 times a
    # report, and each read through the proxy is a thread-local look-up (a quarter of the time).
    return connections[DEFAULT_DB_ALIAS]


def in_one_statement() -> bool:
    """True when `insert_together` is atomic by itself (one statement)."""
    return _database().vendor == "postgresql"


def _fields(model: type[models.Model]) -> list[Any]:
    """The columns `Model.save()` inserts for a new row (its primary key is the database's)."""
    meta = model._meta
    return [
        field
        for field in meta.local_concrete_fields
        if field is not meta.auto_field and not getattr(field, "generated", False)
    ]


# A child's foreign key to the new parent: its attname, and the SELECT that reads the parent's id.
ParentKey = tuple[str, str]


def _compiled(
    objs: Sequence[models.Model], returning: bool = False, parent: ParentKey | None = None
) -> tuple[str, list[Any]]:
    """The INSERT of `objs`, each column's value converted as `Model.save()` converts it."""
    database = _database()
    model = type(objs[0])
    if not _plain_columns(database.vendor, model):
        return _compiled_by_django(objs, returning, parent)
    skip = parent[0] if parent else None
    fields = [field for field in _fields(model) if field.attname != skip]
    values = [[_stored(field, obj, database) for field in fields] for obj in objs]
    if any(_expression(value) for row in values for value in row):
        return _compiled_by_django(objs, returning, parent)
    sql = _statement(database.vendor, model, len(objs), returning, parent)
    return sql, [value for row in values for value in row]


def _stored(field: Any, obj: models.Model, database: BaseDatabaseWrapper) -> Any:
    # What the insert compiler does for each column: pre_save (auto_now_add and the like set
    # the attribute), then the field's conversion for the database.
    value = field.pre_save(obj, True)
    return value if _expression(value) else field.get_db_prep_save(value, connection=database)


def _expression(value: Any) -> bool:
    return hasattr(value, "resolve_expression")


@functools.cache
def _plain_columns(vendor: str, model: type[models.Model]) -> bool:
    """True when every column takes its value as a plain `%s`. A field that writes SQL of its
    own (`get_placeholder_sql`: arrays, ranges; binary data on databases that mark it) leaves the
    model to Django's compiler."""
    binary_is_plain = (
        type(_database().ops).binary_placeholder_sql
        is BaseDatabaseOperations.binary_placeholder_sql
    )
    return all(_plain(field, binary_is_plain) for field in _fields(model))


def _plain(field: Any, binary_is_plain: bool) -> bool:
    if isinstance(field, models.BinaryField):
        return binary_is_plain
    return not hasattr(field, "get_placeholder_sql") and not hasattr(field, "get_placeholder")


@functools.cache
def _statement(
    vendor: str, model: type[models.Model], rows: int, returning: bool, parent: ParentKey | None
) -> str:
    """The statement's text, the same for every insert of as many rows: Django's compiler
    builds it anew each time, which was a fifth of a text report's CPU (issue 19)."""
    quote = _database().ops.quote_name
    meta = model._meta
    fields = _fields(model)
    columns = ", ".join(quote(field.column) for field in fields)
    row = ", ".join(
        f"({parent[1]})" if parent and field.attname == parent[0] else "%s" for field in fields
    )
    values = ", ".join(f"({row})" for _row in range(rows))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608 (names)
    if returning:
        assert meta.pk is not None and meta.pk.column is not None
        sql += f" RETURNING {quote(meta.db_table)}.{quote(meta.pk.column)}"
    return sql


def _compiled_by_django(
    objs: Sequence[models.Model], returning: bool, parent: ParentKey | None
) -> tuple[str, list[Any]]:
    model = type(objs[0])
    if parent is not None:
        new_id = RawSQL(parent[1], (), output_field=models.BigIntegerField())
        for obj in objs:
            setattr(obj, parent[0], new_id)
    query = InsertQuery(model)
    query.insert_values(_fields(model), list(objs), raw=False)
    compiler = query.get_compiler(connection=_database())
    compiler.returning_fields = [model._meta.pk] if returning else None
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)


def _attach(parent: models.Model, groups: Sequence[tuple[str, Sequence[models.Model]]]) -> None:
    for name, children in groups:
        for child in children:
            setattr(child, name, parent)


def insert_together(
    parent: models.Model, groups: Sequence[tuple[str, Sequence[models.Model]]]
) -> None:
    """Inserts the new `parent`, then every group of (foreign key name, new children) pointing
    at it; sets the parent's primary key. The children's own keys are not read back."""
    groups = [(name, list(children)) for name, children in groups if children]
    if not in_one_statement():
        parent.save(force_insert=True)
        _attach(parent, groups)
        for _name, children in groups:
            type(children[0])._default_manager.bulk_create(children)
        return
    sql, params = _compiled([parent], returning=True)
    parts = [f'"{_PARENT}" AS ({sql})']
    pk = parent._meta.pk
    assert pk is not None
    new_id = f'SELECT "{pk.column}" FROM "{_PARENT}"'  # noqa: S608 (names, no input)
    for number, (name, children) in enumerate(groups):
        attname = getattr(children[0]._meta.get_field(name), "attname")  # noqa: B009
        sql, values = _compiled(children, parent=(attname, new_id))
        parts.append(f'"netral_new_children_{number}" AS ({sql})')
        params += values
    statement = f'WITH {", ".join(parts)} SELECT "{pk.column}" FROM "{_PARENT}"'  # noqa: S608
    database = _database()
    with database.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    parent.pk = row[0]
    parent._state.adding = False
    parent._state.db = database.alias
    _attach(parent, groups)
