"""回访 of finished repairs: due the next working day, retried when nobody answers, and an
unhappy owner reopens the order and alerts the person who took it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from frontdesk.db.models import Contact, RepairOrder, ReturnVisit, Staff, Unit
from frontdesk.db.models.repairs import CLOSED, IN_PROGRESS, VISITED
from frontdesk.errors import ValidationError
from frontdesk.services import authz, clock, repair_flow, repairs, settings
from frontdesk.services.text import normalize

TARGET = "repair"
RESULTS = ("满意", "基本满意", "不满意", "无法联系")
UNREACHABLE = "无法联系"


def next_working_day(day: date, days: int = 1) -> date:
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _sync_contact(session: Session, order: RepairOrder, status: str, note: str = "") -> None:
    """Keep the 报修 call in the ledger in step with its order (`note`: a line added to its 处理结果)."""
    if not order.contact_id:
        return
    contact = session.get(Contact, order.contact_id)
    if contact is None or contact.category != "报修":
        return
    contact.status = status
    contact.closed_at = clock.now() if status == "已办结" else None
    if note:
        contact.handling = f"{contact.handling}\n{note}" if contact.handling else note


def order_cancelled(session: Session, order: RepairOrder, reason: str) -> None:
    """A cancelled order ends its call's matter (it stayed 处理中, in its owner's open matters and the
    overdue list, with nothing left to do); the reason goes to the call's 处理结果."""
    _sync_contact(session, order, "已办结", f"报修单 {order.number} 已取消：{normalize(reason)}")


def needs_owner_visit(scope: str) -> bool:
    """A household repair gets the owner's return visit; a public-area repair is checked on site
    (验收) by the desk or the patrol instead of calling an owner, and closed after that."""
    return scope != "公共"


def schedule(session: Session, order: RepairOrder) -> ReturnVisit | None:
    if not needs_owner_visit(order.scope):
        _sync_contact(session, order, "已办结")
        return None
    after = int(settings.get(session, "repair_visit_after_working_days"))
    finished = (order.finished_at or clock.now()).date()
    visit = ReturnVisit(target_kind=TARGET, target_id=order.id, due_date=next_working_day(finished, after))
    session.add(visit)
    _sync_contact(session, order, "待回访")
    session.flush()
    return visit


def pending(session: Session, order_id: int) -> ReturnVisit | None:
    return session.scalar(
        select(ReturnVisit).where(ReturnVisit.target_kind == TARGET, ReturnVisit.target_id == order_id,
                                  ReturnVisit.visited_at.is_(None))
        .order_by(ReturnVisit.id.desc()).limit(1)
    )


def max_attempts(session: Session) -> int:
    """How many unanswered calls close a return visit as 无法联系 (the setting repair_visit_max_attempts)."""
    return int(settings.get(session, "repair_visit_max_attempts"))


def record(session: Session, order_id: int, result: str, remark: str, staff_name: str) -> str:
    """Record one call to the owner; returns the order's state afterwards."""
    authz.require(session, "return_visits")
    if result not in RESULTS:
        raise ValidationError({"result": f"请选择回访结果（{'、'.join(RESULTS)}）"})
    order = repairs.get_order(session, order_id)
    visit = pending(session, order_id)
    if visit is None:
        raise ValidationError({"result": f"报修单 {order.number} 没有待做的回访（完工后才会安排回访）"})
    if result == "不满意" and not normalize(remark):
        raise ValidationError({"remark": "业主不满意时请记下不满意的原因，维修师傅要据此返工"})
    now = clock.now()
    visit.attempts += 1
    visit.staff_name = staff_name
    visit.remark = normalize(remark)
    if result == UNREACHABLE:
        limit = max_attempts(session)
        if visit.attempts < limit:
            visit.due_date = next_working_day(now.date())
            return order.state
        visit.result, visit.visited_at = UNREACHABLE, now
        order.satisfaction, order.closed_at = UNREACHABLE, now
        repair_flow.record(order, "关闭", CLOSED, staff_name, f"回访 {visit.attempts} 次均无法联系，按无法联系关闭")
        _sync_contact(session, order, "已办结")
        return order.state
    visit.result, visit.visited_at = result, now
    order.satisfaction = result
    if result == "不满意":
        reason = f"回访不满意：{normalize(remark)}"
        order.alert = reason
        order.due_at = repairs.target_time(session, now, order.urgency, None)
        repair_flow.record(order, "重新处理", IN_PROGRESS, staff_name, reason)
        _sync_contact(session, order, "处理中")
    else:
        repair_flow.record(order, "回访", VISITED, staff_name, normalize(remark))
        _sync_contact(session, order, "已办结")
    return order.state


@dataclass
class VisitRow:
    visit_id: int
    order_id: int
    number: str
    place: str
    reporter: str
    phone: str
    trade: str
    description: str
    technician: str
    finished_at: datetime | None
    due_date: date
    attempts: int
    late: bool


def due_visits(session: Session, day: date | None = None, limit: int = 500) -> list[VisitRow]:
    """The return visits to make today (and any left from earlier days, oldest first)."""
    day = day or clock.today()
    tech = aliased(Staff)
    rows = session.execute(
        select(ReturnVisit, RepairOrder, Unit.code, tech.name)
        .join(RepairOrder, RepairOrder.id == ReturnVisit.target_id)
        .outerjoin(Unit, Unit.id == RepairOrder.unit_id).outerjoin(tech, tech.id == RepairOrder.technician_id)
        .where(ReturnVisit.target_kind == TARGET, ReturnVisit.visited_at.is_(None),
               ReturnVisit.due_date <= day)
        .order_by(ReturnVisit.due_date, RepairOrder.finished_at).limit(limit)
    ).all()
    return [VisitRow(v.id, o.id, o.number, code or o.location, o.reporter, o.phone, o.trade, o.description,
                     tech_name or "", o.finished_at, v.due_date, v.attempts, v.due_date < day)
            for v, o, code, tech_name in rows]


def visits_of(session: Session, order_id: int) -> list[ReturnVisit]:
    return list(session.scalars(
        select(ReturnVisit).where(ReturnVisit.target_kind == TARGET, ReturnVisit.target_id == order_id)
        .order_by(ReturnVisit.id)
    ))
