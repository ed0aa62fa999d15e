"""日结与提成 through the real window: a collector sees the day, prints the slip and closes it; the supervisor
sees the days not closed, the month's hand-over, the commission, the arrears by area, and sets a scheme."""

from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from frontdesk.db.models import CommissionScheme, DayClosing, Payment, Staff
from frontdesk.services import collections, dayend
from frontdesk.services.staff import StaffRef


def _as(window, demo_db, name):
    with demo_db.session(system=True) as s:
        person = s.scalar(select(Staff).where(Staff.name == name))
        window.ctx.user = StaffRef(person.id, person.name, person.role)
        return person.id


def _latest_open_day(demo_db):
    with demo_db.session(system=True) as s:
        return dayend.unclosed_days(s)[-1]  # the demo leaves its last days for the collectors to close


def test_a_collector_prints_the_slip_and_closes_the_day(window, qtbot, demo_db, answers):
    latest = _latest_open_day(demo_db)
    name, day = latest.collector, latest.day
    collector = _as(window, demo_db, name)
    with demo_db.session(system=True) as s:
        taken = s.scalars(select(Payment).where(Payment.collector_id == collector, Payment.paid_on == day)).all()
        total = sum((p.amount for p in taken), Decimal("0"))
    page = window.show_tab("收费催缴").show_page("日结与提成")
    assert page.collector.currentText() == name and not page.collector.isEnabled()
    page.day.setDate(QDate(day))
    qtbot.mouseClick(page.show_button, Qt.LeftButton)
    assert page.slip_table.rowCount() == len(taken)
    assert "未日结" in page.state.text() and f"合计 ¥{total:,.2f}" in page.totals.text()
    assert not hasattr(page, "sections"), "the supervisor's part is not shown to a collector"
    qtbot.mouseClick(page.print_button, Qt.LeftButton)
    assert page.preview.property("page_count") == 1
    page.preview.close()
    answers.text_answer = "财务 钱晓红"
    qtbot.mouseClick(page.close_button, Qt.LeftButton)
    assert any(f"确认日结 {name} {day:%Y-%m-%d}" in t for t in answers.texts("confirm"))
    with demo_db.session(system=True) as s:
        closing = s.scalar(select(DayClosing).where(DayClosing.collector_id == collector, DayClosing.day == day))
        assert closing.receiver == "财务 钱晓红" and closing.total == total and closing.closed_by == name
    assert "已日结" in page.state.text() and not page.close_button.isEnabled()

    # The 收款 page now refuses a payment of that day for the collector, and says why at the date.
    with demo_db.session(system=True) as s:
        unit_id = collections.list_arrears(s, collections.ArrearsFilter(), 0, 1)[0].unit_id
        before = s.scalar(select(func.count()).select_from(Payment))
    pay = window.show_tab("收费催缴").show_page("收款")
    pay.show_unit(unit_id)
    pay.paid_on.setDate(QDate(day))
    assert pay.collector.currentText().startswith(name)
    qtbot.mouseClick(pay.save_button, Qt.LeftButton)
    assert "已日结交款" in pay.errors.text_of("paid_on")
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == before


def test_the_supervisor_sees_open_days_the_month_and_the_commission_and_sets_a_scheme(window, qtbot, demo_db,
                                                                                      answers):
    latest = _latest_open_day(demo_db)
    _as(window, demo_db, "吴海燕")
    page = window.show_tab("收费催缴").show_page("日结与提成")
    qtbot.waitUntil(lambda: page.commission_table.rowCount() == 2, timeout=20000)
    assert page.collector.isEnabled()
    shown = page.collector.currentText()  # another collector chosen (as ↓ in the box does): shown at once
    page.collector.setCurrentIndex(1 - page.collector.currentIndex())
    page.collector.activated.emit(page.collector.currentIndex())
    assert page.slip is not None and page.slip.collector == page.collector.currentText() != shown
    open_days = {(page.open_table.item(r, 0).text(), page.open_table.item(r, 1).text())
                 for r in range(page.open_table.rowCount())}
    assert (latest.collector, f"{latest.day}") in open_days and all(day >= "2026-11-22" for _n, day in open_days)
    assert page.summary_table.item(page.summary_table.rowCount() - 1, 0).text() == "合计"
    names = {page.commission_table.item(r, 0).text() for r in range(2)}
    assert names == {"刘洋", "赵敏"} and "2026-04 起" in page.scheme_label.text()
    last = page.arrears_table.rowCount() - 1
    assert page.arrears_table.item(last, 0).text() == "合计" and int(page.arrears_table.item(last, 1).text()) > 0

    from frontdesk.ui.tabs.collections_pages.scheme_dialog import SchemeDialog

    dialog = SchemeDialog(window.ctx, page)
    qtbot.addWidget(dialog)
    dialog.base.setText("2400")
    dialog.bands.item(1, 1).setText("abc")
    dialog.save()
    assert "不是数字" in dialog.errors.text_of("bands") and dialog.base.text() == "2400"
    dialog.bands.item(1, 1).setText("1.20")
    dialog.save()
    with demo_db.session(system=True) as s:
        scheme = s.scalar(select(CommissionScheme).where(CommissionScheme.effective_from == "2026-11"))
        assert scheme.base == Decimal("2400.00") and scheme.bands[1].per_100 == Decimal("1.20")
