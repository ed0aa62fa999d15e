"""The desk's one table set-up: read-only, whole rows selected, no row numbers, no word wrap.

Every list in the window is built here, so a change of look or behaviour (selection, sorting,
opening a row with Enter or a double click) is made once. Every table alike: money and other
numbers right-aligned, columns fitted, the text column stretching.

`align_numbers(table)` gives a table (lazy models and QTableWidgets alike) a delegate that right-aligns
cells showing a number (1,234.56 · ¥88.00 · 95.2% · 12); every table is made by the helpers here, which
call it, or calls it itself where it is made (tests/ui/test_table_layout.py finds one that does not).
It used to be an event filter on the whole application, which catches every table but runs Python for
every event of every widget (each key, paint and mouse move): ≈ a quarter of the first tab's first show.
`fit_columns(view, stretch)` sizes the columns to their content (capped; the rows on screen and the
next ones) and lets one text column take the rest of the width, so no column of free text pushes the
table into horizontal scrolling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

from frontdesk.ui.table_model import LazyTableModel, is_number_text

LONG_TEXT = 10  # characters; longer cells carry their text as a tooltip too

__all__ = ["is_number_text"]  # the one test of "looks like a number", kept with the model that aligns by it


def read_only_table(table: QTableView, *, name: str = "", stretch: int | None = None,
                    editable: bool = False) -> QTableView:
    """Whole-row single selection; the last column (or column `stretch`) takes the spare width."""
    align_numbers(table)
    if name:
        table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    if not editable:
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        # Whole rows are chosen with ↑↓; Tab goes on to the buttons instead of walking the cells.
        table.setTabKeyNavigation(False)
        table.setProperty(CHOOSE_ROW_ON_FOCUS, True)
        _watch_focus()
        if table.model() is not None:  # a list filled while the cursor is already in it (a page read when shown)
            _RowChooser(table)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    return table


def _choose_row_on_focus(_old, new) -> None:
    """A list reached with Tab has its current row (else the first) chosen, not only framed: the
    buttons beside it (明细, 登记催缴 …) act on what the person sees marked. One call per focus change
    in the application, not a filter on every event of every table."""
    if not isinstance(new, QTableView) or not new.property(CHOOSE_ROW_ON_FOCUS):
        return
    selection, model = new.selectionModel(), new.model()
    if selection is not None and model is not None and not selection.hasSelection() and model.rowCount() > 0:
        current = new.currentIndex()
        new.selectRow(current.row() if current.isValid() else 0)


class _RowChooser(QObject):
    """Chooses a row of its table when the list is filled while the cursor is in it (Alt+digit to a
    page whose list is read as it shows: the reset took away the row the focus had chosen). A child of
    the table, so the connection goes with it."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self._table = table
        table.model().modelReset.connect(self.choose)
        table.model().rowsInserted.connect(self.choose)

    def choose(self, *_args) -> None:
        # A table being destroyed empties its own model first: nothing to choose then.
        if shiboken6.isValid(self._table) and self._table.hasFocus():
            _choose_row_on_focus(None, self._table)


CHOOSE_ROW_ON_FOCUS = "chooseRowOnFocus"
_FOCUS_WATCHED: list[bool] = []


def _watch_focus() -> None:
    """Connected once, by the GUI thread building the first table (modules may be imported elsewhere)."""
    app = QApplication.instance()
    if not _FOCUS_WATCHED and isinstance(app, QApplication):
        app.focusChanged.connect(_choose_row_on_focus)
        _FOCUS_WATCHED.append(True)


def record_table(model: QAbstractItemModel, *, name: str = "", stretch: int | None = None,
                 sort: tuple[int, Qt.SortOrder] | None = None,
                 on_open: Callable[[], None] | None = None,
                 widths: Sequence[int] = ()) -> QTableView:
    """A view over a (lazy) model; `sort` turns header sorting on with that initial column and order,
    `on_open` runs on a double click or Enter, `widths` are the first columns' widths in pixels."""
    table = QTableView()
    table.setModel(model)
    if isinstance(model, LazyTableModel):
        table.setItemDelegate(ModelAlignedDelegate(table))
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
            item = QTableWidgetItem(value)
            if len(value) > LONG_TEXT:
                item.setToolTip(value)  # a squeezed column still reads whole under the pointer
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


MAX_FITTED_WIDTH = 240
# Columns are fitted to the rows on screen and the next ones up to this many, not to a whole 200-row
# page: measuring two thousand cells of CJK text on every reload cost more than the reload itself.
FITTED_ROWS = 50


_ALIGNMENT_ROLE = Qt.TextAlignmentRole  # looked up once: PySide6's enum attributes are slow per cell
_RIGHT_ALIGNED = Qt.AlignRight | Qt.AlignVCenter


class NumberAlignDelegate(QStyledItemDelegate):
    """Right-aligns numbers unless the model asks for an alignment itself."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.data(_ALIGNMENT_ROLE) is None and is_number_text(option.text):
            option.displayAlignment = _RIGHT_ALIGNED


class ScoreDelegate(NumberAlignDelegate):
    """A 0–100 score cell. What is typed is taken as typed (full-width ８８ too) and checked at saving,
    the message at its cell: a validator refusing keys silently turned a slip of 101 into 10."""

    def createEditor(self, parent, option, index):
        from PySide6.QtWidgets import QLineEdit

        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText("0–100")
        return editor


class ModelAlignedDelegate(QStyledItemDelegate):
    """For models that align numbers themselves (LazyTableModel): no Python runs per cell, which
    fitting the columns of a 200-row page to their content asks for some two thousand times."""


def align_numbers(table: QTableView) -> None:
    """Numbers right-aligned in this table, unless it was given a delegate of its own."""
    if type(table.itemDelegate()) is QStyledItemDelegate:
        table.setItemDelegate(NumberAlignDelegate(table))


def fit_columns(view: QAbstractItemView, stretch: int | None = None) -> None:
    """Columns as wide as their content (up to MAX_FITTED_WIDTH); `stretch` takes what is left."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setResizeContentsPrecision(FITTED_ROWS)
    view.resizeColumnsToContents()
    for column in range(header.count()):
        if header.sectionSize(column) > MAX_FITTED_WIDTH:
            header.resizeSection(column, MAX_FITTED_WIDTH)
    if stretch is not None and 0 <= stretch < header.count():
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)


class _SaveKey(QObject):
    def __init__(self, table: QAbstractItemView, save: Callable[[], object]):
        super().__init__(table)
        self._save = save

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QEvent.KeyPress and event.matches(QKeySequence.Save):
            self._save()
            return True
        return False


def save_with_ctrl_s(table: QAbstractItemView, save: Callable[[], object]) -> None:
    """Ctrl+S in an entry grid saves it, also while a cell is being typed in (an editing grid takes
    the key before the window's shortcut would)."""
    table.installEventFilter(_SaveKey(table, save))
