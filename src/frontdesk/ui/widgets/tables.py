"""The desk's one table set-up: read-only, whole rows selected, no row numbers, no word wrap.

Every list in the window is built here, so a change of look or behaviour (selection, sorting,
opening a row with Enter or a double click) is made once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QTableWidgetItem


def read_only_table(table: QTableView, *, name: str = "", stretch: int | None = None,
                    editable: bool = False) -> QTableView:
    """Whole-row single selection; the last column (or column `stretch`) takes the spare width."""
    if name:
        table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    if not editable:
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    return table


def record_table(model: QAbstractItemModel, *, name: str = "", stretch: int | None = None,
                 sort: tuple[int, Qt.SortOrder] | None = None,
                 on_open: Callable[[], None] | None = None,
                 widths: Sequence[int] = ()) -> QTableView:
    """A view over a (lazy) model; `sort` turns header sorting on with that initial column and order,
    `on_open` runs on a double click or Enter, `widths` are the first columns' widths in pixels."""
    table = QTableView()
    table.setModel(model)
    read_only_table(table, name=name, stretch=stretch)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    if sort is not None:
        table.setSortingEnabled(True)
        header.setSortIndicator(*sort)
    if on_open is not None:
        table.doubleClicked.connect(lambda _index: on_open())
        QShortcut(QKeySequence(Qt.Key_Return), table, activated=on_open, context=Qt.WidgetShortcut)
    return table


def simple_table(headers: Sequence[str], *, name: str = "", stretch: int | None = None,
                 editable: bool = False, rows: int = 0) -> QTableWidget:
    """A small in-memory table (a few dozen rows at most) with these column headers."""
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    read_only_table(table, name=name, stretch=stretch, editable=editable)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
