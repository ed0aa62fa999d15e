"""A unit's drill-down: every charge, every payment and every collection action."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTabWidget, QVBoxLayout

from frontdesk.services import collections
from frontdesk.ui.context import AppContext
from frontdesk.ui.tabs.collections_pages.common import money
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import fill_table, simple_table


def _table(headers: list[str], rows: list[list[str]], name: str) -> QTableWidget:
    table = simple_table(headers, name=name)
    fill_table(table, rows)
    return table


class UnitLedgerDialog(QDialog):
    def __init__(self, ctx: AppContext, unit_id: int, parent=None):
        super().__init__(parent)
        with ctx.session() as session:
            ledger = collections.unit_ledger(session, unit_id)
        self.ledger = ledger
        self.setWindowTitle(f"收费明细 — {ledger.unit_code}")
        fit_to_screen(self, 900, 560)
        tabs = QTabWidget()
        tabs.addTab(_table(["账期", "收费项目", "计费依据", "应收", "已收", "未收", "缴费期限"], [
            [c.period, c.item, c.basis, money(c.amount), money(c.paid), money(c.open), c.due_date.isoformat()]
            for c in ledger.charges], "ledgerCharges"), f"应收（{len(ledger.charges)}）")
        tabs.addTab(_table(["收据号", "类型", "日期", "金额", "方式", "交款人", "收款人", "所缴费用", "冲正原因"], [
            [p.receipt_no, p.kind + ("（已冲正）" if p.reversed else ""), p.paid_on.isoformat(), money(p.amount),
             p.method, p.payer, p.collector, p.periods, p.reason] for p in ledger.payments], "ledgerPayments"),
            f"实收（{len(ledger.payments)}）")
        tabs.addTab(_table(["日期", "方式", "催缴人", "欠费原因", "结果", "承诺缴费", "当时欠费", "备注"], [
            [a.acted_on.isoformat(), a.method, a.collector, a.reason, a.result,
             a.promise_date.isoformat() if a.promise_date else "", money(a.arrears), a.remark]
            for a in ledger.actions], "ledgerActions"), f"催缴记录（{len(ledger.actions)}）")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{ledger.unit_code}</b> {ledger.owners}　未缴合计 ¥{money(ledger.open_total)}　"
                                f"已过缴费期 ¥{money(ledger.arrears)}"))
        layout.addWidget(tabs)
        layout.addWidget(buttons)
