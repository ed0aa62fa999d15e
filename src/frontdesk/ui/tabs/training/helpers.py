"""Small pieces the training pages share: read-only cells, dates, numbers, a simple table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QTableWidget, QTableWidgetItem

from frontdesk.services import clock
from frontdesk.ui.widgets.date_fields import DateEdit


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(initial: date | None = None, fmt: str = "yyyy-MM-dd") -> QDateEdit:
    edit = DateEdit(QDate(initial or clock.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(fmt)
    return edit


def number_text(value: Decimal | int | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}{suffix}"
    return f"{value}{suffix}"


def cell(text: object, align_right: bool = False, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    if data is not None:
        item.setData(Qt.UserRole, data)
    return item


def selected_data(table: QTableWidget) -> object:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(Qt.UserRole) if item else None


def commit_open_editor(view: QAbstractItemView) -> None:
    """A cell still being typed in counts: write it to the table before saving."""
    from PySide6.QtWidgets import QAbstractItemDelegate, QApplication

    editor = QApplication.focusWidget()
    if (view.state() == QAbstractItemView.EditingState and editor is not None and editor.isVisible()
            and editor.parent() is view.viewport()):
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.NoHint)
