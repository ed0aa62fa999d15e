"""Add or edit a unit and its owners/residents."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.services import settings, units
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.tables import align_numbers
from frontdesk.ui.widgets.unsaved import GuardedDialog

OCCUPANT_ROWS = 4


class UnitDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, unit_id: int | None = None, parent=None, preset_code: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.unit_id = unit_id
        self.saved_id: int | None = None
        self._version: int | None = None
        self._person_ids: list[int | None] = [None] * OCCUPANT_ROWS
        self.setWindowTitle("编辑房屋" if unit_id else "新建房屋")
        fit_to_screen(self, 620, 560)
        self.errors = FieldErrors()

        self.code_edit = QLineEdit(preset_code)
        self.code_edit.setPlaceholderText("期-楼栋-单元-房号，如 2-5-1-0302 或 2期5栋1单元302")
        self.area_edit = QLineEdit()
        self.area_edit.setPlaceholderText("平方米，如 89.50")
        self.state_combo = QComboBox()
        self.state_combo.addItems(units.HANDOVER_STATES)
        self.date_edit = DateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setSpecialValueText("（未填）")
        self.date_edit.setMinimumDate(QDate(1990, 1, 1))
        self.date_edit.setDate(self.date_edit.minimumDate())
        self.remark_edit = QLineEdit()

        form = QFormLayout()
        for label, widget, field in (
            ("房号", self.code_edit, "code"), ("建筑面积（㎡）", self.area_edit, "area"),
            ("收房状态", self.state_combo, "handover_state"), ("收房日期", self.date_edit, "handover_date"),
            ("备注", self.remark_edit, "remark"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(field, widget))

        self.people = QTableWidget(OCCUPANT_ROWS, 3)
        align_numbers(self.people)
        self.people.setHorizontalHeaderLabels(["姓名", "电话（多个用逗号分隔）", "关系"])
        self.people.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        with ctx.session() as session:
            relations = settings.lookup_values(session, "relation")
        self._relation_boxes = []
        for row in range(OCCUPANT_ROWS):
            box = QComboBox()
            box.addItems(relations)
            self.people.setCellWidget(row, 2, box)
            self._relation_boxes.append(box)
        people_label = QLabel("业主 / 住户")
        self.errors.add("occupants", self.people)
        add_row = QPushButton("增加一行住户")
        add_row.clicked.connect(self._add_person_row)

        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(people_label)
        layout.addWidget(self.people)
        layout.addWidget(self.errors._fields["occupants"][1])
        layout.addWidget(add_row)
        layout.addWidget(buttons)
        if unit_id:
            self._load(unit_id)
        self.loaded = self.form_input()

    def has_unsaved_input(self) -> bool:
        return self.form_input() != self.loaded

    def _add_person_row(self) -> None:
        row = self.people.rowCount()
        self.people.insertRow(row)
        box = QComboBox()
        box.addItems([self._relation_boxes[0].itemText(i) for i in range(self._relation_boxes[0].count())])
        self.people.setCellWidget(row, 2, box)
        self._relation_boxes.append(box)
        self._person_ids.append(None)

    def _load(self, unit_id: int) -> None:
        with self.ctx.session() as session:
            unit = units.get_unit(session, unit_id)
            data = units.unit_input_of(unit)
            self._version = unit.version
        self.code_edit.setText(data.code)
        self.area_edit.setText(str(data.area))
        self.state_combo.setCurrentText(data.handover_state)
        if data.handover_date:
            self.date_edit.setDate(QDate(data.handover_date.year, data.handover_date.month, data.handover_date.day))
        self.remark_edit.setText(data.remark)
        while self.people.rowCount() < len(data.occupants):
            self._add_person_row()
        for row, occ in enumerate(data.occupants):
            self.people.setItem(row, 0, QTableWidgetItem(occ.name))
            self.people.setItem(row, 1, QTableWidgetItem("，".join(occ.phones)))
            self._relation_boxes[row].setCurrentText(occ.relation)
            self._person_ids[row] = occ.person_id

    def form_input(self) -> units.UnitInput:
        qdate = self.date_edit.date()
        handover = None if qdate == self.date_edit.minimumDate() else qdate.toPython()
        occupants = []
        for row in range(self.people.rowCount()):
            name_item, phones_item = self.people.item(row, 0), self.people.item(row, 1)
            name = name_item.text() if name_item else ""
            phones_text = phones_item.text() if phones_item else ""
            phones = [p for p in phones_text.replace("，", ",").replace("、", ",").split(",") if p.strip()]
            occupants.append(units.OccupantInput(name=name, phones=phones, relation=self._relation_boxes[row].currentText(),
                                                 person_id=self._person_ids[row]))
        return units.UnitInput(code=self.code_edit.text(), area=self.area_edit.text(),
                               handover_state=self.state_combo.currentText(), handover_date=handover,
                               remark=self.remark_edit.text(), occupants=occupants)

    def save(self) -> None:
        data = self.form_input()

        def save(session) -> None:
            self.saved_id = units.save_unit(session, data, self.unit_id, self._version)

        if not run_service_call(self, self.ctx, save, self.errors):
            return
        self.ctx.events.changed.emit(Topic.UNITS)
        self.accept()
