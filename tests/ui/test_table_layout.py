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


def _widths(view: QTableView) -> dict[str, int]:
    model, header = view.model(), view.horizontalHeader()
    return {model.headerData(c, Qt.Horizontal): header.sectionSize(c) for c in range(header.count())}


def test_the_text_columns_read_whole_on_a_1366_screen(window, qtbot):
    """At 1366 × 768 the words a person reads (what was done, the last reminder and why, the meeting's
    problems) get the room, not a code or a count: a usual sentence shows without being cut."""
    window.resize(1366, 728)
    sentence = window.fontMetrics().horizontalAdvance("已通知工程部上门查看防水并回复业主")
    ledger = window.show_tab("来电来访").ledger_table
    qtbot.waitUntil(lambda: ledger.model().rowCount() > 0)
    widths = _widths(ledger)
    assert widths["处理情况"] >= sentence and widths["内容"] >= sentence

    collections = window.show_tab("收费催缴")
    collections.show_page("欠费")
    arrears = collections.findChild(QTableView, "arrearsTable")
    qtbot.waitUntil(lambda: arrears.model().rowCount() > 0)
    last_reminder = arrears.model().index(0, 9).data()
    # laid out once the page is painted: the spare width goes to the words
    qtbot.waitUntil(lambda: _widths(arrears)["最近催缴"] >= arrears.fontMetrics().horizontalAdvance(last_reminder) + 8)
    assert _widths(arrears)["原因"] >= arrears.fontMetrics().horizontalAdvance("长期空置/未入住") + 8

    meetings = window.show_tab("外包方").meetings.table  # the newest meeting selected without a click
    qtbot.waitUntil(lambda: meetings.model().rowCount() > 0)
    assert meetings.selectionModel().selectedRows()[0].row() == 0
    agenda = window.current_tab().meetings.agenda
    qtbot.waitUntil(lambda: agenda.model().rowCount() > 0)
    qtbot.waitUntil(lambda: _widths(agenda)["问题描述"] >= sentence)  # laid out once the page is painted


def test_every_table_the_desk_makes_aligns_its_numbers():
    """Where a table is made (a QTableView or QTableWidget, or a class of one), the same function gives
    it the number alignment (`align_numbers`, or the helpers of widgets/tables.py that call it): no
    application-wide event filter catches a table that was forgotten."""
    import ast
    from pathlib import Path

    import frontdesk.ui

    tables = {"QTableView", "QTableWidget"}
    aligning = {"align_numbers", "read_only_table"}
    root = Path(frontdesk.ui.__file__).parent
    forgotten = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        subclasses = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                      and any(isinstance(base, ast.Name) and base.id in tables for base in node.bases)}
        for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
            called = {ast.unparse(call.func).split(".")[-1] for call in ast.walk(function) if isinstance(call, ast.Call)}
            makes_table = bool(called & tables) or (function.name == "__init__" and any(
                function in ast.walk(cls) for cls in ast.walk(tree)
                if isinstance(cls, ast.ClassDef) and cls.name in subclasses))
            if makes_table and not called & aligning:
                forgotten.append(f"{path.relative_to(root)}:{function.lineno} {function.name}")
    assert forgotten == []
