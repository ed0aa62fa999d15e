"""A year of repair orders: ~7,000 household (from the 报修 calls) and ~3,300 public at full scale,
most finished and visited, some open or overdue, repeat repairs among them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from frontdesk.db.models import Contact, NumberCounter, RepairEvent, RepairOrder, ReturnVisit, Staff, Unit
from frontdesk.db.sequences import next_free_id
from frontdesk.services import clock, numbering, repair_visits, repairs, repairs_warranty, settings
from frontdesk.services.demo.contacts import _period
from frontdesk.services.repair_visits import next_working_day

HOUSEHOLD_PER_YEAR, PUBLIC_PER_YEAR, FULL_CALLS_PER_DAY = 7000, 3300, 70
PUBLIC_WORDS = ("楼道", "电梯", "单元门禁")
PUBLIC_TEXTS = (
    ("楼道", "声控灯不亮", "公共设施"), ("电梯", "电梯按钮失灵", "电梯"), ("电梯", "电梯运行有异响", "电梯"),
    ("单元门", "单元门闭门器损坏", "公共设施"), ("楼道", "消防栓箱门损坏", "公共设施"),
    ("地下车库", "车库照明灯不亮", "水电"), ("单元门", "单元门禁不能刷卡", "弱电"), ("屋面", "顶楼屋面渗水", "土建"),
    ("小区道路", "路灯不亮", "公共设施"), ("楼道", "楼道窗户玻璃破损", "门窗"), ("地下车库", "车库排水沟堵塞", "管道"),
    ("大门", "车闸不抬杆", "弱电"), ("楼道", "楼道墙面脱落", "土建"), ("绿地", "喷灌水管漏水", "管道"),
)
# Where on the estate a patrol finds a fault, for the places that are not a building's own.
ESTATE_SPOTS = {"地下车库": [f"地下车库{z}区" for z in "ABCDEF"], "小区道路": [f"{n}号路灯" for n in range(1, 41)],
                "大门": ["东门", "南门", "西门", "北门"], "绿地": [f"{n}号绿地" for n in range(1, 13)]}
RESULTS = {"水电": "检查线路，更换开关/灯具，已恢复", "土建": "查找渗漏点，重做防水/修补，已处理",
           "门窗": "调整/更换五金件，已正常使用", "电梯": "维保单位到场检修，已恢复运行", "管道": "疏通管道，已恢复通畅",
           "公共设施": "更换损坏部件，已恢复", "弱电": "检修设备，已恢复正常", "其他": "现场处理完毕"}
MATERIALS = {"水电": "开关 1 个", "门窗": "锁芯 1 个", "管道": "地漏芯 1 个", "公共设施": "LED 灯泡 2 个"}


@dataclass
class _Plan:
    orders: list = field(default_factory=list)
    events: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    links: list = field(default_factory=list)
    calls: list = field(default_factory=list)  # the 回访 calls that made the visits
    desk_ids: dict = field(default_factory=dict)


def _distinct_faults(drafts) -> int:
    """How many of these reports become orders: a fault reported again within 30 days chases the first."""
    last: dict[tuple, datetime] = {}
    count = 0
    for d in sorted(drafts, key=lambda d: d["at"]):
        key = (d["location"], d["trade"])
        if key in last and d["at"] - last[key] <= timedelta(days=30):
            continue
        last[key] = d["at"]
        count += 1
    return count


def _scaled(per_year: float, days: int, share: float) -> int:
    return round(per_year * days / 365 * share)


def make_repairs(session: Session, rng: random.Random, year: int | None, scale, staff: list[Staff],
                 share: float | None = None) -> int:
    """`share` of the seed desk's yearly orders (default: in step with the scale's calls per day);
    only the 报修 calls of the period become orders, so years can be filled one after another."""
    now = clock.now()
    start, end = _period(year, now.date(), scale)
    share = scale.calls_per_day / FULL_CALLS_PER_DAY if share is None else share
    repairs_warranty.ensure_periods(session)
    rule_of = {t: repairs_warranty.default_rule_id(session, t) for t in settings.lookup_values(session, "repair_trade")}
    techs = [s.id for s in staff if s.role == "维修工"] or [staff[0].id]
    tech_names = {s.id: s.name for s in staff}
    desk = [s.id for s in staff if s.role == "前台客服"] or [staff[0].id]
    units = {u.id: u for u in session.scalars(select(Unit))}
    buildings = sorted({(u.phase, u.building) for u in units.values()})
    floors = {p: max(int(u.room) // 100 for u in units.values() if u.phase == p) for p in {u.phase for u in units.values()}}
    calls = session.execute(
        select(Contact.id, Contact.occurred_at, Contact.unit_id, Contact.caller_name, Contact.phone, Contact.content,
               Contact.owner_id)
        .where(Contact.category == "报修", Contact.channel.in_(("电话", "来访")),
               Contact.occurred_at >= datetime.combine(start, time.min),
               Contact.occurred_at < datetime.combine(end + timedelta(days=1), time.min))
        .order_by(Contact.occurred_at)
    ).all()
    days = (end - start).days + 1
    # A few household calls chase an order already open, so a few more are drawn than the year needs.
    want_household = _scaled(HOUSEHOLD_PER_YEAR * 1.07, days, share)
    want_public = _scaled(PUBLIC_PER_YEAR, days, share)
    public_calls = sum(1 for c in calls if any(w in c.content for w in PUBLIC_WORDS))
    keep = {True: min(1.0, want_public / max(1, public_calls)),
            False: min(1.0, want_household / max(1, len(calls) - public_calls))}
    drafts = []
    for c in calls:
        public = any(w in c.content for w in PUBLIC_WORDS)
        unit = units.get(c.unit_id)
        # Not every 报修 call is new work: the rest chase an order already open (催单).
        draft = dict(at=c.occurred_at, reporter=c.caller_name, phone=c.phone, description=c.content,
                     trade=repairs.guess_trade(c.content), owner=c.owner_id, contact=c.id,
                     follow_up=rng.random() > keep[public])
        if public and unit is not None:
            area = "电梯" if "电梯" in c.content else f"{rng.randint(1, 6)}楼楼道" if "楼道" in c.content else "单元门"
            draft.update(scope="公共", unit_id=None, phase=unit.phase, building=unit.building,
                         location=f"{unit.phase}期{unit.building}栋{unit.entrance}单元{area}")
        else:
            draft.update(scope="户内", unit_id=c.unit_id, phase=unit.phase if unit else None,
                         building=unit.building if unit else None, location="")
        drafts.append(draft)
    public_made = _distinct_faults(d for d in drafts if d["scope"] == "公共" and not d["follow_up"])
    # (place, trade, month): a patrol reports a fault once, and not one an owner has just reported.
    found = {(d["location"], d["trade"], d["at"].year * 12 + d["at"].month) for d in drafts if d["scope"] == "公共"}
    for _ in range(max(0, want_public - public_made) * 20):
        if public_made >= want_public:
            break
        phase, building = rng.choice(buildings)
        area, text, trade = rng.choice(PUBLIC_TEXTS)
        at = datetime.combine(start + timedelta(days=rng.randrange(days)), time(7, 30)) + timedelta(
            seconds=rng.randrange(11 * 3600))
        if at > now:
            continue
        floor = f"{rng.randint(1, floors.get(phase, 6))}楼" if area == "楼道" else ""
        if area in ("楼道", "电梯", "单元门"):
            where = f"{phase}期{building}栋{rng.randint(1, 2)}单元{floor}{area}"
        elif area == "屋面":
            where = f"{phase}期{building}栋屋面"
        else:
            where = f"{phase}期{rng.choice(ESTATE_SPOTS[area])}"
        month = at.year * 12 + at.month
        if any((where, trade, m) in found for m in (month - 1, month, month + 1)):
            continue  # the same fault again within weeks is a repeat, drawn on purpose below
        found.add((where, trade, month))
        public_made += 1
        drafts.append(dict(at=at, reporter="秩序维护部巡查", phone="", description=text, trade=trade,
                           owner=rng.choice(desk), contact=None, scope="公共", unit_id=None, phase=phase,
                           building=building, location=where))
    # 返修: a few homes call again about the same trade within weeks of the first repair.
    for d in [d for d in drafts if d["scope"] == "户内" and rng.random() < 0.03]:
        again = d["at"] + timedelta(days=rng.randint(3, 25), hours=rng.randint(0, 5))
        if again < now and again.date() <= end:  # a repeat after the period belongs to the next one
            drafts.append(dict(d, at=again, contact=None, follow_up=False, repeat=True,
                               description=f"上次维修后又出现：{d['description']}"))
    drafts.sort(key=lambda d: d["at"])
    # A handful of recent orders wait for parts or a second visit; older ones are all done.
    recent = [d for d in drafts if timedelta(days=3) < now - d["at"] < timedelta(days=21)]
    for d in rng.sample(recent, min(len(recent), 8)):
        d["stuck"] = True
    plan = _Plan(desk_ids={s.name: s.id for s in staff})
    next_id = next_free_id(session, RepairOrder.id)
    counters: dict[str, int] = {}
    last_of: dict[tuple, tuple[int, datetime]] = {}
    for d in drafts:
        key = (d["unit_id"] or d["location"], d["trade"])
        earlier = last_of.get(key)
        chased = last_of.get((d["unit_id"] or d["location"], None))
        if d.get("follow_up") and chased is not None:
            plan.links.append(dict(cid=d["contact"], rid=chased[0]))
            continue
        chased_order = earlier if earlier is not None and d["at"] - earlier[1] <= timedelta(days=30) else None
        if chased_order is not None and not d.get("repeat"):
            # Another call about a fault reported within weeks chases that order (neighbours, 催单);
            # only a fault that came back after the repair is a new order (返修).
            if d["contact"]:
                plan.links.append(dict(cid=d["contact"], rid=chased_order[0]))
            continue
        period = f"{d['at']:%Y%m}"
        counters[period] = counters.get(period, 0) + 1
        repeat_of = chased_order[0] if chased_order is not None else None
        last_of[key] = last_of[(key[0], None)] = (next_id, d["at"])
        _lifecycle(plan, rng, now, next_id, d, numbering.format_number(repairs.SERIES, period, counters[period]), repeat_of,
                   rule_of.get(d["trade"]), rng.choice(techs), tech_names)
        next_id += 1
    session.execute(insert(RepairOrder), plan.orders)
    session.execute(insert(RepairEvent), plan.events)
    if plan.visits:
        session.execute(insert(ReturnVisit), plan.visits)
    if plan.calls:
        first = next_free_id(session, Contact.id)
        session.execute(insert(Contact), [dict(call, id=first + i) for i, call in enumerate(plan.calls)])
    if plan.links:
        contacts = cast(Table, Contact.__table__)
        session.execute(update(contacts).where(contacts.c.id == bindparam("cid"))
                        .values(repair_order_id=bindparam("rid")), plan.links)
    session.execute(insert(NumberCounter), [dict(series=repairs.SERIES, period=p, last=n) for p, n in counters.items()])
    return len(plan.orders)


def _lifecycle(plan: _Plan, rng: random.Random, now: datetime, order_id: int, d: dict, number: str,
               repeat_of: int | None, rule_id: int | None, tech: int, names: dict[int, str]) -> None:
    at = d["at"]
    urgent = rng.random() < 0.1
    appointment = None
    if d["scope"] == "户内" and not urgent and rng.random() < 0.3:
        appointment = datetime.combine(at.date() + timedelta(days=1), time(rng.randint(9, 16)))
    due = at + timedelta(hours=2 if urgent else 24)
    if appointment:
        due = max(due, appointment + timedelta(hours=2))
    stamp = dict(created_at=at, created_by="演示数据", updated_at=at, updated_by="演示数据", version=1)
    order = dict(id=order_id, number=number, scope=d["scope"], unit_id=d["unit_id"], phase=d["phase"],
                 building=d["building"], location=d["location"], trade=d["trade"], warranty_item_id=rule_id,
                 description=d["description"], urgency="紧急" if urgent else "一般", reporter=d["reporter"],
                 phone=d["phone"], reported_at=at, appointment_at=appointment, due_at=due, state="待派工",
                 owner_id=d["owner"], technician_id=None, contact_id=d["contact"], dispatched_at=None,
                 arrived_at=None, finished_at=None, closed_at=None, result="", materials="", labour_hours=0,
                 paid=False, charge=0, satisfaction="", pause_reason="", alert="", repeat_of_id=repeat_of, **stamp)
    plan.orders.append(order)
    if d["contact"]:
        plan.links.append(dict(cid=d["contact"], rid=order_id))
    tech_name = names[tech]

    def event(when, action, to_state, by="张丽", reason="", technician=""):
        plan.events.append(dict(order_id=order_id, at=when, by_name=by, action=action, from_state=order["state"],
                                to_state=to_state, technician=technician, reason=reason))
        order["state"] = to_state
        order["updated_at"] = when

    event(at, "登记", "待派工", reason="返修：30 天内同一专业再次报修" if repeat_of else "")
    stuck = d.get("stuck", False)
    dispatched = at + timedelta(minutes=rng.randint(5, 20 if urgent else 90))
    if dispatched > now or (stuck and rng.random() < 0.3):
        return
    order.update(technician_id=tech, dispatched_at=dispatched)
    event(dispatched, "派工", "已派工", technician=tech_name)
    if rng.random() < 0.015:
        order["closed_at"] = dispatched + timedelta(hours=1)
        event(order["closed_at"], "取消", "已取消", reason="业主已自行修好，不需要上门")
        return
    arrived = max(appointment or dispatched, dispatched) + timedelta(minutes=rng.randint(10, 40 if urgent else 180))
    if arrived > now or stuck:
        return
    order["arrived_at"] = arrived
    event(arrived, "开始处理", "处理中", by=tech_name, technician=tech_name)
    finished = arrived + timedelta(minutes=rng.randint(30, 300))
    if rng.random() < 0.08:
        event(arrived + timedelta(minutes=40), "暂停", "暂停", by=tech_name, reason="等配件到货")
        finished = arrived + timedelta(days=rng.randint(1, 3))
        if finished > now:
            order["pause_reason"] = "等配件到货"
            return
        event(finished - timedelta(hours=2), "恢复", "处理中", by=tech_name)
    if finished > now:
        return
    _finish(plan, rng, now, order, event, finished, tech_name)


def _visit_call(plan: _Plan, order: dict, visited: datetime, visitor: str, result: str) -> None:
    """The return visit is a call on the ledger too (channel 回访), linked to its order."""
    handling = {"满意": "业主表示已修好，满意", "基本满意": "业主表示基本满意，师傅上门稍晚",
                "不满意": "业主反映问题仍未解决，已重新派工", "无法联系": "电话多次无人接听"}[result]
    plan.calls.append(dict(
        channel="回访", occurred_at=visited, unit_id=order["unit_id"], person_id=None,
        location=order["location"], caller_name=order["reporter"] if order["unit_id"] else "",
        phone=order["phone"], category="报修", content=f"回访报修处理情况（{order['number']}）", handling=handling,
        status="已办结", owner_id=plan.desk_ids.get(visitor) or next(iter(plan.desk_ids.values())),
        closed_at=visited, repair_order_id=order["id"], created_at=visited, created_by="演示数据",
        updated_at=visited, updated_by="演示数据", version=1))


def _finish(plan, rng, now, order, event, finished, tech_name) -> None:
    paid = order["scope"] == "户内" and rng.random() < 0.25
    order.update(finished_at=finished, result=RESULTS.get(order["trade"], "已处理"),
                 materials=MATERIALS.get(order["trade"], "") if rng.random() < 0.6 else "",
                 labour_hours=rng.choice((0.5, 1, 1, 1.5, 2, 3)), paid=paid,
                 charge=rng.choice((20, 35, 50, 80, 120)) if paid else 0)
    event(finished, "完工", "已完工", by=tech_name, technician=tech_name)
    if not repair_visits.needs_owner_visit(order["scope"]):
        accepted = finished + timedelta(hours=rng.randint(2, 30))  # public work is checked on site
        if accepted <= now:
            order["closed_at"] = accepted
            event(accepted, "关闭", "已关闭", by="吴海燕", reason="公共区域现场验收合格")
        return
    due = next_working_day(finished.date())
    visited = datetime.combine(due, time(9)) + timedelta(minutes=rng.randint(0, 480))
    stamp = dict(created_at=finished, created_by="演示数据", updated_at=finished, updated_by="演示数据", version=1)
    visit = dict(target_kind="repair", target_id=order["id"], due_date=due, attempts=0, visited_at=None,
                 staff_name="", result="", remark="", **stamp)
    plan.visits.append(visit)
    if visited > now:
        return
    result = rng.choices(("满意", "基本满意", "不满意", "无法联系"), (78, 15, 3, 4))[0]
    visitor = rng.choice(("张丽", "王芳", "李娜", "陈静"))
    visit.update(attempts=3 if result == "无法联系" else 1, visited_at=visited, staff_name=visitor, result=result,
                 remark={"不满意": "维修后问题仍未解决", "基本满意": "师傅上门稍晚"}.get(result, ""))
    _visit_call(plan, order, visited, visitor, result)
    order["satisfaction"] = result
    if result == "无法联系":
        closing = visited + timedelta(days=3)
        if closing <= now:
            order["closed_at"] = closing
            event(closing, "关闭", "已关闭", by=visitor, reason="回访 3 次均无法联系，按无法联系关闭")
        else:  # still being tried: open, with nothing dated after now
            visit.update(attempts=1, visited_at=None, result="", due_date=next_working_day(due))
            order["satisfaction"] = ""
        return
    if result == "不满意":
        event(visited, "重新处理", "处理中", by=visitor, reason="回访不满意：维修后问题仍未解决")
        again = visited + timedelta(days=1)
        if again > now:
            order["alert"] = "回访不满意：维修后问题仍未解决"
            return
        _finish(plan, rng, now, order, event, again, tech_name)
        return
    event(visited, "回访", "已回访", by=visitor)
    closed = visited + timedelta(days=rng.randint(1, 5))
    if closed <= now:
        order["closed_at"] = closed
        event(closed, "关闭", "已关闭", by="吴海燕")
