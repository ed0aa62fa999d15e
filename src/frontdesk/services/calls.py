"""来电来访: logging calls and visits, editing and voiding them, and 首问负责制 hand-overs (the lists are in call_lists)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import Contact, Handover, Person, PersonPhone, RepairOrder
from frontdesk.db.models.contacts import CATEGORIES, CHANNELS, OPEN_STATUSES, STATUSES
from frontdesk.db.models.repairs import CANCELLED, CLOSED, FINISHED, VISITED
from frontdesk.errors import ConflictError, NotFound, ValidationError
from frontdesk.services import authz, clock, complaints, limits, repairs, staff
from frontdesk.services.text import clean_phone, normalize, phone_problem
from frontdesk.services.unit_lookup import UnitNotFound, UnitRef, resolve_unit_ref

# Clocks of two PCs differ a little; a call logged "now" on a fast clock is not in the future.
FUTURE_TOLERANCE = timedelta(minutes=5)

# 首问负责制: a call that opens a repair order or a complaint is the taker's open matter (处理中) until
# that is finished; the repair and complaint flows then move the call to 待回访 and 已办结.
MATTER_OF_CATEGORY = {"报修": "报修单", "投诉": "投诉单"}
DONE = "已办结"
OPEN = "处理中"
# Once its order's work is done (or the order cancelled) the call may be closed by hand; the return
# visit (repair_visits) closes it otherwise.
_ORDER_DONE = (FINISHED, VISITED, CLOSED, CANCELLED)


def opens_matter(category: str, channel: str) -> bool:
    """报修/投诉 open a repair order / complaint; a 回访 about one follows it up and opens none."""
    return category in MATTER_OF_CATEGORY and channel != "回访"


def usual_status(category: str, channel: str) -> str:
    return OPEN if opens_matter(category, channel) else DONE


def new_matter_status_problem(category: str, channel: str, status: str) -> str | None:
    """Why a call that opens a matter cannot be logged 已办结 (None when the status is fine)."""
    if status == DONE and opens_matter(category, channel):
        matter = MATTER_OF_CATEGORY[category]
        return f"{category}要等{matter}办完、回访后才办结，请选“{OPEN}”"
    return None


@dataclass
class ContactInput:
    content: str
    channel: str = "电话"
    category: str = "咨询"
    status: str = ""  # "" = usual_status(): 处理中 when the call opens a matter, else 已办结
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
    status: str = DONE


# ---- logging --------------------------------------------------------------------------


def _validate(session: Session, data: ContactInput,
              opens_new_matter: bool) -> tuple[UnitRef | None, datetime, str, str]:
    """The unit, time, phone and status to store, or every problem of the input at once."""
    errors: dict[str, str] = {}
    status = data.status or usual_status(data.category, data.channel)
    occurred = data.occurred_at or clock.now()
    if occurred > clock.now() + FUTURE_TOLERANCE:
        # Short enough for one line at 1366 px, and names its field: the row's messages share one strip.
        errors["occurred_at"] = "时间晚于现在，请填实际发生的时间"
    if data.channel not in CHANNELS:
        errors["channel"] = f"方式只能是 {'、'.join(CHANNELS)}"
    if data.category not in CATEGORIES:
        errors["category"] = f"类别只能是 {'、'.join(CATEGORIES)}"
    if status not in STATUSES:
        errors["status"] = f"状态只能是 {'、'.join(STATUSES)}"
    elif opens_new_matter and (problem := new_matter_status_problem(data.category, data.channel, status)):
        errors["status"] = problem
    if not normalize(data.content):
        errors["content"] = "请填写来电来访的内容：业主说了什么、要办什么事"
    limits.check(errors, Contact, content=("内容", data.content), caller_name=("来电人", data.caller_name),
                 handling=("处理情况", data.handling), location=("位置", data.location))
    problem = phone_problem(data.phone)
    if problem:
        errors["phone"] = problem
    unit = None
    try:
        unit = resolve_unit_ref(session, data.unit_text, data.unit_id)
    except UnitNotFound:
        if errors:
            raise ValidationError({**errors, "unit": "房号不在房屋档案中"}) from None
        raise
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return unit, occurred, clean_phone(data.phone), status


def _attach_phone(session: Session, person_id: int | None, phone: str) -> None:
    if not person_id or not phone:
        return
    person = session.get(Person, person_id, options=[selectinload(Person.phones)])
    if person is not None and phone not in {p.phone for p in person.phones}:
        person.phones.append(PersonPhone(phone=phone))


SAME_CALL_MINUTES = 10  # the same words about the same home this soon again: most likely saved twice


def second_time_warning(session: Session, data: ContactInput) -> str | None:
    """What to ask before logging a call that looks like one already taken (None: nothing to ask): the
    same words about the same home within minutes, or a 报修 for a home whose repair order is not done
    (a second order would be counted as a 返修 of one not even dispatched)."""
    authz.require(session, "contacts")
    try:
        unit = resolve_unit_ref(session, data.unit_text, data.unit_id)
    except (UnitNotFound, ValidationError):
        return None  # the save names what is wrong with the unit
    if unit is None:
        return None
    content = normalize(data.content)
    since = clock.now() - timedelta(minutes=SAME_CALL_MINUTES)
    same = session.scalars(select(Contact).where(Contact.unit_id == unit.id, Contact.content == content,
                                                 Contact.occurred_at >= since)
                           .order_by(Contact.occurred_at.desc()).limit(1)).first()
    if same is not None:
        return (f"{same.occurred_at:%H:%M} 已登记过 {unit.code} 的这条{same.channel}（“{content[:30]}”）。"
                "再保存会多出一条相同的记录。仍要再登记一条吗？")
    if data.category == "报修" and opens_matter(data.category, data.channel):
        order = session.scalars(select(RepairOrder).where(RepairOrder.unit_id == unit.id,
                                                          RepairOrder.state.not_in(_ORDER_DONE))
                                .order_by(RepairOrder.reported_at.desc()).limit(1)).first()
        if order is not None:
            return (f"{unit.code} 已有未完工的报修单 {order.number}（{order.state}：{order.description[:30]}）。"
                    "同一件事请在原报修单上催办；再保存会新开一张报修单。仍要新开吗？")
    return None


def log_contact(session: Session, data: ContactInput, owner_id: int) -> SavedContact:
    authz.require(session, "contacts")
    owner = staff.record_as(session, owner_id)  # 首问负责人
    unit, occurred, phone, status = _validate(session, data, opens_new_matter=True)
    if owner is None:
        raise NotFound("登录的员工不存在，请重新登录")
    contact = Contact(
        channel=data.channel, occurred_at=occurred, unit_id=unit.id if unit else None,
        person_id=data.person_id, location=normalize(data.location), caller_name=normalize(data.caller_name),
        phone=phone, category=data.category, content=normalize(data.content),
        handling=normalize(data.handling), status=status, owner_id=owner_id,
        closed_at=clock.now() if status == DONE else None,
    )
    session.add(contact)
    if data.attach_phone:
        _attach_phone(session, data.person_id, phone)
    session.flush()
    complaint_id = None
    matter = opens_matter(data.category, data.channel)
    if data.category == "投诉" and matter:
        complaint_id = complaints.open_for_contact(session, contact).id
    repair_number = ""
    if data.category == "报修" and matter:  # the call becomes a repair order in the same transaction
        order = repairs.create_for_contact(session, contact)
        contact.repair_order_id, repair_number = order.id, order.number
        if contact.unit_id is None and not contact.location:  # a public place: the ledger shows where
            contact.location = repairs.get_order(session, order.id).location
    return SavedContact(contact.id, unit.code if unit else "", complaint_id, repair_number, contact.status)


def update_contact(session: Session, contact_id: int, data: ContactInput, expected_version: int) -> None:
    authz.require(session, "contacts")
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("这条记录已不存在，请刷新列表")
    if contact.version != expected_version:
        raise ConflictError(f"这条记录已被 {contact.updated_by} 于 {contact.updated_at:%H:%M} 修改，请重新打开后再改")
    opens_complaint = data.category == "投诉" and contact.complaint is None
    opens_order = data.category == "报修" and contact.repair_order_id is None
    unit, occurred, phone, status = _validate(session, data, opens_new_matter=opens_complaint or opens_order)
    was_open = contact.status in OPEN_STATUSES
    if was_open and status == DONE:
        unfinished = unfinished_matter(session, contact)
        if unfinished:
            raise ValidationError({"status": unfinished})
    contact.channel, contact.occurred_at = data.channel, occurred
    contact.unit_id = unit.id if unit else None
    contact.caller_name, contact.phone = normalize(data.caller_name), phone
    contact.category, contact.content = data.category, normalize(data.content)
    contact.handling, contact.status = normalize(data.handling), status
    if was_open and status == DONE:
        contact.closed_at = clock.now()
    elif status != DONE:
        contact.closed_at = None
    if opens_complaint and opens_matter(data.category, data.channel):
        complaints.open_for_contact(session, contact)
    if opens_order and opens_matter(data.category, data.channel):
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


def unfinished_matter(session: Session, contact: Contact) -> str | None:
    """Why this call cannot be closed yet: its complaint or repair order is not finished (None if it may)."""
    if contact.complaint is not None and contact.complaint.closed_at is None:
        return "这条投诉还没有按步骤办结，请在投诉处理中完成后再办结"
    if contact.complaint is not None and complaints.pending_visit(session, contact.complaint.id) is not None:
        # The matter ends with the owner's answer: the return visit closes the call (不满意 reopens it).
        return "这条投诉已办结，还没有回访业主：请在投诉处理中登记回访，满意或基本满意时这条来电自动办结"
    order = session.get(RepairOrder, contact.repair_order_id) if contact.repair_order_id else None
    if order is not None and order.deleted_at is None and order.state not in _ORDER_DONE:
        return f"报修单 {order.number} 还是“{order.state}”，维修完工后这条来电才能办结"
    return None


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
    unfinished = unfinished_matter(session, contact)
    if unfinished:
        raise ValidationError({"status": unfinished})
    if normalize(handling):
        contact.handling = (contact.handling + "\n" if contact.handling else "") + normalize(handling)
    contact.status = "已办结"
    contact.closed_at = clock.now()


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
