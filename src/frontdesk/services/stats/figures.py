"""The figures of one period, computed once from the catalogue; the screen, the PDF, the Excel file and
the CLI read these. How each figure is defined lives in its declaration (`catalog`, `core_figures`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
    complete: bool = True  # False when the desk's records start after the period began: not comparable
    computed: bool = True  # False for a comparison period a report left out (see `report(with_year_ago=False)`)

    @property
    def days(self) -> int:
        return self.period.days

    def per_day(self, count: int) -> float:
        return round(count / self.days, 1) if self.days else 0.0

    def value(self, key: str):
        """One figure by its JSON key (counts int, rates float|None, money Decimal, numbers float)."""
        if not self.computed:
            raise LookupError(f"{self.period.label}的数字没有统计（报表省去了这一期）")
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


def records_since(session: Session) -> date | None:
    """The first day the desk has records of (calls, repairs or bills)."""
    firsts = [session.scalar(select(func.min(Contact.occurred_at))),
              session.scalar(select(func.min(RepairOrder.reported_at))),
              session.scalar(select(func.min(Charge.due_date)))]
    days = [d.date() if isinstance(d, datetime) else d for d in firsts if d is not None]
    return min(days) if days else None


def not_computed(period: Period) -> Figures:
    """A comparison period a report left out: it has no figures until `compute` fills one in."""
    return Figures(period, complete=False, computed=False)


def compute(session: Session, period: Period) -> Figures:
    since = records_since(session)
    # Counted by month: records from the period's first month on (bills fall due mid-month) cover it.
    result = Figures(period, complete=since is not None and since.replace(day=1) <= period.start)
    for source in catalog.sources():
        result.data[source.key] = source.gather(session, period, *(result.data[key] for key in source.needs))
    for figure in catalog.figures():
        result.values[figure.key] = figure.value(result)
    return result


def _json_value(value):
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01'))}"
    return value


def to_json(figures: Figures) -> dict:
    """The CLI contract: counts int, rates fractions (4 places), money strings with two decimals."""
    result: dict = {"period": figures.period.key}
    for figure in catalog.figures():
        result[figure.key] = _json_value(figures.value(figure.key))
    for section in catalog.sections():
        result[section.key] = section.to_json(figures)
    return result


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
