"""收费催缴 through the real window: take a payment, reverse it, the arrears list and rates show."""

from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import Allocation, Payment
from frontdesk.services import collections, payments


def _unit_in_arrears(db):
    with db.session() as s:
        row = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 1)[0]
        return row.unit_id, row.unit_code, payments.open_charges(s, row.unit_id)


def test_taking_a_payment_settles_the_oldest_month_and_writes_a_receipt(window, qtbot, demo_db, answers, typist):
    unit_id, code, open_before = _unit_in_arrears(demo_db)
    answers.confirm_answer = False  # do not open the receipt in a viewer
    tab = window.show_tab("收费催缴")
    page = tab.show_page("收款")
    typist(page.unit, code)
    qtbot.keyClick(page.unit, Qt.Key_Return)
    assert page.unit_id == unit_id
    assert page.charge_table.rowCount() == len(open_before)
    assert page.charge_table.item(0, 1).text() == open_before[0].period
    page.amount.clear()
    typist(page.amount, "12.345")
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    assert "两位小数" in page.errors.text_of("amount") and page.amount.text() == "12.345"
    page.amount.clear()
    typist(page.amount, str(open_before[0].open))
    page.method.setCurrentText("支付宝")
    qtbot.keyClick(page.amount, Qt.Key_Return)

    with demo_db.session() as s:
        payment = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert payment.unit_id == unit_id and payment.method == "支付宝" and payment.amount == open_before[0].open
        assert s.scalar(select(Allocation.charge_id).where(Allocation.payment_id == payment.id)) == open_before[0].id
        number = payment.receipt_no
    assert any(number in text for text in answers.texts("info"))
    assert any("收据" in text and number in text for text in answers.texts("confirm"))
    assert page.payment_table.item(0, 0).text() == number
    assert page.charge_table.rowCount() == len(open_before) - 1


def test_a_supervisor_reverses_a_payment_and_the_arrears_come_back(window, qtbot, demo_db, answers):
    unit_id, _code, open_before = _unit_in_arrears(demo_db)
    with demo_db.session() as s:
        owed = collections.arrears_of_unit(s, unit_id)
    answers.confirm_answer = False
    page = window.show_tab("收费催缴").show_page("收款")
    page.show_unit(unit_id)
    page.amount.setText("100")
    page.take_payment()
    with demo_db.session() as s:
        assert collections.arrears_of_unit(s, unit_id) == owed - Decimal("100")
    page.payment_table.selectRow(0)
    answers.text_answer = "金额录错"
    answers.item_answer = "吴海燕"
    page.reverse_selected()
    with demo_db.session() as s:
        assert collections.arrears_of_unit(s, unit_id) == owed
        reversal = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert reversal.kind == "冲正" and reversal.approved_by == "吴海燕" and reversal.reason == "金额录错"
    assert "已冲正" in page.payment_table.item(1, 1).text()


def test_arrears_plan_and_rates_pages_show_the_figures(window, qtbot, demo_db):
    tab = window.show_tab("收费催缴")
    arrears = tab.show_page("欠费")
    with demo_db.session() as s:
        totals = collections.arrears_totals(s, collections.ArrearsFilter())
    assert arrears.model.total == totals.units > 0
    assert f"{totals.total:,.2f}" in arrears.summary.text()
    plan = tab.show_page("催缴计划")
    assert plan.assign_table.rowCount() == 6
    assert plan.model.total > 0 and plan.model.row_object(0).collector in plan.collector.currentText()
    rates = tab.show_page("收费率与原因")
    groups = [rates.rate_table.item(r, 0).text() for r in range(rates.rate_table.rowCount())]
    assert groups == ["1期", "2期", "3期", "合计"]
    assert rates.rate_table.item(0, 3).text().endswith("%")
    assert rates.reason_table.rowCount() > 0
