"""登录: sign in with a password; a new database first sets up its administrator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import users
from frontdesk.services.staff import StaffRef
from frontdesk.ui import messages
from frontdesk.ui.context import sign_in_session


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.Password)
    return edit


class SignInDialog(QDialog):
    """After exec(): `signed_in` holds users.SignedIn, or None if the person cancelled."""

    def __init__(self, db, parent=None, preset_name: str = ""):
        super().__init__(parent)
        self.db = db
        self.signed_in: users.SignedIn | None = None
        with sign_in_session(db) as session:
            self.first_start = not users.accounts_exist(session)
            names = users.sign_in_names(session)
            demo = None if self.first_start else users.demo_accounts(session)
        self.setWindowTitle("设置管理员账号" if self.first_start else "登录 物业客服前台")
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(names or ["管理员"])
        if preset_name:
            self.name.setCurrentText(preset_name)
        self.password = _password_edit()
        self.password.setObjectName("password")
        self.repeat = _password_edit()
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        # Its own lines, reserved: a long lock-out message never squeezes the fields.
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 2 + 4)
        self.error.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.demo_hint.setStyleSheet("background: #fff8e1; border: 1px solid #ffe082; padding: 6px;")
        if demo:
            people, password = demo
            by_role: dict[str, list[str]] = {}
            for name, role in people:
                by_role.setdefault(role, []).append(name)
            listing = "；".join(f"{role} {'、'.join(names)}" for role, names in by_role.items())
            self.demo_hint.setText(f"这是演示数据库，可用演示账号登录，密码都是 {password}。\n{listing}")
        self.demo_hint.setVisible(bool(demo))
        form = QFormLayout()
        form.addRow("姓名", self.name)
        form.addRow("密码", self.password)
        if self.first_start:
            form.addRow("再输一次", self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("设置并登录" if self.first_start else "登录")
        buttons.button(QDialogButtonBox.Cancel).setText("退出")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(440)
        title = QLabel("物业客服前台")
        title.setStyleSheet("font-size: 20px; font-weight: bold; color: #1565c0; padding: 6px 0;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if self.first_start:
            layout.addWidget(QLabel("这是新的数据库。请设置管理员的姓名和密码（至少 6 位），以后用它登录和管理账号。"))
        layout.addWidget(self.demo_hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password.setFocus()

    def submit(self) -> None:
        name, password = self.name.currentText().strip(), self.password.text()
        try:
            with sign_in_session(self.db, name or "登录") as session:
                if self.first_start:
                    if password != self.repeat.text():
                        raise ValidationError({"repeat": "两次输入的密码不一致，请重新输入"})
                    users.setup_administrator(session, name, password)
                self.signed_in = users.sign_in(session, name, password)
        except ValidationError as exc:
            self.error.setText("；".join(exc.errors.values()))
            return
        except DomainError as exc:
            self.error.setText(exc.message)
            self.password.selectAll()
            return
        self.accept()


def ask_sign_in(db, parent=None, preset_name: str = "") -> StaffRef | None:
    dialog = SignInDialog(db, parent, preset_name)
    if dialog.exec() != QDialog.Accepted or dialog.signed_in is None:
        return None
    signed = dialog.signed_in
    with sign_in_session(db) as session:
        notes = users.shift_notes_since(session, signed.previous_sign_in)
    if notes:
        messages.info(parent, "交接班留言：\n\n" + "\n\n".join(
            f"{who}（{at:%m-%d %H:%M}）：{note or '（无留言）'}" + (f"\n未办结事项：\n{open_}" if open_ else "")
            for who, at, note, open_ in notes))
    if signed.must_change_password:
        messages.info(parent, "管理员为您重置了密码，请在“文件 → 修改密码”中改成只有您知道的密码。")
    return signed.user
