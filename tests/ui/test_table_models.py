"""Every list model of the window honours Qt's model contract while it loads, refreshes, sorts,
filters and fetches page after page to the end.

Qt's `QAbstractItemModelTester` is kept alive for the whole test (a tester that is not kept in a
variable is collected at once and checks nothing); it reports through Qt warnings, which fail the
test (qt_log_level_fail = WARNING).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import select

from frontdesk.db.models import Staff
from frontdesk.services.staff import StaffRef
from frontdesk.ui import table_model
from frontdesk.ui.dialogs.audit_dialog import AuditDialog


@pytest.fixture
def testers():
    kept: list[QAbstractItemModelTester] = []

    def watch(model):
        kept.append(QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning))
        return model

    yield watch
    kept.clear()


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    """Pages of 7 rows, so the small demo set needs many fetchMore calls to reach the end."""
    monkeypatch.setattr(table_model, "PAGE_SIZE", 7)


def exercise(model, view=None) -> None:
    """Refresh, sort by every sortable column both ways, and fetch to the end each time."""
    model.refresh()
    model.fetch_all()
    assert model.rowCount() == model.total
    for column in range(model.columnCount()):
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            if view is not None and view.isSortingEnabled():
                view.sortByColumn(column, order)
            else:
                model.sort(column, order)
            model.fetch_all()
            assert model.rowCount() == model.total
    model.refresh()
    assert model.rowCount() == min(model.total, 7)


def test_the_call_ledger_sorts_and_pages_under_the_tester(window, testers):
    tab = window.show_tab("来电来访")
    testers(tab.ledger_model)
    # Three days of calls (dozens of pages of 7): every page boundary the whole month has, without the
    # tester re-checking thousands of rows 22 times (it checks every row on every page added).
    tab.date_from.setDate(tab.date_to.date().addDays(-2))
    tab.apply_filter()
    exercise(tab.ledger_model, tab.ledger_table)
    assert tab.ledger_model.total > 3 * 7, "several pages to fetch"
    tab.f_category.setCurrentText("报修")
    tab.apply_filter()
    tab.ledger_model.fetch_all()
    rows = tab.ledger_model.loaded_rows()
    assert rows and all(r.category == "报修" for r in rows) and len(rows) == tab.ledger_model.total
    for model, load in ((tab.todo_model, tab.load_todo), (tab.complaint_model, tab.load_complaints)):
        testers(model)
        load()
        exercise(model)


def test_the_repair_lists_pass_the_tester(window, testers):
    tab = window.show_tab("报修维修")
    for model in (tab.model, tab.visit_model, tab.load_model, tab.overdue_model, tab.repeat_model):
        testers(model)
    exercise(tab.model, tab.table)
    assert tab.model.total > 7
    tab.f_state.setCurrentText("未完成")
    tab.apply_filter()
    tab.model.fetch_all()
    assert all(r.state not in ("已完成", "已回访", "已关闭") for r in tab.model.loaded_rows())
    for load in (tab.load_visits, tab.load_overdue, tab.load_repeats):
        load()
    for model in (tab.visit_model, tab.load_model, tab.overdue_model, tab.repeat_model):
        exercise(model)


def test_the_arrears_and_the_plan_pass_the_tester(window, testers):
    tab = window.show_tab("收费催缴")
    for page in (tab.arrears, tab.plan):
        testers(page.model)
        page.load()
        exercise(page.model, page.table)
    assert tab.arrears.model.total > 7
    tab.arrears.age.setCurrentIndex(tab.arrears.age.count() - 1)
    tab.arrears.apply_filter()
    tab.arrears.model.fetch_all()
    assert tab.arrears.model.rowCount() == tab.arrears.model.total


def test_the_violation_lists_and_units_pass_the_tester(window, testers):
    tab = window.show_tab("违章整改")
    testers(tab.model)
    testers(tab.followup.model)
    exercise(tab.model, tab.table)
    tab.status_combo.setCurrentText("已整改")
    tab.reload()
    assert all(r.status == "已整改" for r in tab.model.loaded_rows())
    tab.followup.ahead_check.setChecked(True)
    exercise(tab.followup.model)
    units = window.show_tab("房屋档案")
    testers(units.model)
    exercise(units.model, units.table)
    assert units.model.total > 7


def test_the_training_sessions_pass_the_tester(window, testers):
    tab = window.show_tab("培训考核")
    page = tab.show_page("培训记录")
    testers(page.model)
    exercise(page.model, page.table)
    page.year.setValue(page.year.value() - 1)
    page.model.fetch_all()
    assert page.model.rowCount() == page.model.total


def test_the_audit_log_passes_the_tester(window, qtbot, demo_db, testers):
    with demo_db.session() as s:
        boss = s.scalar(select(Staff).where(Staff.name == "吴海燕"))
        window.ctx.user = StaffRef(boss.id, boss.name, boss.role)
    dialog = AuditDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    testers(dialog.model)
    assert dialog.load()
    exercise(dialog.model)
    assert dialog.model.total > 7
    dialog.table_box.setCurrentIndex(1)
    dialog.apply()
    dialog.model.fetch_all()
    assert dialog.model.rowCount() == dialog.model.total
