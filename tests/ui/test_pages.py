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
    qtbot.keyClick(window.focusWidget(), Qt.Key_1, Qt.AltModifier)
    assert tab.pages.currentIndex() == 0
    assert window.focusWidget() is tab.payments.unit
    assert tab.pages.tabToolTip(0).startswith("Alt+1")
