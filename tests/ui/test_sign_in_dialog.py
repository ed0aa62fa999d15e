"""Sign-in: an empty password is no attempt, the lock-out has its own lines, the demo accounts are named."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import Staff, UserAccount
from frontdesk.ui.dialogs.sign_in import SignInDialog


def _dialog(qtbot, db, name="王芳"):
    dialog = SignInDialog(db, None, name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _failures(db, name="王芳") -> int:
    with db.session(system=True) as s:
        staff_id = s.scalar(select(Staff.id).where(Staff.name == name))
        return s.scalar(select(UserAccount.failed_attempts).where(UserAccount.staff_id == staff_id))


def test_enter_with_an_empty_password_is_not_an_attempt(qtbot, demo_db, frozen_now):
    dialog = _dialog(qtbot, demo_db)
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert "请输入密码" in dialog.error.text() and dialog.signed_in is None
    assert _failures(demo_db) == 0
    qtbot.keyClicks(dialog.password, "123456")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert dialog.signed_in is not None and dialog.signed_in.user.name == "王芳"


def test_the_lock_out_message_has_its_own_lines_and_moves_no_field(qtbot, demo_db, frozen_now):
    dialog = _dialog(qtbot, demo_db)
    qtbot.wait(20)
    field = dialog.password.geometry()
    for _ in range(5):
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, "wrong-one")
        qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert "锁定" in dialog.error.text()
    qtbot.wait(20)
    assert dialog.password.geometry().height() == field.height()
    assert dialog.error.geometry().top() >= dialog.password.mapTo(dialog, dialog.password.rect().bottomLeft()).y()
    assert dialog.error.height() >= 2 * dialog.error.fontMetrics().lineSpacing()


def test_a_demo_database_names_its_accounts_and_password(qtbot, demo_db, db, frozen_now):
    dialog = _dialog(qtbot, demo_db)
    assert dialog.demo_hint.isVisible()
    assert "123456" in dialog.demo_hint.text() and "王芳" in dialog.demo_hint.text()
    real = SignInDialog(db, None)
    qtbot.addWidget(real)
    assert not real.demo_hint.isVisibleTo(real)
