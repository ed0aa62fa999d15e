"""Pieces the 外包方 and 宣传栏 tabs share: a form dialog that keeps what was typed and asks before
throwing it away, the list table set-up, in-memory lists behind the lazy model, and a PDF preview made
in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.dialogs.violation_dialog import run_form
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.pdf_task import preview_pdf
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.tables import read_only_table
from frontdesk.ui.widgets.unsaved import GuardedDialog

__all__ = ["preview_pdf"]  # the vendor and board pages print through it

SUPERVISOR_ROLES = ("客服主管", "管理员")


def date_edit(day: date | None) -> QDateEdit:
    edit = DateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if day is not None:
        edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QDateEdit):
        return widget.date().toPython()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    value = getattr(widget, "value", None)
    return value() if callable(value) else None


class FormDialog(GuardedDialog):
    """A form whose fields show their service errors beside them; Esc, 取消 or closing with unsaved
    typing asks first."""

    def __init__(self, ctx, title: str, parent=None, save_text: str = "保存"):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.widgets: dict[str, QWidget] = {}
        self.result_value: Any = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(save_text)
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._initial: tuple | None = None

    def field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """The field with its message right under it, in one row (a row of its own for the message
        kept a gap under every field even with nothing to say)."""
        self.widgets[name] = widget
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(self.errors.add(name, widget))
        self.form.addRow(label, box)
        return widget

    def showEvent(self, event) -> None:
        """Open on the first field (its buttons are made first and would take the cursor: one Enter
        then saved an empty form), unless a field was chosen already."""
        super().showEvent(event)
        focused = self.focusWidget()
        if focused is None or self.buttons.isAncestorOf(focused):
            first = self._first_field()
            if first is not None:
                first.setFocus(Qt.OtherFocusReason)

    def _first_field(self) -> QWidget | None:
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.FieldRole)
            if item is None:
                continue
            widget = item.widget() or (item.layout().itemAt(0).widget() if item.layout() else None)
            if widget is not None and widget.isEnabled() and widget.focusPolicy() & Qt.TabFocus:
                return widget
        return None

    def mark_clean(self) -> None:
        """Call once the form is filled: what differs from here on counts as typed."""
        self._initial = self.snapshot()

    def snapshot(self) -> tuple:
        return tuple(_value(w) for w in self.widgets.values())

    def is_dirty(self) -> bool:
        return self._initial is not None and self.snapshot() != self._initial

    def has_unsaved_input(self) -> bool:  # asked by Esc, 取消, closing, 切换用户 and the window's close
        return self.is_dirty()

    def action(self, session) -> Any:  # subclasses: call the service, return what was saved
        raise NotImplementedError

    def save(self) -> None:
        def run(session):
            self.result_value = self.action(session)

        if run_form(self, self.errors, run):
            # Said in the status bar, as every save is (召开月会, 添加问题, 发布公告 showed nothing).
            self.ctx.events.saved.emit(Saved(self.saved_what()))
            self.accept()
        else:
            self.result_value = None

    def saved_what(self) -> str:
        """The status bar's words for the save: the dialog's title, with the number it gave."""
        number = self.result_value if isinstance(self.result_value, str) else ""
        return " ".join(part for part in (self.windowTitle(), number) if part)


def make_table(model: LazyTableModel, sort_column: int = 0, descending: bool = True,
               stretch: int | None = None) -> QTableView:
    """`stretch` is the column of free text that takes the spare width (the last column by default)."""
    table = QTableView()
    table.setModel(model)
    # The desk's list rules (whole rows, Tab goes on to the buttons and chooses a row on the way in):
    # Tab walked every cell of these lists and left the buttons beside them with nothing chosen.
    read_only_table(table, stretch=stretch)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, Qt.DescendingOrder if descending else Qt.AscendingOrder)
    table.setAlternatingRowColors(True)
    model.modelReset.connect(lambda: _fit_columns(table))
    return table


def _fit_columns(table: QTableView, widest: int = 260) -> None:
    """Columns as wide as their text (first page), none wider than `widest`; the stretching one takes the rest."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    last = header.count() - 1
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.Stretch and not (column == last and header.stretchLastSection()):
            header.resizeSection(column, min(header.sectionSize(column) + 8, widest))


class ListSource:
    """A short list (vendors, meetings, jobs, a month's scorecard) read whole, served to the lazy model."""

    def __init__(self, load: Callable[[], Sequence[Any]], sort_keys: dict[str, Callable[[Any], Any]]):
        self._load, self._sort_keys = load, sort_keys
        self.rows: list[Any] = []

    def count(self) -> int:
        self.rows = list(self._load())
        return len(self.rows)

    def fetch(self, offset: int, limit: int, sort: str | None, descending: bool) -> list[Any]:
        rows = self.rows
        if sort in self._sort_keys:
            key = self._sort_keys[sort]
            rows = sorted(rows, key=lambda r: (key(r) is None, key(r) or 0), reverse=descending)
        return rows[offset:offset + limit]


def list_model(columns: Sequence[TableColumn], source: ListSource, parent, default_sort=(None, False),
               is_alert=None) -> LazyTableModel:
    return LazyTableModel(columns, source.count, source.fetch, default_sort=default_sort, is_alert=is_alert,
                          parent=parent)


def selected_row(table: QTableView) -> Any:
    rows = table.selectionModel().selectedRows()
    return table.model().row_object(rows[0].row()) if rows else None
