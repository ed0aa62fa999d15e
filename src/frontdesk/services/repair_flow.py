"""The repair order's states: 待派工 → 已派工 → 处理中 → 已完工 → 已回访 → 已关闭, with 暂停,
退单, 转单 and 已取消. Every change is checked here and kept in the order's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from frontdesk.db.models import RepairEvent, RepairOrder, Staff
from frontdesk.db.models.repairs import (
    CANCELLED,
    CLOSED,
    DISPATCHED,
    FINISHED,
    IN_PROGRESS,
    PAUSED,
    PENDING,
    VISITED,
)
from frontdesk.errors import ConflictError, ValidationError, ValueProblem
from frontdesk.services import authz, clock, repairs
from frontdesk.services.money import parse_amount
from frontdesk.services.text import normalize

TECHNICIAN_ROLE = "维修工"

# action -> (states it may start from, state it leads to); 转单 keeps 已派工 with another technician.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "派工": ((PENDING,), DISPATCHED),
    "开始处理": ((DISPATCHED,), IN_PROGRESS),
    "暂停": ((IN_PROGRESS, DISPATCHED), PAUSED),
    "恢复": ((PAUSED,), IN_PROGRESS),
    "完工": ((IN_PROGRESS,), FINISHED),
    "回访": ((FINISHED,), VISITED),
    "重新处理": ((FINISHED, VISITED), IN_PROGRESS),
    "关闭": ((VISITED, FINISHED), CLOSED),
    "退单": ((DISPATCHED, IN_PROGRESS, PAUSED), PENDING),
    "转单": ((DISPATCHED, IN_PROGRESS, PAUSED), DISPATCHED),
    "取消": ((PENDING, DISPATCHED, PAUSED), CANCELLED),
}

HINTS = {
    "完工": "请先派工、由师傅开始处理后再登记完工",
    "开始处理": "请先派工",
    "关闭": "已完工的报修单回访后才能关闭（联系不上的由回访自动关闭）",
    "回访": "报修单完工后才能回访",
    "取消": "师傅已在处理或已完工的报修单不能取消；如不需要继续，请先暂停并写明原因",
}


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _to) in TRANSITIONS.items() if state in sources]


def _check(order: RepairOrder, action: str, expected_version: int | None) -> str:
    if expected_version is not None and order.version != expected_version:
        raise ConflictError(f"报修单 {order.number} 已被 {order.updated_by} 于 {order.updated_at:%H:%M} 修改，"
                            "请重新打开后再操作")
    sources, target = TRANSITIONS[action]
    if order.state not in sources:
        hint = HINTS.get(action, f"只有“{'、'.join(sources)}”的报修单可以{action}")
        raise ValidationError({"state": f"报修单 {order.number} 现在是“{order.state}”，不能{action}：{hint}"})
    return target


def record(order: RepairOrder, action: str, to_state: str, by_name: str, reason: str = "",
           technician: str = "", at: datetime | None = None) -> None:
    order.events.append(RepairEvent(at=at or clock.now(), by_name=by_name, action=action, from_state=order.state,
                                    to_state=to_state, technician=technician, reason=normalize(reason)))
    order.state = to_state


def _technician(session: Session, technician_id: int | None) -> Staff:
    tech = session.get(Staff, technician_id) if technician_id else None
    if tech is None or not tech.active or tech.role != TECHNICIAN_ROLE:
        raise ValidationError({"technician": "请选择一位在岗的维修工"})
    return tech


def _need_reason(reason: str, what: str) -> None:
    if not normalize(reason):
        raise ValidationError({"reason": f"请写明{what}原因，方便接手的人和业主了解情况"})


def _load(session: Session, order_id: int, action: str, expected_version: int | None) -> tuple[RepairOrder, str]:
    """Every transition starts here: the permission, the order, its version and its state."""
    authz.require(session, "repairs")
    order = repairs.get_order(session, order_id)
    return order, _check(order, action, expected_version)


def dispatch(session: Session, order_id: int, technician_id: int, by_name: str,
             expected_version: int | None = None) -> None:
    order, target = _load(session, order_id, "派工", expected_version)
    authz.record_as(session, by_name)  # 派工人
    tech = _technician(session, technician_id)
    order.technician_id, order.dispatched_at = tech.id, clock.now()
    record(order, "派工", target, by_name, technician=tech.name)


def start(session: Session, order_id: int, by_name: str, arrived_at: datetime | None = None,
          expected_version: int | None = None) -> None:
    order, target = _load(session, order_id, "开始处理", expected_version)
    arrived = arrived_at or clock.now()
    if arrived < order.reported_at:
        raise ValidationError({"arrived_at": "到场时间早于报修时间，请检查"})
    order.arrived_at = arrived
    record(order, "开始处理", target, by_name, technician=order.technician.name if order.technician else "")


def pause(session: Session, order_id: int, reason: str, by_name: str, expected_version: int | None = None) -> None:
    order, target = _load(session, order_id, "暂停", expected_version)
    _need_reason(reason, "暂停")
    order.pause_reason = normalize(reason)
    record(order, "暂停", target, by_name, reason)


def resume(session: Session, order_id: int, by_name: str, expected_version: int | None = None) -> None:
    order, target = _load(session, order_id, "恢复", expected_version)
    order.pause_reason = ""
    if order.arrived_at is None:
        order.arrived_at = clock.now()
    record(order, "恢复", target, by_name)


@dataclass
class FinishInput:
    result: str
    materials: str = ""
    labour_hours: str | Decimal = "0"
    paid: bool = False
    charge: str | Decimal = "0"
    finished_at: datetime | None = None


# A job's hours as a person writes them: 1.5, 8, 40 (a week); more is a typing slip.
MOST_LABOUR_HOURS = "999.9"


def _decimal(raw, field: str, label: str, errors: dict[str, str], places: int, most: str) -> Decimal:
    """Empty is 0; more decimals than `places` are refused (never rounded away)."""
    text = normalize(str(raw if raw is not None else "")) or "0"
    try:
        return parse_amount(text, min=0, max=most, places=places, label=label, field=field)
    except ValueProblem as exc:
        errors.update(exc.errors)
        return Decimal(0).scaleb(-places)


def finish(session: Session, order_id: int, data: FinishInput, by_name: str,
           expected_version: int | None = None) -> None:
    """完工: the result and what it took; paid work needs its amount. Schedules the return visit."""
    from frontdesk.services import repair_visits

    order, target = _load(session, order_id, "完工", expected_version)
    errors: dict[str, str] = {}
    finished = data.finished_at or clock.now()
    if finished < order.reported_at:
        errors["finished_at"] = f"完工时间早于报修时间 {order.reported_at:%Y-%m-%d %H:%M}，请检查"
    elif finished > clock.now() + repairs.FUTURE_TOLERANCE:
        errors["finished_at"] = "完工时间晚于现在，请填写实际完工的时间"
    if not normalize(data.result):
        errors["result"] = "请填写维修结果：做了什么、是否已修好"
    hours = _decimal(data.labour_hours, "labour_hours", "工时", errors, 1, MOST_LABOUR_HOURS)
    charge = _decimal(data.charge, "charge", "收费金额", errors, 2, "999999.99")
    if data.paid and "charge" not in errors and charge <= 0:
        errors["charge"] = "有偿维修请填写收费金额（元）"
    if not data.paid and charge > 0:
        errors["charge"] = "无偿维修不应有收费金额；如需收费请勾选“有偿”"
    if errors:
        raise ValidationError(errors)
    order.result, order.materials = normalize(data.result), normalize(data.materials)
    order.labour_hours, order.paid, order.charge = hours, data.paid, charge
    order.finished_at, order.alert = finished, ""
    record(order, "完工", target, by_name, technician=order.technician.name if order.technician else "")
    repair_visits.schedule(session, order)


def close(session: Session, order_id: int, by_name: str, reason: str = "",
          expected_version: int | None = None) -> None:
    from frontdesk.services import repair_visits

    order, target = _load(session, order_id, "关闭", expected_version)
    if order.state == FINISHED and repair_visits.pending(session, order.id) is not None:
        raise ValidationError({"state": f"报修单 {order.number} 还没有回访，请先回访业主再关闭"})
    order.closed_at = clock.now()
    record(order, "关闭", target, by_name, reason)


def return_order(session: Session, order_id: int, reason: str, by_name: str,
                 expected_version: int | None = None) -> None:
    """退单: the technician hands the order back; it waits to be dispatched again."""
    order, target = _load(session, order_id, "退单", expected_version)
    _need_reason(reason, "退单")
    previous = order.technician.name if order.technician else ""
    order.technician_id, order.dispatched_at, order.pause_reason = None, None, ""
    record(order, "退单", target, by_name, reason, technician=previous)


def transfer(session: Session, order_id: int, technician_id: int, reason: str, by_name: str,
             expected_version: int | None = None) -> None:
    """转单: to another technician, with the reason."""
    order, target = _load(session, order_id, "转单", expected_version)
    tech = _technician(session, technician_id)
    if tech.id == order.technician_id:
        raise ValidationError({"technician": f"这张单已经派给 {tech.name}，请选择另一位维修工"})
    _need_reason(reason, "转单")
    order.technician_id, order.dispatched_at, order.pause_reason = tech.id, clock.now(), ""
    record(order, "转单", target, by_name, reason, technician=tech.name)


def cancel(session: Session, order_id: int, reason: str, by_name: str, expected_version: int | None = None) -> None:
    from frontdesk.services import repair_visits

    order, target = _load(session, order_id, "取消", expected_version)
    _need_reason(reason, "取消")
    order.closed_at = clock.now()
    record(order, "取消", target, by_name, reason)
    repair_visits.order_cancelled(session, order, reason)
