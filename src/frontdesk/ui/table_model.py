"""A thin, lazily fetching table model over a service's count/list functions.

Rows arrive a page at a time (canFetchMore/fetchMore), and sorting is done by the service in
SQL, so a ten-year ledger opens as fast as a new one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

PAGE_SIZE = 200
OVERDUE_BRUSH = QBrush(QColor("#c62828"))

# Roles as plain ints: data() runs for every role of every cell a view paints or measures, and
# comparing with PySide6's enum members cost more than all the rest of it.
_DISPLAY, _TOOLTIP = Qt.DisplayRole.value, Qt.ToolTipRole.value
_ALIGNMENT, _FOREGROUND = Qt.TextAlignmentRole.value, Qt.ForegroundRole.value
_RIGHT_ALIGNED = (Qt.AlignRight | Qt.AlignVCenter).value

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TableColumn:
    header: str
    value: Callable[[Any], Any]
    sort_key: str | None = None
    align_right: bool = False


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).replace("\n", " ")


# 1,234.56 · ¥88.00 · -3.5% · 12 — but not a phone number or a room like 0302 (those are text).
NUMBER = re.compile(r"^[-+]?[¥￥]?\s?\d{1,3}(,\d{3})+(\.\d+)?\s?(%|元)?$"
                    r"|^[-+]?[¥￥]?\s?(0|[1-9]\d{0,5})(\.\d+)?\s?(%|元|个百分点)?$")


def is_number_text(text: str) -> bool:
    return bool(text) and NUMBER.match(text.strip()) is not None


def _is_number(value: Any) -> bool:
    """Money and counts line up on the right in every table."""
    return isinstance(value, (Decimal, int, float)) and not isinstance(value, bool)


class LazyTableModel(QAbstractTableModel):
    """`fetch(offset, limit, sort_key, descending)` and `count()` are called with the current filter."""

    def __init__(self, columns: Sequence[TableColumn],
                 count: Callable[[], int],
                 fetch: Callable[[int, int, str | None, bool], list[Any]],
                 default_sort: tuple[str | None, bool] = (None, False),
                 is_alert: Callable[[Any], bool] | None = None,
                 parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._count_fn, self._fetch_fn = count, fetch
        self._rows: list[Any] = []
        self._total = 0
        self._sort_key, self._descending = default_sort
        self._is_alert = is_alert
        self._loaded = False
        # Qt forbids starting an insert while a reset or insert is still being announced (views
        # and the model tester call fetchMore from the modelReset/rowsInserted signals).
        self._changing = False

    # ---- data access ----------------------------------------------------------------

    def refresh(self) -> None:
        """Read the count and the first page first, then swap them in inside one reset."""
        self._loaded = True
        total = self._count_fn()
        rows = self._fetch_fn(0, PAGE_SIZE, self._sort_key, self._descending) if total else []
        self._changing = True
        try:
            self.beginResetModel()
            self._total, self._rows = total, list(rows)
            self.endResetModel()
        finally:
            self._changing = False

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def total(self) -> int:
        return self._total

    def loaded_rows(self) -> list[Any]:
        return list(self._rows)

    # ---- Qt model interface ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._changing and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._changing or len(self._rows) >= self._total:
            return
        more = self._fetch_fn(len(self._rows), PAGE_SIZE, self._sort_key, self._descending)
        if not more:
            self._total = len(self._rows)
            return
        self._changing = True
        try:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        finally:
            self._changing = False

    def fetch_all(self) -> None:
        """Load every remaining page (what a view does as the user scrolls to the end)."""
        while self.canFetchMore():
            before = len(self._rows)
            self.fetchMore()
            if len(self._rows) == before:
                break

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        role = getattr(role, "value", role)  # an int from Qt's views; an enum member from Python callers
        if role not in (_DISPLAY, _TOOLTIP, _ALIGNMENT, _FOREGROUND) or not index.isValid():
            return None
        number = index.row()
        if number >= len(self._rows):
            return None
        row = self._rows[number]
        if role == _FOREGROUND:
            return OVERDUE_BRUSH if self._is_alert is not None and self._is_alert(row) else None
        column = self._columns[index.column()]
        if role == _ALIGNMENT:
            value = column.value(row)
            # Numbers, and text that reads as one (95.2% · ¥88.00), line up on the right.
            return _RIGHT_ALIGNED if column.align_right or _is_number(value) or is_number_text(display(value)) else None
        return display(column.value(row))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns) or self._columns[column].sort_key is None:
            return
        key, descending = self._columns[column].sort_key, order == Qt.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending) and self._loaded:
            return
        self._sort_key, self._descending = key, descending
        if self._loaded:  # before the first load() the order is only remembered
            self.refresh()


def list_model(columns: Sequence[TableColumn], rows_of: Callable[[], Sequence[Any]],
               is_alert: Callable[[Any], bool] | None = None, parent=None) -> LazyTableModel:
    """A model over a list the tab already holds (`rows_of()` is read again on every refresh)."""
    return LazyTableModel(columns, lambda: len(rows_of()), lambda offset, limit, _key, _desc: list(rows_of()[offset:offset + limit]),
                          is_alert=is_alert, parent=parent)
