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

