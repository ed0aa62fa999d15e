"""新建报修: the order form, with the repair knowledge of the chosen trade and the warranty beside it."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.repairs import SCOPES, URGENCIES
from frontdesk.services import clock, repair_knowledge, repairs, repairs_warranty, settings
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.date_fields import DateTimeEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.step_box import StepBox
from frontdesk.ui.widgets.unit_lookup import UnitLookupEdit


def _titled(title: str, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(title))
    row.addStretch(1)
    row.addWidget(button)
    return row


class RepairForm(QWidget):
    submit_requested = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors()
        self.scope = QComboBox()
        self.scope.addItems(list(SCOPES))
        self.unit = UnitLookupEdit(ctx)
        self.location = QLineEdit()
        self.location.setPlaceholderText("期、楼栋、单元、楼层或区域，例如 2期5栋1单元3楼楼道")
        self.trade = QComboBox()
        self.warranty_item = QComboBox()
        self.urgency = QComboBox()
        self.urgency.addItems(list(URGENCIES))
        self.reporter = QLineEdit()
        self.phone = QLineEdit()
        self.has_appointment = QCheckBox("预约上门")
        self.appointment = DateTimeEdit()
        self.appointment.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.appointment.setCalendarPopup(True)
        self.appointment.setEnabled(False)
        self.has_appointment.toggled.connect(self.appointment.setEnabled)
        self.description = StepBox(0)
        self.description.setFixedHeight(64)
        self.description.setPlaceholderText("什么坏了、在哪个位置、什么现象")
        self.save_button = QPushButton("保存报修单")
        self.save_button.clicked.connect(self.submit_requested.emit)
        self.description.submitted.connect(self.submit_requested.emit)  # Ctrl+Enter in 报修内容 saves
        self.warranty = QLabel()
        self.warranty.setWordWrap(True)
        self.knowledge = QTextBrowser()
        self.knowledge.setObjectName("repairKnowledge")

        form = QFormLayout()
        appointment_row = QHBoxLayout()
        appointment_row.addWidget(self.has_appointment)
        appointment_row.addWidget(self.appointment, 1)
        for label, widget, field in (
            ("范围", self.scope, "scope"), ("房号", self.unit, "unit"), ("位置", self.location, "location"),
            ("专业", self.trade, "trade"), ("保修项目", self.warranty_item, "warranty_item_id"),
            ("紧急程度", self.urgency, "urgency"), ("报修人", self.reporter, "reporter"), ("电话", self.phone, "phone"),
            ("预约", appointment_row, "appointment_at"), ("报修内容", self.description, "description"),
        ):
            form.addRow(label, widget)
            target = widget if isinstance(widget, QWidget) else self.appointment
            form.addRow("", self.errors.add(field, target))
        left = QVBoxLayout()
        left.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        left.addLayout(buttons)
        self.knowledge_button = QPushButton("报修知识库…")
        self.knowledge_button.clicked.connect(self.open_knowledge)
        self.warranty_button = QPushButton("保修期限表…")
        self.warranty_button.clicked.connect(self.open_warranty_table)
        right = QVBoxLayout()
        right.addLayout(_titled("报修知识库（选专业后显示）", self.knowledge_button))
        right.addWidget(self.knowledge, 1)
        right.addLayout(_titled("保修", self.warranty_button))
        right.addWidget(self.warranty)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.scope.currentTextChanged.connect(self._scope_changed)
        self.trade.currentTextChanged.connect(self._trade_changed)
        self.warranty_item.currentIndexChanged.connect(lambda _i: self.show_warranty())
        self.unit.picked.connect(self._unit_picked)
        self.unit.editingFinished.connect(self.show_warranty)

    def load(self) -> None:
        with self.ctx.session() as session:
            trades = settings.lookup_values(session, "repair_trade")
            locations = repairs.known_locations(session)
        current = self.trade.currentText()
        self.trade.blockSignals(True)
        self.trade.clear()
        self.trade.addItems(trades)
        self.trade.blockSignals(False)
        self.trade.setCurrentText(current if current in trades else trades[0])
        self._trade_changed(self.trade.currentText())
        completer = QCompleter(locations, self.location)
        completer.setFilterMode(Qt.MatchContains)
        self.location.setCompleter(completer)
        self._scope_changed(self.scope.currentText())
        if not self.has_appointment.isChecked():
            self.appointment.setDateTime(QDateTime(clock.now()).addSecs(3600))

    def open_knowledge(self) -> None:
        from frontdesk.ui.dialogs.repair_settings_dialogs import KnowledgeDialog

        self.settings_dialog = KnowledgeDialog(self.ctx, self.trade.currentText(), self)
        self.settings_dialog.exec()
        self._trade_changed(self.trade.currentText())

    def open_warranty_table(self) -> None:
        from frontdesk.ui.dialogs.repair_settings_dialogs import WarrantyTableDialog

        self.settings_dialog = WarrantyTableDialog(self.ctx, self)
        self.settings_dialog.exec()
        self._trade_changed(self.trade.currentText())

    def _scope_changed(self, scope: str) -> None:
        household = scope == "户内"
        self.unit.setEnabled(household)
        self.location.setEnabled(not household)
        self.show_warranty()

    def _unit_picked(self, suggestion) -> None:
        if suggestion.person_name and not self.reporter.text():
            self.reporter.setText(suggestion.person_name)
        if getattr(suggestion, "phone", "") and not self.phone.text():
            self.phone.setText(suggestion.phone)
        self.show_warranty()

    def _trade_changed(self, trade: str) -> None:
        with self.ctx.session() as session:
            info = repair_knowledge.knowledge_for(session, trade)
            rules = repairs_warranty.rules_for_trade(session, trade)
        self.knowledge.setPlainText(info.as_text())
        self.warranty_item.blockSignals(True)
        self.warranty_item.clear()
        for rule in rules:
            self.warranty_item.addItem(rule.label, rule.id)
        self.warranty_item.blockSignals(False)
        self.show_warranty()

    def show_warranty(self) -> None:
        """What the receptionist tells the caller about who pays."""
        rule_id = self.warranty_item.currentData()
        with self.ctx.session() as session:
            rule = next((r for r in repairs_warranty.rules(session) if r.id == rule_id), None)
            handover = None
            if self.scope.currentText() == "户内" and self.unit.text().strip():
                from frontdesk.services import units

                unit = units.find_unit_by_code(session, self.unit.text())
                handover = unit.handover_date if unit else None
        state = repairs_warranty.status(handover, rule, clock.today())
        colour = {"保修期内": "#2e7d32", "已过保修期": "#c62828"}.get(state.state, "#37474f")
        self.warranty.setText(f"<span style='color:{colour}'><b>{state.state}</b></span>　{state.explanation}")

    def form_input(self) -> repairs.RepairInput:
        household = self.scope.currentText() == "户内"
        selected = self.unit.selected
        return repairs.RepairInput(
            description=self.description.toPlainText(), trade=self.trade.currentText(), scope=self.scope.currentText(),
            unit_text=self.unit.text() if household else "",
            unit_id=selected.unit_id if household and selected and selected.unit_code == self.unit.text() else None,
            location="" if household else self.location.text(), urgency=self.urgency.currentText(),
            reporter=self.reporter.text(), phone=self.phone.text(), reported_at=clock.now(),
            appointment_at=self.appointment.dateTime().toPython() if self.has_appointment.isChecked() else None,
            warranty_item_id=self.warranty_item.currentData(),
        )

    def has_unsaved_input(self) -> bool:
        """A repair request being typed (the trade, urgency and appointment time alone are not one)."""
        typed = (self.unit, self.location, self.reporter, self.phone)
        return any(edit.text().strip() for edit in typed) or bool(self.description.toPlainText().strip())

    def discard_input(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.errors.clear()
        self.unit.clear_all()
        for edit in (self.location, self.reporter, self.phone):
            edit.clear()
        self.description.clear()
        self.has_appointment.setChecked(False)
        self.appointment.setDateTime(QDateTime(clock.now()).addSecs(3600))
        self.urgency.setCurrentIndex(0)
