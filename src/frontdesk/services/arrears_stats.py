"""未收统计: units in arrears (未收户数), their floor area (未收面积 ㎡) and what they owe (未收金额) per phase,
building or collector, with the reasons owners gave — the desk's table for planning a collection drive
(梳理收费进度，对未收户数、面积、金额及原因作统计).

A unit is in arrears on a day when a bill of it past its due date is still (partly) open that day
(arrears_ageing); its reason is the latest non-empty reason logged for it up to that day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from frontdesk.db import closed_figures
from frontdesk.db.models import BuildingCollector, CollectionAction, Staff, Unit
from frontdesk.errors import ValidationError
from frontdesk.services import arrears_ageing, authz, clock, collections

GROUPINGS = ("期", "楼栋", "收费员")
NO_REASON = "未登记原因"
UNASSIGNED = "（未分配）"
ZERO = Decimal("0.00")


@dataclass
class ArrearsUnit:
    unit_id: int
    code: str
    phase: int
    building: int
    area: Decimal
    amount: Decimal
    oldest: str
    collector: str
    reason: str


@dataclass
class ArrearsGroup:
    group: str
    units: int = 0
    area: Decimal = ZERO
    amount: Decimal = ZERO
    reasons: dict[str, int] = field(default_factory=dict)  # reason -> units


@dataclass
class ArrearsTotals:
    """未收户数、面积、金额: what `units_in_arrears` lists, added up."""

    units: int
    area: Decimal
    amount: Decimal


def arrears_totals(session: Session, as_of: date | None = None) -> ArrearsTotals:
    """The units in arrears on `as_of` added up, without reading each one's collector and reason (the
    statistics' figures). A day already past is read once and kept (db/closed_figures.py)."""
    today = clock.today()
    as_of = min(as_of or today, today)
    sums = closed_figures.kept(session, closed_figures.Kind.ARREARS, as_of, as_of, today)
    if sums is None:
        sums = arrears_sums(session, as_of)
        closed_figures.keep(session, closed_figures.Kind.ARREARS, as_of, as_of, today, sums)
    units, area, amount = sums
    return ArrearsTotals(units, Decimal(area), Decimal(amount))


def arrears_sums(session: Session, as_of: date) -> list:
    """[units, area, amount (text, to the cent)] in arrears on `as_of`, from the bills."""
    per_unit = arrears_ageing.owed_totals(session, as_of)
    # Added up in SQL: each unit's area and total are amounts to the cent, so even SQLite's floating-point
    # sum of thousands of them is within far less than half a cent of the exact one, and rounds to it.
    units, area, amount = session.execute(
        select(func.count(), func.sum(func.round(Unit.area, 2)), func.sum(per_unit.c.total))
        .join(per_unit, per_unit.c.unit_id == Unit.id)
        .where(Unit.deleted_at.is_(None), per_unit.c.total > 0)).one()
    return [int(units or 0), str(arrears_ageing.money_of(area) + ZERO), str(arrears_ageing.money_of(amount) + ZERO)]


def units_in_arrears(session: Session, as_of: date | None = None) -> list[ArrearsUnit]:
    """Every unit in arrears on `as_of` with its area, amount, collector and latest reason; by code."""
    as_of = min(as_of or clock.today(), clock.today())
    per_unit = arrears_ageing.owed_by_unit(session, as_of)
    latest = collections.latest_action_ids(CollectionAction.reason != "", CollectionAction.acted_on <= as_of)
    reason = select(CollectionAction.unit_id, CollectionAction.reason).where(CollectionAction.id.in_(latest)).subquery()
    collector = aliased(Staff)
    rows = session.execute(
        select(Unit.id, Unit.code, Unit.phase, Unit.building, Unit.area, per_unit.c.total, per_unit.c.oldest,
               collector.name, reason.c.reason)
        .join(per_unit, per_unit.c.unit_id == Unit.id)
        .outerjoin(BuildingCollector, and_(BuildingCollector.phase == Unit.phase,
                                           BuildingCollector.building == Unit.building,
                                           BuildingCollector.deleted_at.is_(None)))
        .outerjoin(collector, collector.id == BuildingCollector.collector_id)
        .outerjoin(reason, reason.c.unit_id == Unit.id)
        .where(Unit.deleted_at.is_(None), per_unit.c.total > 0)
        .order_by(Unit.phase, Unit.building, Unit.entrance, Unit.room)).all()
    return [ArrearsUnit(i, code, phase, building, Decimal(area).quantize(Decimal("0.01")), collections.money_of(total),
                        oldest, name or UNASSIGNED, why or NO_REASON)
            for i, code, phase, building, area, total, oldest, name, why in rows]


def _key(grouping: str, unit: ArrearsUnit) -> str:
    if grouping == "期":
        return f"{unit.phase}期"
    if grouping == "楼栋":
        return f"{unit.phase}期{unit.building}栋"
    if grouping == "收费员":
        return unit.collector
    raise ValidationError({"grouping": f"分组只能是 {'、'.join(GROUPINGS)}"})


def group_units(units: list[ArrearsUnit], grouping: str) -> list[ArrearsGroup]:
    """One row per group in the order met (phase, building order), then 合计."""
    groups: dict[str, ArrearsGroup] = {}
    total = ArrearsGroup("合计")
    for unit in units:
        for row in (groups.setdefault(_key(grouping, unit), ArrearsGroup(_key(grouping, unit))), total):
            row.units += 1
            row.area += unit.area
            row.amount += unit.amount
            row.reasons[unit.reason] = row.reasons.get(unit.reason, 0) + 1
    ordered = sorted(groups.values(), key=lambda g: g.group) if grouping == "收费员" else list(groups.values())
    return [*ordered, total] if units else []


def arrears_statistics(session: Session, grouping: str = "期", as_of: date | None = None) -> list[ArrearsGroup]:
    """未收户数、未收面积、未收金额 and the reasons per phase, building or collector, with a 合计 row."""
    authz.require(session, "collection_actions")
    if grouping not in GROUPINGS:
        raise ValidationError({"grouping": f"分组只能是 {'、'.join(GROUPINGS)}"})
    return group_units(units_in_arrears(session, as_of), grouping)
