"""One training session: date, courses, trainer, hours, place and each staff member's attendance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
)

from frontdesk.db.models.training import ATTENDANCE_STATES
from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import settings
from frontdesk.services.training import common, sessions
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.training.helpers import cell, date_edit, to_date
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import simple_table
from frontdesk.ui.widgets.unsaved import GuardedDialog

NOT_INVITED = "不参加"


class SessionDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, session_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.session_id, self.saved_id = ctx, session_id, None
        self.setWindowTitle("编辑培训记录" if session_id else "新建培训记录")
        fit_to_screen(self, 620, 640)
        self.held_on = date_edit()
        self.courses = QListWidget()
        self.courses.setMaximumHeight(150)
        self.trainer = QLineEdit()
        self.hours = QLineEdit("1.5")
        self.place = QComboBox()
        self.place.setEditable(True)
        self.remark = QLineEdit()
        self.attendance = simple_table(["员工", "出勤"], editable=True)
        self.errors = FieldErrors()
        form = QFormLayout(self)
        for label, name, widget in (("培训日期", "held_on", self.held_on), ("培训课程", "courses", self.courses),
                                    ("讲师", "trainer", self.trainer), ("课时（小时）", "hours", self.hours),
                                    ("地点", "place", self.place), ("备注", "remark", self.remark),
                                    ("出勤", "attendance", self.attendance)):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._fill()
        self.remember_input()  # a session loaded, or today's with everyone present: nothing typed yet

    def _fill(self) -> None:
        with self.ctx.session() as session:
            course_names = settings.lookup_values(session, "training_course")
            self.place.addItems(settings.lookup_values(session, "training_place"))
            record = sessions.get_session(session, self.session_id) if self.session_id else None
            day = record.held_on if record else to_date(self.held_on.date())
            people = common.working_staff(session, day, common.assessed_roles(session))
            states = {}
            if record is not None:
                states = {a.staff_id: a.status for a in record.attendance}
                known = {p.id for p in people}
                people += [a.staff for a in record.attendance if a.staff_id not in known]
                self.held_on.setDate(record.held_on)
                self.trainer.setText(record.trainer)
                self.hours.setText(f"{record.hours.normalize():f}")
                self.place.setCurrentText(record.place)
                self.remark.setText(record.remark)
            chosen = record.courses.split(sessions.COURSE_SEPARATOR) if record else []
        for name in course_names + [c for c in chosen if c not in course_names]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if name in chosen else Qt.Unchecked)
            self.courses.addItem(item)
        self.attendance.setRowCount(len(people))
        for row, person in enumerate(people):
            self.attendance.setItem(row, 0, cell(person.name, data=person.id))
            combo = QComboBox()
            combo.addItems([*ATTENDANCE_STATES, NOT_INVITED])
            combo.setCurrentText(states.get(person.id, "出席" if record is None else NOT_INVITED))
            self.attendance.setCellWidget(row, 1, combo)

    def set_course(self, name: str, checked: bool = True) -> None:
        for index in range(self.courses.count()):
            item = self.courses.item(index)
            if item.text() == name:
                item.setCheckState(Qt.Checked if checked else Qt.Unchecked)

    def set_attendance(self, name: str, state: str) -> None:
        for row in range(self.attendance.rowCount()):
            if self.attendance.item(row, 0).text() == name:
                self.attendance.cellWidget(row, 1).setCurrentText(state)

    def data(self) -> sessions.SessionInput:
        courses = [self.courses.item(i).text() for i in range(self.courses.count())
                   if self.courses.item(i).checkState() == Qt.Checked]
        attendance = {}
        for row in range(self.attendance.rowCount()):
            state = self.attendance.cellWidget(row, 1).currentText()
            if state != NOT_INVITED:
                attendance[self.attendance.item(row, 0).data(Qt.UserRole)] = state
        return sessions.SessionInput(to_date(self.held_on.date()), courses, self.trainer.text(), self.hours.text(),
                                     self.place.currentText(), self.remark.text(), attendance)

    def save(self) -> None:
        try:
            with self.ctx.session() as session:
                self.saved_id = sessions.save_session(session, self.data(), self.session_id)
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                messages.warning(self, message)
            return
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.ctx.events.changed.emit(Topic.TRAINING)
        data = self.data()
        self.ctx.events.saved.emit(Saved(f"培训记录 {data.held_on:%m-%d} {'、'.join(data.courses)}（{data.trainer}）",
                                         note="修改已保存" if self.session_id else "已列入培训记录"))
        self.accept()
