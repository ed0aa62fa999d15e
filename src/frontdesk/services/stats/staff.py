"""Per receptionist: contacts and calls logged, matters owned and closed on time, satisfaction of their
matters. `staff_figures` is what the training desk's monthly assessment can read for a month."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from frontdesk.db.models import Complaint, Contact, ReturnVisit, Staff
from frontdesk.services import clock, settings
from frontdesk.services.sqlfun import hours_after
from frontdesk.services.stats.contacts import RATED, SATISFIED, live_contacts, made_visits
from frontdesk.services.stats.money import fraction
from frontdesk.services.stats.period import Period, parse_month

DESK_ROLES = ("前台客服", "客服主管")


@dataclass
class StaffFigures:
    staff_id: int
    name: str
    role: str
    contacts: int  # everything logged with this person as 首问负责人
    calls: int
    matters_due: int  # closed, or past their deadline
    closed_on_time: int
    rated_visits: int
    satisfied: int

    @property
    def on_time_rate(self) -> float | None:
        return fraction(self.closed_on_time, self.matters_due)

    @property
    def satisfaction_rate(self) -> float | None:
        return fraction(self.satisfied, self.rated_visits)


def _matter_deadline(hours: int):
    """A complaint's own close deadline, else the desk's matter deadline after the contact."""
    complaint_due = (select(Complaint.close_due).where(Complaint.contact_id == Contact.id)
                     .correlate(Contact).scalar_subquery())
    return func.coalesce(complaint_due, hours_after(Contact.occurred_at, hours))


def _service(session: Session, period: Period) -> dict[int, list[int]]:
    deadline = _matter_deadline(int(settings.get(session, "matter_overdue_hours")))
    closed_in_time = and_(Contact.closed_at.is_not(None), Contact.closed_at <= deadline)
    due = or_(Contact.closed_at.is_not(None), deadline < clock.now())
    rows = session.execute(
        select(Contact.owner_id, func.count(), func.sum(case((Contact.channel == "电话", 1), else_=0)),
               func.sum(case((due, 1), else_=0)), func.sum(case((closed_in_time, 1), else_=0)))
        .where(live_contacts(period), Contact.channel != "回访").group_by(Contact.owner_id)).all()
    return {owner: [int(v or 0) for v in values] for owner, *values in rows}


def _satisfaction(session: Session, period: Period) -> dict[int, tuple[int, int]]:
    """Rated return visits of the repairs and complaints whose call this person took."""
    call = aliased(Contact)
    owner = func.coalesce(
        select(call.owner_id).join(Complaint, Complaint.contact_id == call.id)
        .where(ReturnVisit.target_kind == "complaint", Complaint.id == ReturnVisit.target_id)
        .correlate(ReturnVisit).scalar_subquery(),
        select(call.owner_id).where(ReturnVisit.target_kind == "repair", call.repair_order_id == ReturnVisit.target_id)
        .correlate(ReturnVisit).limit(1).scalar_subquery())
    rows = session.execute(
        select(owner, func.count(), func.sum(case((ReturnVisit.result.in_(SATISFIED), 1), else_=0)))
        .where(made_visits(period), ReturnVisit.result.in_(RATED)).group_by(owner)).all()
    return {o: (int(n or 0), int(s or 0)) for o, n, s in rows if o is not None}


def staff_figures(session: Session, period: Period) -> list[StaffFigures]:
    """One row per desk member (and anyone else who owned a contact in the period), by contacts logged."""
    service = _service(session, period)
    rated = _satisfaction(session, period)
    people = session.execute(select(Staff.id, Staff.name, Staff.role).where(
        or_(Staff.id.in_(list(service) or [-1]),
                                        and_(Staff.active.is_(True), Staff.role.in_(DESK_ROLES))))).all()
    result = []
    for staff_id, name, role in people:
        contacts, calls, due, on_time = service.get(staff_id, [0, 0, 0, 0])
        visits, satisfied = rated.get(staff_id, (0, 0))
        result.append(StaffFigures(staff_id, name, role, contacts, calls, due, on_time, visits, satisfied))
    return sorted(result, key=lambda f: (-f.contacts, f.name))


def staff_month(session: Session, month: str) -> dict[int, StaffFigures]:
    """The month's figures per staff id ("2026-11"): the monthly assessment's service part."""
    return {f.staff_id: f for f in staff_figures(session, parse_month(month))}
