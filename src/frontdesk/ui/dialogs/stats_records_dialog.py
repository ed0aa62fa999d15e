"""The records behind a figure of the 统计报表 tab, in a table the supervisor can read and sort."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.services import number_format
from frontdesk.services.stats.records import RecordTable
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import simple_table


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return number_format.percent(value) if 0 <= value <= 1 else f"{value:,.1f}"
    return str(value)


def fill_table(table: QTableWidget, records: RecordTable) -> None:
    table.setSortingEnabled(False)
    table.clear()
    table.setColumnCount(len(records.headers))
    table.setHorizontalHeaderLabels(list(records.headers))
    table.setRowCount(len(records.rows))
    for r, row in enumerate(records.rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(cell_text(value))
            item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            if isinstance(value, (int, float, Decimal)):
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            table.setItem(r, c, item)
    table.setSortingEnabled(True)
    table.resizeColumnsToContents()


def make_table() -> QTableWidget:
    return simple_table(())


class RecordsDialog(QDialog):
    def __init__(self, records: RecordTable, parent=None):
        super().__init__(parent)
        self.setWindowTitle(records.title)
        fit_to_screen(self, 1000, 560)
        shown = len(records.rows)
        note = f"共 {records.total} 条" + (f"，显示前 {shown} 条（全部记录请导出 Excel）" if records.total > shown else "")
        self.note = QLabel(f"{records.title}：{note}")
        self.table = make_table()
        fill_table(self.table, records)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
