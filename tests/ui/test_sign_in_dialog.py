"""Sign-in: an empty password is no attempt, the lock-out has its own lines, the demo accounts are named;
at start the dialog takes typing before the database is open and loses none of it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import select
from tests.conftest import type_text

from frontdesk.db.models import Staff, UserAccount
from frontdesk.ui.dialogs.sign_in import SignInDialog, read_sign_in_facts


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
    assert "收费员：刘洋、赵敏" in dialog.demo_hint.text().splitlines()  # a role a line: no name broken in two
    real = SignInDialog(db, None)
    qtbot.addWidget(real)
    assert not real.demo_hint.isVisibleTo(real)


def _opening(qtbot, preset_name=""):
    """The dialog as the start shows it: the database is still opening in the background."""
    dialog = SignInDialog(None, None, preset_name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_sign_in_pressed_while_the_database_opens_goes_through_once_it_is_open(qtbot, demo_db, frozen_now):
    dialog = _opening(qtbot, "王芳")
    qtbot.keyClicks(dialog.password, "123456")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert dialog.isVisible() and dialog.signed_in is None
    assert "正在打开数据库" in dialog.error.text()
    dialog.database_ready(demo_db, read_sign_in_facts(demo_db))
    assert dialog.result() == QDialog.Accepted and dialog.signed_in.user.name == "王芳"
    assert _failures(demo_db) == 0


def test_what_was_typed_before_the_database_opened_stays_and_the_demo_accounts_appear(qtbot, demo_db, frozen_now):
    dialog = _opening(qtbot)
    assert not dialog.demo_hint.isVisibleTo(dialog)
    dialog.name.lineEdit().clear()
    type_text(qtbot, dialog.name.lineEdit(), "李")
    qtbot.keyClicks(dialog.password, "12")
    dialog.database_ready(demo_db, read_sign_in_facts(demo_db))
    assert dialog.name.currentText() == "李" and dialog.password.text() == "12"
    assert "王芳" in [dialog.name.itemText(i) for i in range(dialog.name.count())]
    assert dialog.demo_hint.isVisibleTo(dialog) and "123456" in dialog.demo_hint.text()
    assert dialog.isVisible() and dialog.signed_in is None  # nothing was sent: 登录 was not pressed


def test_a_new_database_found_while_the_dialog_shows_asks_for_the_administrator(qtbot, db):
    dialog = _opening(qtbot)
    assert dialog.windowTitle() == "登录 物业客服前台" and not dialog.repeat.isVisibleTo(dialog)
    dialog.database_ready(db, read_sign_in_facts(db))
    assert dialog.first_start and dialog.windowTitle() == "设置管理员账号"
    assert dialog.repeat.isVisibleTo(dialog) and dialog.new_database_note.isVisibleTo(dialog)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "设置并登录"


def test_a_database_that_fails_to_open_closes_the_dialog_with_its_error(qtbot):
    dialog = _opening(qtbot)
    failure = OSError(13, "Permission denied", "/只读/frontdesk.db")
    dialog.database_failed(failure)
    assert not dialog.isVisible() and dialog.result() == QDialog.Rejected and dialog.failure is failure


def test_the_demo_accounts_found_after_the_dialog_showed_are_shown_whole(qtbot, demo_db, frozen_now):
    dialog = _opening(qtbot)
    dialog.database_ready(demo_db, read_sign_in_facts(demo_db))
    qtbot.waitUntil(lambda: dialog.demo_hint.height() >= dialog.demo_hint.heightForWidth(dialog.demo_hint.width()))
    assert "管理员" in dialog.demo_hint.text()


def test_buttons_keep_their_names_when_qt_translation_arrives_after_the_dialog(qtbot, demo_db, frozen_now):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    dialog = _opening(qtbot)
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))  # reaches the button box after the dialog
    qtbot.waitUntil(lambda: dialog.buttons.button(QDialogButtonBox.Ok).text() == "登录")
    assert dialog.buttons.button(QDialogButtonBox.Cancel).text() == "退出"


def test_登录_clicked_without_a_password_puts_the_cursor_in_the_password_box(qtbot, demo_db, frozen_now):
    """Tab to 登录 and Space (or a click) with no password: the message, and the cursor back in 密码,
    not left on the button; a wrong password is selected there, to be typed over."""
    dialog = _dialog(qtbot, demo_db)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    login = dialog.buttons.button(QDialogButtonBox.Ok)
    login.setFocus()
    login.click()
    assert "请输入密码" in dialog.error.text() and dialog.focusWidget() is dialog.password
    dialog.password.setText("wrong")
    login.setFocus()
    login.click()
    assert dialog.focusWidget() is dialog.password and dialog.password.selectedText() == "wrong"
