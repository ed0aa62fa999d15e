"""Document numbers that are unique and gap-free per series and period, across desks."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdesk.db.models import NumberCounter


def _locked_counter(session: Session, series: str, period: str) -> NumberCounter | None:
    return session.scalar(
        select(NumberCounter).where(NumberCounter.series == series, NumberCounter.period == period)
        .with_for_update()
    )


def _counter(session: Session, series: str, period: str) -> NumberCounter:
    """The period's counter, locked; made at 0 on its first use."""
    counter = _locked_counter(session, series, period)
    if counter is None:
        try:
            with session.begin_nested():
                session.add(NumberCounter(series=series, period=period, last=0))
        except IntegrityError:
            pass  # another desk created the period's counter at the same moment
        counter = _locked_counter(session, series, period)
    assert counter is not None, "the counter row exists now"
    return counter


def next_number(session: Session, series: str, period: str) -> int:
    """Take the next number of `series` in `period` within the caller's transaction.

    SQLite: the transaction already holds the write lock (BEGIN IMMEDIATE). PostgreSQL: the
    counter row is locked with SELECT … FOR UPDATE until the record is committed, so a
    concurrent desk waits and a rolled-back record gives its number back (no gaps).
    """
    counter = _counter(session, series, period)
    counter.last += 1
    session.flush()
    return counter.last


def next_numbers(session: Session, series: str, period: str, count: int) -> int:
    """Take `count` consecutive numbers at once (imports); returns the first of them."""
    last = next_number(session, series, period) + count - 1
    counter = _counter(session, series, period)
    counter.last = last
    session.flush()
    return last - count + 1


def skip_past(session: Session, series: str, period: str, number: int) -> None:
    """Numbers up to `number` were given outside the counter (imported receipts): never hand them out again."""
    if number < 1:
        return
    counter = _counter(session, series, period)
    if counter.last < number:
        counter.last = number
        session.flush()


def format_number(prefix: str, period: str, number: int, width: int = 4) -> str:
    """BX + 202611 + 7 -> BX-202611-0007."""
    return f"{prefix}-{period}-{number:0{width}d}"
