"""登录: sign in with a password; a new database first sets up its administrator.

At start the dialog shows before the database is open (it imports only PySide6): the person types
while the database opens in the background, and `database_ready` fills in the names, the demo
accounts or the first administrator's set-up. A 登录 pressed before that waits for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

if TYPE_CHECKING:
    from frontdesk.db.engine import Database
    from frontdesk.services import users
    from frontdesk.services.staff import StaffRef

ERROR_STYLE = "color: #c62828;"
WAITING_STYLE = "color: #616161;"
OPENING_DATABASE = "正在打开数据库，请稍候…"


@dataclass(frozen=True)
class SignInFacts:
    """What the dialog shows from the database: a new database (set up its administrator), the names
    to sign in with, the demo accounts ((name, role) and their password) of a demo database."""

    first_start: bool
    names: list[str]
    demo: tuple[list[tuple[str, str]], str] | None


def read_sign_in_facts(db: Database) -> SignInFacts:
    """Qt-free: runs in the background at start."""
    first_start, names = read_sign_in_names(db)
    return SignInFacts(first_start, names, None if first_start else read_demo_accounts(db))


def read_sign_in_names(db: Database) -> tuple[bool, list[str]]:
    """Whether the database is new (no account yet), and the names to sign in with."""
    from frontdesk.services import users
    from frontdesk.ui.context import sign_in_session

    with sign_in_session(db) as session:
        return not users.accounts_exist(session), users.sign_in_names(session)


def read_demo_accounts(db: Database) -> tuple[list[tuple[str, str]], str] | None:
    """The demo accounts still on the demo password (checking it is a deliberately slow hash)."""
    from frontdesk.services import users
    from frontdesk.ui.context import sign_in_session

    with sign_in_session(db) as session:
        return users.demo_accounts(session)


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.Password)
    return edit


class SignInDialog(QDialog):
    """After exec(): `signed_in` holds users.SignedIn, or None if the person cancelled.

    Given no database, it waits for `database_ready` (or `database_failed`, which closes it and
    leaves the error in `failure`)."""

    def __init__(self, db: Database | None, parent=None, preset_name: str = ""):
        super().__init__(parent)
        self.db: Database | None = None
        self.signed_in: users.SignedIn | None = None
        self.failure: BaseException | None = None
        self.first_start = False
        self._submit_when_ready = False
        self.setWindowTitle("登录 物业客服前台")
        self.name = QComboBox()
        self.name.setEditable(True)
        if preset_name:
            self.name.setCurrentText(preset_name)
        self.password = _password_edit()
        self.password.setObjectName("password")
        self.repeat = _password_edit()
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        # Its own lines, reserved: a long lock-out message never squeezes the fields.
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 2 + 4)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setStyleSheet("background: #fff8e1; border: 1px solid #ffe082; padding: 6px;")
        self.demo_hint.setVisible(False)
        self.new_database_note = QLabel("这是新的数据库。请设置管理员的姓名和密码（至少 6 位），以后用它登录和管理账号。")
        self.new_database_note.setVisible(False)
        self.form = QFormLayout()
        self.form.addRow("姓名", self.name)
        self.form.addRow("密码", self.password)
        self.form.addRow("再输一次", self.repeat)
        self.form.setRowVisible(self.repeat, False)
        self.buttons = QDialogButtonBox()
        # Not the constructor taking the buttons: choosing that overload builds the Qt namespace's enums.
        self.buttons.setStandardButtons(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self._label_buttons()
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(440)
        title = QLabel("物业客服前台")
        title.setStyleSheet("font-size: 20px; font-weight: bold; color: #1565c0; padding: 6px 0;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.new_database_note)
        layout.addWidget(self.demo_hint)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.password.setFocus()
        if db is not None:
            self.database_ready(db, read_sign_in_facts(db))

    def database_ready(self, db: Database, facts: SignInFacts) -> None:
        """Fill in what the database says; what the person has typed meanwhile stays."""
        # The Qt namespace builds all its enums when first used: not before the dialog's first paint.
        from PySide6.QtCore import Qt

        self.db = db
        self.first_start = facts.first_start
        typed_name = self.name.currentText()
        self.name.addItems(facts.names or ["管理员"])
        if typed_name:
            self.name.setCurrentText(typed_name)
        if facts.first_start:
            self.setWindowTitle("设置管理员账号")
            self._label_buttons()
            self.new_database_note.setVisible(True)
            self.form.setRowVisible(self.repeat, True)
        if facts.demo:
            people, password = facts.demo
            by_role: dict[str, list[str]] = {}
            for name, role in people:
                by_role.setdefault(role, []).append(name)
            # A line per role: a name is never broken across two lines (“赵 / 敏”).
            listing = "\n".join(f"{role}：{'、'.join(names)}" for role, names in by_role.items())
            self.demo_hint.setText(f"这是演示数据库，可用演示账号登录，密码都是 {password}。\n{listing}")
            self.demo_hint.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.demo_hint.setVisible(True)
        # The dialog was laid out before these lines existed: grow it so the whole hint shows.
        self.adjustSize()
        if self._submit_when_ready:
            self._submit_when_ready = False
            self._show_error("")
            self.submit()

    def _label_buttons(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setText("设置并登录" if self.first_start else "登录")
        self.buttons.button(QDialogButtonBox.Cancel).setText("退出")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # Qt's translation, installed while the dialog is already up, renames the standard buttons
        # 确定/取消: the button box hears of it after the dialog, so name them again once it has.
        if event.type() == QEvent.Type.LanguageChange:
            QTimer.singleShot(0, self._label_buttons)

    def database_failed(self, exc: BaseException) -> None:
        """The database could not be opened: the dialog closes; the caller tells the person why."""
        self.failure = exc
        self.reject()

    def _show_error(self, text: str, style: str = ERROR_STYLE) -> None:
        from PySide6.QtCore import Qt

        self.error.setAlignment(Qt.AlignLeft | Qt.AlignTop)  # from its first line down, never centred
        self.error.setStyleSheet(style)
        self.error.setText(text)

    def submit(self) -> None:
        if self.db is None:  # still opening: signs in as soon as it is open
            self._submit_when_ready = True
            self._show_error(OPENING_DATABASE, WAITING_STYLE)
            return
        from frontdesk.errors import DomainError, ValidationError
        from frontdesk.services import users
        from frontdesk.ui.context import sign_in_session

        name, password = self.name.currentText().strip(), self.password.text()
        try:
            with sign_in_session(self.db, name or "登录") as session:
                if self.first_start:
                    if password != self.repeat.text():
                        raise ValidationError({"repeat": "两次输入的密码不一致，请重新输入"})
                    users.setup_administrator(session, name, password)
                self.signed_in = users.sign_in(session, name, password)
        except ValidationError as exc:
            self._show_error("；".join(exc.errors.values()))
            self._retype(self.repeat if set(exc.errors) == {"repeat"} else
                         self.name if "name" in exc.errors else self.password)
            return
        except DomainError as exc:
            self._show_error(exc.message)
            self._retype(self.name if not name else self.password)
            return
        self.accept()

    def _retype(self, field) -> None:
        """The cursor to the field to put right, its text selected (a button clicked took it away)."""
        field.setFocus()
        if hasattr(field, "selectAll"):
            field.selectAll()
        elif field.lineEdit() is not None:
            field.lineEdit().selectAll()


def ask_sign_in(db, parent=None, preset_name: str = "") -> StaffRef | None:
    dialog = SignInDialog(db, parent, preset_name)
    if dialog.exec() != QDialog.Accepted:
        return None
    return after_sign_in(dialog, parent)


def after_sign_in(dialog: SignInDialog, parent=None) -> StaffRef | None:
    """Once the dialog was accepted: the shift notes left since this person's last sign-in, and a
    reminder of a password the administrator reset. The signed-in person, or None if nobody is."""
    signed = dialog.signed_in
    if signed is None or dialog.db is None:
        return None
    from frontdesk.services import users
    from frontdesk.ui import messages
    from frontdesk.ui.context import sign_in_session

    with sign_in_session(dialog.db) as session:
        notes = users.shift_notes_since(session, signed.user, signed.previous_sign_in)
    if notes:
        messages.info(parent, "交接班留言：\n\n" + "\n\n".join(
            f"{who}（{at:%m-%d %H:%M}）：{note or '（无留言）'}" + (f"\n未办结事项：\n{open_}" if open_ else "")
            for who, at, note, open_ in notes))
    if signed.must_change_password:
        messages.info(parent, "管理员为您重置了密码，请在“文件 → 修改密码”中改成只有您知道的密码。")
    return signed.user
