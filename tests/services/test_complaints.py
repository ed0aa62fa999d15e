from datetime import timedelta

import pytest
from sqlalchemy import select

from frontdesk.db.models import Contact, Staff
from frontdesk.errors import ValidationError
from frontdesk.services import calls, clock, complaints
from frontdesk.services.complaints import ComplaintSteps


def _open(session):
    owner = session.scalar(select(Staff.id).where(Staff.name == "张丽"))
    saved = calls.log_contact(session, calls.ContactInput(content="楼上装修噪音扰民", category="投诉"), owner)
    return saved.complaint_id


def test_a_complaint_goes_through_its_steps_goes_overdue_and_closes(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        complaint_id = _open(s)
    clock.freeze(frozen_now + timedelta(hours=25))
    with demo_db.session(system=True) as s:
        c = complaints.get_complaint(s, complaint_id)
        assert "首次处理" in complaints.overdue_reason(c, clock.now())
        assert complaint_id in [r.id for r in complaints.list_complaints(s, open_only=True) if r.overdue]
    steps = ComplaintSteps(calm_note="安抚业主", cause="装修队中午施工", regulation="《管理规约》",
                           solution="约谈装修队", carried_out_by="秩序维护部")
    with demo_db.session(system=True) as s:
        complaints.record_steps(s, complaint_id, steps)
    with demo_db.session(system=True) as s:
        c = complaints.get_complaint(s, complaint_id)
        assert c.first_action_at is not None and complaints.overdue_reason(c, clock.now()) is None
    clock.freeze(frozen_now + timedelta(hours=73))
    with demo_db.session(system=True) as s:
        assert "办结" in complaints.overdue_reason(complaints.get_complaint(s, complaint_id), clock.now())
    with pytest.raises(ValidationError) as info, demo_db.session(system=True) as s:
        complaints.close(s, complaint_id, steps, "", "吴海燕")
    assert set(info.value.errors) >= {"effective", "summary"}
    steps.effective = "有效"
    with demo_db.session(system=True) as s:
        complaints.close(s, complaint_id, steps, "午休时间禁止施工写入装修协议", "吴海燕")
    with demo_db.session(system=True) as s:
        c = complaints.get_complaint(s, complaint_id)
        assert c.closed_by == "吴海燕" and c.contact.status == "待回访"
        assert complaints.state_of(c) == "待回访"
        assert complaints.pending_visit(s, complaint_id) is not None
        cases = complaints.list_complaints(s, text="装修协议")
        assert [r.id for r in cases] == [complaint_id]
    with pytest.raises(ValidationError, match="已经办结"), demo_db.session(system=True) as s:
        complaints.record_steps(s, complaint_id, ComplaintSteps(cause="改写"))  # closed: kept as closed
    with demo_db.session(system=True) as s:  # its call waits for the return visit, not a hand 办结
        contact_id = complaints.get_complaint(s, complaint_id).contact_id
    with pytest.raises(ValidationError, match="还没有回访业主"), demo_db.session(system=True) as s:
        calls.close_contact(s, contact_id, "已处理")


def test_an_unhappy_return_visit_reopens_and_a_happy_one_closes(demo_db, frozen_now):
    steps = ComplaintSteps(cause="原因", solution="方案", effective="有效")
    with demo_db.session(system=True) as s:
        complaint_id = _open(s)
        complaints.close(s, complaint_id, steps, "总结", "吴海燕")
    with demo_db.session(system=True) as s:
        complaints.record_return_visit(s, complaint_id, "无法联系", "电话未接", "张丽")
        assert complaints.pending_visit(s, complaint_id).attempts == 1
        with pytest.raises(ValidationError) as refused:  # why the owner is unhappy is what the next round needs
            complaints.record_return_visit(s, complaint_id, "不满意", "  ", "张丽")
        assert refused.value.field == "remark" and "不满意的原因" in refused.value.message
        complaints.record_return_visit(s, complaint_id, "不满意", "仍有噪音", "张丽")
    with demo_db.session(system=True) as s:
        c = complaints.get_complaint(s, complaint_id)
        assert c.closed_at is None and c.contact.status == "处理中"
        complaints.close(s, complaint_id, steps, "再次约谈", "吴海燕")
        complaints.record_return_visit(s, complaint_id, "满意", "", "张丽")
    with demo_db.session(system=True) as s:
        contact = s.scalar(select(Contact).join(Contact.complaint).where(Contact.complaint.has(id=complaint_id)))
        assert contact.status == "已办结"
