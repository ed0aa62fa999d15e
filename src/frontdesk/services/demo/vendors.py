"""A year of 外包方 and 宣传栏: four vendors with a 月会 each month, problems raised at it and between
meetings (patrols, a complaint about the cleaning), re-checked on their deadline — most fixed on time,
some carried over — a wall-cleaning job, and 8–15 announcements a month.

Written through the desk's services with the clock moved to each step, so nothing is dated after now.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Contact, Staff, VendorIssue
from frontdesk.services import board, clock, vendor_issues, vendors
from frontdesk.services.demo.contacts import _period
from frontdesk.services.demo.violations import _clock_at

VENDORS = (  # company, service, contact, phone
    ("洁美保洁服务有限公司", "保洁", "李红", "13815260311"),
    ("绿源园林绿化工程有限公司", "绿化", "赵建军", "13962791522"),
    ("盾安保安服务有限公司", "秩序维护/保安", "孙立新", "13775630218"),
    ("迅达电梯工程有限公司", "电梯维保", "钱伟", "13606285597"),
)
WALL_CLEANER = ("高洁外墙清洗有限公司", "外墙清洗", "周海", "13915274410")
PROBLEMS = {
    "保洁": [("{b}1单元大堂", "大堂地面有污渍，玻璃门未擦拭"), ("{b}楼道", "楼梯扶手积灰，步梯间有烟头"),
           ("地下车库", "车库地面油污未清理，排水沟有垃圾"), ("中心花园", "垃圾桶满溢未及时清运，周边有异味"),
           ("{b}电梯轿厢", "电梯轿厢内壁有手印，地面有污渍")],
    "绿化": [("中心花园", "草坪杂草较多，未按计划修剪"), ("{b}南侧绿化带", "灌木枯死未补种"),
           ("小区主干道", "行道树枝条过低，影响行人通行"), ("儿童乐园旁", "绿化带有黄土裸露")],
    "秩序维护/保安": [("东门岗亭", "值班人员未按规定着装"), ("地下车库入口", "外来车辆登记不全"),
                 ("{b}楼顶", "夜间巡逻记录漏签"), ("西门", "电动车进楼未劝阻")],
    "电梯维保": [("{b}1单元电梯", "维保记录未按时填写"), ("{b}2单元电梯", "电梯运行有异响，维保未处理"),
             ("{b}电梯机房", "机房卫生差，有杂物堆放"), ("{b}1单元电梯", "轿厢照明灯不亮")],
}
BOARD_ITEMS = {  # kind -> (title, body)
    "通知": [("停水通知", "因市政管网维修，{b}将于{d}9:00-17:00暂停供水，请提前储水。"),
           ("停电通知", "因供电局线路检修，{b}将于{d}8:30-12:00停电，停电期间电梯暂停运行。"),
           ("电梯维保通知", "维保单位将于{d}对{b}电梯进行例行保养，届时电梯暂停使用约2小时。"),
           ("二次供水水箱清洗通知", "为保障饮用水卫生，{d}将对{b}二次供水水箱进行清洗消毒。")],
    "温馨提示": [("雨季防汛温馨提示", "近期雨水较多，请关好门窗，车库车辆请停放在高处。"),
             ("高空抛物温馨提示", "高空抛物危害大，请看管好家中物品和儿童，共建安全家园。"),
             ("消杀温馨提示", "物业服务中心将于{d}对公共区域进行消杀，请看管好儿童和宠物。"),
             ("冬季防冻温馨提示", "气温骤降，请做好水表、水管的防冻保温。")],
    "法规宣传": [("《民法典》物业服务合同篇宣传", "业主应当按照约定向物业服务人支付物业费。"),
             ("消防法规宣传", "不得占用、堵塞、封闭疏散通道、安全出口、消防车通道。")],
    "专题": [("电动车充电安全专题", "电动车严禁进楼入户充电，请到小区集中充电点充电。"),
           ("装修管理专题", "装修前请到客服中心办理装修申请，严禁拆改承重结构。"),
           ("垃圾分类专题", "请将垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类投放。")],
    "活动": [("社区亲子活动报名", "本周六上午在中心花园举办亲子趣味运动会，欢迎报名。"),
           ("业主乒乓球友谊赛", "本月底在会所举办业主乒乓球友谊赛，欢迎到客服中心报名。")],
    "公示": [("物业服务收支情况公示", "现将上一季度物业服务费收支情况予以公示，如有疑问请到客服中心查询。"),
           ("欠费情况公示", "截至本月底，部分房屋物业费欠缴，房号已做隐去处理，请相关业主尽快缴纳。"),
           ("公共收益公示", "现将上一季度广告位、场地租赁等公共收益情况公示如下。")],
}
SEASONAL = {5: ("温馨五月情 感恩母亲节", "温馨五月情，感恩母亲节，邀您一起为妈妈献上祝福。"),
            9: ("中秋社区游园会", "中秋佳节，物业邀请各位业主参加中秋游园会，猜灯谜、做月饼。"),
            12: ("迎新年社区联欢", "辞旧迎新，物业邀请各位业主参加新年社区联欢会，写春联、包饺子。")}
KIND_WEIGHTS = {"通知": 40, "温馨提示": 25, "法规宣传": 8, "专题": 10, "活动": 9, "公示": 8}


def _at(day: date, hour: int = 10) -> datetime:
    """That day at that hour, but never after the demo's end moment (the frozen now)."""
    return min(datetime.combine(day, time(hour, 0)), _END[0])


_END = [datetime.max]


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _meeting_day(month: date, rng: random.Random) -> date:
    day = month + timedelta(days=rng.randrange(3, 8))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _recheck_due(session: Session, rng: random.Random, cutoff: date, today: date) -> None:
    """Re-check every open problem whose deadline fell before `cutoff`: mostly fixed on time, some late,
    some not fixed (carried to the next 月会)."""
    due = session.scalars(select(VendorIssue).where(VendorIssue.status == "待整改", VendorIssue.deadline < cutoff,
                                                    VendorIssue.deadline <= today).order_by(VendorIssue.deadline))
    for issue in list(due):
        roll = rng.random()
        fix_rate = 0.9 if issue.carry_overs else 0.84
        late = issue.deadline + timedelta(days=2)
        with _clock_at(_at(issue.deadline, 16)):
            if roll < fix_rate or (roll < fix_rate + 0.05 and late > min(today, cutoff - timedelta(days=1))):
                vendor_issues.recheck(session, issue.id, "已整改", issue.deadline - timedelta(days=rng.random() < 0.3))
                continue
            if roll < fix_rate + 0.05:
                with _clock_at(_at(late, 16)):
                    vendor_issues.recheck(session, issue.id, "已整改", late)
                continue
            vendor_issues.recheck(session, issue.id, "未整改", issue.deadline, "复查仍未整改，结转下月月会")


def _buildings(session: Session) -> list[str]:
    return board.known_buildings(session) or ["1期1栋"]


def make_vendors(session: Session, rng: random.Random, year: int | None, scale, staff: list[Staff]) -> int:
    today = clock.today()
    _END[0] = clock.now()
    start, end = _period(year, today, scale)
    desk = [s.name for s in staff if s.role == "前台客服"] or [staff[0].name]
    chair = next((s.name for s in staff if s.role == "客服主管"), desk[0])
    buildings = _buildings(session)
    with _clock_at(_at(start, 9)):
        ids = [vendors.save_vendor(session, vendors.VendorInput(
            company=c, service=s, contract_start=date(start.year, 1, 1), contract_end=date(start.year + 1, 12, 31),
            contact=p, phone=ph)) for c, s, p, ph in (*VENDORS, WALL_CLEANER)]
    regular = list(zip(ids[:4], (v[1] for v in VENDORS), (v[2] for v in VENDORS), strict=True))
    count = 0
    months = _months(start, end)
    for index, month in enumerate(months):
        for vendor_id, service, contact in regular:
            day = _meeting_day(month, rng)
            if not start <= day <= today:
                continue
            with _clock_at(_at(day)):
                meeting = vendors.hold_meeting(session, vendors.MeetingInput(
                    vendor_id=vendor_id, held_on=day, chaired_by=chair,
                    attendees=f"{chair}、{rng.choice(desk)}（物业）；{contact}（{service}）",
                    minutes=(f"通报上月{service}服务检查情况及整改复查结果；外包方汇报本月工作计划；"
                             "对本月检查发现的问题提出限期整改要求。")))
                # Distinct problems in one meeting: the same finding twice in one set of minutes reads as a slip.
                for place, text in rng.sample(PROBLEMS[service], min(rng.randint(1, 3), len(PROBLEMS[service]))):
                    vendor_issues.raise_issue(session, vendor_issues.IssueInput(
                        vendor_id, place.format(b=rng.choice(buildings)), text, day + timedelta(rng.randint(3, 10)),
                        rng.choice(desk), raised_on=day, meeting_id=meeting))
                    count += 1
        count += _between_meetings(session, rng, month, regular, desk, buildings, start, today)
        following = months[index + 1] if index + 1 < len(months) else today + timedelta(days=1)
        _recheck_due(session, rng, following + timedelta(days=3), today)
    _wall_cleaning(session, rng, ids[4], desk, start, today)
    _announcements(session, rng, start, today, desk, buildings)
    return count


def _between_meetings(session: Session, rng: random.Random, month: date, regular, desk, buildings, start: date,
                      today: date) -> int:
    """A patrol finding or two, and a 保洁 complaint linked to the cleaning company now and then."""
    count = 0
    for _n in range(rng.randint(0, 2)):
        day = month + timedelta(days=rng.randrange(10, 27))
        if not start <= day <= today:
            continue
        vendor_id, service, _contact = rng.choice(regular)
        place, text = rng.choice(PROBLEMS[service])
        with _clock_at(_at(day, 15)):
            vendor_issues.raise_issue(session, vendor_issues.IssueInput(
                vendor_id, place.format(b=rng.choice(buildings)), "巡查发现：" + text,
                day + timedelta(rng.randint(1, 4)), rng.choice(desk), raised_on=day, source="巡查"))
        count += 1
    complaint = session.scalar(select(Contact).where(
        Contact.category == "投诉", Contact.occurred_at >= _at(max(month, start), 0),
        Contact.occurred_at < _at(month + timedelta(days=27), 0))
        .order_by(Contact.occurred_at).limit(1))
    if complaint is not None and rng.random() < 0.7:
        day = complaint.occurred_at.date()
        with _clock_at(min(complaint.occurred_at + timedelta(hours=1), _END[0])):
            vendor_issues.raise_issue(session, vendor_issues.IssueInput(
                regular[0][0], complaint.location or "公共区域", "业主投诉：楼道卫生打扫不及时",
                day + timedelta(days=2), rng.choice(desk), raised_on=day, source="投诉", contact_id=complaint.id))
        count += 1
    return count


def _wall_cleaning(session: Session, rng: random.Random, vendor_id: int, desk, start: date, today: date) -> None:
    day = max(start, today - timedelta(days=40))
    with _clock_at(_at(day)):
        job = vendors.start_job(session, vendors.JobInput(vendor_id=vendor_id, title="外墙清洗", start_on=day,
                                                          follower=rng.choice(desk), end_on=day + timedelta(days=6)))
    found = day + timedelta(days=3)
    if found <= today:
        with _clock_at(_at(found, 15)):
            issue = vendor_issues.raise_issue(session, vendor_issues.IssueInput(
                vendor_id, "3栋东立面", "外墙有水渍、局部未清洗干净", found, rng.choice(desk), raised_on=found,
                source="一次性外包", job_id=job))
            vendor_issues.recheck(session, issue, "已整改", found, "当天返工清洗干净")
    accepted = day + timedelta(days=7)
    if accepted <= today:
        with _clock_at(_at(accepted, 16)):
            vendors.accept_job(session, job, accepted, "合格", "外墙整体清洁，无水渍、无污染")


def _announcements(session: Session, rng: random.Random, start: date, today: date, desk, buildings) -> None:
    postings = []
    for month in _months(start, today):
        for _n in range(rng.randint(8, 15)):
            day = month + timedelta(days=rng.randrange(28))
            if start <= day <= today:
                postings.append(day)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    for day in sorted(postings):
        kind = rng.choices(kinds, weights)[0]
        title, body = rng.choice(BOARD_ITEMS[kind])
        if kind == "活动" and day.month in SEASONAL and rng.random() < 0.6:
            title, body = SEASONAL[day.month]  # the month's own festival
        where = rng.sample(buildings, k=min(len(buildings), rng.randint(1, 2))) if kind == "通知" else None
        notice_day = day + timedelta(days=rng.randint(1, 3))
        text = body.format(b="、".join(where) if where else "小区", d=f"{notice_day.month}月{notice_day.day}日")
        length = {"通知": (3, 7), "温馨提示": (7, 20), "公示": (15, 30)}.get(kind, (14, 45))
        with _clock_at(_at(day, 9)):
            board.post(session, board.AnnouncementInput(
                kind=kind, title=title, body="尊敬的各位业主/住户：\n\u3000\u3000" + text + "\n\u3000\u3000感谢您的理解与配合！",
                posted_on=day, take_down_on=day + timedelta(days=rng.randint(*length)), buildings=where,
                author=rng.choice(desk)))
