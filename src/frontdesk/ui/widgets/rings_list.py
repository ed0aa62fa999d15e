"""来电记录: every ring, newest first; 未接来电 with 回拨 (a call entry prefilled, the ring marked 已回拨 on save)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.rings import MISSED
from frontdesk.services import rings
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.widgets.tables import fit_columns, read_only_table

COLUMNS = (
    TableColumn("来电时间", lambda r: r.rang_at), TableColumn("号码", lambda r: r.number),
    TableColumn("线路", lambda r: r.line), TableColumn("房号", lambda r: r.unit_code),
    TableColumn("来电人", lambda r: r.caller_name), TableColumn("状态", lambda r: r.status),
    TableColumn("接听/回拨人", lambda r: r.answered_by),
)


class RingsList(QWidget):
    def __init__(self, ctx: AppContext, calls_tab, parent=None):
        super().__init__(parent)
        self.ctx, self.calls_tab = ctx, calls_tab
        self.missed_only = QCheckBox("只看未接来电")
        self.missed_only.setChecked(True)
        self.missed_only.toggled.connect(lambda _on: self.load())
        self.call_back_button = QPushButton("回拨并登记(&B)")
        self.call_back_button.setAutoDefault(False)
        self.call_back_button.clicked.connect(self.call_back)
        self.summary = QLabel()
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, parent=self,
                                    is_alert=lambda r: r.status == MISSED)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_table(self.table)  # the desk's list rules: whole rows, Tab in chooses one and goes on
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.activated.connect(lambda _index: self.call_back())
        bar = QHBoxLayout()
        bar.addWidget(self.missed_only)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.call_back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def _count(self) -> int:
        with self.ctx.read_session() as session:
            return rings.count_rings(session, missed_only=self.missed_only.isChecked())

    def _fetch(self, offset: int, limit: int, _sort, _descending):
        with self.ctx.read_session() as session:
            return rings.list_rings(session, missed_only=self.missed_only.isChecked(), offset=offset, limit=limit)

    def load(self) -> None:
        self.model.refresh()
        fit_columns(self.table, stretch=4)  # the time shown whole; the caller's name takes the rest
        with self.ctx.read_session() as session:
            today, missed = rings.today_counts(session)
        self.summary.setText(f"今天来电 {today} 次，未接 {missed} 次；共 {self.model.total} 条")

    def call_back(self) -> None:
        index = self.table.currentIndex()
        row = self.model.row_object(index.row()) if index.isValid() else None
        if row is None:
            return
        if not row.number.isdigit():
            messages.info(self, "这是私密号码（对方隐藏了号码），无法回拨。")
            return
        self.calls_tab.answer_ring(row.id, call_back=True)
