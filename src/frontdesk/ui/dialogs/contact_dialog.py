"""Open a contact: edit it (audited), hand it over (首问负责制), close it, or go to its complaint."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from frontdesk.db.models.contacts import CATEGORIES, CHANNELS, STATUSES
from frontdesk.services import calls, settings, staff
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.date_fields import DateTimeEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.step_box import StepBox, save_on_ctrl_enter
from frontdesk.ui.widgets.unsaved import GuardedDialog


class ContactDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, contact_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id = contact_id
        self.setWindowTitle("来电来访记录")
        fit_to_screen(self, 720, 640)
        self.errors = FieldErrors()

        self.channel = QComboBox()
        self.channel.addItems(CHANNELS)
        self.time = DateTimeEdit()
        self.time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.unit = QLineEdit()
        self.caller = QLineEdit()
        self.phone = QLineEdit()
        self.category = QComboBox()
        self.category.addItems(CATEGORIES)
        self.content = StepBox(0)
        self.content.setFixedHeight(70)
        self.handling = StepBox(0)
        self.handling.setFixedHeight(70)
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.owner_label = QLabel()
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)

        form = QFormLayout()
        for label, widget, field in (
            ("方式", self.channel, "channel"), ("时间", self.time, "occurred_at"), ("房号", self.unit, "unit"),
            ("来电人", self.caller, "caller_name"), ("电话", self.phone, "phone"), ("类别", self.category, "category"),
            ("内容", self.content, "content"), ("处理情况", self.handling, "handling"), ("状态", self.status, "status"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(field, widget))
        form.addRow("首问负责人", self.owner_label)
        form.addRow("转交记录", self.history_label)

        self.save_button = QPushButton("保存修改")
        self.save_button.clicked.connect(self.save)
        self.close_matter_button = QPushButton("办结")
        self.close_matter_button.clicked.connect(self.close_matter)
        self.void_button = QPushButton("作废…")
        self.void_button.clicked.connect(self.void)
        self.complaint_button = QPushButton("投诉处理…")
        self.complaint_button.clicked.connect(self.open_complaint)
        done = QPushButton("关闭")
        done.clicked.connect(self.done_checked)
        for button in (self.save_button, self.close_matter_button, self.void_button, self.complaint_button, done):
            button.setAutoDefault(False)  # 作废 must never be what Enter presses
        buttons = QHBoxLayout()
        buttons.addWidget(self.complaint_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_matter_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(done)

        handover_box = QGroupBox("转交（首问负责人不变）")
        self.to_staff = QComboBox()
        self.to_department = QComboBox()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("为什么转交、需要对方做什么")
        handover_button = QPushButton("转交")
        handover_button.clicked.connect(self.hand_over)
        handover_form = QFormLayout(handover_box)
        handover_form.addRow("转给同事", self.to_staff)
        handover_form.addRow("或转给部门", self.to_department)
        handover_form.addRow("原因", self.reason)
        handover_form.addRow("", self.errors.add("reason", self.reason))
        handover_form.addRow("", self.errors.add("to", self.to_staff))
        handover_form.addRow("", handover_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(handover_box)
        layout.addLayout(buttons)
        self._fill_choices()
        self.reload()
        self.shortcuts = save_on_ctrl_enter(self, self.save)

    def _fill_choices(self) -> None:
        with self.ctx.session() as session:
            self._staff = [s for s in staff.active_staff(session) if s.id != self.ctx.user.id]
            departments = settings.lookup_values(session, "department")
        self.to_staff.addItem("（不转给个人）", None)
        for person in self._staff:
            self.to_staff.addItem(f"{person.name}（{person.role}）", person.id)
        self.to_department.addItem("")
        self.to_department.addItems(departments)

    def reload(self) -> None:
        with self.ctx.session() as session:
            contact = calls.get_contact(session, self.contact_id)
            data = calls.input_of(contact)
            self._version = contact.version
            owner = contact.owner.name
            handovers = [
                f"{h.at:%m-%d %H:%M} {h.by_name} → {h.to_staff.name if h.to_staff else h.to_department}：{h.reason}"
                for h in contact.handovers
            ]
            self._has_complaint = contact.complaint is not None
        self.channel.setCurrentText(data.channel)
        self.time.setDateTime(QDateTime(data.occurred_at))
        self.unit.setText(data.unit_text or data.location)
        self.caller.setText(data.caller_name)
        self.phone.setText(data.phone)
        self.category.setCurrentText(data.category)
        self.content.setPlainText(data.content)
        self.handling.setPlainText(data.handling)
        self.status.setCurrentText(data.status)
        self._unit_id = data.unit_id
        self._person_id = data.person_id
        self._original_unit = data.unit_text
        self.owner_label.setText(owner)
        self.history_label.setText("\n".join(handovers) or "（无）")
        self.complaint_button.setVisible(self._has_complaint)
        self.close_matter_button.setEnabled(data.status != "已办结")
        self.loaded = self.form_input()

    def has_unsaved_input(self) -> bool:
        return self.form_input() != self.loaded or bool(self.reason.text().strip())

    def form_input(self) -> calls.ContactInput:
        unit_text = self.unit.text().strip()
        same_unit = unit_text == self._original_unit
        return calls.ContactInput(
            content=self.content.toPlainText(), channel=self.channel.currentText(),
            category=self.category.currentText(), status=self.status.currentText(),
            occurred_at=self.time.dateTime().toPython().replace(second=0, microsecond=0),
            unit_text=unit_text, unit_id=self._unit_id if same_unit else None,
            person_id=self._person_id if same_unit else None,
            caller_name=self.caller.text(), phone=self.phone.text(), handling=self.handling.toPlainText(),
        )

    def _run(self, action, reload: bool = True) -> bool:
        if not run_service_call(self, self.ctx, action, self.errors):
            return False
        self.ctx.events.changed.emit(Topic.CONTACTS)
        if reload:
            self.reload()
        return True

    def save(self) -> None:
        data = self.form_input()
        if run_service_call(self, self.ctx, lambda s: calls.update_contact(s, self.contact_id, data, self._version),
                            self.errors, on_conflict=self._resolve_conflict):
            self.ctx.events.changed.emit(Topic.CONTACTS)
            self.reload()
            messages.info(self, "已保存修改。")

    def _resolve_conflict(self, message: str) -> None:
        """Someone saved this record meanwhile: load theirs, or keep what was typed and save over it."""
        if messages.confirm(self, message + "\n\n选“是”：载入对方保存的最新内容。\n"
                                  "选“否”：保留您刚输入的内容，再点“保存修改”即以您的内容为准。"):
            self.reload()
            return
        with self.ctx.session() as session:
            self._version = calls.get_contact(session, self.contact_id).version

    def close_matter(self) -> None:
        note = messages.ask_text(self, "办结说明（最终处理结果，可留空）：")
        if note is None:
            return
        self._run(lambda s: calls.close_contact(s, self.contact_id, note))

    def void(self) -> None:
        reason = messages.ask_text(self, "作废原因（如“重复登记”“登记错误”）：")
        if reason is None:
            return
        if self._run(lambda s: calls.void_contact(s, self.contact_id, reason), reload=False):
            self.accept()  # a voided record is gone from every view but its history

    def hand_over(self) -> None:
        to_staff_id = self.to_staff.currentData()
        department = self.to_department.currentText()
        reason = self.reason.text()
        if self._run(lambda s: calls.hand_over(s, self.contact_id, self.ctx.user.name, reason,
                                               to_staff_id=to_staff_id, to_department=department)):
            self.reason.clear()

    def open_complaint(self) -> None:
        from frontdesk.ui.dialogs.complaint_dialog import ComplaintDialog

        with self.ctx.session() as session:
            from frontdesk.services import complaints

            complaint = complaints.for_contact(session, self.contact_id)
        if complaint is not None:
            ComplaintDialog(self.ctx, complaint.id, self).exec()
            self.reload()
