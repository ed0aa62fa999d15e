"""来电来访 lists: the ledger (filtered and sorted in SQL), 我的待办, the day's counters and who is calling."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from frontdesk.db.models import Complaint, Contact, Handover, Staff, Unit
from frontdesk.db.models.contacts import OPEN_STATUSES
from frontdesk.services import clock, complaints, ordering, return_visit_counts, settings
from frontdesk.services.text import clean_phone


@dataclass
class ContactRow:
    id: int
    occurred_at: datetime
    channel: str
    unit_code: str
    caller_name: str
    phone: str
    category: str
    content: str
    handling: str
    status: str
    owner: str
    handled_by: str
    overdue: bool


@dataclass
class ContactFilter:
    date_from: date | None = None
    date_to: date | None = None
    channel: str = ""
    category: str = ""
    status: str = ""
    owner_id: int | None = None
    phase: int | None = None
    building: int | None = None
    unit_id: int | None = None
    open_only: bool = False


def _latest_handover_to():
    latest = (
        select(Handover.contact_id, func.max(Handover.id).label("last_id")).group_by(Handover.contact_id).subquery()
    )
    return latest


def current_handler_names(session: Session, contact_ids: list[int]) -> dict[int, str]:
    if not contact_ids:
        return {}
    latest = _latest_handover_to()
    rows = session.execute(
        select(Handover.contact_id, Staff.name, Handover.to_department)
        .join(latest, Handover.id == latest.c.last_id)
        .outerjoin(Staff, Staff.id == Handover.to_staff_id)
        .where(Handover.contact_id.in_(contact_ids))
    ).all()
    return {cid: (name or dept) for cid, name, dept in rows}


def _filtered(session: Session, filt: ContactFilter) -> Select:
    # Nothing dated after now is listed (demo or imported rows ahead of the clock would bury new calls).
    stmt = select(Contact.id).where(Contact.occurred_at <= clock.now())
    if filt.date_from:
        stmt = stmt.where(Contact.occurred_at >= datetime.combine(filt.date_from, datetime.min.time()))
    if filt.date_to:
        stmt = stmt.where(Contact.occurred_at < datetime.combine(filt.date_to + timedelta(days=1), datetime.min.time()))
    if filt.channel:
        stmt = stmt.where(Contact.channel == filt.channel)
    if filt.category:
        stmt = stmt.where(Contact.category == filt.category)
    if filt.status:
        stmt = stmt.where(Contact.status == filt.status)
    if filt.open_only:
        stmt = stmt.where(Contact.status.in_(OPEN_STATUSES))
    if filt.owner_id:
        stmt = stmt.where(Contact.owner_id == filt.owner_id)
    if filt.unit_id:
        stmt = stmt.where(Contact.unit_id == filt.unit_id)
    if filt.phase is not None or filt.building is not None:
        unit_ids = select(Unit.id)
        if filt.phase is not None:
            unit_ids = unit_ids.where(Unit.phase == filt.phase)
        if filt.building is not None:
            unit_ids = unit_ids.where(Unit.building == filt.building)
        stmt = stmt.where(Contact.unit_id.in_(unit_ids))
    return stmt


def count_contacts(session: Session, filt: ContactFilter) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(session, filt).subquery())) or 0


CONTACT_SORT_KEYS = {
    "occurred_at": Contact.occurred_at,
    "channel": Contact.channel,
    "category": Contact.category,
    "status": Contact.status,
    "caller_name": Contact.caller_name,
    "unit_code": Contact.unit_id,
}


REMOVED_STAFF = "（已删除的员工）"


def list_contacts(session: Session, filt: ContactFilter, offset: int = 0, limit: int = 200,
                  sort: str = "occurred_at", descending: bool = True) -> list[ContactRow]:
    order = ordering.order_by(CONTACT_SORT_KEYS, sort, "occurred_at", Contact.id, descending)
    ids = _filtered(session, filt).order_by(*order).offset(offset).limit(limit)
    return rows_for(session, list(session.scalars(ids)))


def rows_for(session: Session, contact_ids: list[int]) -> list[ContactRow]:
    """Ledger rows for these ids, in the same order."""
    if not contact_ids:
        return []
    owner = aliased(Staff)
    # Plain columns for the page; complaint objects only for the open matters that have one (their
    # overdue rule): loading 200 contacts with their complaints as objects cost most of a page.
    found = session.execute(
        select(Contact.id, Contact.occurred_at, Contact.channel, Contact.location, Contact.caller_name, Contact.phone,
               Contact.category, Contact.content, Contact.handling, Contact.status, Unit.code, owner.name)
        .outerjoin(Unit, Unit.id == Contact.unit_id)
        # Outer: a matter whose 首问负责人 was later removed from the roster still belongs in the ledger
        # (the count includes it, and a list is never cut without saying so).
        .outerjoin(owner, owner.id == Contact.owner_id)
        .where(Contact.id.in_(contact_ids))
    ).all()
    by_id = {row.id: row for row in found}
    open_ids = [row.id for row in found if row.status in OPEN_STATUSES]
    complaint_of = {c.contact_id: c for c in session.scalars(
        select(Complaint).where(Complaint.contact_id.in_(open_ids)))} if open_ids else {}
    handlers = current_handler_names(session, contact_ids)
    now = clock.now()
    overdue_after = timedelta(hours=int(settings.get(session, "matter_overdue_hours")))
    rows = []
    for cid in contact_ids:
        row = by_id.get(cid)
        if row is None:
            continue
        rows.append(ContactRow(
            id=row.id, occurred_at=row.occurred_at, channel=row.channel, unit_code=row.code or row.location,
            caller_name=row.caller_name, phone=row.phone, category=row.category, content=row.content,
            handling=row.handling, status=row.status, owner=row.name or REMOVED_STAFF,
            # Never handed over: the person who took it still holds it (首问负责制).
            handled_by=handlers.get(cid) or row.name or REMOVED_STAFF,
            overdue=_overdue(row.status, row.occurred_at, complaint_of.get(cid), now, overdue_after),
        ))
    return rows


def is_overdue(contact: Contact, now: datetime, overdue_after: timedelta) -> bool:
    return _overdue(contact.status, contact.occurred_at, contact.complaint, now, overdue_after)


def _overdue(status: str, occurred_at: datetime, complaint: Complaint | None, now: datetime,
             overdue_after: timedelta) -> bool:
    if status not in OPEN_STATUSES:
        return False
    if complaint is not None:
        return complaints.overdue_reason(complaint, now) is not None
    return now - occurred_at > overdue_after


def my_open_matters(session: Session, staff_id: int) -> list[ContactRow]:
    """The signed-in person's open matters (owned, or handed to them), oldest first."""
    latest = _latest_handover_to()
    handed_to_me = (
        select(Handover.contact_id).join(latest, Handover.id == latest.c.last_id)
        .where(Handover.to_staff_id == staff_id)
    )
    ids = session.scalars(
        select(Contact.id)
        .where(Contact.status.in_(OPEN_STATUSES), or_(Contact.owner_id == staff_id, Contact.id.in_(handed_to_me)))
        .order_by(Contact.occurred_at.asc(), Contact.id.asc())
    ).all()
    return rows_for(session, list(ids))


@dataclass
class DayCounters:
    day: date
    calls: int
    visits: int
    return_visits: int
    open_matters: int
    target_calls: int
    target_visits: int
    target_return_visits: int


def day_counters(session: Session, day: date | None = None) -> DayCounters:
    day = day or clock.today()
    start = datetime.combine(day, datetime.min.time())
    end = start + timedelta(days=1)
    by_channel = dict(session.execute(
        select(Contact.channel, func.count()).where(
            Contact.occurred_at >= start, Contact.occurred_at < end
        ).group_by(Contact.channel)
    ).all())
    open_matters = session.scalar(
        select(func.count()).select_from(Contact).where(Contact.status.in_(OPEN_STATUSES))
    ) or 0
    return DayCounters(
        day=day, calls=by_channel.get("电话", 0), visits=by_channel.get("来访", 0),
        return_visits=return_visit_counts.return_visits_made(session, start, end, by_channel.get("回访", 0)),
        open_matters=open_matters,
        target_calls=int(settings.get(session, "daily_target_calls")),
        target_visits=int(settings.get(session, "daily_target_visits")),
        target_return_visits=int(settings.get(session, "daily_target_return_visits")),
    )


@dataclass
class CallerHistory:
    unit_code: str = ""
    people: list[str] = field(default_factory=list)
    recent: list[ContactRow] = field(default_factory=list)
    open_matters: list[ContactRow] = field(default_factory=list)
    open_complaints: int = 0
    contacts_in_window: int = 0
    repeat_caller: bool = False
    repeat_reason: str = ""
    arrears: Decimal = Decimal("0.00")  # overdue fees of the unit (收费催缴), shown, not a matter


def caller_history(session: Session, unit_id: int | None = None, phone: str = "") -> CallerHistory:
    """What the receptionist should know before answering: history, open matters, repeat caller."""
    phone = clean_phone(phone)
    if not unit_id and len(phone) < 7:
        return CallerHistory()
    conditions = []
    if unit_id:
        conditions.append(Contact.unit_id == unit_id)
    if len(phone) >= 7:
        conditions.append(Contact.phone == phone)
    match = or_(*conditions)
    history = CallerHistory()
    if unit_id:
        unit = session.get(Unit, unit_id, options=[selectinload(Unit.occupancies)])
        if unit is not None:
            history.unit_code = unit.code
            history.people = [f"{o.person.name}（{o.relation}）" for o in unit.occupancies]
            from frontdesk.services.collections import arrears_of_unit

            history.arrears = arrears_of_unit(session, unit.id)
    recent_ids = session.scalars(
        select(Contact.id).where(match).order_by(Contact.occurred_at.desc()).limit(8)
    ).all()
    history.recent = rows_for(session, list(recent_ids))
    open_ids = session.scalars(
        select(Contact.id).where(match, Contact.status.in_(OPEN_STATUSES)).order_by(Contact.occurred_at)
    ).all()
    history.open_matters = rows_for(session, list(open_ids))
    history.open_complaints = session.scalar(
        select(func.count()).select_from(Complaint).join(Contact).where(match, Complaint.closed_at.is_(None))
    ) or 0
    days = int(settings.get(session, "repeat_caller_days"))
    threshold = int(settings.get(session, "repeat_caller_contacts"))
    history.contacts_in_window = session.scalar(
        select(func.count()).select_from(Contact).where(match, Contact.occurred_at >= clock.now() - timedelta(days=days))
    ) or 0
    if history.contacts_in_window >= threshold:
        history.repeat_caller = True
        history.repeat_reason = f"{days} 天内第 {history.contacts_in_window} 次来电来访"
    elif history.open_matters:
        history.repeat_caller = True
        history.repeat_reason = f"有 {len(history.open_matters)} 件事尚未办结"
    return history
