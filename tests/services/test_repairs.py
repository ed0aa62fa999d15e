"""Repair orders: numbering, the state machine and its refusals, repeats, bad input, 报修 calls."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from frontdesk.db.models import Contact, NumberCounter, RepairOrder, Staff, Unit
from frontdesk.errors import ValidationError
from frontdesk.services import calls, clock, repair_flow, repair_lists, repairs

NOW = datetime(2026, 11, 25, 10, 30)


@pytest.fixture
def desk(demo_db):
    clock.freeze(NOW)
    with demo_db.session(system=True) as s:
        ids = {name: sid for name, sid in s.execute(select(Staff.name, Staff.id))}
        repaired = select(RepairOrder.unit_id).where(RepairOrder.unit_id.is_not(None))
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房", Unit.id.not_in(repaired))
                         .order_by(Unit.id)).first()
        return ids, unit.id, unit.code


def _new(db, desk, **kw):
    ids, unit_id, _code = desk
    data = dict(description="卫生间地漏返水", trade="管道", unit_id=unit_id, reporter="王先生", phone="13812345678")
    data.update(kw)
    with db.session("张丽", system=True) as s:
        return repairs.create_order(s, repairs.RepairInput(**data), ids["张丽"])


def _order(db, order_id) -> RepairOrder:
    with db.session(system=True) as s:
        order = s.get(RepairOrder, order_id)
        order.events  # noqa: B018 - load the history while the session is open
        return order


def test_an_order_gets_the_next_number_of_its_month(demo_db, desk):
    with demo_db.session(system=True) as s:
        last = s.scalar(select(NumberCounter.last).where(NumberCounter.series == "BX", NumberCounter.period == "202611"))
    saved = _new(demo_db, desk)
    assert saved.number == f"BX-202611-{(last or 0) + 1:04d}"
    second = _new(demo_db, desk, trade="水电", description="插座没电")
    assert second.number == f"BX-202611-{(last or 0) + 2:04d}"


def test_walk_through_every_state_with_history(demo_db, desk):
    ids = desk[0]
    saved = _new(demo_db, desk, urgency="紧急")
    flow = [
        lambda s: repair_flow.dispatch(s, saved.id, ids["周建国"], "张丽"),
        lambda s: repair_flow.pause(s, saved.id, "等配件", "周建国"),
        lambda s: repair_flow.resume(s, saved.id, "周建国"),
        lambda s: repair_flow.transfer(s, saved.id, ids["孙强"], "周建国请假", "张丽"),
        lambda s: repair_flow.return_order(s, saved.id, "需要专业防水队", "孙强"),
        lambda s: repair_flow.dispatch(s, saved.id, ids["孙强"], "张丽"),
        lambda s: repair_flow.start(s, saved.id, "孙强"),
        lambda s: repair_flow.finish(s, saved.id, repair_flow.FinishInput(
            result="疏通地漏并更换防臭芯", materials="防臭地漏芯 1 个", labour_hours="1.5", paid=True, charge="35"),
            "孙强"),
    ]
    for step in flow:
        with demo_db.session(system=True) as s:
            step(s)
    from frontdesk.services import repair_visits

    with demo_db.session(system=True) as s:
        assert repair_visits.record(s, saved.id, "满意", "师傅很细心", "王芳") == "已回访"
    with demo_db.session(system=True) as s:
        repair_flow.close(s, saved.id, "吴海燕")
    order = _order(demo_db, saved.id)
    assert order.state == "已关闭" and order.satisfaction == "满意"
    assert order.charge == Decimal("35.00") and order.paid and order.labour_hours == Decimal("1.5")
    assert [(e.action, e.from_state, e.to_state) for e in order.events] == [
        ("登记", "", "待派工"), ("派工", "待派工", "已派工"), ("暂停", "已派工", "暂停"), ("恢复", "暂停", "处理中"),
        ("转单", "处理中", "已派工"), ("退单", "已派工", "待派工"), ("派工", "待派工", "已派工"),
        ("开始处理", "已派工", "处理中"), ("完工", "处理中", "已完工"), ("回访", "已完工", "已回访"),
        ("关闭", "已回访", "已关闭"),
    ]
    assert order.events[4].reason == "周建国请假" and order.events[4].technician == "孙强"
    assert all(e.at == NOW and e.by_name for e in order.events)


def test_a_cancelled_order_keeps_its_reason(demo_db, desk):
    saved = _new(demo_db, desk)
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repair_flow.cancel(s, saved.id, "  ", "张丽")
    assert "原因" in info.value.message
    with demo_db.session(system=True) as s:
        repair_flow.cancel(s, saved.id, "业主自行修好", "张丽")
    order = _order(demo_db, saved.id)
    assert order.state == "已取消" and order.events[-1].reason == "业主自行修好"


def test_illegal_transitions_are_refused_and_nothing_changes(demo_db, desk):
    ids = desk[0]
    saved = _new(demo_db, desk)
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repair_flow.finish(s, saved.id, repair_flow.FinishInput(result="修好了"), "孙强")
    assert "待派工" in info.value.message and "先派工" in info.value.message
    with demo_db.session(system=True) as s, pytest.raises(ValidationError):
        repair_flow.close(s, saved.id, "张丽")
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repair_flow.dispatch(s, saved.id, ids["张丽"], "张丽")
    assert "维修工" in info.value.errors["technician"]
    with demo_db.session(system=True) as s:
        repair_flow.dispatch(s, saved.id, ids["周建国"], "张丽")
        repair_flow.start(s, saved.id, "周建国")
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repair_flow.cancel(s, saved.id, "不修了", "张丽")
    assert "不能取消" in info.value.message
    order = _order(demo_db, saved.id)
    assert order.state == "处理中" and len(order.events) == 3


def test_finishing_with_bad_figures_is_refused_whole(demo_db, desk):
    ids = desk[0]
    saved = _new(demo_db, desk)
    with demo_db.session(system=True) as s:
        repair_flow.dispatch(s, saved.id, ids["周建国"], "张丽")
        repair_flow.start(s, saved.id, "周建国")
    bad = repair_flow.FinishInput(result="", labour_hours="-1", paid=True, charge="-20",
                                  finished_at=NOW - timedelta(days=3))
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repair_flow.finish(s, saved.id, bad, "周建国")
    errors = info.value.errors
    assert "早于报修时间" in errors["finished_at"] and "负数" in errors["charge"]
    assert "负数" in errors["labour_hours"] and "维修结果" in errors["result"]
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:  # refused like a payment, never rounded
        repair_flow.finish(s, saved.id, repair_flow.FinishInput(result="换阀门", paid=True, charge="12.345"), "周建国")
    assert "两位小数" in info.value.errors["charge"]
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repair_flow.finish(s, saved.id, repair_flow.FinishInput(result="换阀门", paid=True, charge="0"), "周建国")
    assert "收费金额" in info.value.errors["charge"]
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:  # 1200 hours: a slip
        repair_flow.finish(s, saved.id, repair_flow.FinishInput(result="换阀门", labour_hours="1200"), "周建国")
    assert "999.9" in info.value.errors["labour_hours"] and "999999" not in info.value.errors["labour_hours"]
    order = _order(demo_db, saved.id)
    assert order.state == "处理中" and order.result == "" and order.finished_at is None


def test_bad_input_for_a_new_order(demo_db, desk):
    ids = desk[0]
    with demo_db.session(system=True) as s:
        before = s.query(RepairOrder).count()
        counter = s.scalar(select(NumberCounter.last).where(NumberCounter.series == "BX", NumberCounter.period == "202611"))
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repairs.create_order(s, repairs.RepairInput(description="", trade="", scope="户内", phone="12ab"), ids["张丽"])
    errors = info.value.errors
    assert "房号" in errors["unit"] and "专业" in errors["trade"] and "报修内容" in errors["description"]
    assert "phone" in errors
    with demo_db.session(system=True) as s, pytest.raises(ValidationError) as info:
        repairs.create_order(s, repairs.RepairInput(description="路灯不亮", trade="公共设施", scope="公共"), ids["张丽"])
    assert "位置" in info.value.errors["location"]
    with demo_db.session(system=True) as s:
        assert s.query(RepairOrder).count() == before
        assert s.scalar(select(NumberCounter.last).where(
            NumberCounter.series == "BX", NumberCounter.period == "202611")) == counter, "no number is used up"


def test_repeat_repairs_are_flagged_and_listed(demo_db, desk):
    first = _new(demo_db, desk, reported_at=NOW - timedelta(days=20))
    assert first.repeat_of == ""
    again = _new(demo_db, desk, description="地漏又返水了")
    assert again.repeat_of == first.number
    other_trade = _new(demo_db, desk, trade="门窗", description="窗户关不严")
    assert other_trade.repeat_of == ""
    with demo_db.session(system=True) as s:
        rows = repair_lists.list_orders(s, repair_lists.RepairFilter(repeat_only=True), limit=1000)
    numbers = {r.number for r in rows}
    assert again.number in numbers and first.number not in numbers and other_trade.number not in numbers
    assert next(r for r in rows if r.number == again.number).repeat_of == first.number


def test_public_repeat_by_location_and_not_after_the_window(demo_db, desk):
    kw = dict(scope="公共", unit_id=None, location="2期1栋1单元3楼楼道", trade="公共设施", description="声控灯不亮")
    _new(demo_db, desk, reported_at=NOW - timedelta(days=31), **kw)
    late = _new(demo_db, desk, **kw)
    assert late.repeat_of == ""
    again = _new(demo_db, desk, **kw)
    assert again.repeat_of == late.number
    order = _order(demo_db, again.id)
    assert (order.phase, order.building) == (2, 1)


def test_overdue_orders_per_technician(demo_db, desk):
    ids = desk[0]
    saved = _new(demo_db, desk, reported_at=NOW - timedelta(hours=30))
    with demo_db.session(system=True) as s:
        repair_flow.dispatch(s, saved.id, ids["孙强"], "张丽")
        loads = {load.technician: load for load in repair_lists.overdue_by_technician(s)}
        rows = repair_lists.list_orders(s, repair_lists.RepairFilter(overdue_only=True, technician_id=ids["孙强"]))
    assert loads["孙强"].overdue_orders >= 1
    assert saved.number in {r.number for r in rows} and all(r.overdue for r in rows)


def test_logging_a_repair_call_creates_its_order(demo_db, desk):
    ids, unit_id, code = desk
    with demo_db.session("张丽", system=True) as s:
        saved = calls.log_contact(s, calls.ContactInput(content="厨房下水道堵塞", category="报修", unit_id=unit_id,
                                                        caller_name="李女士", phone="13900001111"), ids["张丽"])
    with demo_db.session(system=True) as s:
        contact = s.get(Contact, saved.id)
        order = s.get(RepairOrder, contact.repair_order_id)
        assert order.number == saved.repair_number
        assert (order.scope, order.unit_id, order.trade, order.contact_id) == ("户内", unit_id, "管道", saved.id)
        assert order.reporter == "李女士" and order.description == "厨房下水道堵塞"
        public = calls.log_contact(s, calls.ContactInput(content="3期2栋电梯困人", category="报修"), ids["张丽"])
        order = s.get(RepairOrder, s.get(Contact, public.id).repair_order_id)
        assert (order.scope, order.trade, order.urgency, order.phase, order.building) == ("公共", "电梯", "紧急", 3, 2)
        assert order.location == "3期2栋电梯困人"
        assert s.get(Contact, public.id).location == "3期2栋电梯困人"  # the ledger's 房号/位置 says where
    with demo_db.session("张丽", system=True) as s:  # the owner fixed it himself: the order is cancelled
        repair_flow.cancel(s, contact.repair_order_id, "业主自行修好", "张丽")
    with demo_db.session(system=True) as s:  # and the call's matter ends with it, saying why
        contact = s.get(Contact, saved.id)
        assert contact.status == "已办结" and contact.closed_at == NOW
        assert contact.handling.endswith(f"报修单 {saved.repair_number} 已取消：业主自行修好")
