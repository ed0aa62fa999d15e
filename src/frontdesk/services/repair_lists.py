"""The repair lists: filtered and sorted in SQL (a ten-year ledger opens at once), overdue per
technician, and the 返修 report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from frontdesk.db.models import RepairOrder, Staff, Unit, WarrantyPeriod
from frontdesk.db.models.repairs import RUNNING_STATES
from frontdesk.services import clock, ordering, repairs_warranty
from frontdesk.services.text import normalize


@dataclass
class RepairFilter:
    state: str = ""
    scope: str = ""
    trade: str = ""
    technician_id: int | None = None
    phase: int | None = None
    building: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    overdue_only: bool = False
    repeat_only: bool = False
    open_only: bool = False
    text: str = ""
    unit_id: int | None = None


@dataclass
class RepairRow:
    id: int
    number: str
    reported_at: datetime
    scope: str
    place: str
    trade: str
    description: str
    urgency: str
    reporter: str
    phone: str
    state: str
    technician: str
    owner: str
    due_at: datetime
    finished_at: datetime | None
    paid: bool
    charge: Decimal
    satisfaction: str
    warranty: str
    repeat_of: str
    overdue: bool
    alert: str


def _day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _filtered(filt: RepairFilter, now: datetime) -> Select:
    stmt = select(RepairOrder.id)
    if filt.state:
        stmt = stmt.where(RepairOrder.state == filt.state)
    if filt.open_only:
        stmt = stmt.where(RepairOrder.state.in_(RUNNING_STATES + ("暂停",)))
    if filt.scope:
        stmt = stmt.where(RepairOrder.scope == filt.scope)
    if filt.trade:
        stmt = stmt.where(RepairOrder.trade == filt.trade)
    if filt.technician_id:
        stmt = stmt.where(RepairOrder.technician_id == filt.technician_id)
    if filt.phase is not None:
        stmt = stmt.where(RepairOrder.phase == filt.phase)
    if filt.building is not None:
        stmt = stmt.where(RepairOrder.building == filt.building)
    if filt.unit_id:
        stmt = stmt.where(RepairOrder.unit_id == filt.unit_id)
    if filt.date_from:
        stmt = stmt.where(RepairOrder.reported_at >= _day_start(filt.date_from))
    if filt.date_to:
        stmt = stmt.where(RepairOrder.reported_at < _day_start(filt.date_to + timedelta(days=1)))
    if filt.overdue_only:
        stmt = stmt.where(RepairOrder.state.in_(RUNNING_STATES), RepairOrder.due_at < now)
    if filt.repeat_only:
        stmt = stmt.where(RepairOrder.repeat_of_id.is_not(None))
    needle = normalize(filt.text)
    if needle:
        stmt = stmt.where(or_(RepairOrder.number.contains(needle.upper(), autoescape=True),
                              RepairOrder.description.contains(needle, autoescape=True),
                              RepairOrder.location.contains(needle, autoescape=True),
                              RepairOrder.reporter.contains(needle, autoescape=True)))
    return stmt


def count_orders(session: Session, filt: RepairFilter) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(filt, clock.now()).subquery())) or 0


SORT_KEYS = {
    "reported_at": RepairOrder.reported_at,
    "number": RepairOrder.number,
    "state": RepairOrder.state,
    "trade": RepairOrder.trade,
    "scope": RepairOrder.scope,
    "due_at": RepairOrder.due_at,
    "finished_at": RepairOrder.finished_at,
    "urgency": RepairOrder.urgency,
}


def list_orders(session: Session, filt: RepairFilter, offset: int = 0, limit: int = 200,
                sort: str = "reported_at", descending: bool = True) -> list[RepairRow]:
    order = ordering.order_by(SORT_KEYS, sort, "reported_at", RepairOrder.id, descending)
    ids = session.scalars(_filtered(filt, clock.now()).order_by(*order).offset(offset).limit(limit)).all()
    return rows_for(session, list(ids))


def rows_for(session: Session, order_ids: list[int]) -> list[RepairRow]:
    if not order_ids:
        return []
    tech, owner, earlier = aliased(Staff), aliased(Staff), aliased(RepairOrder)
    found = session.execute(
        select(RepairOrder, Unit.code, Unit.handover_date, tech.name, owner.name, earlier.number, WarrantyPeriod)
        .outerjoin(Unit, Unit.id == RepairOrder.unit_id)
        .outerjoin(tech, tech.id == RepairOrder.technician_id)
        .join(owner, owner.id == RepairOrder.owner_id)
        .outerjoin(earlier, earlier.id == RepairOrder.repeat_of_id)
        .outerjoin(WarrantyPeriod, WarrantyPeriod.id == RepairOrder.warranty_item_id)
        .where(RepairOrder.id.in_(order_ids))
    ).all()
    building_handover = _building_handovers(session, [r[0] for r in found if r[0].unit_id is None])
    now = clock.now()
    by_id = {}
    for o, code, handover, tech_name, owner_name, repeat_number, period in found:
        if o.unit_id is None:
            handover = building_handover.get((o.phase, o.building))
        rule = repairs_warranty._rule(period) if period is not None else None
        warranty = repairs_warranty.status(handover, rule, o.reported_at.date()).state
        by_id[o.id] = RepairRow(
            id=o.id, number=o.number, reported_at=o.reported_at, scope=o.scope, place=code or o.location,
            trade=o.trade, description=o.description, urgency=o.urgency, reporter=o.reporter, phone=o.phone,
            state=o.state, technician=tech_name or "", owner=owner_name, due_at=o.due_at, finished_at=o.finished_at,
            paid=o.paid, charge=o.charge, satisfaction=o.satisfaction, warranty=warranty,
            repeat_of=repeat_number or "", overdue=is_overdue(o, now), alert=o.alert,
        )
    return [by_id[i] for i in order_ids if i in by_id]


def _building_handovers(session: Session, orders: list[RepairOrder]) -> dict:
    phases = {o.phase for o in orders if o.phase is not None}
    if not phases:
        return {}
    result: dict[tuple[int, int | None], date | None] = {}
    rows = session.execute(
        select(Unit.phase, Unit.building, func.min(Unit.handover_date)).where(Unit.phase.in_(phases))
        .group_by(Unit.phase, Unit.building)
    ).all()
    for phase, building, first in rows:
        result[(phase, building)] = first
        earliest = result.get((phase, None))
        if first is not None and (earliest is None or first < earliest):
            result[(phase, None)] = first
    return result


def is_overdue(order: RepairOrder, now: datetime) -> bool:
    return order.state in RUNNING_STATES and now > order.due_at


@dataclass
class TechnicianLoad:
    technician_id: int | None
    technician: str
    open_orders: int
    overdue_orders: int


def overdue_by_technician(session: Session) -> list[TechnicianLoad]:
    """Open and overdue orders per technician (待派工 counts as 未派工)."""
    now = clock.now()
    overdue = func.sum(case((RepairOrder.due_at < now, 1), else_=0))
    rows = session.execute(
        select(RepairOrder.technician_id, Staff.name, func.count(), overdue)
        .outerjoin(Staff, Staff.id == RepairOrder.technician_id)
        .where(RepairOrder.state.in_(RUNNING_STATES))
        .group_by(RepairOrder.technician_id, Staff.name)
        .order_by(overdue.desc())
    ).all()
    return [TechnicianLoad(tid, name or "（未派工）", count, int(late or 0)) for tid, name, count, late in rows]


def my_alerts(session: Session, owner_id: int) -> list[RepairRow]:
    """Orders this person took that came back unhappy from the return visit and are not redone yet."""
    ids = session.scalars(
        # alert > '' is alert != '' for text, in a form an index on alert can answer.
        select(RepairOrder.id).where(RepairOrder.owner_id == owner_id, RepairOrder.alert > "").order_by(RepairOrder.updated_at.desc())
    ).all()
    return rows_for(session, list(ids))
