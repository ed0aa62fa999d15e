"""报修维修: taking a repair order (at the desk or from a 报修 call), its number, target time, repeats.

The order's life after that — dispatch, finish, return visit — is in `repair_flow` and
`repair_visits`; the lists and reports in `repair_lists`; warranty in `repairs_warranty`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Contact, RepairEvent, RepairOrder, Staff, Unit
from frontdesk.db.models.repairs import CANCELLED, PENDING, SCOPES, URGENCIES
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, numbering, repairs_warranty, settings, staff
from frontdesk.services.text import clean_phone, normalize, phone_problem
from frontdesk.services.unit_lookup import resolve_unit

SERIES = "BX"
FUTURE_TOLERANCE = timedelta(minutes=5)

# Words in what the caller said that point to a trade (first match wins) and to an emergency.
TRADE_WORDS = (
    ("电梯", ("电梯",)),
    ("弱电", ("门禁", "对讲", "监控", "车闸", "道闸", "网络")),
    ("管道", ("堵", "下水", "地漏", "返水", "马桶", "暖气", "爆管", "水管")),
    ("门窗", ("门锁", "锁芯", "窗", "门关", "纱窗", "玻璃", "入户门")),
    ("水电", ("灯", "电", "跳闸", "插座", "开关", "水龙头", "停水", "水压")),
    ("土建", ("渗水", "漏水", "防水", "墙", "瓷砖", "裂", "发霉", "屋面")),
    ("公共设施", ("路灯", "井盖", "健身", "单元门", "楼道", "垃圾桶", "座椅")),
)
URGENT_WORDS = ("困人", "跑水", "爆管", "漏水到楼下", "渗水到楼下", "停电", "燃气", "冒烟", "火花", "打不开")
_PHASE = re.compile(r"(\d{1,2})期")
_BUILDING = re.compile(r"(\d{1,3})(?:栋|号楼|幢|#)")


@dataclass
class RepairInput:
    description: str
    trade: str
    scope: str = "户内"
    unit_text: str = ""
    unit_id: int | None = None
    location: str = ""
    phase: int | None = None
    building: int | None = None
    urgency: str = "一般"
    reporter: str = ""
    phone: str = ""
    reported_at: datetime | None = None
    appointment_at: datetime | None = None
    warranty_item_id: int | None = None
    contact_id: int | None = None


@dataclass
class SavedOrder:
    id: int
    number: str
    repeat_of: str  # the earlier order's number when this is a 返修, else ""


def guess_trade(text: str) -> str:
    for trade, words in TRADE_WORDS:
        if any(w in text for w in words):
            return trade
    return "其他"


def guess_urgency(text: str) -> str:
    return "紧急" if any(w in text for w in URGENT_WORDS) else "一般"


def place_parts(text: str) -> tuple[int | None, int | None]:
    """期 and 栋 named in a public location ("2期5栋1单元楼道" -> (2, 5))."""
    phase, building = _PHASE.search(text), _BUILDING.search(text)
    return (int(phase.group(1)) if phase else None, int(building.group(1)) if building else None)


def target_time(session: Session, reported_at: datetime, urgency: str, appointment_at: datetime | None) -> datetime:
    """When the work should be done: hours after the report, or a grace after the appointment."""
    key = "repair_target_hours_urgent" if urgency == "紧急" else "repair_target_hours_normal"
    due = reported_at + timedelta(hours=int(settings.get(session, key)))
    if appointment_at is not None:
        grace = timedelta(hours=int(settings.get(session, "repair_appointment_grace_hours")))
        due = max(due, appointment_at + grace)
    return due


def find_repeat_of(session: Session, unit_id: int | None, location: str, trade: str,
                   reported_at: datetime, exclude_id: int | None = None) -> RepairOrder | None:
    """The latest earlier order of the same home (or place) and trade within the repeat window."""
    if not unit_id and not location:
        return None
    days = int(settings.get(session, "repair_repeat_days"))
    stmt = select(RepairOrder).where(
        RepairOrder.trade == trade, RepairOrder.state != CANCELLED, RepairOrder.reported_at >= reported_at - timedelta(days=days), RepairOrder.reported_at <= reported_at,
    )
    stmt = stmt.where(RepairOrder.unit_id == unit_id) if unit_id else stmt.where(
        RepairOrder.location == location, RepairOrder.unit_id.is_(None))
    if exclude_id:
        stmt = stmt.where(RepairOrder.id != exclude_id)
    return session.scalars(stmt.order_by(RepairOrder.reported_at.desc(), RepairOrder.id.desc()).limit(1)).first()


def validate_input(session: Session, data: RepairInput) -> tuple[Unit | None, datetime, dict]:
    errors: dict[str, str] = {}
    reported = data.reported_at or clock.now()
    if reported > clock.now() + FUTURE_TOLERANCE:
        errors["reported_at"] = f"报修时间 {reported:%Y-%m-%d %H:%M} 晚于现在，请填写业主实际报修的时间"
    if data.scope not in SCOPES:
        errors["scope"] = "范围只能是“户内”或“公共”"
    if data.trade not in settings.lookup_values(session, "repair_trade"):
        errors["trade"] = "请选择专业（水电、土建、门窗……），决定派哪位师傅和保修期限"
    if data.urgency not in URGENCIES:
        errors["urgency"] = "紧急程度只能是“紧急”或“一般”"
    if not normalize(data.description):
        errors["description"] = "请填写报修内容：什么坏了、在哪个位置、什么现象"
    problem = phone_problem(data.phone)
    if problem:
        errors["phone"] = problem
    if data.appointment_at is not None and data.appointment_at < reported - FUTURE_TOLERANCE:
        errors["appointment_at"] = "预约上门时间早于报修时间，请检查日期和钟点"
    unit = None
    if data.scope == "户内":
        if not data.unit_id and not normalize(data.unit_text):
            errors["unit"] = "户内报修请填写房号，例如 2-5-1-0302，或输入业主姓名、电话后从提示中选择"
        else:
            try:
                unit = resolve_unit(session, data.unit_text, data.unit_id)
            except ValidationError as exc:
                errors["unit"] = exc.errors.get("unit", exc.message)
    elif not normalize(data.location):
        errors["location"] = "公共报修请填写位置：期、楼栋、单元、楼层或区域，例如 2期5栋1单元3楼楼道"
    for field, label, limit in (("location", "位置", 100), ("reporter", "报修人", 40)):
        if field not in errors and len(normalize(getattr(data, field))) > limit:
            errors[field] = f"{label}最多 {limit} 个字，请简写"
    if errors:
        raise ValidationError(errors)
    return unit, reported, errors


def create_order(session: Session, data: RepairInput, owner_id: int) -> SavedOrder:
    """新建报修 at the desk (needs the repairs permission)."""
    authz.require(session, "repairs")
    staff.record_as(session, owner_id)  # 首问负责人
    return _create(session, data, owner_id)


def _create(session: Session, data: RepairInput, owner_id: int) -> SavedOrder:
    unit, reported, _ = validate_input(session, data)
    owner = session.get(Staff, owner_id)
    if owner is None:
        raise NotFound("登录的员工不存在，请重新登录")
    location = normalize(data.location) if unit is None else ""
    phase, building = (unit.phase, unit.building) if unit else (data.phase, data.building)
    if unit is None and phase is None and building is None:
        phase, building = place_parts(location)
    warranty_id = data.warranty_item_id or repairs_warranty.default_rule_id(session, data.trade)
    period = f"{reported:%Y%m}"
    number = numbering.format_number(SERIES, period, numbering.next_number(session, SERIES, period))
    repeat = find_repeat_of(session, unit.id if unit else None, location, data.trade, reported)
    order = RepairOrder(
        number=number, scope=data.scope, unit_id=unit.id if unit else None, phase=phase, building=building,
        location=location, trade=data.trade, warranty_item_id=warranty_id,
        description=normalize(data.description), urgency=data.urgency, reporter=normalize(data.reporter),
        phone=clean_phone(data.phone), reported_at=reported, appointment_at=data.appointment_at,
        due_at=target_time(session, reported, data.urgency, data.appointment_at), state=PENDING,
        owner_id=owner_id, contact_id=data.contact_id, repeat_of_id=repeat.id if repeat else None,
    )
    reason = f"返修：{repeat.number} 后 {(reported - repeat.reported_at).days} 天内同一专业再次报修" if repeat else ""
    order.events.append(RepairEvent(at=clock.now(), by_name=owner.name, action="登记", from_state="",
                                    to_state=PENDING, reason=reason))
    session.add(order)
    session.flush()
    return SavedOrder(order.id, number, repeat.number if repeat else "")


def create_for_contact(session: Session, contact: Contact) -> SavedOrder:
    """A 报修 call becomes an order in the same transaction: the home if the call named one.

    Whoever may log the call (the contacts permission, checked by `calls`) may pass it on as an
    order, so a 收费员 taking a repair call at the counter is not refused here.
    """
    content = normalize(contact.content)
    household = contact.unit_id is not None
    trades = settings.lookup_values(session, "repair_trade")
    trade = guess_trade(content)
    if trade not in trades and trades:
        trade = "其他" if "其他" in trades else trades[-1]
    data = RepairInput(
        description=content, trade=trade, scope="户内" if household else "公共",
        unit_id=contact.unit_id, location="" if household else (normalize(contact.location) or content)[:100],
        urgency=guess_urgency(content), reporter=contact.caller_name, phone=contact.phone,
        reported_at=contact.occurred_at, contact_id=contact.id,
    )
    return _create(session, data, contact.owner_id)


def get_order(session: Session, order_id: int) -> RepairOrder:
    order = session.get(RepairOrder, order_id)
    if order is None or order.deleted_at is not None:
        raise NotFound("这张报修单已不存在，请刷新列表")
    return order


def find_by_number(session: Session, number: str) -> RepairOrder:
    order = session.scalar(select(RepairOrder).where(RepairOrder.number == normalize(number).upper()))
    if order is None:
        raise NotFound(f"找不到报修单 {number}，请检查单号（格式 BX-202611-0001）")
    return order


def known_locations(session: Session, limit: int = 300) -> list[str]:
    """Earlier public locations, most used first, for the location completer."""
    from sqlalchemy import func

    rows = session.execute(
        select(RepairOrder.location, func.count()).where(RepairOrder.unit_id.is_(None), RepairOrder.location != "")
        .group_by(RepairOrder.location).order_by(func.count().desc()).limit(limit)
    ).all()
    return [loc for loc, _n in rows]
