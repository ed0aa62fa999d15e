"""A read-only ledger of one category of contacts, opened like the main ledger."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from frontdesk.services import calls
from frontdesk.ui.context import AppContext
from frontdesk.ui.table_model import LazyTableModel


class ContactListTab(QWidget):
    title = ""
    category = ""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        from frontdesk.ui.tabs.calls import LEDGER_COLUMNS

        self.ctx = ctx
        self.filter = calls.ContactFilter(category=self.category)
        self.model = LazyTableModel(LEDGER_COLUMNS, self._count, self._fetch, default_sort=("occurred_at", True),
                                    is_alert=lambda r: r.overdue, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"前台登记的{self.category}事项（双击打开）"))
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)
        ctx.events.changed.connect(lambda what: self.load() if what == "contacts" else None)

    def _count(self) -> int:
        with self.ctx.session() as session:
            return calls.count_contacts(session, self.filter)

    def _fetch(self, offset: int, limit: int, sort, descending: bool):
        with self.ctx.session() as session:
            return calls.list_contacts(session, self.filter, offset, limit, sort or "occurred_at", descending)

    def load(self) -> None:
        self.model.refresh()
        self.count_label.setText(f"共 {self.model.total} 条")

    def _open(self, index) -> None:
        from frontdesk.ui.dialogs.contact_dialog import ContactDialog

        row = self.model.row_object(index.row())
        if row is not None:
            ContactDialog(self.ctx, row.id, self).exec()
