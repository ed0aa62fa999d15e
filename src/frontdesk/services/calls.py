"""来电来访: logging calls and visits, 首问负责制 hand-overs, the ledger and the day's counters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from frontdesk.db.models import Complaint, Contact, Handover, Person, PersonPhone, Staff, Unit
from frontdesk.db.models.contacts import CATEGORIES, CHANNELS, OPEN_STATUSES, STATUSES
from frontdesk.errors import ConflictError, NotFound, ValidationError
from frontdesk.services import authz, clock, complaints, limits, repairs, settings, staff
from frontdesk.services.text import clean_phone, normalize, phone_problem
from frontdesk.services.unit_codes import parse_unit_code, parse_unit_pattern

# Clocks of two PCs differ a little; a call logged "now" on a fast clock is not in the future.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass
class ContactInput:
    content: str
    channel: str = "电话"
    category: str = "咨询"
    status: str = "已办结"
    occurred_at: datetime | None = None
    unit_text: str = ""
    unit_id: int | None = None
    person_id: int | None = None
    caller_name: str = ""
    phone: str = ""
    handling: str = ""
    location: str = ""
    attach_phone: bool = False


@dataclass
class SavedContact:
    id: int
    unit_code: str
    complaint_id: int | None
    repair_number: str = ""


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


class UnitNotFound(ValidationError):
    """The unit field holds a well-formed code that is not on the roster (the UI offers to create it)."""

    def __init__(self, code: str, message: str):
        super().__init__({"unit": message})
        self.code = code


# ---- resolving the unit ---------------------------------------------------------------


def resolve_unit(session: Session, unit_text: str, unit_id: int | None) -> Unit | None:
    if unit_id:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise ValidationError({"unit": "所选房屋已被删除，请重新选择"})
        return unit
    text = normalize(unit_text)
    if not text:
        return None
    try:
        code = parse_unit_code(text, field="unit")
    except ValidationError:
        code = None
    if code is not None:
        unit = session.scalar(select(Unit).where(Unit.code == code.code))
        if unit is None:
            raise UnitNotFound(code.code, f"房号 {code.code} 不在房屋档案中，请检查房号，或先在房屋档案中新建这套房屋")
        return unit
    from frontdesk.services import units as unit_service

    matches = unit_service.list_units(session, unit_service.UnitFilter(query=text), limit=3)
    if len(matches) == 1:
        return session.get(Unit, matches[0].id)
    if not matches:
        hint = "房号" if parse_unit_pattern(text) else "房号、业主姓名或电话"
        raise ValidationError({"unit": f"“{text}”找不到对应的房屋，请检查{hint}，或从下拉提示中选择"})
    raise ValidationError({"unit": f"“{text}”对应多套房屋，请从下拉提示中选择一套，或输入完整房号如 2-5-1-0302"})


# ---- logging --------------------------------------------------------------------------


def _validate(session: Session, data: ContactInput) -> tuple[Unit | None, datetime, str]:
    errors: dict[str, str] = {}
    occurred = data.occurred_at or clock.now()
    if occurred > clock.now() + FUTURE_TOLERANCE:
        errors["occurred_at"] = f"时间 {occurred:%Y-%m-%d %H:%M} 晚于现在，请填写来电来访实际发生的时间"
    if data.channel not in CHANNELS:
        errors["channel"] = f"方式只能是 {'、'.join(CHANNELS)}"
    if data.category not in CATEGORIES:
        errors["category"] = f"类别只能是 {'、'.join(CATEGORIES)}"
    if data.status not in STATUSES:
        errors["status"] = f"状态只能是 {'、'.join(STATUSES)}"
    if not normalize(data.content):
        errors["content"] = "请填写来电来访的内容：业主说了什么、要办什么事"
    limits.check(errors, Contact, content=("内容", data.content), caller_name=("来电人", data.caller_name),
                 handling=("处理情况", data.handling), location=("位置", data.location))
    problem = phone_problem(data.phone)
    if problem:
        errors["phone"] = problem
    unit = None
    try:
        unit = resolve_unit(session, data.unit_text, data.unit_id)
    except UnitNotFound:
        if errors:
            raise ValidationError({**errors, "unit": "房号不在房屋档案中"}) from None
        raise
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return unit, occurred, clean_phone(data.phone)


def _attach_phone(session: Session, person_id: int | None, phone: str) -> None:
    if not person_id or not phone:
        return
    person = session.get(Person, person_id, options=[selectinload(Person.phones)])
    if person is not None and phone not in {p.phone for p in person.phones}:
        person.phones.append(PersonPhone(phone=phone))


def log_contact(session: Session, data: ContactInput, owner_id: int) -> SavedContact:
    authz.require(session, "contacts")
    staff.record_as(session, owner_id)  # 首问负责人
    unit, occurred, phone = _validate(session, data)
    if session.get(Staff, owner_id) is None:
        raise NotFound("登录的员工不存在，请重新登录")
    contact = Contact(
        channel=data.channel, occurred_at=occurred, unit_id=unit.id if unit else None,
        person_id=data.person_id, location=normalize(data.location), caller_name=normalize(data.caller_name),
        phone=phone, category=data.category, content=normalize(data.content),
        handling=normalize(data.handling), status=data.status, owner_id=owner_id,
        closed_at=clock.now() if data.status == "已办结" else None,
    )
    session.add(contact)
    if data.attach_phone:
        _attach_phone(session, data.person_id, phone)
    session.flush()
    complaint_id = None
    # A return visit (回访) about a repair or complaint follows up an existing matter; it opens none.
    opens_matter = data.channel != "回访"
    if data.category == "投诉" and opens_matter:
        complaint_id = complaints.open_for_contact(session, contact).id
    repair_number = ""
    if data.category == "报修" and opens_matter:  # the call becomes a repair order in the same transaction
        order = repairs.create_for_contact(session, contact)
        contact.repair_order_id, repair_number = order.id, order.number
    return SavedContact(contact.id, unit.code if unit else "", complaint_id, repair_number)


def update_contact(session: Session, contact_id: int, data: ContactInput, expected_version: int) -> None:
    authz.require(session, "contacts")
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("这条记录已不存在，请刷新列表")
    if contact.version != expected_version:
        raise ConflictError(f"这条记录已被 {contact.updated_by} 于 {contact.updated_at:%H:%M} 修改，请重新打开后再改")
    unit, occurred, phone = _validate(session, data)
    was_open = contact.status in OPEN_STATUSES
    contact.channel, contact.occurred_at = data.channel, occurred
    contact.unit_id = unit.id if unit else None
    contact.caller_name, contact.phone = normalize(data.caller_name), phone
    contact.category, contact.content = data.category, normalize(data.content)
    contact.handling, contact.status = normalize(data.handling), data.status
    if was_open and data.status == "已办结":
        contact.closed_at = clock.now()
    elif data.status != "已办结":
        contact.closed_at = None
    if data.category == "投诉" and contact.complaint is None and data.channel != "回访":
        complaints.open_for_contact(session, contact)
    if data.category == "报修" and contact.repair_order_id is None and data.channel != "回访":
        contact.repair_order_id = repairs.create_for_contact(session, contact).id


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(
        Contact, contact_id,
        options=[selectinload(Contact.handovers).selectinload(Handover.to_staff), selectinload(Contact.owner),
                 selectinload(Contact.unit), selectinload(Contact.complaint)],
    )
    if contact is None:
        raise NotFound("这条记录已不存在，请刷新列表")
    return contact


def input_of(contact: Contact) -> ContactInput:
    return ContactInput(
        content=contact.content, channel=contact.channel, category=contact.category, status=contact.status,
        occurred_at=contact.occurred_at, unit_text=contact.unit.code if contact.unit else "",
        unit_id=contact.unit_id, person_id=contact.person_id, caller_name=contact.caller_name,
        phone=contact.phone, handling=contact.handling, location=contact.location,
    )


# ---- 首问负责制 ------------------------------------------------------------------------


def hand_over(session: Session, contact_id: int, by_name: str, reason: str,
              to_staff_id: int | None = None, to_department: str = "") -> None:
    """Pass the matter on; the first owner stays responsible and visible."""
    authz.require(session, "contacts")
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("这条记录已不存在，请刷新列表")
    errors = {}
    if not to_staff_id and not normalize(to_department):
        errors["to"] = "请选择转交给哪位同事或哪个部门"
    if not normalize(reason):
        errors["reason"] = "请写明转交原因，方便接手的人了解情况"
    if contact.status not in OPEN_STATUSES:
        errors["status"] = "这件事已办结，不需要转交；如需继续处理，请先把状态改为“处理中”"
    if errors:
        raise ValidationError(errors)
    contact.handovers.append(Handover(at=clock.now(), by_name=by_name, to_staff_id=to_staff_id or None,
                                      to_department=normalize(to_department), reason=normalize(reason)))
    contact.updated_at = clock.now()  # a hand-over is a change of the matter: audited, version bumped


def close_contact(session: Session, contact_id: int, handling: str) -> None:
    authz.require(session, "contacts")
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("这条记录已不存在，请刷新列表")
    if not normalize(handling) and not contact.handling:
        raise ValidationError({"handling": "办结前请填写处理结果"})
    if contact.complaint is not None and contact.complaint.closed_at is None:
        raise ValidationError({"status": "这条投诉还没有按步骤办结，请在投诉处理中完成后再办结"})
    if normalize(handling):
        contact.handling = (contact.handling + "\n" if contact.handling else "") + normalize(handling)
    contact.status = "已办结"
    contact.closed_at = clock.now()


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


# ---- the ledger -----------------------------------------------------------------------


def _filtered(session: Session, filt: ContactFilter) -> Select:
    stmt = select(Contact.id)
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


def list_contacts(session: Session, filt: ContactFilter, offset: int = 0, limit: int = 200,
                  sort: str = "occurred_at", descending: bool = True) -> list[ContactRow]:
    column = CONTACT_SORT_KEYS.get(sort, Contact.occurred_at)
    order = [column.desc() if descending else column.asc(), Contact.id.desc() if descending else Contact.id.asc()]
    ids = _filtered(session, filt).order_by(*order).offset(offset).limit(limit)
    return rows_for(session, list(session.scalars(ids)))


def rows_for(session: Session, contact_ids: list[int]) -> list[ContactRow]:
    """Ledger rows for these ids, in the same order."""
    if not contact_ids:
        return []
    owner = aliased(Staff)
    found = session.execute(
        select(Contact, Unit.code, owner.name)
        .outerjoin(Unit, Unit.id == Contact.unit_id)
        .join(owner, owner.id == Contact.owner_id)
        .where(Contact.id.in_(contact_ids))
        .options(selectinload(Contact.complaint))
    ).all()
    by_id = {c.id: (c, code, owner_name) for c, code, owner_name in found}
    handlers = current_handler_names(session, contact_ids)
    now = clock.now()
    overdue_after = timedelta(hours=int(settings.get(session, "matter_overdue_hours")))
    rows = []
    for cid in contact_ids:
        if cid not in by_id:
            continue
        contact, code, owner_name = by_id[cid]
        rows.append(ContactRow(
            id=contact.id, occurred_at=contact.occurred_at, channel=contact.channel, unit_code=code or contact.location,
            caller_name=contact.caller_name, phone=contact.phone, category=contact.category, content=contact.content,
            handling=contact.handling, status=contact.status, owner=owner_name, handled_by=handlers.get(cid, ""),
            overdue=is_overdue(contact, now, overdue_after),
        ))
    return rows


def is_overdue(contact: Contact, now: datetime, overdue_after: timedelta) -> bool:
    if contact.status not in OPEN_STATUSES:
        return False
    if contact.complaint is not None:
        return complaints.overdue_reason(contact.complaint, now) is not None
    return now - contact.occurred_at > overdue_after


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


# ---- the day at a glance --------------------------------------------------------------


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
        return_visits=by_channel.get("回访", 0), open_matters=open_matters,
        target_calls=int(settings.get(session, "daily_target_calls")),
        target_visits=int(settings.get(session, "daily_target_visits")),
        target_return_visits=int(settings.get(session, "daily_target_return_visits")),
    )


# ---- who is calling -------------------------------------------------------------------


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


def void_contact(session: Session, contact_id: int, reason: str) -> None:
    """作废: a record logged by mistake leaves the ledger but stays traceable (audited, with the reason)."""
    authz.require(session, "contacts")
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise NotFound("这条记录已不存在或已作废，请刷新列表")
    if not normalize(reason):
        raise ValidationError({"reason": "请写明作废原因，例如“重复登记”"})
    contact.handling = (contact.handling + "\n" if contact.handling else "") + f"【作废】{normalize(reason)}"
    contact.deleted_at = clock.now()
