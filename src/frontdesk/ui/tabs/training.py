"""培训考核: the staff of the desk (training records build on this list)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from frontdesk.services import staff
from frontdesk.ui.context import AppContext


class TrainingTab(QWidget):
    title = "培训考核"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["姓名", "岗位"])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("员工名单"))
        layout.addWidget(self.table)

    def load(self) -> None:
        with self.ctx.session() as session:
            people = staff.active_staff(session)
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            self.table.setItem(row, 0, QTableWidgetItem(person.name))
            self.table.setItem(row, 1, QTableWidgetItem(person.role))
