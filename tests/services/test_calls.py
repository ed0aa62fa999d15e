from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db.models import Complaint, Contact, Person, Staff, Unit
from frontdesk.errors import ValidationError
from frontdesk.services import call_lists, calls, clock, repair_flow, repair_visits, unit_lookup
from frontdesk.services.call_lists import ContactFilter
from frontdesk.services.calls import ContactInput


def _staff_id(session, name="张丽"):
    return session.scalar(select(Staff.id).where(Staff.name == name))


def _some_unit(session):
    return session.scalars(select(Unit).where(Unit.handover_state == "已收房").order_by(Unit.id)).first()


def test_a_call_is_logged_with_its_owner_and_shows_first_in_the_ledger(demo_db, frozen_now):
    with demo_db.session("张丽", system=True) as s:
        unit = _some_unit(s)
        saved = calls.log_contact(s, ContactInput(content="厨房水管漏水", category="咨询", unit_text=unit.code,
                                                  caller_name="王先生", phone="13812345678"), _staff_id(s))
    with demo_db.session(system=True) as s:
        contact = s.get(Contact, saved.id)
        assert contact.owner.name == "张丽" and contact.unit.code == unit.code
        assert contact.occurred_at == frozen_now and contact.status == "已办结"
        top = call_lists.list_contacts(s, ContactFilter(), limit=1)[0]
        assert top.id == saved.id and top.content == "厨房水管漏水"


@pytest.mark.parametrize("data, field", [
    (ContactInput(content=""), "content"),
    (ContactInput(content="x", phone="1381234abcd"), "phone"),
    (ContactInput(content="x", unit_text="张三李四王五"), "unit"),
])
def test_bad_input_saves_nothing(demo_db, frozen_now, data, field):
    with demo_db.session(system=True) as s:
        before = s.query(Contact).count()
        with pytest.raises(ValidationError) as info:
            calls.log_contact(s, data, _staff_id(s))
        assert field in info.value.errors
        assert s.query(Contact).count() == before


def test_a_time_in_the_future_is_refused(demo_db, frozen_now):
    with pytest.raises(ValidationError) as info, demo_db.session(system=True) as s:
        calls.log_contact(s, ContactInput(content="x", occurred_at=frozen_now + timedelta(hours=2)), _staff_id(s))
    assert "晚于现在" in info.value.errors["occurred_at"]


def test_an_unknown_unit_code_offers_to_create_it(demo_db, frozen_now):
    with pytest.raises(unit_lookup.UnitNotFound) as info, demo_db.session(system=True) as s:
        calls.log_contact(s, ContactInput(content="x", unit_text="9-9-9-0909"), _staff_id(s))
    assert info.value.code == "9-9-9-0909"
    assert "新建" in info.value.errors["unit"]


def test_a_complaint_call_opens_a_complaint_with_deadlines(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        saved = calls.log_contact(s, ContactInput(content="楼上噪音", category="投诉"), _staff_id(s))
    with demo_db.session(system=True) as s:
        complaint = s.get(Complaint, saved.complaint_id)
        assert complaint.first_action_due == frozen_now + timedelta(hours=24)
        assert complaint.close_due == frozen_now + timedelta(hours=72)
        assert complaint.contact.status == "处理中"


def test_a_new_phone_is_attached_to_the_person(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        unit = _some_unit(s)
        person_id = unit.occupancies[0].person_id
        calls.log_contact(s, ContactInput(content="x", unit_id=unit.id, person_id=person_id, phone="13700007777",
                                          attach_phone=True), _staff_id(s))
    with demo_db.session(system=True) as s:
        assert "13700007777" in [p.phone for p in s.get(Person, person_id).phones]


def test_repeat_caller_after_three_contacts_in_seven_days(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        unit = s.scalars(select(Unit).where(~Unit.id.in_(select(Contact.unit_id).where(Contact.unit_id.is_not(None))))
                         .where(Unit.handover_state == "已收房")).first()
        assert not call_lists.caller_history(s, unit_id=unit.id).repeat_caller
        for days_ago in (6, 3, 1):
            calls.log_contact(s, ContactInput(content="再次反映门禁坏了", unit_id=unit.id,
                                              occurred_at=frozen_now - timedelta(days=days_ago)), _staff_id(s))
        history = call_lists.caller_history(s, unit_id=unit.id)
        assert history.repeat_caller and history.contacts_in_window == 3
        assert "7 天内第 3 次" in history.repeat_reason


def test_an_open_matter_also_flags_the_caller(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        calls.log_contact(s, ContactInput(content="下水道堵了", status="处理中", phone="13611112222"), _staff_id(s))
        history = call_lists.caller_history(s, phone="136 1111 2222")
        assert history.repeat_caller and len(history.open_matters) == 1


def test_hand_over_keeps_the_owner_and_reaches_the_colleagues_todo(demo_db, frozen_now):
    with demo_db.session("张丽", system=True) as s:
        me, colleague = _staff_id(s, "张丽"), _staff_id(s, "王芳")
        saved = calls.log_contact(s, ContactInput(content="需要开发票", status="处理中"), me)
        before = call_lists.rows_for(s, [saved.id])[0]
        assert before.handled_by == "张丽", "not handed over: the person who took it holds it"
    with pytest.raises(ValidationError), demo_db.session("张丽", system=True) as s:
        calls.hand_over(s, saved.id, "张丽", reason="")
    with demo_db.session("张丽", system=True) as s:
        calls.hand_over(s, saved.id, "张丽", "财务开票", to_staff_id=colleague)
    with demo_db.session(system=True) as s:
        assert s.get(Contact, saved.id).owner_id == me
        theirs = call_lists.my_open_matters(s, colleague)
        assert saved.id in [r.id for r in theirs]
        row = next(r for r in theirs if r.id == saved.id)
        assert row.owner == "张丽" and row.handled_by == "王芳"
        mine = call_lists.my_open_matters(s, me)
        assert saved.id in [r.id for r in mine]
        assert [r.occurred_at for r in mine] == sorted(r.occurred_at for r in mine)


def test_old_open_matters_are_overdue(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        saved = calls.log_contact(s, ContactInput(content="x", status="处理中",
                                                  occurred_at=frozen_now - timedelta(hours=3)), _staff_id(s))
        assert not call_lists.rows_for(s, [saved.id])[0].overdue
    clock.freeze(frozen_now + timedelta(days=3))
    with demo_db.session(system=True) as s:
        assert call_lists.rows_for(s, [saved.id])[0].overdue


def test_day_counters_count_by_channel(db):
    clock.freeze(datetime(2026, 3, 2, 15, 0))
    with db.session(system=True) as s:
        admin = _staff_id(s, "管理员")
        for channel in ("电话", "电话", "来访", "回访"):
            calls.log_contact(s, ContactInput(content="x", channel=channel), admin)
        calls.log_contact(s, ContactInput(content="y", status="处理中"), admin)
        counters = call_lists.day_counters(s)
    assert (counters.calls, counters.visits, counters.return_visits, counters.open_matters) == (3, 1, 1, 1)
    assert (counters.target_calls, counters.target_visits, counters.target_return_visits) == (70, 30, 20)


def test_ledger_filters_in_sql(demo_db, frozen_now):
    with demo_db.session(system=True) as s:  # one call this morning, whatever the demo drew for today
        calls.log_contact(s, ContactInput(content="询问停水时间", category="咨询"), _staff_id(s))
    with demo_db.session(system=True) as s:
        total = call_lists.count_contacts(s, ContactFilter())
        complaints_only = call_lists.list_contacts(s, ContactFilter(category="投诉"), limit=1000)
        assert complaints_only and all(r.category == "投诉" for r in complaints_only)
        visits = call_lists.count_contacts(s, ContactFilter(channel="来访"))
        assert 0 < visits < total
        today = call_lists.count_contacts(s, ContactFilter(date_from=frozen_now.date(), date_to=frozen_now.date()))
        assert 0 < today < total


def test_a_return_visit_about_a_repair_or_complaint_opens_no_new_matter(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        owner = _staff_id(s)
        for category in ("报修", "投诉"):
            saved = calls.log_contact(s, ContactInput(content="回访处理情况，业主满意", channel="回访",
                                                      category=category), owner)
            contact = s.get(Contact, saved.id)
            assert saved.complaint_id is None and contact.repair_order_id is None and contact.complaint is None
            assert contact.status == "已办结", "a follow-up call is done when it is logged"


@pytest.mark.parametrize("category, matter", [("报修", "报修单"), ("投诉", "投诉单")])
def test_a_call_that_opens_a_matter_cannot_be_logged_as_done(demo_db, frozen_now, category, matter):
    with demo_db.session(system=True) as s:
        before = s.query(Contact).count()
        with pytest.raises(ValidationError) as info:
            calls.log_contact(s, ContactInput(content="楼道灯不亮", category=category, status="已办结"), _staff_id(s))
        assert s.query(Contact).count() == before
    assert info.value.errors["status"] == f"{category}要等{matter}办完、回访后才办结，请选“处理中”"


def test_a_repair_call_stays_in_my_todo_until_its_order_is_done_and_visited(demo_db, frozen_now):
    with demo_db.session("张丽", system=True) as s:
        me, technician = _staff_id(s, "张丽"), _staff_id(s, "周建国")
        saved = calls.log_contact(s, ContactInput(content="卫生间漏水到楼下", category="报修",
                                                  unit_text=_some_unit(s).code), me)
    assert saved.status == "处理中" and saved.repair_number.startswith("BX-")
    with demo_db.session(system=True) as s:
        contact = s.get(Contact, saved.id)
        assert contact.status == "处理中" and contact.closed_at is None
        assert saved.id in [r.id for r in call_lists.my_open_matters(s, me)]
        order_id = contact.repair_order_id
    for close in (lambda s: calls.close_contact(s, saved.id, "已通知工程部"),
                  lambda s: calls.update_contact(s, saved.id, replace(calls.input_of(calls.get_contact(s, saved.id)),
                                                                      status="已办结"),
                                                 s.get(Contact, saved.id).version)):
        with pytest.raises(ValidationError) as info, demo_db.session("张丽", system=True) as s:
            close(s)
        assert info.value.errors["status"] == f"报修单 {saved.repair_number} 还是“待派工”，维修完工后这条来电才能办结"

    with demo_db.session("张丽", system=True) as s:
        repair_flow.dispatch(s, order_id, technician, "张丽")
        repair_flow.start(s, order_id, "周建国")
        repair_flow.finish(s, order_id, repair_flow.FinishInput(result="更换防水层"), "周建国")
    with demo_db.session(system=True) as s:
        assert s.get(Contact, saved.id).status == "待回访"
        assert saved.id in [r.id for r in call_lists.my_open_matters(s, me)], "the return visit is still to come"
    with demo_db.session("李娜", system=True) as s:
        repair_visits.record(s, order_id, "满意", "业主说不漏了", "李娜")
    with demo_db.session(system=True) as s:
        contact = s.get(Contact, saved.id)
        assert contact.status == "已办结" and contact.closed_at == frozen_now
        assert saved.id not in [r.id for r in call_lists.my_open_matters(s, me)]


def test_a_complaint_call_is_never_switched_silently(demo_db, frozen_now):
    """What the form sends is what is stored: a 投诉 is open because it says so, not changed behind it."""
    with demo_db.session(system=True) as s:
        saved = calls.log_contact(s, ContactInput(content="楼上装修噪音", category="投诉", status="处理中"),
                                  _staff_id(s))
        other = calls.log_contact(s, ContactInput(content="物业费咨询", category="咨询"), _staff_id(s))
    assert saved.status == "处理中" and other.status == "已办结"
    with demo_db.session(system=True) as s:
        data = calls.input_of(calls.get_contact(s, other.id))
        with pytest.raises(ValidationError) as info:  # made a 投诉 afterwards, still marked 已办结
            calls.update_contact(s, other.id, replace(data, category="投诉"), s.get(Contact, other.id).version)
        assert "投诉单" in info.value.errors["status"]
        assert calls.get_contact(s, other.id).complaint is None
