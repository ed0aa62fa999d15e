"""Warranty at the boundary dates, the supervisor's table, and return visits of repairs."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db.models import Contact, RepairOrder, ReturnVisit, Staff, Unit
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import (
    call_lists,
    calls,
    clock,
    repair_flow,
    repair_knowledge,
    repair_lists,
    repair_visits,
    repairs,
)
from frontdesk.services import repairs_warranty as warranty

NOW = datetime(2026, 11, 25, 10, 30)  # a Wednesday


def _rule(unit: str, length: int) -> warranty.WarrantyRule:
    return warranty.WarrantyRule(None, "测试", ("水电",), length, unit)


@pytest.mark.parametrize(("handover", "rule", "last_day"), [
    (date(2024, 3, 10), _rule("年", 2), date(2026, 3, 9)),
    (date(2021, 6, 1), _rule("年", 5), date(2026, 5, 31)),
    (date(2024, 2, 29), _rule("年", 2), date(2026, 2, 27)),
    (date(2025, 1, 31), _rule("月", 1), date(2025, 2, 27)),
    (date(2024, 5, 20), _rule("采暖期", 2), date(2026, 3, 15)),
    (date(2024, 1, 10), _rule("采暖期", 2), date(2025, 3, 15)),
    (date(2024, 3, 15), _rule("采暖期", 2), date(2026, 3, 15)),
])
def test_warranty_ends_on_the_right_day(handover, rule, last_day):
    assert warranty.warranty_end(handover, rule) == last_day
    assert warranty.status(handover, rule, last_day).state == "保修期内"
    assert warranty.status(handover, rule, last_day + timedelta(days=1)).state == "已过保修期"
    assert warranty.status(None, rule, last_day).state == "无法判断"


def test_the_defaults_follow_the_regulation(db):
    with db.session(system=True) as s:
        found = {r.item: (r.length, r.length_unit) for r in warranty.rules(s)}
        assert found["屋面防水工程"] == (5, "年")
        assert found["卫生间、厨房和外墙面的防渗漏"] == (5, "年")
        assert found["电气管线"] == found["给排水管道"] == found["设备安装工程"] == found["装修工程"] == (2, "年")
        assert found["供热与供冷系统"] == (2, "采暖期")
        assert [r.item for r in warranty.rules_for_trade(s, "土建")][0] == "装修工程"


def test_only_a_supervisor_edits_the_table_and_orders_use_it(demo_db):
    clock.freeze(NOW)
    with demo_db.session(system=True) as s:
        rows = [warranty.RuleInput(r.item, list(r.trades), r.length, r.length_unit, r.id) for r in warranty.rules(s)]
    with pytest.raises(PermissionDenied) as refused, demo_db.session("张丽", "前台客服") as s:
        warranty.save_rules(s, rows)
    assert "不能修改设置" in refused.value.message
    with demo_db.session("吴海燕", "客服主管") as s:
        bad = [warranty.RuleInput("", ["木工"], "-1", "天")]
        with pytest.raises(ValidationError) as info:
            warranty.save_rules(s, bad)
        assert set(info.value.errors) == {"rows.0.item", "rows.0.trades", "rows.0.length", "rows.0.length_unit"}
        rows[0].length = 8
        warranty.save_rules(s, rows[:-1])
    with demo_db.session(system=True) as s:
        current = warranty.rules(s)
        assert current[0].length == 8 and len(current) == len(rows) - 1
        unit = s.scalars(select(Unit).where(Unit.handover_date.is_not(None))).first()
        unit.handover_date = date(2020, 1, 1)
        tech = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        saved = repairs.create_order(s, repairs.RepairInput(description="水管漏水", trade="管道", unit_id=unit.id), tech)
        order = s.get(RepairOrder, saved.id)
        state = warranty.order_status(s, order)
        assert state.rule.item == current[0].item and state.ends == date(2027, 12, 31)
        assert state.state == "保修期内" and "不向业主收费" in state.explanation


def _finished_order(db, unit_id=None, contact=False):
    clock.freeze(NOW)
    with db.session("张丽", system=True) as s:
        ids = {n: i for n, i in s.execute(select(Staff.name, Staff.id))}
        unit_id = unit_id or s.scalar(select(Unit.id).where(Unit.handover_state == "已收房"))
        if contact:
            saved = calls.log_contact(s, calls.ContactInput(content="阳台地漏返水", category="报修", unit_id=unit_id),
                                      ids["王芳"])
            order_id = s.get(Contact, saved.id).repair_order_id
        else:
            order_id = repairs.create_order(s, repairs.RepairInput(description="灯不亮", trade="水电", unit_id=unit_id),
                                            ids["王芳"]).id
        repair_flow.dispatch(s, order_id, ids["周建国"], "张丽")
        repair_flow.start(s, order_id, "周建国")
        repair_flow.finish(s, order_id, repair_flow.FinishInput(result="已修好"), "周建国")
    return order_id, ids


def test_finishing_queues_a_visit_for_the_next_working_day(demo_db):
    order_id, _ids = _finished_order(demo_db)
    with demo_db.session(system=True) as s:
        visit = repair_visits.pending(s, order_id)
        assert visit.due_date == date(2026, 11, 26)
        assert order_id not in {v.order_id for v in repair_visits.due_visits(s, date(2026, 11, 25))}
        assert order_id in {v.order_id for v in repair_visits.due_visits(s, date(2026, 11, 26))}
    assert repair_visits.next_working_day(date(2026, 11, 27)) == date(2026, 11, 30)  # Friday -> Monday


def test_an_unhappy_visit_reopens_the_order_and_alerts_its_owner(demo_db):
    order_id, ids = _finished_order(demo_db, contact=True)
    with demo_db.session(system=True) as s, pytest.raises(ValidationError):
        repair_visits.record(s, order_id, "不满意", "", "李娜")
    with demo_db.session(system=True) as s:
        assert repair_visits.record(s, order_id, "不满意", "地漏还在返水", "李娜") == "处理中"
    with demo_db.session(system=True) as s:
        order = s.get(RepairOrder, order_id)
        assert order.state == "处理中" and order.satisfaction == "不满意"
        assert order.events[-1].action == "重新处理" and "地漏还在返水" in order.events[-1].reason
        assert s.get(Contact, order.contact_id).status == "处理中"
        alerts = repair_lists.my_alerts(s, ids["王芳"])
        assert [a.id for a in alerts] == [order_id] and "地漏还在返水" in alerts[0].alert
        assert any(m.id == order.contact_id for m in call_lists.my_open_matters(s, ids["王芳"]))
        repair_flow.finish(s, order_id, repair_flow.FinishInput(result="更换地漏"), "周建国")
    with demo_db.session(system=True) as s:
        assert repair_lists.my_alerts(s, ids["王芳"]) == []
        assert repair_visits.pending(s, order_id) is not None, "the redone work is visited again"


def test_an_unreachable_owner_is_tried_three_times_then_closed(demo_db):
    order_id, _ids = _finished_order(demo_db)
    for attempt in range(3):
        with demo_db.session(system=True) as s:
            state = repair_visits.record(s, order_id, "无法联系", f"第{attempt + 1}次无人接听", "陈静")
    assert state == "已关闭"
    with demo_db.session(system=True) as s:
        visit = s.scalars(select(ReturnVisit).where(ReturnVisit.target_kind == "repair",
                                                    ReturnVisit.target_id == order_id)).one()
        assert (visit.attempts, visit.result) == (3, "无法联系")
        assert s.get(RepairOrder, order_id).satisfaction == "无法联系"


def test_knowledge_for_a_trade_can_be_edited(db):
    with db.session(system=True) as s:
        assert "被困" in repair_knowledge.knowledge_for(s, "电梯").questions
        repair_knowledge.save_knowledge(s, "电梯", "异响", "几号梯？", "对讲机")
        with pytest.raises(ValidationError):
            repair_knowledge.save_knowledge(s, "木工", "a", "b", "c")
    with db.session(system=True) as s:
        assert repair_knowledge.knowledge_for(s, "电梯").as_text().startswith("常见故障：异响")
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        repair_knowledge.save_knowledge(s, "电梯", "按钮失灵", "", "")
    with db.session(system=True) as s:
        assert repair_knowledge.knowledge_for(s, "电梯").faults == "异响"



def test_a_public_repair_is_checked_on_site_not_return_visited(demo_db):
    """公共报修 has no owner to call back: finishing it queues no 回访, and it closes after the on-site check."""
    clock.freeze(NOW)
    with demo_db.session("张丽", system=True) as s:
        ids = {n: i for n, i in s.execute(select(Staff.name, Staff.id))}
        order_id = repairs.create_order(s, repairs.RepairInput(
            description="楼道声控灯不亮", trade="公共设施", scope="公共", location="1期1栋1单元3楼楼道",
            phase=1, building=1), ids["王芳"]).id
        repair_flow.dispatch(s, order_id, ids["周建国"], "张丽")
        repair_flow.start(s, order_id, "周建国")
        repair_flow.finish(s, order_id, repair_flow.FinishInput(result="更换灯具"), "周建国")
    with demo_db.session("吴海燕", system=True) as s:
        assert repair_visits.pending(s, order_id) is None
        assert order_id not in {v.order_id for v in repair_visits.due_visits(s, date(2026, 11, 30))}
        repair_flow.close(s, order_id, "吴海燕", "现场验收合格")
    with demo_db.session(system=True) as s:
        assert s.get(RepairOrder, order_id).state == "已关闭"


def test_a_return_visit_recorded_on_the_order_counts_on_the_desks_day_counter_as_in_the_statistics(demo_db):
    """The 回访 counter of 来电来访 and the statistics' 回访 count the same visits: one recorded on the
    repair order counts once, and once only when it is also logged as a 回访 call about that unit."""
    from frontdesk.services.stats import compute, range_period

    order_id, ids = _finished_order(demo_db)
    clock.freeze(NOW + timedelta(days=1))
    today = clock.today()
    with demo_db.session(system=True) as s:
        before = call_lists.day_counters(s).return_visits
        repair_visits.record(s, order_id, "满意", "", "李娜")
    with demo_db.session(system=True) as s:
        assert call_lists.day_counters(s).return_visits == before + 1
        assert compute(s, range_period(today, today)).value("return_visits") == before + 1
        unit_id = s.get(RepairOrder, order_id).unit_id
        calls.log_contact(s, calls.ContactInput(content="回访：维修满意", channel="回访", unit_id=unit_id), ids["李娜"])
    with demo_db.session(system=True) as s:
        assert call_lists.day_counters(s).return_visits == before + 1, "the same visit logged as a call counts once"
        assert compute(s, range_period(today, today)).value("return_visits") == before + 1
