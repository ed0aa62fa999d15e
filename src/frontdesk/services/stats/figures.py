"""The figures of one period, computed once from the catalogue; the screen, the PDF, the Excel file and
the CLI read these. How each figure is defined lives in its declaration (`catalog`, `core_figures`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Charge, Contact, RepairOrder
from frontdesk.services import number_format
from frontdesk.services.stats import catalog
from frontdesk.services.stats.period import Period


@dataclass
class Figures:
    period: Period
    data: dict[str, Any] = field(default_factory=dict)  # source key -> what it gathered
    values: dict[str, Any] = field(default_factory=dict)  # figure key -> value
    complete: bool = True  # False when the desk's own log starts after the period began: not comparable
    bills_complete: bool = True  # the same for the figures read from the bills (whose history may be older)
    computed: bool = True  # False when only some figures, or none, were computed (`compute(..., only=…)`)

    @property
    def days(self) -> int:
        return self.period.days

    def per_day(self, count: int) -> float:
        return round(count / self.days, 1) if self.days else 0.0

    def covers(self, key: str) -> bool:
        """Do the records this figure is read from cover the whole period (so it may be compared)?"""
        figure = catalog.find(key)
        return self.bills_complete if figure is not None and figure.ledger == "bills" else self.complete

    def value(self, key: str):
        """One figure by its JSON key (counts int, rates float|None, money Decimal, numbers float)."""
        found = self.values.get(key, _MISSING)
        if found is not _MISSING:
            return found
        figure = catalog.find(key)
        if figure is not None and isinstance(self.data, _Gathering):
            # Being computed in part: a figure another one reads is computed with it.
            found = self.values[key] = figure.value(self)
            return found
        if not self.computed:
            raise LookupError(f"{self.period.label}的“{catalog.label(key)}”没有统计（报表只算了屏幕上显示的数字）")
        return self.values[key]

    # The breakdowns the charts and tables draw (gathered by the core sources).
    @property
    def contacts_by_category(self) -> dict[str, int]:
        return self.data["contacts"].by_category

    @property
    def visit_results(self) -> dict[str, int]:
        return self.data["contacts"].visit_results

    @property
    def by_phase(self):
        return self.data["money"].by_phase


@dataclass(frozen=True)
class RecordsSince:
    """The first day of the desk's own log (calls, repairs) and of the bills: bills imported from the
    collections' history may reach back years before the desk logged its first call."""

    desk: date | None
    bills: date | None

    def cover(self, period: Period, ledger: str) -> bool:
        first = self.bills if ledger == "bills" else self.desk
        # Counted by month: records from the period's first month on (bills fall due mid-month) cover it.
        return first is not None and first.replace(day=1) <= period.start


def records_since(session: Session) -> RecordsSince:
    def day(value) -> date | None:
        return value.date() if isinstance(value, datetime) else value

    desk = [day(session.scalar(select(func.min(Contact.occurred_at)))),
            day(session.scalar(select(func.min(RepairOrder.reported_at))))]
    desk_days = [d for d in desk if d is not None]
    return RecordsSince(min(desk_days) if desk_days else None, day(session.scalar(select(func.min(Charge.due_date)))))


_MISSING = object()


class _Gathering(dict):
    """A period's gathered data while only some figures are computed: a source is gathered (with the
    sources it needs) the first time a figure reads it."""

    def __init__(self, session: Session, period: Period, gathered: dict[str, Any]):
        super().__init__(gathered)
        self.session, self.period = session, period

    def __missing__(self, key: str) -> Any:
        source = catalog.source(key)
        found = self[key] = source.gather(self.session, self.period, *(self[need] for need in source.needs))
        return found


def not_computed(period: Period) -> Figures:
    """A comparison period a report left out: it has no figures until `complete` fills them in."""
    return Figures(period, complete=False, bills_complete=False, computed=False)


def compute(session: Session, period: Period, only: Collection[str] | None = None,
            since: date | None | object = _MISSING) -> Figures:
    """The period's figures: all of them, or `only` the named figures (and sources) with just the
    sources they read: the rest are left out (`computed` False) until `complete` fills them in.
    `since` is `records_since`, when the caller already has it."""
    first = records_since(session) if since is _MISSING else cast(RecordsSince, since)
    result = Figures(period, complete=first.cover(period, "desk"), bills_complete=first.cover(period, "bills"))
    if only is None:
        for source in catalog.sources():
            result.data[source.key] = source.gather(session, period, *(result.data[key] for key in source.needs))
        for figure in catalog.figures():
            result.values[figure.key] = figure.value(result)
        return result
    result.computed = False
    return _fill(session, result, only)


def _fill(session: Session, result: Figures, keys: Collection[str]) -> Figures:
    result.data = _Gathering(session, result.period, result.data)
    try:
        for key in keys:
            if catalog.find(key) is not None:
                result.value(key)
            else:
                result.data[key]  # a source asked for by name is gathered
    finally:
        result.data = dict(result.data)
    return result


def complete(session: Session, figures: Figures) -> Figures:
    """Figures computed only in part (or not at all) made whole: the data already gathered is kept (the
    figures shown stay as shown), the other sources are gathered now."""
    if figures.computed:
        return figures
    if not figures.values and not figures.data:
        return compute(session, figures.period)
    result = _fill(session, Figures(figures.period, dict(figures.data), dict(figures.values), figures.complete,
                                    figures.bills_complete, computed=False), [f.key for f in catalog.figures()])
    result.computed = True
    return result


def _json_value(value, kind: str | None = None):
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01'))}"
    if kind == "rate" and isinstance(value, float):
        return round(value, 4)
    return value


def to_json(figures: Figures) -> dict:
    """The CLI contract: counts int, rates fractions (4 places), money strings with two decimals."""
    result: dict = {"period": figures.period.key}
    for figure in catalog.figures():
        result[figure.key] = _json_value(figures.value(figure.key), figure.kind)
    for section in catalog.sections():
        result[section.key] = _four_places(section.to_json(figures))
    return result


def _four_places(value):
    """A section's rates (kept whole inside) as the contract writes them: four places."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _four_places(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_four_places(item) for item in value]
    return value


def display(key: str, value) -> str:
    """A figure as the reports print it: 12,345 · 93.5% · ¥1,234.50 · 71.3 · — when unknown."""
    if value is None:
        return "—"
    kind = catalog.kind(key)
    if kind == "rate":
        return number_format.percent(value)
    if kind == "money":
        return f"{Decimal(value):,.2f}"
    if kind == "number":
        return f"{value:,.1f}"
    return f"{value:,}"


def change(key: str, now, before) -> str:
    """The change against another period: +12.3% for counts and money, +1.5 个百分点 for rates."""
    if catalog.kind(key) == "rate":
        return number_format.points(now, before)
    return number_format.change(now, before)


def change_value(key: str, now, before) -> float | None:
    """The same change as a number (a fraction): for Excel cells and KPI colours."""
    if now is None or before is None:
        return None
    if catalog.kind(key) == "rate":
        return round(now - before, 4)
    if not before:
        return None
    return round((float(now) - float(before)) / float(before), 4)
