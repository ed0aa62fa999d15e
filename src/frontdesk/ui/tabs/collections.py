"""收费催缴: taking payments, the aged arrears, the collectors' plan, rates and reasons, letters, and the
supervisor's fee items, parking enrolments and bill generation."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from frontdesk.ui.context import AppContext
from frontdesk.ui.tabs.collections_pages.arrears_page import ArrearsPage
from frontdesk.ui.tabs.collections_pages.fees_page import FeesPage
from frontdesk.ui.tabs.collections_pages.letters_page import LettersPage
from frontdesk.ui.tabs.collections_pages.payments_page import PaymentsPage
from frontdesk.ui.tabs.collections_pages.rates_page import RatesPage


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
        self.pages = QTabWidget()
        for page, label in ((self.payments, "收款"), (self.arrears, "欠费"), (self.plan, "催缴计划"),
                            (self.rates, "收费率与原因"), (self.letters, "催缴函"), (self.fees, "收费项目与账单")):
            self.pages.addTab(page, label)
        self._loaded: set[int] = set()
        self.pages.currentChanged.connect(self._load_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def reset_for_new_user(self) -> None:
        from frontdesk.ui.user_switch import reset_pages

        reset_pages([self.pages.widget(i) for i in range(self.pages.count())])
        self._loaded.clear()

    def load(self) -> None:
        self._loaded.clear()
        self._load_page(self.pages.currentIndex())

    def _load_page(self, index: int) -> None:
        if index in self._loaded:
            return
        self._loaded.add(index)
        self.pages.widget(index).load()

    def show_page(self, label: str) -> QWidget:
        for index in range(self.pages.count()):
            if self.pages.tabText(index) == label:
                self.pages.setCurrentIndex(index)
                self._load_page(index)
                return self.pages.widget(index)
        raise KeyError(label)
