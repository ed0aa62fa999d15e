"""A year of patrol findings: attic build-outs, balcony enclosures … with notices, deliveries and follow-ups.

Written through the desk's own services with the clock moved to each step, so numbers, deadlines
and the history are exactly what the desk would have produced; some re-inspections are left overdue.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Occupancy, Person, Staff, Unit
from frontdesk.services import clock, settings, violations
from frontdesk.services import violation_followup as followup
from frontdesk.services import violation_notices as notices
from frontdesk.services.demo.contacts import _period

PER_YEAR_FULL = 60
KIND_WEIGHTS = {"私搭乱建": 25, "外置阳台罩": 30, "违规装修": 20, "占用公共部位": 12, "私拉电线": 7, "破坏承重结构": 3,
                "其他": 3}
FINDINGS: dict[str, list[tuple[str, str, int]]] = {  # description, requirement, index of the rule
    "私搭乱建": [
        ("顶层露台私自搭建彩钢板小阁楼，面积约 12 平方米", "拆除私搭的小阁楼，恢复露台原状", 0),
        ("利用楼顶平台私搭乱建小阁楼，已砌筑砖墙", "停止施工，拆除已砌墙体及顶棚", 0),
        ("一楼花园内私自搭建阳光房", "拆除阳光房，恢复花园原状", 1),
    ],
    "外置阳台罩": [
        ("南侧阳台外安装外置阳台罩，凸出外墙约 0.8 米", "拆除外置阳台罩，恢复外立面原状", 1),
        ("北阳台外加装不锈钢防盗网及彩钢阳台罩", "拆除凸出外墙的阳台罩及防盗网", 1),
    ],
    "违规装修": [
        ("装修时擅自将卫生间移位至卧室，未做防水报备", "停止施工，按申报方案恢复并做闭水试验", 3),
        ("未办理装修申请即开始拆改隔墙", "停止施工，到客服中心补办装修申请", 3),
        ("装修垃圾堆放在楼道内超过三天", "当日清运装修垃圾，恢复楼道通行", 4),
    ],
    "占用公共部位": [
        ("楼道内堆放杂物并加装铁门，占用公共通道", "拆除铁门，清理楼道杂物", 4),
        ("在地下车库公共区域私设地锁", "拆除地锁，恢复公共车位", 5),
    ],
    "私拉电线": [
        ("从楼道私拉电线给电动车充电", "立即拆除私拉电线，到集中充电点充电", 6),
    ],
    "破坏承重结构": [
        ("装修时拆除承重墙一段，约 1.5 米", "立即停工，委托原设计单位出具加固方案并恢复", 2),
    ],
    "其他": [
        ("擅自更换入户门，改变外观颜色", "按小区统一样式恢复入户门", 1),
    ],
}
PUBLIC_PLACES = ("3栋楼顶平台", "地下车库 B 区", "5栋1单元楼道", "2期中心花园")


@contextmanager
def _clock_at(moment: datetime) -> Iterator[None]:
    saved = clock._frozen  # the caller may have pinned the clock (tests); give it back as it was
    clock.freeze(moment)
    try:
        yield
    finally:
        clock.freeze(saved)


def _moment(day: date, rng: random.Random) -> datetime:
    """A working-hours moment of the day, never after now (today's happen before this moment)."""
    now = clock.now()
    moment = datetime.combine(day, time(9, 0)) + timedelta(minutes=rng.randrange(8 * 60))
    return min(moment, now)


def make_violations(session: Session, rng: random.Random, year: int | None, scale, staff: list[Staff]) -> int:
    today = clock.today()
    start, end = _period(year, today, scale)
    days = (end - start).days + 1
    count = max(3, round(PER_YEAR_FULL * days / 365))
    owned = session.execute(
        select(Unit.id, Person.name).join(Occupancy, Occupancy.unit_id == Unit.id)
        .join(Person, Person.id == Occupancy.person_id).where(Occupancy.relation == "业主")).all()
    empty_units = list(session.scalars(select(Unit.id).where(~Unit.occupancies.any()).limit(50)))
    if not owned:
        return 0
    patrol = [s.name for s in staff if s.role in ("维修工", "客服主管")] or [staff[0].name]
    desk = [s.name for s in staff if s.role == "前台客服"] or [staff[0].name]
    rules = settings.lookup_values(session, "violation_rule")
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    found_days = sorted(start + timedelta(days=rng.randrange(days)) for _ in range(count))
    unit_id: int | None
    for found in found_days:
        kind = rng.choices(kinds, weights)[0]
        description, requirement, rule_index = rng.choice(FINDINGS[kind])
        unit_id, owner = rng.choice(owned)
        location, addressee = "", ""
        if kind == "占用公共部位" and rng.random() < 0.5:
            unit_id, location, addressee = None, rng.choice(PUBLIC_PLACES), "相关业主/住户"
        elif empty_units and rng.random() < 0.05:
            unit_id, addressee = rng.choice(empty_units), notices.GENERIC_ADDRESSEE
        _one(session, rng, found, today, kind, description, requirement, rules[rule_index % len(rules)],
             unit_id, location, addressee, rng.choice(patrol), rng.choice(desk), owner)
    return count


def _one(session: Session, rng: random.Random, found: date, today: date, kind: str, description: str,
         requirement: str, rule: str, unit_id: int | None, location: str, addressee: str, finder: str,
         clerk: str, owner: str) -> None:
    actor = session.info.get("actor")
    session.info["actor"] = clerk
    try:
        with _clock_at(_moment(found, rng)):
            vid = violations.record_violation(session, violations.ViolationInput(
                kind=kind, description=description, found_by=finder, found_date=found, unit_id=unit_id,
                location=location))
        issue_day = found + timedelta(days=rng.choice((0, 0, 1)))
        if issue_day > today or (found >= today - timedelta(days=1) and rng.random() < 0.5):
            return  # found in the last day or two: the notice is still to be written
        with _clock_at(_moment(issue_day, rng)):
            number = notices.issue_notice(session, vid, notices.NoticeInput(
                rule=rule, requirement=requirement, addressee=addressee, issued_date=issue_day))
            _deliver(session, rng, number, clerk, owner if not addressee else "")
        _follow_up(session, rng, vid, today, finder)
    finally:
        session.info["actor"] = actor


def _deliver(session: Session, rng: random.Random, number: str, clerk: str, owner: str) -> None:
    roll = rng.random()
    if owner and roll < 0.6:
        data = notices.DeliveryInput(method="当面签收", delivered_by=clerk, signed_by=owner)
    elif roll < 0.9 or not owner:
        data = notices.DeliveryInput(method="张贴", delivered_by=clerk, posted_at=rng.choice(("入户门上", "单元门公告栏")))
    else:
        data = notices.DeliveryInput(method="邮寄", delivered_by=clerk, tracking_number=f"EMS{rng.randrange(10**12):012d}")
    notices.record_delivery(session, number, data)


def _follow_up(session: Session, rng: random.Random, vid: int, today: date, inspector: str) -> None:
    """Re-inspect each due visit; recent ones are sometimes still waiting (the 整改跟踪 list's overdue)."""
    while True:
        check = violations.pending_reinspection(session, vid)
        if check is None or check.due_date > today:
            return
        if check.due_date >= today - timedelta(days=14) and rng.random() < 0.45:
            return  # not yet re-inspected: shows as due or overdue
        level = check.notice.level
        result = rng.choices(("已整改", "部分整改", "未整改"), (60, 15, 25) if level == 1 else (70, 0, 30))[0]
        with _clock_at(_moment(check.due_date, rng)):
            followup.record_reinspection(session, check.id, result, inspector,
                                         "现场复查" if result == "已整改" else "现场复查，仍未整改到位")
