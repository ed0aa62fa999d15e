"""Correcting a saved order: checked like a new one, kept in the history and the audit log,
refused on a stale version and once the order is visited, closed or cancelled; roles."""

from datetime import datetime

import pytest
from sqlalchemy import select

from frontdesk.db.models import AuditEntry, RepairOrder, Staff, Unit
from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.services import clock, repair_edit, repair_flow, repair_visits, repairs

NOW = datetime(2026, 11, 25, 10, 30)


@pytest.fixture
def order(demo_db):
    clock.freeze(NOW)
    with demo_db.session("张丽", "前台客服") as s:
        ids = {name: sid for name, sid in s.execute(select(Staff.name, Staff.id))}
        repaired = select(RepairOrder.unit_id).where(RepairOrder.unit_id.is_not(None))
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房", Unit.id.not_in(repaired))
                         .order_by(Unit.id)).first()
        saved = repairs.create_order(s, repairs.RepairInput(description="灯不亮", trade="水电", unit_id=unit.id,
                                                            reporter="王先生", phone="13812345678"), ids["张丽"])
    return saved.id, ids


def _details(db, order_id):
    with db.session(system=True) as s:
        o = s.get(RepairOrder, order_id)
        return repair_edit.details_of(o), o.version


def test_details_are_corrected_recorded_in_history_and_audited(demo_db, order):
    order_id, _ids = order
    data, version = _details(demo_db, order_id)
    data.description, data.trade, data.urgency = "卫生间地漏返水，水漫到客厅", "管道", "紧急"
    data.appointment_at = datetime(2026, 11, 25, 15, 0)
    with demo_db.session("张丽", "前台客服") as s:
        changed = repair_edit.update_details(s, order_id, data, version, "张丽")
    assert set(changed) == {"报修内容", "专业", "紧急程度", "预约上门"}
    with demo_db.session(system=True) as s:
        o = s.get(RepairOrder, order_id)
        assert (o.description, o.trade, o.urgency) == ("卫生间地漏返水，水漫到客厅", "管道", "紧急")
        assert "管道" in o.warranty_item.trades, "the warranty item follows the new trade"
        assert o.due_at == repairs.target_time(s, o.reported_at, "紧急", o.appointment_at)
        last = o.events[-1]
        assert last.action == "修改信息" and last.by_name == "张丽" and "专业 水电→管道" in last.reason
        assert o.state == "待派工" and o.version == version + 1
        audited = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "repair_orders",
                                                     AuditEntry.record_id == order_id)).all()
        assert any(a.actor == "张丽" and a.action == "update" and "管道" in a.changes for a in audited)
    data, version = _details(demo_db, order_id)
    with demo_db.session("张丽", "前台客服") as s:
        assert repair_edit.update_details(s, order_id, data, version, "张丽") == [], "nothing changed, nothing kept"


def test_bad_details_and_a_stale_version_save_nothing(demo_db, order):
    order_id, ids = order
    data, version = _details(demo_db, order_id)
    data.description, data.phone = "  ", "138abc"
    data.appointment_at = datetime(2026, 11, 20, 9, 0)
    with pytest.raises(ValidationError) as info, demo_db.session("张丽", "前台客服") as s:
        repair_edit.update_details(s, order_id, data, version, "张丽")
    assert {"description", "phone", "appointment_at"} <= set(info.value.errors)
    assert "早于报修时间" in info.value.errors["appointment_at"]
    with demo_db.session("王芳", "前台客服") as s:
        repair_flow.dispatch(s, order_id, ids["周建国"], "王芳")
    good, _ = _details(demo_db, order_id)
    good.description = "灯不亮，开关有焦味"
    with pytest.raises(ConflictError) as conflict, demo_db.session("张丽", "前台客服") as s:
        repair_edit.update_details(s, order_id, good, version, "张丽")
    assert "王芳" in conflict.value.message
    with demo_db.session(system=True) as s:
        assert s.get(RepairOrder, order_id).description == "灯不亮"


def test_a_visited_closed_or_cancelled_order_is_not_edited(demo_db, order):
    order_id, ids = order
    with demo_db.session("张丽", "前台客服") as s:
        repair_flow.cancel(s, order_id, "业主自己修好了", "张丽")
    data, version = _details(demo_db, order_id)
    data.description = "改一下"
    with pytest.raises(ValidationError) as info, demo_db.session("张丽", "前台客服") as s:
        repair_edit.update_details(s, order_id, data, version, "张丽")
    assert "已取消" in info.value.message or "不能再修改" in info.value.message
    assert not repair_edit.can_edit("已关闭") and not repair_edit.can_edit("已回访")
    assert repair_edit.can_edit("已完工") and repair_edit.can_edit("暂停")


def test_a_public_order_moves_to_another_place(demo_db):
    clock.freeze(NOW)
    with demo_db.session("张丽", "前台客服") as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        saved = repairs.create_order(s, repairs.RepairInput(description="楼道灯不亮", trade="公共设施", scope="公共",
                                                            location="1期2栋1单元3楼楼道"), owner)
    data, version = _details(demo_db, saved.id)
    data.location = "3期7栋2单元5楼楼道"
    with demo_db.session("张丽", "前台客服") as s:
        assert repair_edit.update_details(s, saved.id, data, version, "张丽") == ["位置"]
    with demo_db.session(system=True) as s:
        o = s.get(RepairOrder, saved.id)
        assert (o.location, o.phase, o.building) == ("3期7栋2单元5楼楼道", 3, 7)
    data.location = "x" * 101
    with pytest.raises(ValidationError) as info, demo_db.session("张丽", "前台客服") as s:
        repair_edit.update_details(s, saved.id, data, version + 1, "张丽")
    assert "100" in info.value.errors["location"]


def test_roles_in_the_repair_services(demo_db, order):
    order_id, ids = order
    with demo_db.session(system=True) as s:
        unit_id = s.get(RepairOrder, order_id).unit_id
    with pytest.raises(PermissionDenied) as refused, demo_db.session("刘洋", "收费员") as s:
        repairs.create_order(s, repairs.RepairInput(description="水龙头滴水", trade="水电", unit_id=unit_id),
                             ids["刘洋"])
    assert "收费员" in refused.value.message and "不能处理报修单" in refused.value.message
    with pytest.raises(PermissionDenied), demo_db.session("刘洋", "收费员") as s:
        repair_flow.dispatch(s, order_id, ids["周建国"], "刘洋")
    data, version = _details(demo_db, order_id)
    data.description = "收费员改的"
    with pytest.raises(PermissionDenied), demo_db.session("刘洋", "收费员") as s:
        repair_edit.update_details(s, order_id, data, version, "刘洋")
    with demo_db.session("周建国", "维修工") as s:
        repair_flow.dispatch(s, order_id, ids["周建国"], "周建国")
        repair_flow.start(s, order_id, "周建国")
        repair_flow.finish(s, order_id, repair_flow.FinishInput(result="换了灯泡"), "周建国")
    with pytest.raises(PermissionDenied), demo_db.session("周建国", "维修工") as s:
        repair_visits.record(s, order_id, "满意", "", "周建国")
    with demo_db.session("张丽", "前台客服") as s:
        assert repair_visits.record(s, order_id, "满意", "", "张丽") == "已回访"
