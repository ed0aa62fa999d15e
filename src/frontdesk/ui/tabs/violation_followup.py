"""整改跟踪: re-inspections due and overdue; the record's detail; the notice's print preview."""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models import Violation
from frontdesk.errors import DomainError
from frontdesk.services import violation_followup as followup
from frontdesk.services import violation_notices as notices
from frontdesk.services import violations
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.tables import record_table

AHEAD_DAYS = 3
COLUMNS = (
    TableColumn("复查日期", lambda r: r.due_date),
    TableColumn("状态", lambda r: r.state),
    TableColumn("房号/位置", lambda r: r.place),
    TableColumn("类型", lambda r: r.kind),
    TableColumn("通知书", lambda r: r.notice_number + ("（第二次）" if r.level >= 2 else "")),
    TableColumn("收件人", lambda r: r.addressee),
    TableColumn("送达", lambda r: r.delivery),
)


def preview_notice(parent: QWidget, numbers: list[str], copies: int = 1):
    """Render the notices to a PDF (the same as `frontdesk notice pdf`) and open its print preview."""
    from frontdesk.reports.pdf.notice import write_notice_pdf
    from frontdesk.ui.widgets.pdf_preview import open_preview

    out = Path(tempfile.mkdtemp(prefix="frontdesk-notice-")) / f"{numbers[0]}.pdf"
    try:
        with parent.ctx.session() as session:
            write_notice_pdf(session, numbers, out, copies=copies)
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return None
    return open_preview(parent, out, "整改通知书 " + "、".join(numbers))


def detail_html(v: Violation) -> str:
    """The record as the desk reads it: what, where, each notice with its delivery, and the history."""
    lines = [f"<h3>{escape(violations.place_of(v))}　{escape(v.kind)}　<span style='color:#1565c0'>{v.status}</span></h3>",
             f"<p>{v.found_date:%Y-%m-%d} {escape(v.found_by)} 发现：{escape(v.description)}</p>"]
    if v.reported_to:
        lines.append(f"<p style='color:#c62828'>已上报：{escape(v.reported_to)}</p>")
    for n in v.notices:
        void = f"　<span style='color:#c62828'>已作废：{escape(n.voided_reason)}</span>" if n.voided_reason else ""
        lines.append(f"<p><b>{n.number}</b>{'（第二次）' if n.level >= 2 else ''}　{n.issued_date:%Y-%m-%d} 出具，"
                     f"收件人 {escape(n.addressee)}，期限 {n.deadline:%Y-%m-%d}，"
                     f"送达：{escape(notices.delivery_summary(n))}{void}</p>")
    lines.append("<h4>处理经过</h4><ul>")
    lines += [f"<li>{e.at:%Y-%m-%d %H:%M} {escape(e.actor)}：{escape(e.text)}</li>" for e in v.events]
    lines.append("</ul>")
    return "".join(lines)


ALL_WAITING_DAYS = 3650  # every re-inspection still to be made (deadlines are weeks, not years, ahead)


class FollowupPage(QWidget):
    def __init__(self, ctx: AppContext, tab, parent=None):
        super().__init__(parent)
        self.ctx, self.tab = ctx, tab
        self.ahead_check = QCheckBox(f"同时显示 {AHEAD_DAYS} 天内到期的")
        self.ahead_check.toggled.connect(lambda _on: self.load())
        # An owner who puts it right early is re-inspected early: every notice waiting, whatever its deadline.
        self.all_check = QCheckBox("显示全部待复查（提前整改的可提前复查）")
        self.all_check.toggled.connect(lambda _on: self.load())
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, is_alert=lambda r: r.overdue, parent=self)
        self.table = record_table(self.model)
        self.table.activated.connect(lambda _i: self.record_result())
        self.record_button = QPushButton("登记复查结果(&R)")
        self.record_button.clicked.connect(self.record_result)
        self.show_button = QPushButton("在违章记录中查看(&K)")
        self.show_button.clicked.connect(self.show_in_list)
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.ahead_check)
        bar.addWidget(self.all_check)
        bar.addStretch(1)
        bar.addWidget(self.show_button)
        bar.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def _ahead(self) -> int:
        if self.all_check.isChecked():
            return ALL_WAITING_DAYS
        return AHEAD_DAYS if self.ahead_check.isChecked() else 0

    def _count(self) -> int:
        with self.ctx.session() as session:
            return followup.count_followups(session, self._ahead())

    def _fetch(self, offset: int, limit: int, _sort, _descending: bool):
        with self.ctx.session() as session:
            return followup.list_followups(session, self._ahead(), offset, limit)

    def load(self) -> None:
        self.model.refresh()
        with self.ctx.session() as session:
            overdue = followup.count_overdue(session)
            due = followup.count_followups(session)
        self.summary.setText(f"今日及以前应复查 {due} 处，其中逾期 {overdue} 处（红色）")
        index = self.tab.pages.indexOf(self)
        if index >= 0:
            self.tab.pages.setTabText(index, f"整改跟踪（{due}）" if due else "整改跟踪")

    def selected_row(self) -> followup.FollowupRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def record_result(self) -> None:
        from frontdesk.ui.dialogs.notice_followup_dialog import ReinspectionDialog

        row = self.selected_row()
        if row is None:
            messages.info(self, "请先在整改跟踪列表中选中一条复查。")
            return
        dialog = ReinspectionDialog(self.ctx, row, self)
        if not dialog.exec() or dialog.outcome is None:
            return
        self.ctx.events.changed.emit(Topic.VIOLATIONS)
        outcome = dialog.outcome
        self.ctx.events.saved.emit(Saved(f"复查 {row.notice_number} {row.place}", note=outcome.status))
        if outcome.second_notice:
            messages.info(self, f"已出具第二次整改通知书 {outcome.second_notice}，整改期限 {outcome.next_due:%Y-%m-%d}。"
                                "请打印后送达。")
            self.tab.preview_dialog = preview_notice(self.tab, [outcome.second_notice], copies=2)
        elif outcome.reported_to:
            messages.info(self, f"已记录上报{outcome.reported_to}。")

    def show_in_list(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.tab.pages.setCurrentIndex(0)
        if not self.tab.select_violation(row.violation_id):
            self.tab.search_edit.clear()
            self.tab.status_combo.setCurrentIndex(0)
            self.tab.apply_filter()
            self.tab.select_violation(row.violation_id)
