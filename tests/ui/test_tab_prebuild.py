"""After sign-in the other tabs are built while the window idles, so a tab's first show is only its
load; a tab built that way is not filled and hears no data events until it is first shown, and
切换用户 leaves nothing of the previous person in it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from switching import sign_in_as as _sign_in_as
from switching import staff_ref as _person

from frontdesk.ui.context import Topic
from frontdesk.ui.tabs.collections import CollectionsTab
from frontdesk.ui.tabs.collections_pages.arrears_page import ArrearsPage
from frontdesk.ui.tabs.collections_pages.dayend_page import DayEndPage
from frontdesk.ui.tabs.collections_pages.fees_page import FeesPage
from frontdesk.ui.tabs.collections_pages.letters_page import LettersPage
from frontdesk.ui.tabs.collections_pages.payments_page import PaymentsPage
from frontdesk.ui.tabs.collections_pages.rates_page import RatesPage


def _idle_until_built(window, qtbot) -> None:
    window.prebuild_tabs_when_idle()
    qtbot.waitUntil(window.all_tabs_built, timeout=20000)


def test_after_sign_in_every_tab_is_built_in_idle_time_and_filled_only_when_shown(window, qtbot):
    assert not window.all_tabs_built()  # the sign-in shows the first tab only
    _idle_until_built(window, qtbot)
    assert window.tabs.currentIndex() == 0  # idle work never moves the person elsewhere
    repairs = window.built_tabs()[window.tab_titles.index("报修维修")]
    assert repairs.model.rowCount() == 0 and repairs.f_trade.count() == 0  # built, nothing read yet

    window.tabs.setCurrentIndex(window.tab_titles.index("报修维修"))
    assert window.current_tab() is repairs  # the prebuilt tab itself, not a second one
    assert repairs.model.rowCount() > 0 and repairs.f_trade.count() > 1


def test_a_prebuilt_tab_hears_data_events_only_once_it_was_shown(window, qtbot):
    _idle_until_built(window, qtbot)
    repairs = window.built_tabs()[window.tab_titles.index("报修维修")]
    calls = window.tab("来电来访")
    with qtbot.assertNotEmitted(repairs.model.modelReset, wait=50):
        calls.form.content.setText("咨询停车办理")
        calls.save_call()  # a saved call tells the repairs tab too, once that tab is in use
    assert repairs.model.rowCount() == 0

    window.show_tab("报修维修")
    with qtbot.waitSignal(repairs.model.modelReset, timeout=1000):
        window.ctx.events.changed.emit(Topic.REPAIRS)


def test_a_tab_pressed_before_its_turn_is_built_at_once_and_takes_typing(window, qtbot):
    window.activateWindow()
    form = window.tab("来电来访").form
    form.content.setFocus()
    window.prebuild_tabs_when_idle()  # still importing in the background when the key comes
    collections_index = window.tab_titles.index("收费催缴")
    qtbot.keyClick(form.content, Qt.Key(Qt.Key_1 + collections_index), Qt.ControlModifier)
    tab = window.current_tab()
    assert window.tabs.currentIndex() == collections_index
    qtbot.waitUntil(lambda: tab.payments.unit.hasFocus())
    qtbot.keyClicks(tab.payments.unit, "3-2-1502")
    assert tab.payments.unit.text() == "3-2-1502"
    qtbot.waitUntil(window.all_tabs_built, timeout=20000)
    assert window.tab("收费催缴") is tab and tab.payments.unit.text() == "3-2-1502"  # not built twice


COLLECTION_PAGES = ["收款", "欠费", "催缴计划", "收费率与原因", "催缴函", "收费项目与账单", "日结与提成"]


def _page_labels(tab) -> list[str]:
    return [tab.pages.tabText(index) for index in range(tab.pages.count())]


def _pages_made(tab) -> int:
    """How many of 收费催缴's pages exist, without asking the tab (which would build them)."""
    return sum(len(tab.findChildren(kind)) for kind in (PaymentsPage, ArrearsPage, RatesPage, LettersPage, FeesPage, DayEndPage))


def test_collections_is_built_a_page_per_idle_step_and_whole_before_it_is_shown(window, qtbot, monkeypatch):
    made_after_each_step: list[int] = []
    own_steps = CollectionsTab.build_steps

    def watched_steps(tab):
        made_after_each_step.append(_pages_made(tab))  # what the constructor built
        return [lambda step=step: (step(), made_after_each_step.append(_pages_made(tab))) for step in own_steps(tab)]

    monkeypatch.setattr(CollectionsTab, "build_steps", watched_steps)
    _idle_until_built(window, qtbot)
    assert made_after_each_step == [1, 2, 3, 4, 5, 6, 7]  # 收款 first, then one page per turn of the event loop
    tab = window.built_tabs()[window.tab_titles.index("收费催缴")]
    assert _page_labels(tab) == COLLECTION_PAGES
    assert tab.arrears.model.rowCount() == 0  # built, nothing read before the tab is shown

    window.show_tab("收费催缴")
    assert _page_labels(tab) == COLLECTION_PAGES and len(tab.findChildren(ArrearsPage)) == 2  # none built twice
    assert tab.show_page("欠费") is tab.arrears and tab.arrears.model.rowCount() > 0


def test_a_collections_page_asked_for_before_its_idle_step_is_built_at_once_in_its_place(window, qtbot):
    tab = CollectionsTab(window.ctx)
    qtbot.addWidget(tab)
    assert _pages_made(tab) == 1 and isinstance(tab.payments, PaymentsPage)
    dayend = tab.dayend  # the pages before it come first, so each keeps its place in the page bar
    assert isinstance(dayend, DayEndPage) and _pages_made(tab) == 7
    assert _page_labels(tab) == COLLECTION_PAGES and tab.pages.indexOf(dayend) == 6
    for step in tab.build_steps():
        step()  # the idle build's later turns find their pages built: nothing more is made
    assert _pages_made(tab) == 7 and tab.dayend is dayend


def test_ctrl_3_before_the_idle_build_then_the_arrears_page_shows_its_list(window, qtbot):
    window.activateWindow()
    form = window.tab("来电来访").form
    form.content.setFocus()
    window.prebuild_tabs_when_idle()  # still importing in the background when the key comes
    collections_index = window.tab_titles.index("收费催缴")
    qtbot.keyClick(form.content, Qt.Key(Qt.Key_1 + collections_index), Qt.ControlModifier)
    tab = window.current_tab()
    assert _page_labels(tab) == COLLECTION_PAGES
    bar = tab.pages.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(COLLECTION_PAGES.index("欠费")).center())
    assert tab.pages.currentWidget() is tab.arrears and tab.arrears.model.rowCount() > 0
    qtbot.waitUntil(window.all_tabs_built, timeout=20000)
    assert window.tab("收费催缴") is tab and len(tab.findChildren(ArrearsPage)) == 2


def _typed_texts(tab) -> list[str]:
    boxes = [*tab.findChildren(QLineEdit), *tab.findChildren(QPlainTextEdit), *tab.findChildren(QTextEdit)]
    return [box.text() if isinstance(box, QLineEdit) else box.toPlainText()
            for box in boxes if not box.isReadOnly()]


def test_switching_user_leaves_nothing_of_the_previous_person_in_prebuilt_tabs(
        window, qtbot, demo_db, answers, typist, monkeypatch):
    # The administrator (who may do what a supervisor does), not 吴海燕: the demo's inspections are hers.
    admin, collector = _person(demo_db, "管理员"), _person(demo_db, "刘洋")
    assert collector.role == "收费员"
    assert _sign_in_as(monkeypatch, window, admin)
    _idle_until_built(window, qtbot)  # every tab built while the administrator was signed in
    form = window.show_tab("报修维修").form
    typist(form.reporter, "管理员记下的报修人")
    typist(form.description, "楼道灯不亮")

    answers.confirm_answer = True  # yes, leave the typed order
    assert _sign_in_as(monkeypatch, window, collector)
    for title in window.tab_titles:
        tab = window.show_tab(title)
        pages = getattr(tab, "pages", None)
        for index in range(pages.count() if pages is not None else 0):
            pages.setCurrentIndex(index)
        leftovers = [text for text in _typed_texts(tab) if "管理员" in text or "楼道灯不亮" in text]
        assert leftovers == [], title
    dayend = window.tab("收费催缴").show_page("日结与提成")
    month = dayend.findChild(QWidget, "dayendMonth")  # the supervisor's month, built for the administrator
    assert month is not None and not month.isVisible()
    assert not dayend.collector.isEnabled() and dayend.collector.currentData() == collector.id
    QThreadPool.globalInstance().waitForDone()  # 统计报表's figures, computed in the background
