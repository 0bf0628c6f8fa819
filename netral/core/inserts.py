"""A new row and the rows that hang from it, written in one statement on PostgreSQL.

A public report is a report row, its links, its first event (and, for a formal report, the
sealed identity). Saved one by one that is BEGIN, four INSERTs and COMMIT: six round trips and
the ORM's save machinery for each row. On PostgreSQL `insert_together` sends one data-modifying
`WITH` statement instead — the parent's INSERT … RETURNING id, then each group of children's
INSERT reading that id — which PostgreSQL runs atomically on its own, so the caller needs no
transaction either (decision 0175). Every INSERT is compiled by Django's own insert compiler, so
columns, defaults (`auto_now_add`) and value conversions are exactly the ORM's.

Other databases (SQLite) save the parent and bulk-create each group, inside the caller's
transaction: `in_one_statement()` tells the caller whether it must open one.
"""

from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
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


def _compiled(objs: Sequence[models.Model], returning: bool = False) -> tuple[str, list[Any]]:
    model = type(objs[0])
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
    parts: list[str] = []
    params: list[Any] = []
    sql, values = _compiled([parent], returning=True)
    parts.append(f'"{_PARENT}" AS ({sql})')
    params += values
    pk = parent._meta.pk
    assert pk is not None
    select_id = f'SELECT "{pk.column}" FROM "{_PARENT}"'  # noqa: S608 (names, no input)
    new_id = RawSQL(select_id, (), output_field=models.BigIntegerField())
    for number, (name, children) in enumerate(groups):
        attname = getattr(children[0]._meta.get_field(name), "attname")  # noqa: B009
        for child in children:
            setattr(child, attname, new_id)
        sql, values = _compiled(children)
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
