"""修改报修信息: correct what was taken down (content, place, trade, urgency, caller, appointment)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.repairs import URGENCIES
from frontdesk.services import clock, repair_edit, repairs, settings
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.date_fields import DateTimeEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.step_box import StepBox
from frontdesk.ui.widgets.unsaved import GuardedDialog


class RepairDetailsDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, order_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.order_id = order_id
        self.version = 0
        fit_to_screen(self, 560, 420)
        self.errors = FieldErrors()
        self.place = QLabel()
        self.location = QLineEdit()
        self.trade = QComboBox()
        self.urgency = QComboBox()
        self.urgency.addItems(list(URGENCIES))
        self.reporter = QLineEdit()
        self.phone = QLineEdit()
        self.has_appointment = QCheckBox("预约上门")
        self.appointment = DateTimeEdit()
        self.appointment.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.appointment.setCalendarPopup(True)
        self.has_appointment.toggled.connect(self.appointment.setEnabled)
        self.description = StepBox(0)
        self.description.setFixedHeight(80)
        appointment_row = QWidget()
        row = QHBoxLayout(appointment_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_appointment)
        row.addWidget(self.appointment, 1)
        form = QFormLayout()
        form.addRow("房号", self.place)
        for label, widget, field in (
            ("位置", self.location, "location"), ("专业", self.trade, "trade"), ("紧急程度", self.urgency, "urgency"),
            ("报修人", self.reporter, "reporter"), ("电话", self.phone, "phone"),
            ("预约", appointment_row, "appointment_at"), ("报修内容", self.description, "description"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(field, widget))
        self.errors.add("unit", self.place)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存修改", QDialogButtonBox.AcceptRole)
        self.description.submitted.connect(self.save_button.click)  # Ctrl+Enter in 报修内容 saves
        buttons.addButton("取消", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel("修改会记入处理经过；改紧急程度或预约时间会重新计算时限。")
        note.setStyleSheet("color: #546e7a;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        with self.ctx.session() as session:
            order = repairs.get_order(session, self.order_id)
            data = repair_edit.details_of(order)
            self.version, number, household = order.version, order.number, order.unit_id is not None
            place = order.unit.code if order.unit else "（公共部位）"
            trades = settings.lookup_values(session, "repair_trade")
            locations = repairs.known_locations(session) if not household else []
        self.setWindowTitle(f"修改报修信息 — {number}")
        self.place.setText(place)
        self.location.setEnabled(not household)
        if not household:
            completer = QCompleter(locations, self.location)
            completer.setFilterMode(Qt.MatchContains)
            self.location.setCompleter(completer)
        self.trade.clear()
        self.trade.addItems(trades if data.trade in trades else [*trades, data.trade])
        self.show_input(data)

    def show_input(self, data: repair_edit.DetailsInput) -> None:
        self.location.setText(data.location)
        self.trade.setCurrentText(data.trade)
        self.urgency.setCurrentText(data.urgency)
        self.reporter.setText(data.reporter)
        self.phone.setText(data.phone)
        self.description.setPlainText(data.description)
        self.has_appointment.setChecked(data.appointment_at is not None)
        self.appointment.setEnabled(data.appointment_at is not None)
        when = data.appointment_at or clock.now().replace(minute=0, second=0, microsecond=0)
        self.appointment.setDateTime(QDateTime(when))
        self.loaded = self.form_input()

    def has_unsaved_input(self) -> bool:
        return self.form_input() != self.loaded

    def form_input(self) -> repair_edit.DetailsInput:
        appointment = None
        if self.has_appointment.isChecked():
            appointment = self.appointment.dateTime().toPython().replace(second=0, microsecond=0)
        return repair_edit.DetailsInput(
            description=self.description.toPlainText(), trade=self.trade.currentText(),
            urgency=self.urgency.currentText(), reporter=self.reporter.text(), phone=self.phone.text(),
            location=self.location.text(), appointment_at=appointment,
        )

    def save(self) -> None:
        data = self.form_input()
        changes: list[bool] = []
        if not run_service_call(self, self.ctx, lambda session: changes.append(repair_edit.update_details(
                session, self.order_id, data, self.version, self.ctx.user.name)),
                self.errors, on_conflict=self._resolve_conflict):
            return
        changed = changes[0]
        if changed:
            self.ctx.events.changed.emit(Topic.REPAIRS)
        self.accept()

    def _resolve_conflict(self, message: str) -> None:
        """Someone changed the order meanwhile: load theirs, or keep what was typed and save over it."""
        if messages.confirm(self, message + "\n\n选“是”：载入最新的报修信息（您刚才的修改不保留）。\n"
                                  "选“否”：保留您刚输入的内容，再点“保存修改”即以您的内容为准。"):
            self.reload()
            return
        with self.ctx.session() as session:
            self.version = repairs.get_order(session, self.order_id).version
