"""Every multi-page tab uses one page layout: a page is filled when first shown, and again when it
is shown after the data changed."""

from frontdesk.ui.widgets.pages import Pages


def test_pages_load_when_shown_and_after_a_change(qtbot):
    from PySide6.QtWidgets import QWidget

    loads: list[str] = []
    pages = Pages()
    qtbot.addWidget(pages)
    for title in ("甲", "乙"):
        pages.add_page(QWidget(), title, lambda t=title: loads.append(t))
    pages.setCurrentIndex(1)
    pages.setCurrentIndex(0)
    assert loads == [], "nothing loads before the tab itself is loaded"
    pages.load_current()
    pages.show_page("乙")
    pages.show_page("甲")
    pages.show_page("乙")
    assert loads == ["甲", "乙"], "a page loads once until its data changes"
    pages.mark_stale()
    assert loads == ["甲", "乙", "乙"]
    pages.show_page("甲")
    assert loads == ["甲", "乙", "乙", "甲"]



def test_ctrl_tab_leaves_a_table_for_the_next_page_and_alt_digit_opens_a_page(window, qtbot, demo_db):
    """催缴计划's table keeps Tab for its cells; Ctrl+Tab still goes on to the next page, with the cursor
    in it, and Alt+1 brings the collector back to 收款's 房屋."""
    from PySide6.QtCore import Qt
    from sqlalchemy import select

    from frontdesk.db.models import Staff
    from frontdesk.services.staff import StaffRef

    with demo_db.session(system=True) as s:
        collector = s.scalar(select(Staff).where(Staff.name == "刘洋"))
        window.ctx.user = StaffRef(collector.id, collector.name, collector.role)
    tab = window.show_tab("收费催缴")
    plan = tab.show_page("催缴计划")
    qtbot.waitUntil(plan.isVisible, timeout=2000)
    table = plan.findChild(object, "planTable")
    table.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is table, timeout=2000)
    qtbot.keyClick(table, Qt.Key_Tab, Qt.ControlModifier)
    rates = tab.pages.widget(3)
    assert tab.pages.currentWidget() is rates
    assert rates.isAncestorOf(window.focusWidget()), "the cursor went into the new page"
    qtbot.keyClick(window.focusWidget(), Qt.Key_Tab, Qt.ControlModifier | Qt.ShiftModifier)
    assert tab.pages.currentWidget() is plan
    qtbot.keyClick(window.focusWidget(), Qt.Key_Tab, Qt.ControlModifier)
    # What a real keyboard sends for Ctrl+Shift+Tab: Backtab, with Shift still held.
    qtbot.keyClick(window.focusWidget(), Qt.Key_Backtab, Qt.ControlModifier | Qt.ShiftModifier)
    assert tab.pages.currentWidget() is plan
    qtbot.keyClick(window.focusWidget(), Qt.Key_1, Qt.AltModifier)
    assert tab.pages.currentIndex() == 0
    assert window.focusWidget() is tab.payments.unit
    assert tab.pages.tabToolTip(0).startswith("Alt+1")


def test_page_keys_reach_from_the_call_form_and_on_the_survey_and_vendor_desks(window, qtbot, demo_db):
    from PySide6.QtCore import Qt

    calls = window.show_tab("来电来访")
    qtbot.waitUntil(lambda: window.focusWidget() is calls.form.unit, timeout=2000)
    qtbot.keyClick(calls.form.unit, Qt.Key_2, Qt.AltModifier)
    assert calls.views.currentIndex() == 1, "Alt+2 from 房号 opens 我的待办"
    assert calls.form.unit.text() == "", "nothing typed into the field"
    assert calls.views.currentWidget().isAncestorOf(window.focusWidget())
    qtbot.keyClick(window.focusWidget(), Qt.Key_1, Qt.AltModifier)
    assert calls.views.currentIndex() == 0

    survey = window.show_tab("满意度调查")
    qtbot.waitUntil(survey.isVisible, timeout=2000)
    assert survey.select_survey("DC-2026Q3")
    survey.pages.setCurrentIndex(0)
    survey.grid.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is survey.grid, timeout=2000)
    qtbot.keyClick(survey.grid, Qt.Key_2, Qt.AltModifier)
    assert survey.pages.currentWidget() is survey.results, "Alt+2 opens 调查结果"
    qtbot.keyClick(window.focusWidget(), Qt.Key_Backtab, Qt.ControlModifier | Qt.ShiftModifier)
    assert survey.pages.currentIndex() == 0

    vendors = window.show_tab("外包方")
    qtbot.waitUntil(vendors.isVisible, timeout=2000)
    vendors.pages.setFocus()
    qtbot.keyClick(vendors.pages, Qt.Key_3, Qt.AltModifier)
    assert vendors.pages.currentIndex() == 2
