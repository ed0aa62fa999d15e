from sqlalchemy import select

from frontdesk.db.models import Staff
from frontdesk.services.staff import StaffRef
from frontdesk.ui.dialogs.account_dialogs import UserAdminDialog
from frontdesk.ui.dialogs.audit_dialog import AuditDialog
from frontdesk.ui.dialogs.backup_dialog import BackupDialog


def _as(window, demo_db, name):
    with demo_db.session(system=True) as s:
        staff = s.scalar(select(Staff).where(Staff.name == name))
        window.ctx.user = StaffRef(staff.id, staff.name, staff.role)


def test_the_audit_log_is_for_the_supervisor(window, qtbot, demo_db, answers):
    dialog = AuditDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert not dialog.load()
    assert any("不能查看操作日志" in t for t in answers.texts("warning"))
    _as(window, demo_db, "吴海燕")
    dialog = AuditDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.load() and dialog.model.total > 0


def test_the_administrator_adds_a_user_with_a_one_time_password(window, qtbot, demo_db, answers):
    _as(window, demo_db, "管理员")
    dialog = UserAdminDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.name.setText("钱七")
    dialog.role.setCurrentText("收费员")
    dialog.add_user()
    assert any("初始密码" in t for t in answers.texts("info"))
    assert "钱七" in [r.name for r in dialog.rows]


def test_backup_and_restore_are_for_the_administrator(window, qtbot, demo_db, tmp_path, answers):
    dialog = BackupDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.backup_to(tmp_path / "x.db") is None
    assert any("管理员" in t for t in answers.texts("warning"))
    _as(window, demo_db, "管理员")
    dialog.backup_to(tmp_path / "x.db")
    qtbot.waitUntil(lambda: any("已备份到" in t for t in answers.texts("info")), timeout=10_000)
    assert (tmp_path / "x.db").stat().st_size > 0
