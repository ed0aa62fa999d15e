"""Every table on every tab: numbers and money right-aligned; the complaint list's text column stretches."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem, QTableView

from frontdesk.ui.widgets.tables import is_number_text


def _alignment(view: QTableView, row: int, column: int):
    option = QStyleOptionViewItem()
    index = view.model().index(row, column)
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text, option.displayAlignment


def test_money_and_counts_are_right_aligned_in_every_table(window, qtbot):
    checked = 0
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.current_tab()
        pages = getattr(tab, "pages", None)  # 收费催缴's pages load when shown
        for page in range(pages.count()) if hasattr(tab, "show_page") else ():
            tab.show_page(pages.tabText(page))
        for view in tab.findChildren(QTableView):
            model = view.model()
            if model is None:
                continue
            for row in range(min(model.rowCount(), 5)):
                for column in range(model.columnCount()):
                    text, alignment = _alignment(view, row, column)
                    if is_number_text(text):
                        assert alignment & Qt.AlignRight, (window.tabs.tabText(index), view.objectName(), text)
                        checked += 1
    assert checked > 20  # areas, amounts owed, counts, rates …


def test_the_complaint_list_gives_its_width_to_the_complaint_text(window, qtbot):
    tab = window.show_tab("来电来访")
    tab.views.setCurrentIndex(2)
    tab.complaint_scope.setCurrentIndex(1)  # all complaints
    header = tab.complaint_table.horizontalHeader()
    assert header.sectionResizeMode(3) == QHeaderView.Stretch  # 内容
    assert not header.stretchLastSection() and header.sectionResizeMode(8) != QHeaderView.Stretch  # 总结
