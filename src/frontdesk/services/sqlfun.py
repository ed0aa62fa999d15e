"""Date functions the statistics need, written for SQLite and for PostgreSQL.

`day_of(t)` is the calendar day of a timestamp; `hours_after(t, n)` is t plus n hours; `month_of(d)` is
a date's month as 'YYYY-MM' (the shape of a bill's period). Each compiles to each dialect's own
spelling, so the same query groups by day on the desk's SQLite file and on a server.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, DateTime, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class day_of(FunctionElement):
    type = Date()
    inherit_cache = True
    name = "day_of"


@compiles(day_of)
def _day_of_default(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)})"


class hours_after(FunctionElement):
    type = DateTime()
    inherit_cache = True
    name = "hours_after"

    def __init__(self, moment, hours: int):
        self.hours = int(hours)
        super().__init__(moment)


@compiles(hours_after)
def _hours_after_default(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} + INTERVAL '{element.hours} hours')"


@compiles(hours_after, "sqlite")
def _hours_after_sqlite(element, compiler, **kw):
    # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff'; keep the same shape to compare.
    return f"strftime('%Y-%m-%d %H:%M:%f000', {compiler.process(element.clauses, **kw)}, '+{element.hours} hours')"


def as_date(value) -> date:
    """A day_of() result: a date on PostgreSQL, 'YYYY-MM-DD' text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class next_day_of(FunctionElement):
    """The start of the day after a timestamp's day: with day_of, a range an index can use."""

    type = Date()
    inherit_cache = True
    name = "next_day_of"


@compiles(next_day_of)
def _next_day_of_default(element, compiler, **kw):
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) + 1)"


@compiles(next_day_of, "sqlite")
def _next_day_of_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+1 day')"


class month_of(FunctionElement):
    """A date's month as 'YYYY-MM': compared with a bill's period, "paid after the bill's month"."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_of_default(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw):
    # SQLAlchemy stores SQLite dates as 'YYYY-MM-DD' text: the month is its first seven characters.
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"
