"""First start: the administrator tells the desk which company signs its notices and letters."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from frontdesk.services import authz, company
from frontdesk.ui import file_dialogs
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.unsaved import GuardedDialog

LOGO_FILTER = "图片 (*.png *.jpg *.jpeg *.bmp *.gif)"


class CompanyDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("填写公司信息")
        self.errors = FieldErrors()
        with ctx.session() as session:
            current = company.profile(session)
        self.name = QLineEdit(current.name)
        self.name.setPlaceholderText("例如：某某物业服务有限公司")
        self.address = QLineEdit(current.address)
        self.phone = QLineEdit(current.phone)
        self.phone.setPlaceholderText("客服中心电话，例如 0513-88886666")
        self.logo = QLineEdit(current.logo)
        self.logo.setPlaceholderText("可不填")
        choose = QPushButton("选择…")
        choose.clicked.connect(self.choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(choose)
        form = QFormLayout()
        for label, widget, key in (("公司名称", self.name, "company_name"), ("地址", self.address, "company_address"),
                                   ("电话", self.phone, "desk_phone")):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(key, widget))
        form.addRow("标志图片", logo_row)
        form.addRow("", self.errors.add("company_logo", self.logo))
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("以后再填")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel("整改通知书和催缴函上印的是贵公司的名称、地址和电话。填好之前，这些文书不能打印；"
                      "以后可在“工具 → 设置”中修改。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.remember_input()  # what is already on record is not typed work

    def choose_logo(self) -> None:
        path, _filter = file_dialogs.get_open_file_name(self, "选择公司标志图片", "", LOGO_FILTER)
        if path:
            self.logo.setText(path)

    def save(self) -> bool:
        data = company.CompanyProfile(self.name.text(), self.address.text(), self.phone.text(), self.logo.text())
        if run_service_call(self, self.ctx, lambda s: company.save_profile(s, data), self.errors):
            self.ctx.events.changed.emit(Topic.SETTINGS)
            self.accept()
            return True
        return False


def ask_if_missing(ctx: AppContext, parent=None) -> CompanyDialog | None:
    """At the start: the administrator (or a supervisor) is asked while the company is not set up."""
    if not authz.allowed(ctx.user.role, "settings"):
        return None
    with ctx.session() as session:
        if company.is_set(session):
            return None
    dialog = CompanyDialog(ctx, parent)
    dialog.open()
    return dialog
