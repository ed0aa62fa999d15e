"""A small March 2026 at the desk, built through the desks' own services, where every figure is known.

The hand count (see EXPECTED) is written next to what makes it, so a failing figure says which rule broke.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from frontdesk.db.models import Reinspection, Staff
from frontdesk.services import (
    billing,
    calls,
    clock,
    complaints,
    letters,
    payments,
    repair_flow,
    repair_visits,
    repairs,
    settings,
    units,
    violation_followup,
    violations,
)
from frontdesk.services import violation_notices as notices
from frontdesk.services.training import exams, sessions

EXPECTED = {
    "period": "2026-03", "days": 31,
    "calls": 3, "visits": 1,  # 电话: #1 咨询, #2 报修, #4 投诉; 来访: #3 投诉
    # 回访: one logged contact (unit 0102 on 03-03, the same visit as order A's record, counted once)
    # + the records of complaint C1 (03-05), order E (03-13) and order D (03-26).
    "return_visits": 4,
    "calls_per_day": 0.1, "visits_per_day": 0.0, "return_visits_per_day": 0.1,
    "contacts_by_category": {"咨询": 1, "报修": 1, "投诉": 2, "建议": 0, "缴费": 0, "表扬": 0, "其他": 0},
    "complaints": 2, "complaints_effective": 1,  # C1 有效 and closed in time; C2 无效, open past its deadline
    "complaints_closed_on_time_rate": 0.5,
    "repairs": 4, "repairs_household": 3, "repairs_public": 1,  # A (call), B (public), D (repeat of A), E
    "repairs_completed": 3,  # A, D, E
    "repairs_on_time_rate": 0.5,  # on time A, E ÷ due A, B (never dispatched), D (late), E
    "repairs_repeat": 1,
    "satisfaction_rate": 0.75,  # A 满意, C1 满意, D 基本满意, E 不满意
    "charged": "300.00", "collected": "120.00",  # March bills 120 + 60 + 120; only 0101 paid March
    "collection_rate": 0.4, "household_collection_rate": 0.3333,
    "arrears_recovery_rate": 0.45,  # Jan+Feb owed 600 on 03-01; 240 (0101) + 30 (0102) came in
    "by_phase": {"1期": {"charged": "180.00", "collected": "120.00", "collection_rate": 0.6667,
                         "household_collection_rate": 0.5},
                 "2期": {"charged": "120.00", "collected": "0.00", "collection_rate": 0.0,
                         "household_collection_rate": 0.0}},
    "letters_sent": 2, "letters_paid_units": 1, "letters_paid_amount": "30.00",  # 0102 and 2-0101; 0102 paid 30
    "notices_issued": 2, "notices_rectified": 1,
    "training_sessions": 1, "training_hours": 2.0, "training_pass_rate": 0.5,
}
NOW = datetime(2026, 3, 31, 18, 0)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


def _contact(s, staff, who, when, channel, category, content, unit, status="已办结"):
    clock.freeze(when)
    return calls.log_contact(s, calls.ContactInput(content=content, channel=channel, category=category, status=status,
                                                   occurred_at=when, unit_text=unit, caller_name="业主"), staff[who])


def build(db) -> dict[str, int]:
    clock.freeze(at(3, 1, 8))
    with db.session("吴海燕", system=True) as s:
        s.add_all([Staff(name=n, role=r) for n, r in (("张丽", "前台客服"), ("王芳", "前台客服"), ("周建国", "维修工"),
                                                       ("刘洋", "收费员"), ("吴海燕", "客服主管"))])
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.20", "2": "1.50"}}])
        ids = {}
        for code, area in (("1-1-1-0101", "100"), ("1-1-1-0102", "50"), ("2-1-1-0101", "80")):
            ids[code] = units.save_unit(s, units.UnitInput(
                code=code, area=area, handover_state="已收房", handover_date=date(2020, 1, 1),
                occupants=[units.OccupantInput(name=f"业主{code[-3:]}", phones=["13800000000"])]))
        s.flush()
        staff = dict(s.execute(select(Staff.name, Staff.id)).all())
        billing.generate_bills(s, "2026-01", "2026-03")
    with db.session("张丽", system=True) as s:
        _contact(s, staff, "张丽", at(2, 10, 9), "电话", "咨询", "二月的咨询", "1-1-1-0101")  # the previous month
        _contact(s, staff, "张丽", at(3, 2, 9), "电话", "咨询", "咨询物业费标准", "1-1-1-0101")  # 1
        a = _contact(s, staff, "张丽", at(3, 2, 10), "电话", "报修", "厨房下水道堵塞", "1-1-1-0102", "处理中")  # 2
        c1 = _contact(s, staff, "王芳", at(3, 3, 11), "来访", "投诉", "楼上装修噪音", "2-1-1-0101", "处理中")  # 3
        c2 = _contact(s, staff, "张丽", at(3, 5, 14), "电话", "投诉", "垃圾清运不及时", "1-1-1-0101", "处理中")  # 4
    order_a = a.repair_number
    _repair_done(db, staff, order_a, at(3, 2, 10, 10), at(3, 2, 12), at(3, 3, 10), "满意")
    with db.session("王芳", system=True) as s:
        # Logged as 其他: calls.log_contact turns any 报修 contact into a new order, a 回访 one too.
        _contact(s, staff, "王芳", at(3, 3, 10, 5), "回访", "其他", "回访报修处理情况", "1-1-1-0102")
        clock.freeze(at(3, 4, 9))
        complaints.close(s, c1.complaint_id, complaints.ComplaintSteps(
            calm_note="安抚", cause="装修超时", solution="约谈施工队", effective="有效"), "已约谈", "吴海燕")
        clock.freeze(at(3, 5, 9))
        complaints.record_return_visit(s, c1.complaint_id, "满意", "", "王芳")
        complaints.record_steps(s, c2.complaint_id, complaints.ComplaintSteps(calm_note="安抚", effective="无效"))
    with db.session("张丽", system=True) as s:
        clock.freeze(at(3, 10, 9))
        repairs.create_order(s, repairs.RepairInput(description="楼道灯不亮", trade="水电", scope="公共",
                                                    location="1期1栋1单元楼道", reported_at=at(3, 10, 9)), staff["张丽"])
        clock.freeze(at(3, 12, 9))
        e = repairs.create_order(s, repairs.RepairInput(description="窗户关不严", trade="门窗",
                                                        unit_text="2-1-1-0101", reported_at=at(3, 12, 9)), staff["张丽"])
        clock.freeze(at(3, 20, 9))
        d = repairs.create_order(s, repairs.RepairInput(description="下水道又堵了", trade="管道",
                                                        unit_text="1-1-1-0102", reported_at=at(3, 20, 9)), staff["张丽"])
    assert d.repeat_of == order_a
    _repair_done(db, staff, e.number, at(3, 12, 10), at(3, 12, 14), at(3, 13, 10), "不满意")
    _repair_done(db, staff, d.number, at(3, 21, 10), at(3, 25, 9), at(3, 26, 10), "基本满意")
    _money(db, staff, ids)
    _notices(db)
    _training(db, staff)
    clock.freeze(NOW)
    return staff


def _repair_done(db, staff, number, started, finished, visited, result):
    with db.session("张丽", system=True) as s:
        order = repairs.find_by_number(s, number)
        clock.freeze(started)
        repair_flow.dispatch(s, order.id, staff["周建国"], "张丽")
        repair_flow.start(s, order.id, "周建国")
        clock.freeze(finished)
        repair_flow.finish(s, order.id, repair_flow.FinishInput(result="已修好", finished_at=finished), "周建国")
        clock.freeze(visited)
        repair_visits.record(s, order.id, result, "仍有问题" if result == "不满意" else "", "王芳")


def _money(db, staff, ids):
    def pay(unit, amount, day):
        clock.freeze(datetime.combine(day, datetime.min.time().replace(hour=10)))
        with db.session("刘洋", system=True) as s:
            payments.take_payment(s, payments.PaymentInput(unit_id=ids[unit], amount=Decimal(amount), method="微信",
                                                           paid_on=day, collector_id=staff["刘洋"]))

    pay("1-1-1-0101", "360", date(2026, 3, 10))  # Jan, Feb and March settled
    clock.freeze(at(3, 15, 9))
    with db.session("刘洋", system=True) as s:
        chosen = letters.select_letters(s, overdue_months=1, as_of=date(2026, 3, 15))
        assert sorted(letter.unit_code for letter in chosen) == ["1-1-1-0102", "2-1-1-0101"]
        letters.record_sent(s, chosen, sent_on=date(2026, 3, 15), sender_id=staff["刘洋"])
    pay("1-1-1-0102", "30", date(2026, 3, 20))  # half of January, after the letter


def _notices(db):
    clock.freeze(at(3, 2, 9))
    rule = notices.NoticeInput(rule="《管理规约》", requirement="拆除")
    with db.session("张丽", system=True) as s:
        first = violations.record_violation(s, violations.ViolationInput(
            kind="外置阳台罩", description="阳台罩", found_by="周建国", found_date=date(2026, 3, 1), unit_text="1-1-1-0101"))
        notices.issue_notice(s, first, rule)
    clock.freeze(at(3, 10, 9))
    with db.session("周建国", system=True) as s:
        check = s.scalar(select(Reinspection).where(Reinspection.violation_id == first))
        violation_followup.record_reinspection(s, check.id, "已整改", "周建国")
    clock.freeze(at(3, 20, 9))
    with db.session("张丽", system=True) as s:
        second = violations.record_violation(s, violations.ViolationInput(
            kind="私搭乱建", description="屋顶搭建", found_by="周建国", found_date=date(2026, 3, 19), unit_text="2-1-1-0101"))
        notices.issue_notice(s, second, rule)  # deadline 03-27, not re-inspected by the 31st


def _training(db, staff):
    clock.freeze(at(3, 6, 17))
    with db.session("吴海燕", system=True) as s:
        sid = sessions.save_session(s, sessions.SessionInput(date(2026, 3, 6), ["《接听礼仪》"], "陈经理", "2", "会议室",
                                                             attendance={staff["张丽"]: "出席", staff["王芳"]: "迟到"}))
        exams.record_scores(s, sid, {staff["张丽"]: "86", staff["王芳"]: "52.5"})
