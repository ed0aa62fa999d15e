"""Keep PostgreSQL's id sequences ahead of rows written with explicit ids.

Bulk inserts that carry their own ids (demo data, `migrate-to`) do not advance a PostgreSQL
sequence, so the next record a desk saves would collide with row 1. After such work, every
table's sequence is set past its highest id. SQLite needs nothing: it takes MAX(rowid) + 1.
"""

from __future__ import annotations

from sqlalchemy import Integer, func, inspect, select, text
from sqlalchemy.engine import Connection

from frontdesk.db.base import Base


def _serial_columns():
    """(table, column) of every single-column integer primary key that the database numbers."""
    import frontdesk.db.models  # noqa: F401  (registers every table)

    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer) and pk[0].autoincrement in (True, "auto"):
            yield table, pk[0]


def reset_sequences(connection: Connection) -> int:
    """Set each table's id sequence past its highest id; returns how many were set."""
    if connection.dialect.name != "postgresql":
        return 0
    count = 0
    present = set(inspect(connection).get_table_names())
    for table, column in _serial_columns():
        if table.name not in present:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"), {"table": table.name, "column": column.name}
        ).scalar()
        if sequence is None:
            continue
        highest = connection.execute(select(func.max(column))).scalar()
        connection.execute(text("SELECT setval(:seq, :value, :called)"),
                           {"seq": sequence, "value": highest or 1, "called": highest is not None})
        count += 1
    return count


def next_free_id(session, id_column) -> int:
    """The id after the highest one taken, voided rows included (they keep their ids)."""
    from frontdesk.db.soft_delete import SHOW_VOIDED

    return (session.scalar(select(func.max(id_column)).execution_options(**SHOW_VOIDED)) or 0) + 1


class IdSource:
    """New ids for rows inserted in bulk with explicit ids (imports), safe beside desks saving.

    PostgreSQL: taken from the table's own sequence (nextval, in batches), never MAX(id) + 1, so a
    desk saving or a second import at the same moment never gets the same id; an id taken but not
    used is simply skipped. SQLite: MAX(id) + 1 onwards, safe because the write transaction holds
    the database's write lock (BEGIN IMMEDIATE) until it commits.
    """

    BATCH = 500

    def __init__(self, session, column):
        self._session, self._column = session, column
        self._postgres = session.get_bind().dialect.name == "postgresql"
        self._taken: list[int] = []
        self._next: int | None = None

    def __iter__(self):
        return self

    def __next__(self) -> int:
        if not self._postgres:
            if self._next is None:
                self._next = next_free_id(self._session, self._column)
            self._next += 1
            return self._next - 1
        if not self._taken:
            table = self._column.table
            self._taken = list(self._session.scalars(
                text("SELECT nextval(pg_get_serial_sequence(:table, :column)) FROM generate_series(1, :count)"),
                {"table": table.name, "column": self._column.name, "count": self.BATCH}))
            self._taken.reverse()
        return self._taken.pop()
