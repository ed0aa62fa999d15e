"""收费催缴: taking payments, the aged arrears, the collectors' plan, rates and reasons, letters, the
supervisor's fee items, parking enrolments and bill generation, and the collectors' 日结 and 提成."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from frontdesk.ui.context import AppContext
from frontdesk.ui.tabs.collections_pages.arrears_page import ArrearsPage
from frontdesk.ui.tabs.collections_pages.dayend_page import DayEndPage
from frontdesk.ui.tabs.collections_pages.fees_page import FeesPage
from frontdesk.ui.tabs.collections_pages.letters_page import LettersPage
from frontdesk.ui.tabs.collections_pages.payments_page import PaymentsPage
from frontdesk.ui.tabs.collections_pages.rates_page import RatesPage
from frontdesk.ui.widgets.pages import Pages


class CollectionsTab(QWidget):
    title = "收费催缴"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.payments = PaymentsPage(ctx)
        self.arrears = ArrearsPage(ctx)
        self.plan = ArrearsPage(ctx, plan=True)
        self.rates = RatesPage(ctx)
        self.letters = LettersPage(ctx)
        self.fees = FeesPage(ctx)
        self.dayend = DayEndPage(ctx)
        self.pages = Pages()
        for page, label in ((self.payments, "收款"), (self.arrears, "欠费"), (self.plan, "催缴计划"),
                            (self.rates, "收费率与原因"), (self.letters, "催缴函"), (self.fees, "收费项目与账单"),
                            (self.dayend, "日结与提成")):
            self.pages.add_page(page, label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def reset_for_new_user(self) -> None:
        from frontdesk.ui.user_switch import reset_pages

        reset_pages([self.pages.widget(i) for i in range(self.pages.count())])
        self.pages.forget_loaded()

    def load(self) -> None:
        self.pages.load_current()

    def first_field(self) -> QWidget | None:
        """收款's 房屋 when that page is open: the collector types a room as soon as the desk opens."""
        return self.payments.unit if self.pages.currentWidget() is self.payments else None

    def show_page(self, label: str) -> QWidget:
        return self.pages.show_page(label)
