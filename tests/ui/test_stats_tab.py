"""统计报表 tab on the demo data: cards show the service's figures, a card opens its records, exports run."""

import openpyxl
from PySide6.QtCore import Qt

from frontdesk.services import stats
from frontdesk.services.stats.figures import display
from frontdesk.ui.dialogs import stats_records_dialog


def _as_chief(window, demo_db):
    from sqlalchemy import select

    from frontdesk.db.models import Staff
    from frontdesk.services.staff import StaffRef

    with demo_db.session(system=True) as s:
        chief = s.scalar(select(Staff).where(Staff.name == "吴海燕"))
        window.ctx.user = StaffRef(chief.id, chief.name, chief.role)


def _loaded(window, qtbot):
    window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index("统计报表"))
    tab = window.tab("统计报表")
    qtbot.waitUntil(lambda: tab.report is not None and tab.task is None, timeout=20000)
    return tab


def _lists_read(tab, qtbot):
    """Scrolled down to the lists, as a person does to see them: they are read then."""
    tab.scroll.ensureWidgetVisible(tab.lists)
    qtbot.waitUntil(lambda: tab.lists.shown is not None and tab.lists.shown.period == tab.report.period
                    and tab.lists.task is None, timeout=20000)
    return tab.lists.shown


def test_cards_show_the_last_complete_month_s_figures_and_open_their_records(window, qtbot, demo_db, monkeypatch):
    tab = _loaded(window, qtbot)
    assert tab.report.period.key == "2026-10"  # the last complete month, not the one just begun
    with demo_db.session(system=True) as s:
        figures = stats.compute(s, stats.parse_month("2026-10"))
    assert figures.value("calls") > 0
    assert tab.cards["calls"].text().split("\n")[:2] == ["来电（电话）", display("calls", figures.value("calls"))]
    assert display("satisfaction_rate", figures.value("satisfaction_rate")) in tab.cards["satisfaction_rate"].text()
    assert "环比" in tab.cards["repairs"].text()
    opened = []
    monkeypatch.setattr(stats_records_dialog.RecordsDialog, "exec", lambda self: opened.append(self) or 0)
    tab.cards["calls"].click()
    [dialog] = opened
    assert dialog.table.rowCount() == figures.value("calls")
    assert "来电（电话）" in dialog.windowTitle()
    _lists_read(tab, qtbot)
    titles = [tab.lists.tabText(i) for i in range(tab.lists.count())]
    assert titles[-1] == "员工服务情况" and any(t.startswith("超时未办结事项") for t in titles)
    tab.lists.setCurrentIndex(len(titles) - 1)
    assert tab.staff_table.rowCount() >= 4


def test_another_period_and_the_excel_export_run_in_the_background(window, qtbot, demo_db, tmp_path, monkeypatch,
                                                                   answers):
    _as_chief(window, demo_db)  # the reports are the supervisor's
    tab = _loaded(window, qtbot)
    tab.set_period("季", 2026, 4)
    tab.show_button.click()
    qtbot.waitUntil(lambda: tab.report.period.key == "2026-Q4" and tab.task is None, timeout=20000)
    out = tmp_path / "季报.xlsx"
    monkeypatch.setattr(tab, "ask_path", lambda suffix: str(out))
    tab.excel_button.click()
    qtbot.waitUntil(lambda: out.exists() and tab.task is None, timeout=20000)
    assert any("已保存" in text for text in answers.texts("info"))
    sheet = openpyxl.load_workbook(out)["汇总"]
    values = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}
    assert values["来电（电话）"] == tab.report.current.value("calls")
    pdf = tmp_path / "季报.pdf"
    monkeypatch.setattr(tab, "ask_path", lambda suffix: str(pdf))
    tab.pdf_button.click()
    qtbot.waitUntil(lambda: pdf.exists() and tab.task is None, timeout=30000)


def test_exporting_before_the_figures_are_shown_asks_to_run_them_first(window, qtbot, answers, demo_db):
    _as_chief(window, demo_db)
    tab = _loaded(window, qtbot)
    tab.set_period("年", 2025)
    tab.pdf_button.click()
    assert any("请先点“统计”" in text for text in answers.texts("info"))


def test_charts_tick_at_round_steps_and_an_empty_period_says_no_data(window, qtbot):
    tab = _loaded(window, qtbot)
    tab.category_chart.grab()
    axis = tab.category_chart.axis
    assert axis is not None and str(int(axis.step))[0] in "125"
    assert all(axis.label(t).isdigit() for t in axis.ticks)
    tab.set_period("月", 2020, 1)  # long before the demo data
    tab.show_button.click()
    qtbot.waitUntil(lambda: tab.report.period.key == "2020-01" and tab.task is None, timeout=20000)
    tab.category_chart.grab()
    assert not tab.category_chart.has_data() and tab.category_chart.axis is None


def test_a_receptionist_sees_the_figures_but_the_exports_are_the_supervisor_s(window, qtbot):
    tab = _loaded(window, qtbot)  # signed in as 张丽, 前台客服
    assert tab.report is not None
    for button in (tab.pdf_button, tab.excel_button):
        assert not button.isEnabled() and "客服主管" in button.toolTip()


def test_showing_figures_again_replaces_the_lists_instead_of_keeping_the_old_ones(window, qtbot):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QTableWidget

    tab = _loaded(window, qtbot)
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    tables = len(tab.findChildren(QTableWidget))
    for _ in range(2):
        tab.show_button.click()
        qtbot.waitUntil(lambda: tab.task is None, timeout=20000)
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert len(tab.findChildren(QTableWidget)) == tables == tab.lists.count()  # each list shown once, none hidden


def test_the_tab_computes_what_it_shows_and_its_export_still_holds_every_figure_with_同比(
        window, qtbot, demo_db, tmp_path, monkeypatch, answers):
    from frontdesk.services import exports

    _as_chief(window, demo_db)
    tab = _loaded(window, qtbot)  # 2026-10: the cards show 环比 only
    assert not tab.report.year_ago.computed  # nor the figures without a card (未收金额 …)
    assert not tab.report.current.computed and tab.report.current.value("calls") is not None
    out = tmp_path / "月报.xlsx"
    monkeypatch.setattr(tab, "ask_path", lambda suffix: str(out))
    tab.excel_button.click()
    qtbot.waitUntil(lambda: out.exists() and tab.task is None, timeout=20000)
    with demo_db.session(system=True) as s:  # what `frontdesk report monthly --xlsx` writes
        whole = stats.report(s, stats.parse_month("2026-10"), list_limit=None)
        cli_out = exports.stats_report(s, whole, xlsx=tmp_path / "命令行.xlsx")[0]
    # The demo's bills reach back before its first call: 2025-10's bills compare, its calls do not.
    assert whole.year_ago.bills_complete and not whole.year_ago.complete and whole.year_ago.value("charged") > 0

    def summary(path):
        return [[c.value for c in row] for row in openpyxl.load_workbook(path)["汇总"].iter_rows()]

    shown = summary(out)
    assert shown[0][4:] == ["去年同期", "同比"]
    charged = next(row for row in shown if row[0] == "应收（本期账单）")
    assert charged[4] == float(whole.year_ago.value("charged")) and charged[5] is not None
    calls = next(row for row in shown if row[0] == "来电（电话）")
    assert calls[5] is None, "no 同比 against a month the desk did not log"
    assert any("去年同期 2025年10月" in str(row[0]) for row in shown)
    assert any(row[0] == "未收金额" and row[1] is not None for row in shown)
    assert shown == summary(cli_out)


def test_the_lists_are_read_when_scrolled_to_and_a_tab_is_filled_when_looked_at(window, qtbot):
    tab = _loaded(window, qtbot)
    window.resize(1366, 740)
    tab.scroll.verticalScrollBar().setValue(0)
    qtbot.wait(50)
    assert tab.lists.visibleRegion().isEmpty(), "the lists sit below the cards and charts at 1366×768"
    assert tab.lists.shown is None and tab.lists.task is None  # not read for figures looked at alone
    assert tab.lists.tabText(0) == "超时未办结事项（读取中…）"
    from PySide6.QtCore import Qt

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab.kind.setFocus()
    qtbot.keyClick(tab.kind, Qt.Key_L, Qt.AltModifier)  # Alt+L: down to the lists, the cursor in them
    qtbot.waitUntil(lambda: tab.lists.shown is not None and tab.lists.task is None, timeout=20000)
    assert tab.lists.isAncestorOf(window.focusWidget())
    shown = _lists_read(tab, qtbot)  # scrolled down: read
    count = tab.lists.count()
    before = []
    for index in range(count):  # each tab looked at: its table holds that list's rows
        tab.lists.setCurrentIndex(index)
        before.append(tab.lists.widget(index).rowCount())
    assert before == [*(len(t.rows) for t in shown.lists), len(shown.staff)]
    assert tab.lists.tabText(0) == f"超时未办结事项（{shown.lists[0].total}）"
    tab.set_period("月", 2020, 1)  # long before the demo data
    tab.show_button.click()
    qtbot.waitUntil(lambda: tab.report.period.key == "2020-01" and tab.task is None, timeout=20000)
    shown = _lists_read(tab, qtbot)  # still in view: read again for the new period at once
    assert tab.staff_table.rowCount() == len(shown.staff)  # the tab in view is filled at once
    after = []
    for index in range(count - 1):
        tab.lists.setCurrentIndex(index)
        after.append(tab.lists.widget(index).rowCount())
        assert tab.lists.tabText(index).startswith(shown.lists[index].title)
    assert tab.lists.tabText(2).startswith("2020年1月 投诉")
    assert after == [len(t.rows) for t in shown.lists] and after != before[:-1]


def test_a_period_chosen_is_counted_at_once_and_the_kinds_keep_the_month(window, qtbot):
    tab = _loaded(window, qtbot)
    assert tab.report.period.key == "2026-10"
    tab.part.setCurrentIndex(8)  # 9 月, as ↑ in the box chooses it: no 统计 pressed
    assert "正在统计 2026年9月" in tab.status.text()
    qtbot.waitUntil(lambda: tab.report.period.key == "2026-09" and tab.task is None, timeout=20000)
    tab.kind.setCurrentIndex(1)  # 按季: the quarter holding September
    assert tab.part.currentText() == "第 3 季度"
    qtbot.waitUntil(lambda: tab.report.period.key == "2026-Q3" and tab.task is None, timeout=20000)
    tab.kind.setCurrentIndex(0)  # back to 按月: September again, not January
    assert tab.part.currentText() == "9 月"
    tab.part.setCurrentIndex(7)  # August, then July chosen while August is being counted: July is shown
    qtbot.waitUntil(lambda: tab.task is not None, timeout=5000)
    tab.part.setCurrentIndex(6)
    qtbot.waitUntil(lambda: tab.report.period.key == "2026-07" and tab.task is None, timeout=20000)
    assert "2026年7月" in tab.status.text() and "尚未结束" not in tab.status.text()
    tab.part.setCurrentIndex(10)  # November, running on the 25th: said so beside its red cards
    qtbot.waitUntil(lambda: tab.report.period.key == "2026-11" and tab.task is None, timeout=20000)
    assert "本期尚未结束，只统计到 11-25" in tab.status.text()


def test_a_running_month_marks_its_counts_change_as_part_of_a_month_and_leaves_it_uncoloured(window, qtbot):
    """On the 25th, 来电 of the month so far against the whole month before read as a red fall; now
    it says 未满期 and is not coloured. A rate is compared as it is."""
    tab = _loaded(window, qtbot)
    tab.set_period("月", 2026, 11)  # the month the tests' clock is in
    tab.load()
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.period.label.endswith("11月") and tab.task is None,
                    timeout=20000)
    calls = tab.cards["calls"]
    assert calls.text().endswith("（未满期）") and "#555555" in calls.styleSheet()
    assert "未满期" not in tab.cards["satisfaction_rate"].text()


def test_alt_s_counts_the_period_chosen(window, qtbot):
    tab = _loaded(window, qtbot)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() and tab.isVisible())
    tab.set_period("月", 2026, 9)  # chosen, not yet counted
    tab.year.setFocus()
    qtbot.keyClick(tab.year, Qt.Key_S, Qt.AltModifier)
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.period.key == "2026-09" and tab.task is None,
                    timeout=20000)
