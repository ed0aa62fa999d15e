"""收费催缴: taking payments, the aged arrears, the collectors' plan, rates and reasons, letters, the
supervisor's fee items, parking enrolments and bill generation, and the collectors' 日结 and 提成."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import cast

from PySide6.QtWidgets import QVBoxLayout, QWidget

from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.collections_pages.arrears_page import ArrearsPage
from frontdesk.ui.tabs.collections_pages.dayend_page import DayEndPage
from frontdesk.ui.tabs.collections_pages.fees_page import FeesPage
from frontdesk.ui.tabs.collections_pages.letters_page import LettersPage
from frontdesk.ui.tabs.collections_pages.payments_page import PaymentsPage
from frontdesk.ui.tabs.collections_pages.rates_page import RatesPage
from frontdesk.ui.widgets.pages import Pages

# The pages in the order of the page bar: (label, builder).
PAGES: tuple[tuple[str, Callable[[AppContext], QWidget]], ...] = (
    ("收款", PaymentsPage),
    ("欠费", ArrearsPage),
    ("催缴计划", partial(ArrearsPage, plan=True)),
    ("收费率与原因", RatesPage),
    ("催缴函", LettersPage),
    ("收费项目与账单", FeesPage),
    ("日结与提成", DayEndPage),
)


class CollectionsTab(QWidget):
    """Seven pages are a large widget tree (40–60 ms): the constructor builds 收款 only, what the
    desk's first show needs; the others follow one per step of the window's idle build
    (`build_steps`), or all at once when the tab is first loaded or anything asks for `pages`,
    `show_page` or a page by its name (pages before it are built first, so each keeps its place)."""

    title = "收费催缴"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        # A page built later hears the same data events as one built now (the window gives a tab
        # built in idle time events of its own that are heard only once the tab is shown).
        self._events = ctx.events
        self._pages = Pages()
        self._build_page(0)
        # A payment taken on 收款 changes 欠费, 催缴计划, 收费率, 催缴函 and 日结 shown before it.
        self._events.changed.connect(self._on_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self._pages)

    # ---- pages, built in order --------------------------------------------------------

    def build_steps(self) -> list[Callable[[], None]]:
        """For the window's idle build: the rest of the tab, a page per step (each a few ms)."""
        return [partial(self._page, index) for index in range(1, len(PAGES))]

    def _page(self, index: int) -> QWidget:
        while self._pages.count() <= index:
            self._build_page(self._pages.count())
        return self._pages.widget(index)

    def _build_page(self, index: int) -> None:
        label, build = PAGES[index]
        with self._own_events():
            page = build(self.ctx)
            self._pages.add_page(page, label)
        if isinstance(page, ArrearsPage):
            page.pay_requested.connect(self.pay_for)

    def pay_for(self, unit_id: int) -> None:
        """收款 for a unit chosen in 欠费 / 催缴计划 (Alt+P): the 收款 page open on its bills, the cursor
        in 收款金额; what was typed there for another unit is asked about first."""
        payments = self.payments
        if payments.has_unsaved_input() and not messages.confirm_discard(self):
            return
        self._pages.setCurrentWidget(payments)
        payments.clear_form()
        payments.choose_unit(unit_id)

    @contextmanager
    def _own_events(self) -> Iterator[None]:
        shared = self.ctx.events
        self.ctx.events = self._events
        try:
            yield
        finally:
            self.ctx.events = shared

    @property
    def pages(self) -> Pages:
        self._page(len(PAGES) - 1)
        return self._pages

    @property
    def payments(self) -> PaymentsPage:
        return cast(PaymentsPage, self._page(0))

    @property
    def arrears(self) -> ArrearsPage:
        return cast(ArrearsPage, self._page(1))

    @property
    def plan(self) -> ArrearsPage:
        return cast(ArrearsPage, self._page(2))

    @property
    def rates(self) -> RatesPage:
        return cast(RatesPage, self._page(3))

    @property
    def letters(self) -> LettersPage:
        return cast(LettersPage, self._page(4))

    @property
    def fees(self) -> FeesPage:
        return cast(FeesPage, self._page(5))

    @property
    def dayend(self) -> DayEndPage:
        return cast(DayEndPage, self._page(6))

    # ---- the tab ------------------------------------------------------------------------

    def _on_changed(self, what: Topic) -> None:
        if what in (Topic.PAYMENTS, Topic.BILLS, Topic.COLLECTION_ACTIONS):
            self._pages.mark_hidden_stale()

    def reset_for_new_user(self) -> None:
        from frontdesk.ui.user_switch import reset_pages

        # A page not built yet is built for whoever is signed in then: nothing to reset in it.
        reset_pages([self._pages.widget(i) for i in range(self._pages.count())])
        self._pages.forget_loaded()

    def load(self) -> None:
        self.pages.load_current()

    def first_field(self) -> QWidget | None:
        """收款's 房屋 when that page is open: the collector types a room as soon as the desk opens."""
        return self.payments.unit if self._pages.currentWidget() is self.payments else None

    def show_page(self, label: str) -> QWidget:
        return self.pages.show_page(label)
