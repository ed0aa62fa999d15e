"""投诉: the desk's five steps, response deadlines, closing, and the confirming return visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import Complaint, Contact, ReturnVisit, Unit
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, settings
from frontdesk.services.text import normalize

EFFECTIVE_CHOICES = ("有效", "无效")
VISIT_RESULTS = ("满意", "基本满意", "不满意", "无法联系")


@dataclass
class ComplaintSteps:
    calm_note: str = ""
    cause: str = ""
    regulation: str = ""
    solution: str = ""
    carried_out_by: str = ""
    effective: str = ""


@dataclass
class ComplaintRow:
    id: int
    contact_id: int
    occurred_at: datetime
    unit_code: str
    caller_name: str
    content: str
    effective: str
    state: str
    overdue: str | None
    first_action_due: datetime
    close_due: datetime
    closed_at: datetime | None
    summary: str


def open_for_contact(session: Session, contact: Contact) -> Complaint:
    first_hours = int(settings.get(session, "complaint_first_action_hours"))
    close_hours = int(settings.get(session, "complaint_close_hours"))
    complaint = Complaint(
        contact=contact,
        first_action_due=contact.occurred_at + timedelta(hours=first_hours),
        close_due=contact.occurred_at + timedelta(hours=close_hours),
    )
    session.add(complaint)
    session.flush()
    return complaint


def overdue_reason(complaint: Complaint, now: datetime) -> str | None:
    if complaint.closed_at is not None:
        return None
    if complaint.first_action_at is None and now > complaint.first_action_due:
        return f"超过 {complaint.first_action_due:%m-%d %H:%M} 仍未首次处理"
    if now > complaint.close_due:
        return f"超过 {complaint.close_due:%m-%d %H:%M} 仍未办结"
    return None


def state_of(complaint: Complaint) -> str:
    if complaint.closed_at is None:
        return "处理中" if complaint.first_action_at else "待处理"
    visit_done = complaint.contact.status == "已办结"
    return "已回访" if visit_done else "待回访"


def _get(session: Session, complaint_id: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id, options=[selectinload(Complaint.contact)])
    if complaint is None:
        raise NotFound("这条投诉已不存在，请刷新列表")
    return complaint


def get_complaint(session: Session, complaint_id: int) -> Complaint:
    return _get(session, complaint_id)


def for_contact(session: Session, contact_id: int) -> Complaint | None:
    return session.scalar(select(Complaint).where(Complaint.contact_id == contact_id))


def record_steps(session: Session, complaint_id: int, steps: ComplaintSteps) -> None:
    """Save steps 1–4 as far as they have got; the first note counts as the first action."""
    authz.require(session, "complaints")
    complaint = _get(session, complaint_id)
    if complaint.closed_at is not None:  # what was done stays as it was when closed
        raise ValidationError({"closed": "这条投诉已经办结，处理经过不再修改；回访时业主不满意会重新打开它"})
    if steps.effective and steps.effective not in EFFECTIVE_CHOICES:
        raise ValidationError({"effective": "投诉性质只能选“有效”或“无效”"})
    complaint.calm_note = normalize(steps.calm_note)
    complaint.cause = normalize(steps.cause)
    complaint.regulation = normalize(steps.regulation)
    complaint.solution = normalize(steps.solution)
    complaint.carried_out_by = normalize(steps.carried_out_by)
    complaint.effective = steps.effective
    if complaint.first_action_at is None and any(
        (complaint.calm_note, complaint.cause, complaint.solution)
    ):
        complaint.first_action_at = clock.now()


def close(session: Session, complaint_id: int, steps: ComplaintSteps, summary: str, closed_by: str) -> int:
    """Step 5: close with a summary for future cases; schedules the return visit (returns its id)."""
    record_steps(session, complaint_id, steps)
    complaint = _get(session, complaint_id)
    errors = {}
    if not complaint.cause:
        errors["cause"] = "办结前请填写调查到的原因（第 2 步）"
    if not complaint.solution:
        errors["solution"] = "办结前请填写解决方案及落实人（第 4 步）"
    if complaint.effective not in EFFECTIVE_CHOICES:
        errors["effective"] = "办结前请判定投诉是“有效”还是“无效”"
    if not normalize(summary):
        errors["summary"] = "请写一句处理总结，供今后处理类似问题参考（第 5 步）"
    if complaint.closed_at is not None:
        errors["closed"] = "这条投诉已经办结"
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    complaint.summary = normalize(summary)
    complaint.closed_at = now
    complaint.closed_by = closed_by
    complaint.contact.status = "待回访"
    visit = ReturnVisit(target_kind="complaint", target_id=complaint.id, due_date=now.date() + timedelta(days=1))
    session.add(visit)
    session.flush()
    return visit.id


def visits_of(session: Session, complaint_id: int) -> list[ReturnVisit]:
    """Every return visit of the complaint, the first first (one per 办结; a reopened one is visited again)."""
    return list(session.scalars(select(ReturnVisit).where(
        ReturnVisit.target_kind == "complaint", ReturnVisit.target_id == complaint_id).order_by(ReturnVisit.id)))


def pending_visit(session: Session, complaint_id: int) -> ReturnVisit | None:
    return session.scalar(
        select(ReturnVisit).where(ReturnVisit.target_kind == "complaint", ReturnVisit.target_id == complaint_id,
                                  ReturnVisit.visited_at.is_(None)).order_by(ReturnVisit.id.desc())
    )


def record_return_visit(session: Session, complaint_id: int, result: str, remark: str, staff_name: str) -> None:
    """回访: satisfied closes the matter; 不满意 reopens the complaint; 无法联系 counts an attempt."""
    authz.require(session, "return_visits")
    if result not in VISIT_RESULTS:
        raise ValidationError({"result": f"请选择回访结果（{'、'.join(VISIT_RESULTS)}）"})
    if result == "不满意" and not normalize(remark):  # the same rule as a repair's return visit
        raise ValidationError({"remark": "业主不满意时请记下不满意的原因，重新处理这条投诉要据此着手"})
    complaint = _get(session, complaint_id)
    visit = pending_visit(session, complaint_id)
    if visit is None:
        raise ValidationError({"result": "这条投诉还没有办结，没有待做的回访"})
    now = clock.now()
    visit.attempts += 1
    visit.staff_name = staff_name
    visit.remark = normalize(remark)
    if result == "无法联系":
        visit.due_date = now.date() + timedelta(days=1)
        return
    visit.result, visit.visited_at = result, now
    if result == "不满意":
        close_hours = int(settings.get(session, "complaint_close_hours"))
        complaint.closed_at = None
        complaint.closed_by = ""
        complaint.close_due = now + timedelta(hours=close_hours)
        complaint.contact.status = "处理中"
        complaint.contact.closed_at = None
    else:
        complaint.contact.status = "已办结"
        complaint.contact.closed_at = now


def list_complaints(session: Session, open_only: bool = False, text: str = "", limit: int = 500) -> list[ComplaintRow]:
    """Open complaints first by deadline, or closed ones as cases for training (searched by text)."""
    stmt = select(Complaint).join(Contact).options(selectinload(Complaint.contact).selectinload(Contact.unit))
    if open_only:
        stmt = stmt.where(Complaint.closed_at.is_(None)).order_by(Complaint.close_due)
    else:
        stmt = stmt.order_by(Contact.occurred_at.desc())
    needle = normalize(text)
    if needle:
        stmt = stmt.where(or_(*(col.contains(needle, autoescape=True) for col in (
            Contact.content, Complaint.cause, Complaint.solution, Complaint.summary, Complaint.regulation))))
    now = clock.now()
    return [_row(c, now) for c in session.scalars(stmt.limit(limit))]


def _row(c: Complaint, now: datetime) -> ComplaintRow:
    unit: Unit | None = c.contact.unit
    return ComplaintRow(
        id=c.id, contact_id=c.contact_id, occurred_at=c.contact.occurred_at,
        unit_code=unit.code if unit else c.contact.location, caller_name=c.contact.caller_name,
        content=c.contact.content, effective=c.effective, state=state_of(c), overdue=overdue_reason(c, now),
        first_action_due=c.first_action_due, close_due=c.close_due, closed_at=c.closed_at, summary=c.summary,
    )
