"""催缴计划: buildings assigned to collectors, recording what each call or visit achieved, and the
statistics of why owners do not pay (统计原因，找出根源)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import BuildingCollector, CollectionAction, Staff, Unit
from frontdesk.db.models.collections import ACTION_METHODS
from frontdesk.db.soft_delete import SHOW_VOIDED
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import arrears_ageing, authz, clock, collections, limits, settings, staff
from frontdesk.services.text import normalize

REASON_LIST = "nonpayment_reason"
COLLECTOR_ROLES = ("收费员", "客服主管", "前台客服")


@dataclass
class ActionInput:
    unit_id: int | None
    method: str
    collector_id: int | None
    acted_on: date | None = None
    reason: str = ""
    result: str = ""
    promise_date: date | None = None
    remark: str = ""


def record_action(session: Session, data: ActionInput) -> int:
    authz.require(session, "collection_actions")
    staff.record_as(session, data.collector_id)  # 经办人 of the follow-up
    errors: dict[str, str] = {}
    acted_on = data.acted_on or clock.today()
    unit = session.get(Unit, data.unit_id) if data.unit_id else None
    if unit is None:
        errors["unit"] = "请先选择催缴的房屋"
    if data.method not in ACTION_METHODS:
        errors["method"] = f"催缴方式只能是 {'、'.join(ACTION_METHODS)}"
    if not data.collector_id or session.get(Staff, data.collector_id) is None:
        errors["collector"] = "请选择催缴人"
    if acted_on > clock.today():
        errors["acted_on"] = f"催缴日期 {acted_on} 晚于今天，请填写实际催缴的日期"
    reasons = settings.lookup_values(session, REASON_LIST)
    reason = normalize(data.reason)
    if reason and reason not in reasons:
        errors["reason"] = f"欠费原因请从列表中选择：{'、'.join(reasons)}"
    if reason == "其他" and not normalize(data.remark):
        errors["remark"] = "原因选了“其他”，请在备注里写明具体原因"
    limits.check(errors, CollectionAction, result=("催缴结果", data.result), remark=("备注", data.remark))
    if data.promise_date is not None and data.promise_date < acted_on:
        errors["promise_date"] = f"承诺缴费日期 {data.promise_date} 早于催缴日期，请填写业主答应缴费的日期"
    if errors or unit is None:
        raise ValidationError(errors)
    action = CollectionAction(
        unit_id=unit.id, acted_on=acted_on, method=data.method, collector_id=data.collector_id, reason=reason,
        result=normalize(data.result), promise_date=data.promise_date, remark=normalize(data.remark),
        arrears=collections.arrears_of_unit(session, unit.id, acted_on))
    session.add(action)
    session.flush()
    return action.id


# ---- who collects where -------------------------------------------------------------------


@dataclass
class BuildingAssignment:
    phase: int
    building: int
    collector_id: int | None
    collector: str
    units: int
    units_in_arrears: int
    arrears: Decimal


def assignments(session: Session, as_of: date | None = None) -> list[BuildingAssignment]:
    """Every building with its collector (if any), its units and what it owes."""
    as_of = as_of or clock.today()
    per_unit = arrears_ageing.owed_by_unit(session, as_of)
    owed = dict(((p, b), (n, t)) for p, b, n, t in session.execute(
        select(Unit.phase, Unit.building, func.count(), func.sum(per_unit.c.total))
        .join(per_unit, per_unit.c.unit_id == Unit.id).group_by(Unit.phase, Unit.building)))
    assigned = {(a.phase, a.building): a for a in session.scalars(
        select(BuildingCollector))}
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    rows = []
    for phase, building, units in session.execute(
            select(Unit.phase, Unit.building, func.count())
            .group_by(Unit.phase, Unit.building).order_by(Unit.phase, Unit.building)):
        a = assigned.get((phase, building))
        n, total = owed.get((phase, building), (0, 0))
        rows.append(BuildingAssignment(phase, building, a.collector_id if a else None,
                                       names.get(a.collector_id, "") if a else "", units, n,
                                       collections.money_of(total)))
    return rows


def assigned_collector_ids(session: Session) -> set[int]:
    """Whoever has a building to collect in (the people the arrears list can be filtered by)."""
    return set(session.scalars(select(BuildingCollector.collector_id).where(
        BuildingCollector.collector_id.is_not(None)).distinct()))


def assign_collector(session: Session, phase: int, building: int, collector_id: int | None) -> None:
    """Make `collector_id` the building's 楼栋助理 (None: nobody)."""
    authz.require(session, "collection_actions")
    if collector_id is not None:
        person = session.get(Staff, collector_id)
        if person is None or not person.active:
            raise NotFound("所选员工不存在或已停用")
    row = session.scalar(select(BuildingCollector).execution_options(**SHOW_VOIDED).where(BuildingCollector.phase == phase,
                                                         BuildingCollector.building == building))
    if row is None:
        if collector_id is not None:
            session.add(BuildingCollector(phase=phase, building=building, collector_id=collector_id))
        return
    if collector_id is None:
        row.deleted_at = clock.now()
    else:
        row.collector_id, row.deleted_at = collector_id, None


def collector_of(session: Session, unit_id: int) -> int | None:
    return session.scalar(
        select(BuildingCollector.collector_id).join(Unit, (Unit.phase == BuildingCollector.phase)
                                                    & (Unit.building == BuildingCollector.building))
        .where(Unit.id == unit_id))


def plan_for(session: Session, collector_id: int, limit: int = 500) -> list[collections.ArrearsRow]:
    """The collector's units to call or visit: the largest and oldest arrears first."""
    filt = collections.ArrearsFilter(collector_id=collector_id)
    return collections.list_arrears(session, filt, 0, limit, sort="total", descending=True)


# ---- why owners do not pay ----------------------------------------------------------------


@dataclass
class ReasonRow:
    reason: str
    phase: int
    units: int
    arrears: Decimal


def last_reason(session: Session, unit_id: int) -> str:
    """The reason the owner of this unit last gave for not paying ("" when never given)."""
    latest = collections.latest_action_ids(CollectionAction.unit_id == unit_id, CollectionAction.reason != "")
    return session.scalar(select(CollectionAction.reason).where(CollectionAction.id.in_(latest))) or ""


def reason_statistics(session: Session, date_from: date, date_to: date) -> list[ReasonRow]:
    """Units and what they owe (at the end of the range) by the latest reason given in the range."""
    if date_to < date_from:
        raise ValidationError({"date_to": "结束日期早于开始日期，请调换"})
    latest = collections.latest_action_ids(CollectionAction.acted_on >= date_from, CollectionAction.acted_on <= date_to,
                                           CollectionAction.reason != "")
    per_unit = arrears_ageing.owed_by_unit(session, date_to)
    rows = session.execute(
        select(CollectionAction.reason, Unit.phase, func.count(), func.sum(func.coalesce(per_unit.c.total, 0)))
        .join(Unit, Unit.id == CollectionAction.unit_id)
        .outerjoin(per_unit, per_unit.c.unit_id == Unit.id)
        .where(CollectionAction.id.in_(latest))
        .group_by(CollectionAction.reason, Unit.phase)).all()
    order = {r: i for i, r in enumerate(settings.lookup_values(session, REASON_LIST))}
    result = [ReasonRow(reason, phase, n, collections.money_of(total)) for reason, phase, n, total in rows]
    return sorted(result, key=lambda r: (order.get(r.reason, 99), r.phase))
