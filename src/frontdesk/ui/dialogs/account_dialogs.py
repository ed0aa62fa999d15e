"""修改密码 for everyone; 用户管理 for the administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.db.models.staff import ROLES
from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import users
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.table_model import display
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import simple_table
from frontdesk.ui.widgets.unsaved import GuardedDialog


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.Password)
    return edit


class ChangePasswordDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("修改密码")
        self.old, self.new, self.repeat = _password(), _password(), _password()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        form = QFormLayout()
        form.addRow("原密码", self.old)
        form.addRow("新密码（至少 6 位）", self.new)
        form.addRow("再输一次", self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.remember_input()

    def submit(self) -> None:
        if self.new.text() != self.repeat.text():
            self.error.setText("两次输入的新密码不一致")
            return
        try:
            with self.ctx.session() as session:
                users.change_password(session, self.ctx.user.id, self.old.text(), self.new.text())
        except ValidationError as exc:
            self.error.setText("；".join(exc.errors.values()))
            return
        except DomainError as exc:
            self.error.setText(exc.message)
            return
        messages.info(self, "密码已修改，下次登录请使用新密码。")
        self.accept()


class UserAdminDialog(GuardedDialog):
    COLUMNS = ("姓名", "岗位", "在职", "账号", "锁定至", "上次登录")

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("用户管理")
        fit_to_screen(self, 760, 480)
        self.table = simple_table(self.COLUMNS)
        self.name = QLineEdit()
        self.name.setPlaceholderText("新同事姓名")
        self.role = QComboBox()
        self.role.addItems(ROLES)
        add = QPushButton("添加用户")
        add.clicked.connect(self.add_user)
        reset = QPushButton("重置密码…")
        reset.clicked.connect(self.reset_password)
        toggle = QPushButton("停用/启用")
        toggle.clicked.connect(self.toggle_active)
        row = QHBoxLayout()
        for widget in (self.name, self.role, add):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(reset)
        row.addWidget(toggle)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.rows: list[users.AccountRow] = []
        self.reload()
        self.remember_input(self.name, self.role)  # a new colleague typed and not yet added

    def reload(self) -> None:
        with self.ctx.session() as session:
            self.rows = users.list_accounts(session)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            values = (row.name, row.role, "是" if row.active else "否", "有" if row.has_account else "无",
                      display(row.locked_until), display(row.last_sign_in))
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))

    def _selected(self) -> users.AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "请先选中一位员工。")
            return None
        return self.rows[rows[0].row()]

    def _run(self, action) -> bool:
        try:
            with self.ctx.session() as session:
                action(session)
        except ValidationError as exc:
            messages.warning(self, "；".join(exc.errors.values()))
            return False
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        self.reload()
        return True

    def add_user(self) -> None:
        made = {}

        def create(session):
            made["ref"], made["initial"] = users.add_user(session, self.name.text(), self.role.currentText())

        if self._run(create):
            messages.info(self, f"已添加 {made['ref'].name}，初始密码：{made['initial']}\n请告诉本人，首次登录后修改密码。")
            self.name.clear()
            self.remember_input(self.name, self.role)

    def reset_password(self) -> None:
        row = self._selected()
        if row is None:
            return
        new = messages.ask_text(self, f"给 {row.name} 设置新密码（至少 6 位，本人登录后需修改）：")
        if new is not None and self._run(lambda s: users.reset_password(s, row.staff_id, new)):
            messages.info(self, f"{row.name} 的密码已重置。")

    def toggle_active(self) -> None:
        row = self._selected()
        if row is not None:
            self._run(lambda s: users.set_active(s, row.staff_id, not row.active))


def open_user_admin(window) -> None:
    UserAdminDialog(window.ctx, window).exec()
