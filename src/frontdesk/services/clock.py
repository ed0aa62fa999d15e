"""The one clock every rule reads, so tests (and overdue checks) can move time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else datetime.now().replace(microsecond=0)


def today() -> date:
    return now().date()


def freeze(at: datetime | None) -> None:
    """Pin the clock (tests, demo generation); None lets it run again."""
    global _frozen
    _frozen = at


@contextmanager
def frozen_at(at: datetime) -> Iterator[None]:
    """Pin the clock for a block, then put back whatever it was (a test's frozen time included)."""
    global _frozen
    before = _frozen
    _frozen = at
    try:
        yield
    finally:
        _frozen = before
