"""设置 pages for the structured settings: the daily-inspection checklist and rectification deadlines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import settings_editor
from frontdesk.services.settings_editor import DeadlineSettings, InspectionItemRow
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.tables import simple_table
from frontdesk.ui.widgets.unsaved import InputSnapshot


def _cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


class InspectionItemsPage(QWidget):
    """日检查项目: one row per checklist item (项目, 标准扣分), in the order the day grid shows them."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors()
        self.table = simple_table(["项目", "标准扣分"], stretch=0, editable=True)
        add, remove, save = QPushButton("添加项目"), QPushButton("删除所选项目"), QPushButton("保存检查项目")
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self.remove_selected)
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        for button in (add, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("日检查时每人逐项检查；不合格的项目默认扣“标准扣分”（录入时可改）。"
                                "改动从下一次录入日检查起生效，已录入的检查记录不变。"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors.add("items", self.table))
        layout.addLayout(buttons)
        with ctx.session() as session:
            for row in settings_editor.current_inspection_items(session):
                self.add_row(row.name, row.deduction)
        self.saved = InputSnapshot([self.table])

    def has_unsaved_input(self) -> bool:
        return self.saved.changed()

    def add_row(self, name: str = "", deduction: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(deduction))
        if not name:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def rows(self) -> list[InspectionItemRow]:
        return [InspectionItemRow(_cell_text(self.table, r, 0), _cell_text(self.table, r, 1))
                for r in range(self.table.rowCount())]

    def save(self) -> bool:
        rows = self.rows()
        if run_service_call(self, self.ctx, lambda s: settings_editor.save_inspection_items(s, rows), self.errors):
            self.saved.retake()
            messages.info(self, "日检查项目已保存。")
            self.ctx.events.changed.emit(Topic.SETTINGS)
            return True
        return False


class DeadlinesPage(QWidget):
    """整改期限: days to rectify for each violation kind on the list, the default and the second notice."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors()
        with ctx.session() as session:
            current = settings_editor.current_deadlines(session)
        self.kinds = list(current.per_kind)
        self.table = simple_table(["违章类型", "整改期限（天）"], stretch=0, editable=True, rows=len(self.kinds))
        for row, kind in enumerate(self.kinds):
            name = QTableWidgetItem(kind)
            name.setFlags(name.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(current.per_kind[kind]))
        self.default_days = QLineEdit(current.default_days)
        self.second_days = QLineEdit(current.second_days)
        save = QPushButton("保存整改期限")
        save.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow("其他类型（上表留空的）", self.default_days)
        form.addRow("", self.errors.add("default_days", self.default_days))
        form.addRow("第二次通知", self.second_days)
        form.addRow("", self.errors.add("second_days", self.second_days))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("开具整改通知书时，整改期限默认为开具日加上这里的天数（1–365 天，可在通知书上再改）。"
                                "违章类型在“下拉列表”页维护。"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors.add("kind", self.table))
        layout.addLayout(form)
        layout.addWidget(save)
        self.saved = InputSnapshot([self.table, self.default_days, self.second_days])

    def has_unsaved_input(self) -> bool:
        return self.saved.changed()

    def set_days(self, kind: str, text: str) -> None:
        self.table.item(self.kinds.index(kind), 1).setText(text)

    def edited(self) -> DeadlineSettings:
        return DeadlineSettings({kind: _cell_text(self.table, row, 1) for row, kind in enumerate(self.kinds)},
                                self.default_days.text(), self.second_days.text())

    def save(self) -> bool:
        edited = self.edited()
        if run_service_call(self, self.ctx, lambda s: settings_editor.save_deadlines(s, edited), self.errors):
            self.saved.retake()
            messages.info(self, "整改期限已保存。")
            self.ctx.events.changed.emit(Topic.SETTINGS)
            return True
        return False
