"""Figures of periods already over, kept once computed (`closed_figures`), and when they are dropped.

A closed month's 收费率 figures read every bill of the month and the old arrears at its start; they
change only when something earlier than the month's end changes. Which periods a change touches:

- money put on a bill of month P, or taken off it (a payment or a reversal), dated D: the periods
  ending on or after max(first day of P, D) — a payment today touches no period already over;
- a bill of month P added, voided or deleted, or its amount, month, due date or unit changed: the
  periods ending on or after the first day of P (old arrears at the start of later periods too);
- a unit's phase, building or area changed, or a unit voided: every period (the figures are grouped
  so, and the area in arrears is added up).

Every writer goes through the ORM (a flush) or an ORM-enabled statement (`insert(Charge)`, …); both
are watched here, and at commit the kept figures of the periods touched are dropped and the epoch
goes up, in the writer's transaction, last (after the units' locks: it never takes part in a deadlock).
A reader keeps what it computed only if the epoch is still the one it read before computing, checked
in a transaction of its own holding the epoch row: a figure computed before another desk's change is
never kept after it. Raw SQL that changes bills (a migration) must `forget_all` as well.

`frontdesk check` recomputes every kept figure and compares; `check --repair` drops them all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session

from frontdesk.db.models import Allocation, Charge, ClosedFigures, ClosedFiguresEpoch, Unit

log = logging.getLogger(__name__)

TABLES = ("closed_figures", "closed_figures_epoch")  # derived: not copied by migrate-to


class Kind(StrEnum):
    """What a kept row holds (its `kind` column), with the words `frontdesk check` names it by."""

    BUILDINGS = "buildings"  # 收费率's sums per building of a month, quarter or year
    PHASES = "phases"  # a month's sums per phase (the 统计报表 chart)
    ARREARS = "arrears"  # the units, area and amount in arrears on a day (start and end that day)

    @property
    def label(self) -> str:
        return {Kind.BUILDINGS: "收费率", Kind.PHASES: "各期收费率", Kind.ARREARS: "未收户数、面积、金额"}[self]
EVERYTHING = date.min
_TOUCHED = "closed_figures_touched"  # session.info: the earliest period end a change in it touches
_EPOCH = "closed_figures_epoch"  # session.info: the epoch read before the kept figures were
_PENDING = "closed_figures_pending"  # session.info: figures computed in it, to keep once it has ended
_LOOKED_UP = "closed_figures_looked_up"  # session.info: the periods `kept` was asked for
_STORE_WAIT_MS = 300  # keeping figures never holds a report up behind another desk's long write

_CHARGE_FIGURE_COLUMNS = ("amount", "period", "due_date", "unit_id", "deleted_at")
_UNIT_GROUPING_COLUMNS = ("phase", "building", "area", "deleted_at")  # grouped by, or added up (未收面积)


def first_day(period: str | None) -> date:
    """The first day of a month "YYYY-MM" (every period, when unknown)."""
    if not period:
        return EVERYTHING
    return date(int(period[:4]), int(period[5:7]), 1)


def _allocation_reach(period: str | None, paid_on: date | None) -> date:
    if not period or paid_on is None:
        return EVERYTHING
    return max(first_day(period), paid_on)


def _touch(session: Session, since: date) -> None:
    current = session.info.get(_TOUCHED)
    session.info[_TOUCHED] = since if current is None else min(current, since)


def forget_all(session: Session) -> None:
    """Drop every kept figure when this session commits (raw SQL over bills, a repair)."""
    _touch(session, EVERYTHING)


def _changed(obj, names: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _charge_periods(obj) -> list[str | None]:
    history = inspect(obj).attrs["period"].history
    return [*history.deleted, *history.unchanged, *history.added] or [obj.period]


def _after_flush(session: Session, _context) -> None:
    for obj in [*session.new, *session.deleted]:
        if isinstance(obj, Allocation):
            _touch(session, _allocation_reach(obj.charge_period, obj.paid_on))
        elif isinstance(obj, Charge):
            _touch(session, min(first_day(p) for p in _charge_periods(obj)))
        elif isinstance(obj, Unit) and obj in session.deleted:
            _touch(session, EVERYTHING)
    for obj in session.dirty:
        if isinstance(obj, Allocation) and session.is_modified(obj, include_collections=False):
            _touch(session, EVERYTHING)  # allocations are written once; a change is a repair
        elif isinstance(obj, Charge) and _changed(obj, _CHARGE_FIGURE_COLUMNS):
            _touch(session, min(first_day(p) for p in _charge_periods(obj)))
        elif isinstance(obj, Unit) and _changed(obj, _UNIT_GROUPING_COLUMNS):
            _touch(session, EVERYTHING)


def _set_columns(statement) -> set[str] | None:
    """The columns an UPDATE sets (None when they cannot be told)."""
    values = getattr(statement, "_values", None)
    if not values:
        return None
    return {getattr(key, "key", None) or str(key) for key in values}


def _rows(state: ORMExecuteState) -> list[Mapping[str, Any]]:
    parameters = state.parameters
    if isinstance(parameters, Mapping):
        return [parameters] if parameters else []
    return list(parameters or [])


def _watch_statements(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in ("charges", "allocations", "units"):
        return
    session = state.session
    rows = _rows(state)
    if state.is_insert and rows and getattr(state.statement, "_values", None) is None:
        if name == "charges":
            _touch(session, min(first_day(row.get("period")) for row in rows))
        elif name == "allocations":
            _touch(session, min(_allocation_reach(row.get("charge_period"), row.get("paid_on")) for row in rows))
        return  # new units have no bills yet
    if state.is_insert and name == "units":
        return
    if state.is_update and name == "charges" and _set_columns(state.statement) == {"paid"}:
        return  # paid recounted from allocations, which were watched as they were written
    _touch(session, EVERYTHING)


def _before_commit(session: Session) -> None:
    session.flush()  # what is still pending is watched before the figures it touches are dropped
    since = session.info.pop(_TOUCHED, None)
    if since is None:
        return
    bumped = session.execute(update(ClosedFiguresEpoch).where(ClosedFiguresEpoch.id == 1)
                             .values(epoch=ClosedFiguresEpoch.epoch + 1)
                             .execution_options(synchronize_session=False))
    if not getattr(bumped, "rowcount", 1):
        session.execute(insert(ClosedFiguresEpoch).values(id=1, epoch=1))
    session.execute(delete(ClosedFigures).where(ClosedFigures.end_on >= since)
                    .execution_options(synchronize_session=False))


def _after_transaction_end(session: Session, transaction) -> None:
    """A transaction rolled back takes its changes with it: nothing of it is left to drop. Only the
    outermost one ends the session's record (a savepoint rolled back leaves what came before it)."""
    if transaction.parent is None:
        session.info.pop(_TOUCHED, None)


def install(factory) -> None:
    """Watch every session a new factory makes (once per factory: see audit.install)."""
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _watch_statements)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_transaction_end", _after_transaction_end)


def kept(session: Session, kind: Kind, start: date, end: date, today: date):
    """The figures kept for a period (decoded JSON), or None: not kept, not over yet, or changed in this
    session. Reading one remembers the epoch, so that what the session computes can be kept after."""
    if end >= today:
        return None
    if _EPOCH not in session.info:
        session.info[_EPOCH] = session.scalar(select(ClosedFiguresEpoch.epoch).where(ClosedFiguresEpoch.id == 1)) or 0
    if session.info.get(_TOUCHED) is not None:
        return None  # this session changed bills or money: its own figures are not the ones kept
    session.info.setdefault(_LOOKED_UP, set()).add((kind, start, end))
    found = session.scalar(select(ClosedFigures.figures).where(
        ClosedFigures.kind == kind, ClosedFigures.start_on == start, ClosedFigures.end_on == end))
    return None if found is None else json.loads(found)


def keep(session: Session, kind: Kind, start: date, end: date, today: date, figures) -> None:
    """Keep a closed period's figures (JSON-able) once this session has ended, if nothing changed since
    `kept` read the epoch for it."""
    looked_up = (kind, start, end) in session.info.get(_LOOKED_UP, ())  # so computed after the epoch was read
    if end >= today or not looked_up or session.info.get(_TOUCHED) is not None:
        return
    session.info.setdefault(_PENDING, {})[(kind, start, end)] = json.dumps(figures, ensure_ascii=False)


def store_pending(engine: Engine, info: dict) -> None:
    """Write what a finished session computed and may keep (db/engine.Database.session calls it)."""
    pending = info.pop(_PENDING, None)
    epoch = info.pop(_EPOCH, None)
    info.pop(_LOOKED_UP, None)
    if not pending or epoch is None:
        return
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            driver = conn.connection.driver_connection
            if sqlite and driver is not None:  # the write lock is taken as the transaction begins: wait briefly
                driver.execute(f"PRAGMA busy_timeout={_STORE_WAIT_MS}")
            try:
                with conn.begin():
                    if not sqlite:
                        conn.execute(text(f"SET LOCAL lock_timeout = '{_STORE_WAIT_MS}ms'"))
                    now = conn.scalar(select(ClosedFiguresEpoch.epoch).where(ClosedFiguresEpoch.id == 1)
                                      .with_for_update()) or 0
                    if now != epoch:
                        return  # bills or money changed since: what was computed may be out of date
                    for (kind, start, end), figures in pending.items():
                        key = (ClosedFigures.kind == kind, ClosedFigures.start_on == start, ClosedFigures.end_on == end)
                        conn.execute(delete(ClosedFigures).where(*key))
                        conn.execute(insert(ClosedFigures).values(kind=kind, start_on=start, end_on=end,
                                                                  figures=figures))
            finally:
                if sqlite and driver is not None:
                    from frontdesk.db.engine import SQLITE_BUSY_TIMEOUT_MS

                    driver.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    except DBAPIError as exc:  # busy, read-only or gone: the figures are computed again next time
        log.info("统计结果未保存以备再用：%s", exc)


def drop_all(session: Session) -> int:
    """Drop every kept figure now (`check --repair`); how many were dropped."""
    rows = session.execute(delete(ClosedFigures).execution_options(synchronize_session=False))
    forget_all(session)
    return int(getattr(rows, "rowcount", 0) or 0)


def all_kept(session: Session) -> list[tuple[str, date, date, object]]:
    """(kind, start, end, figures) of every kept figure, for `frontdesk check`."""
    return [(kind, start, end, json.loads(figures)) for kind, start, end, figures in session.execute(
        select(ClosedFigures.kind, ClosedFigures.start_on, ClosedFigures.end_on, ClosedFigures.figures)
        .order_by(ClosedFigures.kind, ClosedFigures.start_on, ClosedFigures.end_on))]
