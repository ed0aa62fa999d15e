"""收费 and 催缴函 figures, taken from the collections desk's own definitions (collection_rates, letters)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from frontdesk.services import clock, collection_rates, letters
from frontdesk.services.collection_rates import GroupFigures, RateRange, RateRow
from frontdesk.services.money import CENT
from frontdesk.services.stats.period import Period


def fraction(part, whole) -> float | None:
    """A rate as a fraction 0–1, kept whole (rounded once where it is shown or written: `to_json` gives
    four places); None when there is nothing to divide by."""
    if not whole:
        return None
    return float(Decimal(part) / Decimal(whole))


@dataclass
class PhaseFigures:
    phase: str  # "1期"
    charged: Decimal
    collected: Decimal
    collection_rate: float | None
    household_collection_rate: float | None


@dataclass
class MoneyFigures:
    charged: Decimal
    collected: Decimal
    collection_rate: float | None
    household_collection_rate: float | None
    arrears_recovery_rate: float | None
    owed_at_start: Decimal
    recovered: Decimal
    by_phase: list[PhaseFigures]


def _range(period: Period) -> RateRange:
    return RateRange(period.start, period.end, period.label)


def _phase(row: RateRow) -> PhaseFigures:
    return PhaseFigures(row.group, row.charged.quantize(CENT), row.received.quantize(CENT),
                        fraction(row.received, row.charged), fraction(row.units_paid, row.units_charged))


def bills_by_unit(session: Session, period: Period) -> list[GroupFigures]:
    """Each unit's bills of the period, what came in on them and the old arrears recovered, added up per
    building: read once per period, grouped by phase here and by collector for the collectors' figures."""
    return collection_rates.group_figures(session, _range(period))


def money_figures(session: Session, period: Period, units: list[GroupFigures]) -> MoneyFigures:
    rows = collection_rates.rates_of(units, "期")
    total = next((r for r in rows if r.group == "合计"), None)
    phases = [_phase(r) for r in rows if r.group != "合计"]
    if total is None:
        zero = Decimal("0.00")
        return MoneyFigures(zero, zero, None, None, None, zero, zero, phases)
    return MoneyFigures(
        total.charged.quantize(CENT), total.received.quantize(CENT), fraction(total.received, total.charged),
        fraction(total.units_paid, total.units_charged), fraction(total.cleared, total.owed_at_start),
        total.owed_at_start.quantize(CENT), total.cleared.quantize(CENT), phases)


def chart_months(period: Period) -> list[str]:
    """The months a rate-over-time chart shows: the year's months, or the twelve ending with the period."""
    if period.kind == "年" or len(period.months()) >= 12:
        return period.months()
    index = period.end.year * 12 + period.end.month - 1
    return [f"{(index - back) // 12:04d}-{(index - back) % 12 + 1:02d}" for back in range(11, -1, -1)]


def monthly_rates_by_phase(session: Session, period: Period) -> list[tuple[str, str, float | None]]:
    """(YYYY-MM, 期, collection rate) per month: the chart of collection rates by phase over the months."""
    this_month = f"{clock.today():%Y-%m}"
    months = [month for month in chart_months(period) if month <= this_month]
    return [(month, f"{phase}期", fraction(received, charged))
            for month, phase, charged, received in collection_rates.monthly_phase_rates(session, months) if charged]


@dataclass
class LetterFigures:
    sent: int
    paid_units: int
    paid_amount: Decimal


def letter_figures(session: Session, period: Period) -> LetterFigures:
    """Letters sent in the period and what they brought by its end (or today, for a running period)."""
    until = min(period.end, clock.today())
    if until < period.start:
        return LetterFigures(0, 0, Decimal("0.00"))
    effect = letters.letter_effect(session, period.start, until, until=until)
    return LetterFigures(effect.letters, effect.paid_units, effect.paid_amount.quantize(CENT))
