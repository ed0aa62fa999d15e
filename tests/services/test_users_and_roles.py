"""Accounts, lock-out, roles enforced in the services, and the audit trail."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from frontdesk.db.models import Staff, Unit
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import audit_log, calls, clock, units, users
from frontdesk.services.users import SignInRefused


def test_demo_accounts_sign_in_and_five_failures_lock_for_five_minutes(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        signed = users.sign_in(s, "张丽", "123456")
        assert signed.user.role == "前台客服"
    for attempt in range(1, 5):
        with pytest.raises(SignInRefused, match=f"再错 {5 - attempt} 次"), demo_db.session(system=True) as s:
            users.sign_in(s, "张丽", "wrong")
    with pytest.raises(SignInRefused, match="锁定"), demo_db.session(system=True) as s:
        users.sign_in(s, "张丽", "wrong")
    with pytest.raises(SignInRefused, match="分钟后再试"), demo_db.session(system=True) as s:
        users.sign_in(s, "张丽", "123456")
    clock.freeze(frozen_now + timedelta(minutes=6))
    with demo_db.session(system=True) as s:
        assert users.sign_in(s, "张丽", "123456").user.name == "张丽"


def test_change_and_reset_password(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        zhang = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
    with pytest.raises(ValidationError), demo_db.session(system=True) as s:
        users.change_password(s, zhang, "wrong", "abcdefg")
    with pytest.raises(ValidationError), demo_db.session(system=True) as s:
        users.change_password(s, zhang, "123456", "123")
    with demo_db.session(system=True) as s:
        users.change_password(s, zhang, "123456", "new-secret")
        assert users.sign_in(s, "张丽", "new-secret")
    with pytest.raises(PermissionDenied), demo_db.session("王芳", "前台客服") as s:
        users.reset_password(s, zhang, "reset-1")
    with demo_db.session("管理员", "管理员") as s:
        users.reset_password(s, zhang, "reset-1")
    with demo_db.session(system=True) as s:
        assert users.sign_in(s, "张丽", "reset-1").must_change_password


def test_first_start_sets_up_the_administrator(db):
    with db.session(system=True) as s:
        assert not users.accounts_exist(s)
        users.setup_administrator(s, "管理员", "admin-pass")
        assert users.sign_in(s, "管理员", "admin-pass").user.role == "管理员"


def test_a_receptionist_is_refused_what_is_not_hers(demo_db, frozen_now):
    with pytest.raises(PermissionDenied) as info, demo_db.session("张丽", "前台客服") as s:
        users.add_user(s, "新同事", "前台客服")
    assert "前台客服" in info.value.message and "管理员" in info.value.message
    with pytest.raises(PermissionDenied), demo_db.session("张丽", "前台客服") as s:
        audit_log.count_entries(s, audit_log.AuditFilter())
    with pytest.raises(PermissionDenied), demo_db.session("周建国", "维修工") as s:
        unit = s.scalars(select(Unit)).first()
        units.save_unit(s, units.unit_input_of(unit), unit.id)
    with pytest.raises(PermissionDenied), demo_db.session("周建国", "维修工") as s:
        calls.log_contact(s, calls.ContactInput(content="x"), 1)
    with demo_db.session("张丽", "前台客服") as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        calls.log_contact(s, calls.ContactInput(content="咨询停车"), owner)


def test_every_change_is_in_the_audit_trail(demo_db, frozen_now):
    with demo_db.session("张丽", "前台客服") as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        saved = calls.log_contact(s, calls.ContactInput(content="原内容", status="处理中"), owner)
    with demo_db.session("张丽", "前台客服") as s:
        contact = calls.get_contact(s, saved.id)
        data, version = calls.input_of(contact), contact.version
    data.content = "改后的内容"
    with demo_db.session("张丽", "前台客服") as s:
        calls.update_contact(s, saved.id, data, version)
    with demo_db.session("吴海燕", "客服主管") as s:
        rows = audit_log.list_entries(s, audit_log.AuditFilter(table_name="contacts", record_id=saved.id))
    assert [r.action for r in rows] == ["修改", "新建"]
    assert "原内容 → 改后的内容" in rows[0].changes and rows[0].actor == "张丽"


def test_a_collector_is_refused_issuing_a_notice_and_a_receptionist_editing_its_template(demo_db, frozen_now):
    from frontdesk.services import notice_text, violation_notices, violations

    with demo_db.session(system=True) as s:
        violation_id = violations.list_violations(s, violations.ViolationFilter(), limit=1)[0].id
        draft = violation_notices.draft(s, violation_id)
    with pytest.raises(PermissionDenied, match="开具整改通知书"), demo_db.session("刘洋", "收费员") as s:
        violation_notices.issue_notice(s, violation_id, draft)
    with pytest.raises(PermissionDenied, match="修改设置"), demo_db.session("张丽", "前台客服") as s:
        notice_text.save_template(s, 1, notice_text.template_of(s, 1))


def test_training_records_and_assessments_are_the_supervisors(demo_db, frozen_now):
    from frontdesk.services.training import assessment, slogans

    with pytest.raises(PermissionDenied, match="修改培训记录"), demo_db.session("张丽", "前台客服") as s:
        slogans.add_slogan(s, frozen_now.date(), "主动、热情、耐心")
    with pytest.raises(PermissionDenied, match="月度考核"), demo_db.session("张丽", "前台客服") as s:
        assessment.confirm_month(s, "2026-10", "张丽")


def test_a_shift_note_is_read_by_the_desk_that_takes_over_and_the_supervisor(demo_db, frozen_now):
    """王芳 (前台客服) signs out with a note: 李娜 (前台客服) and 吴海燕 (客服主管) read it at sign-in;
    刘洋 (收费员) does not, nor does 王芳 herself when she signs in again."""
    with demo_db.session(system=True) as s:
        wang = users.sign_in(s, "王芳", "123456")
        users.leave_shift_note(s, wang.user.id, "3-2-1502 漏水下午师傅上门", ["12-01 3-2-1502 报修：卫生间漏水"])
    readers = {}
    for name in ("李娜", "吴海燕", "刘洋", "王芳"):
        with demo_db.session(system=True) as s:
            signed = users.sign_in(s, name, "123456")
            readers[name] = [note for _who, _at, note, _open in users.shift_notes_since(
                s, signed.user, frozen_now - timedelta(minutes=1))]
    assert readers["李娜"] == readers["吴海燕"] == ["3-2-1502 漏水下午师傅上门"]
    assert readers["刘洋"] == [] and readers["王芳"] == []
