"""Every table alike: money and other numbers right-aligned, columns fitted, the text column stretching.

`install_number_alignment(app)` gives every item view (lazy models and QTableWidgets alike) a delegate
that right-aligns cells showing a number (1,234.56 · ¥88.00 · 95.2% · 12), so no table is missed.
`fit_columns(view, stretch)` sizes the columns to their content (capped) and lets one text column take
the rest of the width, so no column of free text pushes the table into horizontal scrolling.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QTableView

# 1,234.56 · ¥88.00 · -3.5% · 12 — but not a phone number or a room like 0302 (those are text).
NUMBER = re.compile(r"^[-+]?[¥￥]?\s?\d{1,3}(,\d{3})+(\.\d+)?\s?(%|元)?$"
                    r"|^[-+]?[¥￥]?\s?(0|[1-9]\d{0,5})(\.\d+)?\s?(%|元|个百分点)?$")
MAX_FITTED_WIDTH = 240


def is_number_text(text: str) -> bool:
    return bool(text) and NUMBER.match(text.strip()) is not None


class NumberAlignDelegate(QStyledItemDelegate):
    """Right-aligns numbers unless the model asks for an alignment itself."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.data(Qt.TextAlignmentRole) is None and is_number_text(option.text):
            option.displayAlignment = Qt.AlignRight | Qt.AlignVCenter


class _Installer(QObject):
    def eventFilter(self, obj, event) -> bool:
        if (event.type() == QEvent.Polish and isinstance(obj, QTableView)
                and type(obj.itemDelegate()) is QStyledItemDelegate):
            obj.setItemDelegate(NumberAlignDelegate(obj))
        return False


def install_number_alignment(app) -> None:
    if getattr(app, "_number_alignment", None) is None:
        app._number_alignment = _Installer(app)
        app.installEventFilter(app._number_alignment)


def fit_columns(view: QAbstractItemView, stretch: int | None = None) -> None:
    """Columns as wide as their content (up to MAX_FITTED_WIDTH); `stretch` takes what is left."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    view.resizeColumnsToContents()
    for column in range(header.count()):
        if header.sectionSize(column) > MAX_FITTED_WIDTH:
            header.resizeSection(column, MAX_FITTED_WIDTH)
    if stretch is not None and 0 <= stretch < header.count():
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
