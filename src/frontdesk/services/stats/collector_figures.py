"""收费员 figures: the arrears on the period's last day (未收户数、面积、金额) and each collector's period
(collected, receipts, the collection rate of their buildings, old arrears recovered, commission)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from frontdesk.services import arrears_stats, clock, collection_rates, commission
from frontdesk.services.stats.catalog import Figure, Section, Source, declare, declare_section, declare_source
from frontdesk.services.stats.money import CENT, fraction
from frontdesk.services.stats.period import Period
from frontdesk.services.stats.records import LIMIT, RecordTable

ZERO = Decimal("0.00")


@dataclass
class CollectorPeriod:
    collected: Decimal = ZERO
    receipts: int = 0
    collection_rate: float | None = None
    arrears_recovered: Decimal = ZERO
    commission: Decimal = ZERO


@dataclass
class CollectorData:
    arrears: arrears_stats.ArrearsTotals
    by_collector: dict[str, CollectorPeriod] = field(default_factory=dict)


def _as_of(period: Period):
    return min(period.end, clock.today())


def _gather(session: Session, period: Period, units: list[collection_rates.GroupFigures]) -> CollectorData:
    data = CollectorData(arrears_stats.arrears_totals(session, _as_of(period)))
    this_month = f"{clock.today():%Y-%m}"
    months = [m for m in period.months() if m <= this_month]
    for figures in commission.figures_of_months(session, months).values():
        for fig in figures:
            row = data.by_collector.setdefault(fig.name, CollectorPeriod())
            row.collected += fig.collected
            row.receipts += fig.receipts
            row.arrears_recovered += fig.old_arrears_recovered
            row.commission += fig.commission
    if data.by_collector and period.start <= clock.today():
        for rate in collection_rates.rates_of(units, "收费员"):
            if rate.group in data.by_collector:
                data.by_collector[rate.group].collection_rate = fraction(rate.received, rate.charged)
    return data


declare_source(Source("collectors", _gather, needs=("bills_by_unit",)))


def _arrears_records(session: Session, period: Period, title: str) -> RecordTable:
    units = arrears_stats.units_in_arrears(session, _as_of(period))
    rows = [(u.code, f"{u.phase}期", f"{u.building}栋", u.area, u.amount, u.oldest, u.collector, u.reason)
            for u in units[:LIMIT]]
    return RecordTable(title, ("房号", "期", "楼栋", "建筑面积（㎡）", "未收金额", "最早欠费账期", "收费员", "欠费原因"),
                       rows, len(units))


_AS_OF = "统计期最后一天（未结束的统计期为今天）"

declare(
    Figure("arrears_units", "未收户数", "count",
           f"{_AS_OF}仍有已过缴费期限、未缴清账单的房屋户数。",
           lambda f: f.data["collectors"].arrears.units, _arrears_records, worse_when_up=True, ledger="bills"),
    Figure("arrears_area", "未收面积（㎡）", "number", "未收各户的建筑面积之和（平方米）。",
           lambda f: float(f.data["collectors"].arrears.area), _arrears_records, ledger="bills"),
    Figure("arrears_amount", "未收金额", "money", f"{_AS_OF}各户已过缴费期限、尚未缴清的金额之和。",
           lambda f: f.data["collectors"].arrears.amount.quantize(CENT), _arrears_records, worse_when_up=True,
           ledger="bills"),
)


def _by_collector(f) -> dict:
    return {name: {"collected": f"{row.collected.quantize(CENT)}", "receipts": row.receipts,
                   "collection_rate": row.collection_rate, "arrears_recovered": f"{row.arrears_recovered.quantize(CENT)}",
                   "commission": f"{row.commission.quantize(CENT)}"}
            for name, row in sorted(f.data["collectors"].by_collector.items())}


declare_section(Section("by_collector", _by_collector))
