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
    """The list's rows for these orders, in this order: their columns read as rows, no order object
    made (a page of 200 is read on every show, sort and filter)."""
    if not order_ids:
        return []
    tech, owner, earlier = aliased(Staff), aliased(Staff), aliased(RepairOrder)
    o = RepairOrder
    found = session.execute(
        select(o.id, o.number, o.reported_at, o.scope, o.location, o.trade, o.description, o.urgency, o.reporter,
               o.phone, o.state, o.due_at, o.finished_at, o.paid, o.charge, o.satisfaction, o.alert, o.unit_id,
               o.phase, o.building, o.warranty_item_id, Unit.code, Unit.handover_date,
               tech.name.label("technician"), owner.name.label("owner"), earlier.number.label("repeat_number"))
        .outerjoin(Unit, Unit.id == o.unit_id)
        .outerjoin(tech, tech.id == o.technician_id)
        .join(owner, owner.id == o.owner_id)
        .outerjoin(earlier, earlier.id == o.repeat_of_id)
        .where(o.id.in_(order_ids))
    ).all()
    building_handover = _building_handovers(session, {r.phase for r in found if r.unit_id is None})
    rules = _warranty_rules(session, {r.warranty_item_id for r in found if r.warranty_item_id is not None})
    now = clock.now()
    by_id = {}
    for r in found:
        handover = building_handover.get((r.phase, r.building)) if r.unit_id is None else r.handover_date
        warranty = repairs_warranty.status(handover, rules.get(r.warranty_item_id), r.reported_at.date()).state
        by_id[r.id] = RepairRow(
            id=r.id, number=r.number, reported_at=r.reported_at, scope=r.scope, place=r.code or r.location,
            trade=r.trade, description=r.description, urgency=r.urgency, reporter=r.reporter, phone=r.phone,
            state=r.state, technician=r.technician or "", owner=r.owner, due_at=r.due_at, finished_at=r.finished_at,
            paid=r.paid, charge=r.charge, satisfaction=r.satisfaction, warranty=warranty,
            repeat_of=r.repeat_number or "", overdue=_overdue(r.state, r.due_at, now), alert=r.alert,
        )
    return [by_id[i] for i in order_ids if i in by_id]


def _warranty_rules(session: Session, period_ids: set[int]) -> dict[int, repairs_warranty.WarrantyRule]:
    if not period_ids:
        return {}
    periods = session.scalars(select(WarrantyPeriod).where(WarrantyPeriod.id.in_(period_ids)))
    return {p.id: repairs_warranty._rule(p) for p in periods}


def _building_handovers(session: Session, phases: set[int | None]) -> dict:
    phases = {phase for phase in phases if phase is not None}
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


def _overdue(state: str, due_at: datetime, now: datetime) -> bool:
    return state in RUNNING_STATES and now > due_at


def is_overdue(order: RepairOrder, now: datetime) -> bool:
    return _overdue(order.state, order.due_at, now)


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
