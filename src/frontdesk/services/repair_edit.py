"""Correcting an order after it was saved: what was reported, where, the trade, urgency, who
called and the appointment. The change is checked like a new order, kept in the order's history
(and audited at flush like every change), and refused once the order is visited, closed or
cancelled — by then it is a record of what happened, and a new problem is a new order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from frontdesk.db.models import RepairEvent, RepairOrder
from frontdesk.db.models.repairs import CANCELLED, CLOSED, VISITED
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services import authz, clock, repairs, repairs_warranty
from frontdesk.services.text import clean_phone, normalize

FROZEN_STATES = (VISITED, CLOSED, CANCELLED)
LABELS = {
    "description": "报修内容", "location": "位置", "trade": "专业", "urgency": "紧急程度",
    "reporter": "报修人", "phone": "电话", "appointment_at": "预约上门",
}


@dataclass
class DetailsInput:
    description: str
    trade: str
    urgency: str
    reporter: str = ""
    phone: str = ""
    location: str = ""  # only for 公共 orders; a home's order keeps its unit
    appointment_at: datetime | None = None


def details_of(order: RepairOrder) -> DetailsInput:
    return DetailsInput(description=order.description, trade=order.trade, urgency=order.urgency,
                        reporter=order.reporter, phone=order.phone, location=order.location,
                        appointment_at=order.appointment_at)


def can_edit(state: str) -> bool:
    return state not in FROZEN_STATES


def _refuse_frozen(order: RepairOrder) -> None:
    if order.state in FROZEN_STATES:
        hint = ("已取消的单据只作记录" if order.state == CANCELLED
                else "业主如又来报修同一问题，请新建报修单（系统会标为返修）")
        raise ValidationError({"state": f"报修单 {order.number} 已{order.state.removeprefix('已')}，"
                                        f"不能再修改报修信息：{hint}"})


def _shown(value) -> str:
    if isinstance(value, datetime):
        return f"{value:%m-%d %H:%M}"
    return str(value) if value else "无"


def update_details(session: Session, order_id: int, data: DetailsInput, expected_version: int,
                   by_name: str) -> list[str]:
    """Save the corrected details; returns the labels of what changed (empty: nothing to save)."""
    authz.require(session, "repairs")
    order = repairs.get_order(session, order_id)
    if order.version != expected_version:
        raise ConflictError(f"报修单 {order.number} 已被 {order.updated_by} 于 {order.updated_at:%H:%M} 修改"
                            "（可能已派工或已完工），您这次的修改还没有保存。")
    _refuse_frozen(order)
    household = order.unit_id is not None
    checked = repairs.RepairInput(
        description=data.description, trade=data.trade, scope=order.scope, unit_id=order.unit_id,
        location="" if household else data.location, urgency=data.urgency, reporter=data.reporter,
        phone=data.phone, reported_at=order.reported_at, appointment_at=data.appointment_at,
    )
    repairs.validate_input(session, checked)
    new = {
        "description": normalize(data.description), "location": order.location if household else normalize(data.location),
        "trade": data.trade, "urgency": data.urgency, "reporter": normalize(data.reporter),
        "phone": clean_phone(data.phone), "appointment_at": data.appointment_at,
    }
    changed = [field for field, value in new.items() if getattr(order, field) != value]
    if not changed:
        return []
    notes = [f"{LABELS[f]} {_shown(getattr(order, f))}→{_shown(new[f])}" for f in changed
             if f in ("trade", "urgency", "appointment_at")]
    notes += [LABELS[f] for f in changed if f not in ("trade", "urgency", "appointment_at")]
    with session.no_autoflush:  # one UPDATE (one audit entry) for the whole correction
        for field in changed:
            setattr(order, field, new[field])
        if "location" in changed:
            phase, building = repairs.place_parts(order.location)
            if phase is not None or building is not None:
                order.phase, order.building = phase, building
        if "trade" in changed:
            rule_ids = {r.id for r in repairs_warranty.rules_for_trade(session, order.trade)}
            if order.warranty_item_id not in rule_ids:
                order.warranty_item_id = repairs_warranty.default_rule_id(session, order.trade)
        if {"trade", "location"} & set(changed):
            repeat = repairs.find_repeat_of(session, order.unit_id, order.location, order.trade, order.reported_at,
                                            exclude_id=order.id)
            order.repeat_of_id = repeat.id if repeat else None
        if {"urgency", "appointment_at"} & set(changed):
            order.due_at = repairs.target_time(session, order.reported_at, order.urgency, order.appointment_at)
    order.events.append(RepairEvent(at=clock.now(), by_name=by_name, action="修改信息", from_state=order.state,
                                    to_state=order.state, reason="修改：" + "；".join(notes)))
    session.flush()
    return [LABELS[f] for f in changed]
