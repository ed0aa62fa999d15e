"""操作日志: who changed what and when, filterable, read-only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from frontdesk.errors import DomainError
from frontdesk.services import audit_log
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import record_table

COLUMNS = (
    TableColumn("时间", lambda r: r.at), TableColumn("操作人", lambda r: r.actor),
    TableColumn("表", lambda r: r.table_name), TableColumn("记录号", lambda r: r.record_id),
    TableColumn("操作", lambda r: r.action), TableColumn("改动（原值 → 新值）", lambda r: r.changes),
)


class AuditDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("操作日志")
        fit_to_screen(self, 1000, 600)
        self.filter = audit_log.AuditFilter()
        self.table_box = QComboBox()
        self.actor_edit = QLineEdit()
        self.actor_edit.setPlaceholderText("操作人姓名")
        apply = QPushButton("查询")
        apply.clicked.connect(self.apply)
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, parent=self)
        view = record_table(self.model)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.table_box)
        bar.addWidget(self.actor_edit)
        bar.addWidget(apply)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(view)
        layout.addWidget(self.count_label)

    def _count(self) -> int:
        with self.ctx.session() as session:
            return audit_log.count_entries(session, self.filter)

    def _fetch(self, offset, limit, _sort, _descending):
        with self.ctx.session() as session:
            return audit_log.list_entries(session, self.filter, offset, limit)

    def load(self) -> bool:
        try:
            with self.ctx.session() as session:
                tables = audit_log.table_names(session)
                audit_log.count_entries(session, self.filter)  # checks the permission before showing
        except DomainError as exc:
            messages.warning(self.parent(), exc.message)
            return False
        self.table_box.addItem("全部", "")
        for name in tables:
            self.table_box.addItem(name, name)
        self.apply()
        return True

    def apply(self) -> None:
        self.filter = audit_log.AuditFilter(table_name=self.table_box.currentData() or "",
                                            actor=self.actor_edit.text().strip())
        self.model.refresh()
        self.count_label.setText(f"共 {self.model.total} 条")


def open_audit_log(window) -> None:
    dialog = AuditDialog(window.ctx, window)
    if dialog.load():
        dialog.exec()
