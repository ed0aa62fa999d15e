"""The per-unit arrears summary (`unit_arrears`): what each unit's open bills add up to, kept in step
with the bills in the same transaction, and how to tell it from what the bills say.

One row per unit with an open bill (not voided, paid < amount): the open amount, how many bills,
the oldest open month and the earliest due date. Nothing in it depends on today: the arrears lists
take off the bills not yet due and age the recent months when they read it.

Every writer of `charges.amount`/`charges.paid` or of new charges ends with `refresh` for the units
it touched (payments.recount_paid does it for everything that allocates money; bill generation and
the charges import for new bills). `refresh` rewrites those units' rows from their open bills while
holding the units (db/locks.lock_units): on PostgreSQL a second desk paying the same unit waits, then
rewrites the row from what the first committed, so the last writer always counts every bill.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import Select, case, delete, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from frontdesk.db import locks
from frontdesk.db.models import Charge, Unit, UnitArrears
from frontdesk.db.soft_delete import live

_CHUNK = 1000  # units per statement: within every backend's limit of bound values
_charges = Charge.__table__
SUMMARY_COLUMNS = ("unit_id", "open_amount", "open_charges", "oldest_period", "oldest_due", "last_due",
                   "last_due_open", "last_due_charges", "last_due_first_period", "due_before_last")


def from_charges(unit_ids: list[int] | None = None) -> Select:
    """What the summary should hold, straight from the open bills (all units, or these)."""
    c = _charges.c
    is_open = (c.paid < c.amount, live(_charges))
    last = select(c.unit_id, func.max(c.due_date).label("last_due")).where(*is_open).group_by(c.unit_id)
    if unit_ids is not None:
        last = last.where(c.unit_id.in_(unit_ids))
    latest = last.subquery()
    at_last = c.due_date == latest.c.last_due
    owed = c.amount - c.paid
    return (select(c.unit_id, func.round(func.sum(owed), 2), func.count(), func.min(c.period), func.min(c.due_date),
                   latest.c.last_due, func.round(func.sum(case((at_last, owed), else_=0)), 2),
                   func.sum(case((at_last, 1), else_=0)), func.min(case((at_last, c.period))),
                   func.max(case((c.due_date < latest.c.last_due, c.due_date))))
            .join(latest, latest.c.unit_id == c.unit_id).where(*is_open).group_by(c.unit_id, latest.c.last_due))


def _rewrite(execute, unit_ids: list[int] | None) -> None:
    wipe = delete(UnitArrears) if unit_ids is None else delete(UnitArrears).where(UnitArrears.unit_id.in_(unit_ids))
    execute(wipe)
    execute(insert(UnitArrears).from_select(SUMMARY_COLUMNS, from_charges(unit_ids)))


def refresh(session: Session, unit_ids: Iterable[int | None]) -> None:
    """Rewrite these units' summary rows from their bills (call after changing their bills)."""
    ids = sorted({i for i in unit_ids if i is not None})
    locks.lock_units(session, ids)
    for start in range(0, len(ids), _CHUNK):
        _rewrite(session.execute, ids[start:start + _CHUNK])


def refresh_for_charges(session: Session, charge_ids: list[int]) -> None:
    """Rewrite the summary of the units these bills belong to."""
    units: set[int] = set()
    for start in range(0, len(charge_ids), _CHUNK):
        units.update(session.scalars(select(_charges.c.unit_id).where(
            _charges.c.id.in_(charge_ids[start:start + _CHUNK])).distinct()))
    refresh(session, units)


def rebuild(session: Session) -> None:
    """Rewrite the whole summary from the bills (after bulk work, or to repair it: `check --repair`)."""
    locks.lock_units(session, session.scalars(select(Unit.id)))
    _rewrite(session.execute, None)


def disagreements(connection: Connection | Session) -> list[tuple]:
    """(unit_id, stored row or None, expected row or None) for every unit where the two differ."""
    expected = {row[0]: tuple(row[1:]) for row in connection.execute(from_charges())}
    stored = {row[0]: tuple(row[1:]) for row in connection.execute(
        select(*(getattr(UnitArrears, name) for name in SUMMARY_COLUMNS)))}
    found = []
    for unit_id in sorted(expected.keys() | stored.keys()):
        mine, theirs = stored.get(unit_id), expected.get(unit_id)
        if mine is None or theirs is None or not _same(mine, theirs):
            found.append((unit_id, mine, theirs))
    return found


TOLERANCE = 0.005  # SQLite sums NUMERIC as floating point: under half a cent is rounding, not money


def _same(stored: tuple, expected: tuple) -> bool:
    """Equal, money to the cent and dates as written."""
    for mine, theirs in zip(stored, expected, strict=True):
        if isinstance(mine, (Decimal, float)) or isinstance(theirs, (Decimal, float)):
            if mine is None or theirs is None or abs(float(mine) - float(theirs)) >= TOLERANCE:
                return False
        elif (None if mine is None else str(mine)) != (None if theirs is None else str(theirs)):
            return False
    return True
