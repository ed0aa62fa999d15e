"""日检查 quick entry: one screen per day, today's staff down, checklist items across.

Keyboard: arrows move; type a number for the points deducted; Space marks the item failed with its
standard deduction (or passed again); Delete clears (passed); Ctrl+S saves the day.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError, ValidationError, ValueProblem
from frontdesk.services.training import inspections
from frontdesk.services.training.inspections import parse_deduction
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.training.helpers import cell, commit_open_editor, date_edit, number_text, to_date
from frontdesk.ui.widgets.tables import ScoreDelegate, align_numbers

FAILED_BRUSH = QBrush(QColor("#fde0dc"))
SAVED_TEXT, UNSAVED_TEXT, EDITED_TEXT = "已录入", "未录入", "已修改，未保存"


class _GridKeys(QObject):
    """Space toggles an item failed/passed; Delete clears it; Ctrl+S saves."""

    def __init__(self, page: InspectionsPage):
        super().__init__(page)
        self.page = page

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.KeyPress and event.matches(QKeySequence.Save):
            self.page.save()  # also when the window's shortcut is not reachable (e.g. a popup had focus)
            return True
        if event.type() == QEvent.KeyPress and self.page.grid.state() != QAbstractItemView.EditingState:
            if event.key() == Qt.Key_Space:
                self.page.toggle_current()
                return True
            if event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
                self.page.set_cell(self.page.grid.currentRow(), self.page.grid.currentColumn(), "")
                return True
        return False


class InspectionsPage(QWidget):
    title = "日检查"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[inspections.ChecklistItem] = []
        self.edited = False
        self.day = date_edit()
        self.shown_day = self.day.date()  # the day the grid holds
        self.day.dateChanged.connect(lambda _d: self._day_chosen())
        previous, following = QPushButton("◀ 前一天"), QPushButton("后一天 ▶")
        previous.clicked.connect(lambda: self.day.setDate(self.day.date().addDays(-1)))
        following.clicked.connect(lambda: self.day.setDate(self.day.date().addDays(1)))
        self.inspector = QLineEdit(ctx.user.name)
        self.inspector.setMaximumWidth(120)
        self.save_button = QPushButton("保存当天检查（Ctrl+S）")
        self.save_button.clicked.connect(self.save)
        self.grid = QTableWidget()
        align_numbers(self.grid)
        self._points_delegate = ScoreDelegate(self.grid)
        self.grid.verticalHeader().hide()
        self.grid.setSelectionMode(QAbstractItemView.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.DoubleClicked
                                  | QAbstractItemView.EditKeyPressed)
        self.grid.itemChanged.connect(self._on_item_changed)
        self.grid.installEventFilter(_GridKeys(self))
        QShortcut(QKeySequence.Save, self, activated=self.save, context=Qt.WidgetWithChildrenShortcut)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("inspectionMessage")
        bar = QHBoxLayout()
        for widget in (QLabel("检查日期"), previous, self.day, following, QLabel("检查人"), self.inspector):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.grid)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("合格留空；不合格填扣分，或按空格键按标准扣分（再按一次恢复合格）；Delete 清除；"
                                "方向键移动；Ctrl+S 保存。"))

    def first_field(self) -> QWidget:
        """Alt+digit lands in the grid (the day's marks are what is typed here), not on ◀ 前一天, where
        the next Space would go back a day."""
        return self.grid

    def _day_chosen(self) -> None:
        """Another day: the marks typed for the day shown and not saved are not dropped unasked."""
        if self.edited and not messages.confirm_discard(self):
            self.day.blockSignals(True)
            self.day.setDate(self.shown_day)
            self.day.blockSignals(False)
            return
        self.load()

    def reset_for_new_user(self) -> None:
        """检查人 defaults to the person signed in; the grid reloads what is saved when next shown."""
        self.inspector.setText(self.ctx.user.name)
        self.edited = False  # what the previous person typed is not kept: the grid reloads when shown

    def has_unsaved_input(self) -> bool:
        """Deductions or remarks typed into the grid and not yet saved with Ctrl+S."""
        return self.edited

    def discard_input(self) -> None:
        self.load()

    # ---- the grid ---------------------------------------------------------------------

    @property
    def total_column(self) -> int:
        return len(self.items) + 1

    @property
    def remark_column(self) -> int:
        return len(self.items) + 2

    @property
    def state_column(self) -> int:
        return len(self.items) + 3

    def load(self) -> None:
        self.shown_day = self.day.date()
        with self.ctx.session() as session:
            grid = inspections.day_grid(session, to_date(self.day.date()))
        self.items = grid.items
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.setColumnCount(len(self.items) + 4)
        for column in range(self.grid.columnCount()):  # points typed as numbers only (a slip shows at once)
            points = 1 <= column <= len(self.items)
            self.grid.setItemDelegateForColumn(column, self._points_delegate if points else None)
        self.grid.setHorizontalHeaderLabels(
            ["员工"] + [f"{i.name}\n(−{number_text(i.deduction)})" for i in self.items] + ["扣分合计", "备注", "状态"])
        self.grid.setRowCount(len(grid.rows))
        for row, entry in enumerate(grid.rows):
            self.grid.setItem(row, 0, cell(entry.name, data=entry.staff_id))
            for column, item in enumerate(self.items, start=1):
                points = entry.deductions.get(item.name)
                self.grid.setItem(row, column, QTableWidgetItem(number_text(points) if points is not None else ""))
            self.grid.setItem(row, self.total_column, cell("", align_right=True))
            self.grid.setItem(row, self.remark_column, QTableWidgetItem(entry.remark))
            self.grid.setItem(row, self.state_column, cell(SAVED_TEXT if entry.saved else UNSAVED_TEXT))
            if entry.saved and entry.inspector:
                self.inspector.setText(entry.inspector)
            self._update_row(row)
        self.grid.blockSignals(False)
        self.edited = False
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(self.remark_column, QHeaderView.Stretch)
        self.message.clear()
        if self.grid.rowCount():
            self.grid.setCurrentCell(0, 1)
        else:
            self.message.setText("这一天没有需要检查的在职员工。")

    def set_cell(self, row: int, column: int, text: str) -> None:
        if 1 <= column <= len(self.items) and 0 <= row < self.grid.rowCount():
            self.grid.item(row, column).setText(text)

    def toggle_current(self) -> None:
        row, column = self.grid.currentRow(), self.grid.currentColumn()
        if 1 <= column <= len(self.items):
            failed = bool(self.grid.item(row, column).text().strip())
            self.set_cell(row, column, "" if failed else number_text(self.items[column - 1].deduction))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if 1 <= item.column() <= len(self.items) or item.column() == self.remark_column:
            self.grid.blockSignals(True)
            # A row saved before and changed now is 已修改，未保存 — not 未录入, which it never was.
            self.grid.item(item.row(), self.state_column).setText(EDITED_TEXT)
            if self.message.text().startswith("已保存"):
                self.message.setStyleSheet("color: #ef6c00;")
                self.message.setText("有修改还没有保存（Ctrl+S 保存）。")
            self.edited = True
            self._update_row(item.row())
            self.grid.blockSignals(False)

    def _update_row(self, row: int) -> None:
        total = Decimal(0)
        for column in range(1, len(self.items) + 1):
            item = self.grid.item(row, column)
            text = item.text().strip()
            item.setBackground(FAILED_BRUSH if text else QBrush())
            item.setTextAlignment(Qt.AlignCenter)
            with suppress(ValueProblem):  # shown as typed; the service names the problem on save
                total += parse_deduction(text, "", "", "") if text else 0
        self.grid.item(row, self.total_column).setText(f"{total.normalize():f}" if total else "0")

    # ---- saving -----------------------------------------------------------------------

    def rows(self) -> list[inspections.GridRow]:
        result = []
        for row in range(self.grid.rowCount()):
            name_item = self.grid.item(row, 0)
            deductions = {item.name: self.grid.item(row, column).text().strip() or None
                          for column, item in enumerate(self.items, start=1)}
            result.append(inspections.GridRow(name_item.data(Qt.UserRole), name_item.text(), deductions,
                                              self.grid.item(row, self.remark_column).text()))
        return result

    def save(self) -> bool:
        commit_open_editor(self.grid)
        day = to_date(self.day.date())
        try:
            with self.ctx.session() as session:
                count = inspections.save_day(session, day, self.inspector.text(), self.rows())
        except ValidationError as exc:
            self.message.setStyleSheet("color: #c62828;")
            self.message.setText("没有保存：" + "；".join(exc.errors.values()))
            return False
        except DomainError as exc:
            self.message.setStyleSheet("color: #c62828;")
            self.message.setText("没有保存：" + exc.message)
            return False
        self.ctx.events.changed.emit(Topic.TRAINING)
        self.load()
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(f"已保存 {day:%Y-%m-%d} 的检查：{count} 人。")
        return True
