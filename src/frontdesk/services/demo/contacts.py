"""A year of calls, visits and return visits at the seed desk's rates, with complaints."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Complaint, Contact, Occupancy, Person, PersonPhone, ReturnVisit, Staff, Unit
from frontdesk.db.sequences import next_free_id
from frontdesk.services import clock

CATEGORY_WEIGHTS = {"咨询": 29, "报修": 34, "投诉": 3, "建议": 3, "缴费": 21, "表扬": 2, "其他": 8}

TEXTS: dict[str, list[tuple[str, str]]] = {
    "咨询": [
        ("咨询物业费收费标准及缴费方式", "告知物业费单价及微信、银行转账等缴费方式"),
        ("询问明天小区停水时间", "告知停水时间为上午9点至下午3点，已张贴通知"),
        ("咨询装修申请需要哪些手续", "告知需携带房产证复印件、装修图纸到前台办理装修申请"),
        ("询问快递柜位置及取件方式", "告知快递柜在各楼栋大堂，凭取件码取件"),
        ("咨询地下车位租赁价格", "告知车位租赁价格及剩余车位情况"),
        ("询问门禁卡补办流程", "告知携带身份证到前台补办，工本费20元"),
        ("咨询电梯年检时间", "告知电梯年检安排，届时提前通知"),
        ("询问小区宠物登记规定", "告知需到前台登记并出示免疫证明"),
    ],
    "报修": [
        ("卫生间地面渗水到楼下", "已通知工程部上门查看防水"),
        ("厨房下水道堵塞", "已派维修师傅上门疏通"),
        ("入户门锁芯损坏打不开", "已联系维修师傅上门更换锁芯"),
        ("客厅灯不亮，总闸跳闸", "已派电工上门检查线路"),
        ("楼道声控灯不亮", "已通知工程部更换灯泡"),
        ("电梯运行有异响", "已通知电梯维保单位检查"),
        ("外墙渗水，卧室墙面发霉", "已登记，安排工程部查看外墙"),
        ("暖气不热", "已通知工程部排气检查"),
        ("单元门禁不能刷卡开门", "已通知弱电维修人员处理"),
        ("阳台地漏返水", "已派维修师傅上门疏通"),
    ],
    "投诉": [
        ("楼上装修噪音大，中午休息时间还在施工", "已安抚业主，通知秩序维护部上门制止"),
        ("楼道内堆放杂物影响通行", "已安排楼管员通知住户清理"),
        ("小区内车辆乱停占用消防通道", "已通知秩序维护部处理"),
        ("邻居家狗在楼道随地大小便", "已上门沟通，提醒文明养犬"),
        ("垃圾清运不及时，有异味", "已通知环境部加派清运"),
        ("维修师傅未按约定时间上门", "已向业主致歉，协调师傅改约时间"),
    ],
    "建议": [
        ("建议小区增加儿童游乐设施", "已记录，上报公司研究"),
        ("建议延长前台周末服务时间", "已记录，转客服主管"),
        ("建议在楼下增设电动车充电桩", "已记录，上报工程部评估"),
    ],
    "缴费": [
        ("询问物业费欠费金额", "已查询并告知欠费金额及缴费方式"),
        ("要求开具物业费发票", "已登记，三个工作日内开具"),
        ("缴纳车位管理费", "已告知到前台或通过微信缴纳"),
        ("对物业费账单有疑问", "已核对账单并向业主解释"),
    ],
    "表扬": [
        ("表扬维修师傅服务热情、手艺好", "已转达工程部，给予表扬"),
        ("表扬保安拾金不昧", "已转达秩序维护部"),
    ],
    "其他": [
        ("反映小区路灯开启时间太晚", "已转工程部调整定时"),
        ("找回遗失的钥匙", "已登记失物招领，请业主到前台认领"),
        ("询问社区活动报名", "已登记报名信息"),
    ],
}

RETURN_VISIT_TEXTS = {
    "投诉": [
        ("回访投诉处理情况", "业主表示问题已解决，满意"),
        ("回访投诉处理情况", "业主表示基本满意，希望加强日常巡查"),
    ],
}

CAUSES = ["装修施工未按规定时间作业", "住户未按规定堆放物品", "外来车辆管理不到位", "清运车辆调度不及时", "维修排班冲突"]
SOLUTIONS = ["约谈施工队并签订时间承诺书", "限期清理，逾期由物业代为清理", "加强门岗登记与巡逻", "调整清运时间为每日两次",
             "调整排班并向业主致歉"]


def _period(year: int | None, today: date, scale) -> tuple[date, date]:
    """The days the demo fills: the scale's last days, the twelve months up to today, or year Y up to
    today (the demo clock stands at the year's last evening for a past year)."""
    if scale.days is not None:
        return today - timedelta(days=scale.days - 1), today
    if year is None:
        return today - timedelta(days=364), today
    return date(year, 1, 1), min(date(year, 12, 31), today)


def _seasonal(day: date) -> float:
    # Repairs and complaints peak in summer rains and winter heating.
    return {1: 1.1, 2: 0.8, 6: 1.1, 7: 1.2, 8: 1.2, 12: 1.1}.get(day.month, 1.0) * (0.8 if day.weekday() >= 5 else 1.05)


def make_contacts(session: Session, rng: random.Random, year: int | None, scale, staff: list[Staff]) -> int:
    now = clock.now()
    start, end = _period(year, now.date(), scale)
    callers = session.execute(
        select(Unit.id, Person.id, Person.name, func.min(PersonPhone.phone))
        .join(Occupancy, Occupancy.unit_id == Unit.id).join(Person, Person.id == Occupancy.person_id)
        .join(PersonPhone, PersonPhone.person_id == Person.id)
        .group_by(Unit.id, Person.id, Person.name)
    ).all()
    if not callers:
        return 0
    hot = rng.sample(callers, max(1, len(callers) // 40))  # repeat callers
    desk = [s.id for s in staff if s.role == "前台客服"] or [staff[0].id]
    next_id = next_free_id(session, Contact.id)
    stamp = dict(created_by="演示数据", updated_by="演示数据", version=1)
    contacts: list[dict] = []
    complaints: list[dict] = []
    visits: list[dict] = []
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    day = start
    while day <= end:
        factor = _seasonal(day)
        # Return visits (回访) are not drawn here: each one follows a finished repair or a closed
        # complaint, and is logged by the desk that made it (see _visit_calls and demo/repairs.py).
        plan = [("电话", scale.calls_per_day), ("来访", scale.visits_per_day)]
        for channel, per_day in plan:
            for _ in range(max(0, round(rng.gauss(per_day * factor, per_day * 0.12)))):
                at = datetime.combine(day, time(8, 0)) + timedelta(seconds=rng.randrange(10 * 3600))
                if at > now:
                    continue
                unit_id, person_id, name, phone = rng.choice(hot) if rng.random() < 0.08 else rng.choice(callers)
                category = rng.choices(categories, weights)[0]
                content, handling = rng.choice(TEXTS[category])
                age = now - at
                status = "已办结"
                if category in ("报修", "投诉") and channel != "回访" and age < timedelta(days=2):
                    status = "处理中"
                contacts.append(dict(
                    id=next_id, channel=channel, occurred_at=at, unit_id=unit_id, person_id=person_id,
                    location="", caller_name=name, phone=phone if channel == "电话" else "",
                    category=category, content=content, handling=handling, status=status,
                    owner_id=rng.choice(desk),
                    closed_at=min(now, at + timedelta(hours=rng.randint(1, 30))) if status == "已办结" else None,
                    created_at=at, updated_at=at, **stamp))
                if category == "投诉" and channel != "回访":
                    complaints.append(_complaint(rng, next_id, at, status, stamp, visits, now))
                next_id += 1
        day += timedelta(days=1)
    contacts.extend(_visit_calls(contacts, visits, next_id, stamp))
    session.execute(insert(Contact), contacts)
    if complaints:
        session.execute(insert(Complaint), complaints)
    if visits:
        session.execute(insert(ReturnVisit), visits)
    return len(contacts)


def _visit_calls(contacts: list[dict], visits: list[dict], next_id: int, stamp: dict) -> list[dict]:
    """The 回访 call behind each complaint's return visit, to the same unit and caller."""
    by_id = {c["id"]: c for c in contacts}
    calls: list[dict] = []
    for visit in visits:
        if visit["visited_at"] is None:
            continue
        complaint_call = by_id[visit["target_id"]]
        content, handling = RETURN_VISIT_TEXTS["投诉"][0 if visit["result"] == "满意" else 1]
        calls.append(dict(
            id=next_id + len(calls), channel="回访", occurred_at=visit["visited_at"],
            unit_id=complaint_call["unit_id"], person_id=complaint_call["person_id"], location="",
            caller_name=complaint_call["caller_name"], phone="", category="投诉", content=content,
            handling=handling, status="已办结", owner_id=complaint_call["owner_id"],
            closed_at=visit["visited_at"], created_at=visit["visited_at"], updated_at=visit["visited_at"], **stamp))
    return calls


def _complaint(rng: random.Random, contact_id: int, at: datetime, status: str, stamp: dict, visits: list,
               now: datetime) -> dict:
    closed = status == "已办结"
    row = dict(
        id=contact_id, contact_id=contact_id, calm_note="耐心倾听，安抚业主情绪",
        cause=rng.choice(CAUSES), regulation=rng.choice(("《物业管理条例》", "《管理规约》", "《物业服务合同》")),
        solution=rng.choice(SOLUTIONS), carried_out_by="客服部", summary="", effective="有效" if rng.random() < 0.8 else "无效",
        first_action_due=at + timedelta(hours=24), close_due=at + timedelta(hours=72),
        first_action_at=at + timedelta(hours=rng.randint(1, 6)), closed_at=None, closed_by="",
        created_at=at, updated_at=at, **stamp)
    if closed:
        closed_at = min(now, at + timedelta(hours=rng.randint(6, 70)))
        row.update(closed_at=closed_at, closed_by="吴海燕", summary="及时沟通、依规处理，事后回访确认")
        visited = closed_at + timedelta(days=1)
        done = visited <= now  # a visit not yet due stays on the desk's list
        visits.append(dict(target_kind="complaint", target_id=contact_id, due_date=closed_at.date() + timedelta(days=1),
                           attempts=1 if done else 0, visited_at=visited if done else None,
                           staff_name="张丽" if done else "",
                           result=rng.choice(("满意", "满意", "满意", "基本满意")) if done else "", remark="",
                           created_at=closed_at, updated_at=closed_at, **stamp))
    else:
        row.update(cause="", solution="", effective="", first_action_at=None)
    return row
