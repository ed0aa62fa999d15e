"""工具 → 数据库设置…: this PC's own database file, or a shared PostgreSQL server for several desks.

The choice is stored in the local settings file (`db_url`) and takes effect at the next start.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from frontdesk import config
from frontdesk.db import server
from frontdesk.errors import ValidationError
from frontdesk.ui import messages
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.unsaved import GuardedDialog

RESTART_NOTE = "已保存。请关闭并重新打开前台系统，新的数据库设置才会生效。"


class DbSettingsDialog(GuardedDialog):
    def __init__(self, current_url: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("数据库设置")
        self.resize(520, 0)
        self.task = None
        self.local = QRadioButton("本机数据库（只有这一台电脑使用）")
        self.shared = QRadioButton("PostgreSQL 服务器（几个前台共用一个数据库）")
        choice = QButtonGroup(self)
        choice.addButton(self.local)
        choice.addButton(self.shared)

        self.host, self.database, self.user = QLineEdit(), QLineEdit(), QLineEdit()
        self.host.setPlaceholderText("例如 192.168.1.10")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.errors = FieldErrors()
        form = QFormLayout()
        for label, name, widget in (("服务器地址", "host", self.host), ("端口", "port", self.port),
                                    ("数据库名", "database", self.database), ("用户名", "user", self.user),
                                    ("密码", "password", self.password)):
            widget.setObjectName(f"db_{name}")
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel()
        self.result.setWordWrap(True)
        form.addRow(self.test_button, self.result)
        self.server_box = QGroupBox("服务器")
        self.server_box.setLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"当前使用：{config.DbLocation(current_url).display()}"))
        layout.addWidget(self.local)
        layout.addWidget(self.shared)
        layout.addWidget(self.server_box)
        layout.addWidget(buttons)
        self.shared.toggled.connect(self.server_box.setEnabled)
        self._fill(config.load_local_settings().get("db_url") or current_url)
        self.remember_input()  # the database in use is not typed work

    def _fill(self, url: str) -> None:
        fields = server.fields_of(url)
        self.shared.setChecked(fields is not None)
        self.local.setChecked(fields is None)
        self.server_box.setEnabled(fields is not None)
        fields = fields or server.ServerFields()
        self.host.setText(fields.host)
        self.port.setValue(fields.port)
        self.database.setText(fields.database)
        self.user.setText(fields.user)
        self.password.setText(fields.password)

    def fields(self) -> server.ServerFields:
        return server.ServerFields(host=self.host.text(), port=self.port.value(), database=self.database.text(),
                                   user=self.user.text(), password=self.password.text())

    def _url(self) -> str | None:
        """The server URL of the form, or None after showing what is missing at the fields."""
        self.errors.clear()
        try:
            return server.url_of(self.fields())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return None

    def test_connection(self) -> None:
        url = self._url()
        if url is None:
            return
        self.test_button.setEnabled(False)
        self.result.setText("正在连接…")

        def finished(text: str) -> None:
            self.test_button.setEnabled(True)
            self.result.setText(text)
            self.task = None

        self.task = run_task(self, "正在连接数据库服务器…", lambda _progress: server.check_connection(url),
                             on_done=finished, on_error=finished)

    def save(self) -> None:
        values = config.load_local_settings()
        if self.shared.isChecked():
            url = self._url()
            if url is None:
                return
            values["db_url"] = url
        else:
            values.pop("db_url", None)
        warning = config.save_local_settings(values)  # the password goes to the credential store
        if warning:
            messages.warning(self, warning)
        note = RESTART_NOTE
        if os.environ.get("FRONTDESK_DB"):
            note += "\n注意：环境变量 FRONTDESK_DB 已指定了数据库，它优先于这里的设置。"
        messages.info(self, note)
        self.accept()


def open_db_settings(window) -> None:
    DbSettingsDialog(window.ctx.db.url, window).exec()
