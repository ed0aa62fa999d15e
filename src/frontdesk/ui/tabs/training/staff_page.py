"""员工: the desk's staff with post, hire date and whether they still work here; their training file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.staff import ROLES
from frontdesk.errors import DomainError, ValidationError
from frontdesk.services.training import people
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.training.helpers import cell, date_edit, selected_data, to_date
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.tables import simple_table
from frontdesk.ui.widgets.unsaved import GuardedDialog


class StaffDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, staff_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.staff_id, self.saved_id = ctx, staff_id, None
        self.setWindowTitle("编辑员工" if staff_id else "新增员工")
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItems(ROLES)
        self.post = QLineEdit()
        self.post.setPlaceholderText("如 前台客服、领班；不填则与角色相同")
        self.phone = QLineEdit()
        self.has_hire_date = QCheckBox("入职日期")
        self.hire_date = date_edit()
        self.hire_date.setEnabled(False)
        self.has_hire_date.toggled.connect(self.hire_date.setEnabled)
        self.active = QCheckBox("在职（离职后取消勾选，记录仍保留）")
        self.active.setChecked(True)
        self.errors = FieldErrors()
        form = QFormLayout(self)
        for label, name, widget in (("姓名", "name", self.name), ("角色", "role", self.role),
                                    ("岗位", "post", self.post), ("电话", "phone", self.phone)):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
        form.addRow(self.has_hire_date, self.hire_date)
        form.addRow("", self.errors.add("hire_date", self.hire_date))
        form.addRow("", self.active)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.version = None
        if staff_id is not None:
            self._fill()
        self.remember_input()

    def _fill(self) -> None:
        with self.ctx.session() as session:
            record = people.get_record(session, self.staff_id)
        self.version = record.version
        self.name.setText(record.name)
        self.role.setCurrentText(record.role)
        self.post.setText(record.post)
        self.phone.setText(record.phone)
        if record.hire_date:
            self.has_hire_date.setChecked(True)
            self.hire_date.setDate(record.hire_date)
        self.active.setChecked(record.active)

    def data(self) -> people.StaffInput:
        return people.StaffInput(
            self.name.text(), self.role.currentText(), self.post.text(), self.phone.text(),
            to_date(self.hire_date.date()) if self.has_hire_date.isChecked() else None, self.active.isChecked())

    def save(self) -> None:
        try:
            with self.ctx.session() as session:
                self.saved_id = people.save_staff(session, self.data(), self.staff_id, self.version)
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                messages.warning(self, message)
            return
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.ctx.events.changed.emit(Topic.STAFF)
        self.accept()


class StaffPage(QWidget):
    title = "员工"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = simple_table(["姓名", "角色", "岗位", "电话", "入职日期", "状态"])
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.show_left = QCheckBox("显示离职员工")
        self.show_left.setChecked(True)
        self.show_left.toggled.connect(lambda _c: self.load())
        add = QPushButton("新增员工")
        add.clicked.connect(self.add_staff)
        edit = QPushButton("编辑")
        edit.clicked.connect(self.edit_selected)
        pdf = QPushButton("培训档案 PDF…")
        pdf.clicked.connect(self.export_file)
        bar = QHBoxLayout()
        for widget in (add, edit, pdf):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.show_left)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("双击编辑；离职员工不能再登记培训和检查，其记录仍可查看和打印。"))

    def load(self) -> None:
        with self.ctx.session() as session:
            records = people.list_staff(session, include_left=self.show_left.isChecked())
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            values = (r.name, r.role, r.post, r.phone, r.hire_date.isoformat() if r.hire_date else "", r.state)
            for column, value in enumerate(values):
                self.table.setItem(row, column, cell(value, data=r.id if column == 0 else None))
        self.table.resizeColumnsToContents()

    def add_staff(self) -> None:
        StaffDialog(self.ctx, parent=self).exec()

    def edit_selected(self) -> None:
        staff_id = selected_data(self.table)
        if staff_id is None:
            messages.info(self, "请先在列表中选中一位员工。")
            return
        StaffDialog(self.ctx, staff_id, parent=self).exec()

    def export_file(self) -> None:
        staff_id = selected_data(self.table)
        if staff_id is None:
            messages.info(self, "请先选中要打印培训档案的员工。")
            return
        name = self.table.item(self.table.currentRow(), 0).text()
        path, _ = file_dialogs.get_save_file_name(self, "保存培训档案", f"培训档案_{name}.pdf", "PDF 文件 (*.pdf)")
        if path:
            self.write_file(staff_id, path)

    def write_file(self, staff_id: int, path: str):
        from frontdesk.services import exports

        open_session = self.ctx.session_opener()

        def work(_progress):
            with open_session() as session:
                return exports.training_file(session, staff_id, path)

        return run_task(self, "正在生成培训档案…", work,
                        lambda _r: messages.info(self, f"培训档案已保存到 {path}"),
                        lambda text: messages.warning(self, text))
