"""收费催缴 through the real window: take a payment, reverse it, the arrears list and rates show,
the supervisor's fee items, parking enrolments and bills; each role is refused what is not its own."""

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from frontdesk.db.models import Allocation, Charge, Payment, Staff, Unit
from frontdesk.services import billing, clock, collections, payments
from frontdesk.services.staff import StaffRef
from frontdesk.ui import messages


def _as(window, demo_db, name):
    with demo_db.session(system=True) as s:
        person = s.scalar(select(Staff).where(Staff.name == name))
        window.ctx.user = StaffRef(person.id, person.name, person.role)


def _unit_in_arrears(db):
    with db.session(system=True) as s:
        row = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 1)[0]
        return row.unit_id, row.unit_code, payments.open_charges(s, row.unit_id)


def _take(qtbot, typist, page, code: str, amount: str) -> None:
    """On 收款: the room typed and Enter, the amount typed and Enter."""
    typist(page.unit, code)
    qtbot.keyClick(page.unit, Qt.Key_Return)
    page.amount.clear()
    typist(page.amount, amount)
    qtbot.keyClick(page.amount, Qt.Key_Return)


def test_taking_a_payment_settles_the_oldest_month_and_writes_a_receipt(window, qtbot, demo_db, answers, typist):
    unit_id, code, open_before = _unit_in_arrears(demo_db)
    _as(window, demo_db, "刘洋")  # 收费员
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

    with demo_db.session(system=True) as s:
        payment = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert payment.unit_id == unit_id and payment.method == "支付宝" and payment.amount == open_before[0].open
        assert s.scalar(select(Allocation.charge_id).where(Allocation.payment_id == payment.id)) == open_before[0].id
        number = payment.receipt_no
    assert any(number in text for text in answers.texts("info"))
    # the next payer's way of paying is chosen anew: 现金 again, and the message says so
    assert page.method.currentText() == "现金" and "下一笔的缴费方式已改回现金" in answers.texts("info")[-1]
    assert page.receipt_preview.property("page_count") == 1 and number in page.receipt_preview.windowTitle()
    page.receipt_preview.close()
    assert page.payment_table.item(0, 0).text() == number
    assert page.charge_table.rowCount() == len(open_before) - 1


def test_a_receptionist_is_refused_a_payment_and_nothing_is_saved(window, qtbot, demo_db, answers):
    unit_id, _code, _open = _unit_in_arrears(demo_db)  # the window is signed in as 张丽, 前台客服
    with demo_db.session(system=True) as s:
        before = s.scalar(select(func.count()).select_from(Payment))
    page = window.show_tab("收费催缴").show_page("收款")
    page.show_unit(unit_id)
    page.amount.setText("100")
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    refusals = answers.texts("warning")
    assert refusals and "前台客服" in refusals[-1] and "不能收款" in refusals[-1] and "收费员" in refusals[-1]
    assert page.amount.text() == "100", "what was typed stays"
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == before


def test_the_signed_in_supervisor_reverses_a_payment_and_the_arrears_come_back(window, qtbot, demo_db, answers,
                                                                                monkeypatch):
    unit_id, _code, _open_before = _unit_in_arrears(demo_db)
    with demo_db.session(system=True) as s:
        owed = collections.arrears_of_unit(s, unit_id)
    _as(window, demo_db, "刘洋")
    answers.confirm_answer = False
    page = window.show_tab("收费催缴").show_page("收款")
    page.show_unit(unit_id)
    page.amount.setText("100")
    page.take_payment()
    with demo_db.session(system=True) as s:
        assert collections.arrears_of_unit(s, unit_id) == owed - Decimal("100")
    page.payment_table.selectRow(0)
    answers.text_answer = "金额录错"
    page.reverse_selected()  # a collector may not reverse: told so before being asked for a reason
    assert "客服主管" in answers.texts("warning")[-1] and not answers.texts("ask_text")
    _as(window, demo_db, "吴海燕")  # 客服主管
    page.payment_table.selectRow(0)
    typed = iter(["  ", "金额录错"])  # an empty reason first: asked again, told why, nothing reversed yet
    prompts = []
    monkeypatch.setattr(messages, "ask_text", lambda _p, label, text="": prompts.append((label, text)) or next(typed))
    page.reverse_selected()
    assert "吴海燕" in prompts[0][0] and prompts[1][0].startswith("请写明冲正原因") and prompts[1][1] == "  "
    with demo_db.session(system=True) as s:
        assert collections.arrears_of_unit(s, unit_id) == owed
        reversal = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert reversal.kind == "冲正" and reversal.approved_by == "吴海燕" and reversal.reason == "金额录错"
    assert "已冲正" in page.payment_table.item(1, 1).text()
    assert page.payment_table.selectionModel().selectedRows()[0].row() == 1  # the receipt reversed stays chosen


def test_the_supervisor_edits_prices_with_errors_at_the_field_enrols_parking_and_bills(
        window, qtbot, demo_db, answers, typist):
    _as(window, demo_db, "吴海燕")
    page = window.show_tab("收费催缴").show_page("收费项目与账单")
    editor = page.editor
    assert [row["name"].text() for row in editor.rows] == ["物业费", "车位费", "垃圾清运费"]
    price = editor.rows[0]["prices"][3]
    price.clear()
    typist(price, "1.855")
    page.ratio.setText("2")
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    assert "两位小数" in editor.errors.text_of("items.0.3") and price.text() == "1.855"
    assert "0 到 1" in page.rule_errors.text_of("unreceived_ratio")
    with demo_db.session(system=True) as s:
        assert billing.fee_items(s)[0].prices[3] == Decimal("1.80"), "nothing saved while a field is wrong"
    price.setText("1.85")
    page.ratio.setText("0.5")
    qtbot.mouseClick(page.add_button, Qt.LeftButton)
    assert editor.rows[0]["prices"][3].text() == "1.85" and len(editor.rows) == 4, "typed values kept"
    typist(editor.rows[3]["name"], "装修垃圾清运费")
    editor.rows[3]["prices"][1].setText("20")
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    assert any("已保存" in t for t in answers.texts("info"))
    with demo_db.session(system=True) as s:
        saved = {i.name: i for i in billing.fee_items(s)}
        assert saved["物业费"].prices[3] == Decimal("1.85") and saved["装修垃圾清运费"].prices == {1: Decimal("20.00")}
        assert billing.billing_rules(s).unreceived_ratio == Decimal("0.50")
        parked = {e.unit_id for e in billing.enrolments(s)}
        code = next(u.code for u in s.scalars(select(Unit).where(Unit.handover_state == "已收房").order_by(Unit.id))
                    if u.id not in parked)

    enrolled_before = page.enrol_table.rowCount()
    qtbot.mouseClick(page.enrol_button, Qt.LeftButton)
    assert "请先选择房屋" in page.enrol_errors.text_of("unit")
    typist(page.enrol_unit, code)
    page.enrol_quantity.setValue(2)
    qtbot.mouseClick(page.enrol_button, Qt.LeftButton)
    assert page.enrol_table.rowCount() == enrolled_before + 1
    with demo_db.session(system=True) as s:
        assert (code, 2) in [(e.unit_code, e.quantity) for e in billing.enrolments(s, "车位费")]

    page.first.setText("2026-13")
    qtbot.mouseClick(page.generate_button, Qt.LeftButton)
    assert "YYYY-MM" in page.bill_errors.text_of("first") and page.first.text() == "2026-13"
    page.first.setText("2026-12")
    page.last.setText("2026-12")
    qtbot.mouseClick(page.generate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: any("已生成" in t for t in answers.texts("info")), timeout=15_000)
    with demo_db.session(system=True) as s:
        december = dict(s.execute(select(Charge.item, func.count()).where(Charge.period == "2026-12")
                                  .group_by(Charge.item)).all())
    assert december["装修垃圾清运费"] > 0 and december["车位费"] > 0


def test_a_collector_sees_the_fee_items_but_may_not_change_them(window, qtbot, demo_db, answers):
    _as(window, demo_db, "刘洋")
    page = window.show_tab("收费催缴").show_page("收费项目与账单")
    assert not page.role_note.isHidden() and "收费员" in page.role_note.text()
    assert not page.save_button.isEnabled() and not page.generate_button.isEnabled()
    page.save_items()  # even if reached, the service refuses
    assert "不能生成账单" in answers.texts("warning")[-1]


def test_arrears_plan_and_rates_pages_show_the_figures(window, qtbot, demo_db):
    _as(window, demo_db, "刘洋")
    tab = window.show_tab("收费催缴")
    arrears = tab.show_page("欠费")
    with demo_db.session(system=True) as s:
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


def test_a_second_enter_after_a_payment_takes_no_more_money(window, qtbot, demo_db, answers, typist):
    """A part payment taken with Enter: the form is ready for the next person, and a stray second Enter
    is told to type an amount instead of taking the rest of the balance without the owner paying it."""
    unit_id, code, _open_before = _unit_in_arrears(demo_db)

    def amounts_taken():
        with demo_db.session(system=True) as s:
            return s.scalars(select(Payment.amount).where(Payment.unit_id == unit_id).order_by(Payment.id)).all()

    before = amounts_taken()
    _as(window, demo_db, "刘洋")
    page = window.show_tab("收费催缴").show_page("收款")
    _take(qtbot, typist, page, code, "100")
    assert any("已收款 ¥100.00" in text for text in answers.texts("info"))
    assert page.amount.text() == "" and page.unit.text() == code  # the receipt's unit still shown
    qtbot.keyClick(page.amount, Qt.Key_Return)
    assert amounts_taken() == [*before, Decimal("100.00")], "one payment, not the rest of the balance again"
    assert page.errors.text_of("amount"), "the empty amount is pointed out"


def test_another_unit_typed_over_the_one_shown_is_the_one_paid_for(window, qtbot, demo_db, answers, typist):
    """The unit picked shows its bills and the cursor goes on to 收款金额; another unit typed over it takes
    the first one's bills, owner and amount away at once, Tab finds it, and its money goes to it."""
    with demo_db.session(system=True) as s:
        first, second = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 2)
    _as(window, demo_db, "刘洋")
    page = window.show_tab("收费催缴").show_page("收款")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.unit.setFocus()
    typist(page.unit, first.unit_code)
    qtbot.keyClick(page.unit, Qt.Key_Return)
    assert page.unit_id == first.unit_id and page.focusWidget() is page.amount
    page.unit.setFocus()
    page.unit.selectAll()
    typist(page.unit, second.unit_code)
    assert page.unit_id is None and page.charge_table.rowCount() == 0 and page.amount.text() == ""
    assert "房屋已改" in page.unit_info.text()
    qtbot.waitUntil(lambda: page.unit.completer().popup().isVisible(), timeout=3000)  # as it is after typing
    # Tab, not Enter, with the list open (it has the keyboard then): found all the same
    qtbot.keyClick(page.unit.completer().popup(), Qt.Key_Tab)
    assert page.unit_id == second.unit_id and page.charge_table.rowCount() > 0
    page.amount.setFocus()
    page.amount.selectAll()
    typist(page.amount, "999999")
    qtbot.keyClick(page.amount, Qt.Key_Return)  # more than is owed: refused, and the refusal stays shown
    assert "超过本户全部欠费" in page.errors.text_of("amount") and page.amount.text() == "999999"
    page.amount.selectAll()
    typist(page.amount, "100")
    qtbot.keyClick(page.amount, Qt.Key_Return)
    with demo_db.session(system=True) as s:
        paid = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert (paid.unit_id, paid.amount) == (second.unit_id, Decimal("100.00"))


def test_a_mistyped_amount_is_named_as_the_cursor_leaves_it(window, qtbot, demo_db, typist):
    _as(window, demo_db, "刘洋")
    page = window.show_tab("收费催缴").show_page("收款")
    page.amount.setFocus()
    typist(page.amount, "1O0")  # a letter O for a zero
    qtbot.keyClick(page.amount, Qt.Key_Tab)
    assert "不是数字" in page.errors.text_of("amount")
    assert page.amount.text() == "1O0", "what was typed stays to be corrected"
    page.amount.setFocus()
    page.amount.selectAll()
    typist(page.amount, "100")
    assert page.errors.text_of("amount") == "", "retyping clears the message"
    qtbot.keyClick(page.amount, Qt.Key_Tab)
    assert page.errors.text_of("amount") == ""


def test_a_reminder_is_registered_for_the_row_chosen_with_the_keyboard(window, qtbot, demo_db):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from frontdesk.db.models import CollectionAction

    _as(window, demo_db, "刘洋")
    page = window.show_tab("收费催缴").show_page("欠费")
    qtbot.waitUntil(page.isVisible, timeout=2000)
    page.table.setFocus()
    qtbot.waitUntil(lambda: page.table.selectionModel().hasSelection(), timeout=2000)  # reached: a row chosen
    qtbot.keyClick(page.table, Qt.Key_Down)
    chosen = page.model.row_object(1)
    seen: list[str] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.findChild(QLabel, "actionUnit").text())
        dialog.result.setText("业主说下周来交")
        dialog.save()

    QTimer.singleShot(50, fill_in)
    qtbot.keyClick(page.table, Qt.Key_R, Qt.AltModifier)  # 登记催缴(&R)
    assert seen and chosen.unit_code in seen[0], "the dialog names the unit in its body"
    with demo_db.session(system=True) as s:
        action = s.scalars(select(CollectionAction).order_by(CollectionAction.id.desc())).first()
        assert action.unit_id == chosen.unit_id and action.result == "业主说下周来交"
    assert f"催缴 {chosen.unit_code}" in window.save_notice.plain_text(), "the save shows in the status bar"
    rows = page.table.selectionModel().selectedRows()
    assert rows and page.model.row_object(rows[0].row()).unit_id == chosen.unit_id, "the row stays chosen"


def test_the_pages_seen_before_a_payment_show_it_when_looked_at_again(window, qtbot, demo_db, answers, typist):
    """欠费 and 日结 looked at, then ¥100 taken on 收款: back on 欠费 the unit owes ¥100 less and the
    list's total says so, and the day's slip lists the receipt, without the collector pressing F5."""
    unit_id, code, _open_before = _unit_in_arrears(demo_db)
    _as(window, demo_db, "刘洋")
    tab = window.show_tab("收费催缴")
    arrears = tab.show_page("欠费")
    dayend_page = tab.show_page("日结与提成")
    slip_rows = dayend_page.slip_table.rowCount()

    def owed_on_screen():
        for row in range(arrears.model.rowCount()):
            shown = arrears.model.row_object(row)
            if shown.unit_id == unit_id:
                return shown.total
        return None

    arrears = tab.show_page("欠费")
    before, summary_before = owed_on_screen(), arrears.summary.text()
    assert before is not None
    _take(qtbot, typist, tab.show_page("收款"), code, "100")
    assert any("已收款 ¥100.00" in text for text in answers.texts("info"))

    tab.show_page("欠费")
    assert owed_on_screen() == before - Decimal("100.00")
    assert arrears.summary.text() != summary_before
    tab.show_page("日结与提成")
    assert dayend_page.slip_table.rowCount() == slip_rows + 1


def test_a_reminder_with_reason_other_and_no_remark_is_explained_in_full(window, qtbot, demo_db):
    """其他 without a 备注: the message under 备注 is read whole (the dialog makes room), nothing is saved
    and what was chosen stays."""
    from PySide6.QtWidgets import QLabel

    from frontdesk.db.models import CollectionAction
    from frontdesk.ui.tabs.collections_pages.action_dialog import ActionDialog

    unit_id, code, _open = _unit_in_arrears(demo_db)
    _as(window, demo_db, "刘洋")
    with demo_db.session(system=True) as s:
        actions_before = s.scalar(select(func.count()).select_from(CollectionAction))
    dialog = ActionDialog(window.ctx, unit_id, code, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    from frontdesk.services import collection_plan

    with demo_db.session(system=True) as s:  # the reason the owner gave last time is chosen already
        known = collection_plan.last_reason(s, unit_id)
    assert dialog.reason.currentText() == (known if known and known != "其他" else "（未说明）")
    assert not dialog.has_unsaved_input()
    dialog.reason.setCurrentText("其他")
    dialog.save()
    label = dialog.findChild(QLabel, "error_remark")
    assert "其他" in label.text() and "备注" in label.text()
    qtbot.waitUntil(lambda: label.heightForWidth(label.width()) <= label.height(), timeout=2000)
    assert dialog.isVisible() and dialog.reason.currentText() == "其他"
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(CollectionAction)) == actions_before
    dialog.discard_input()
    dialog.reject()


def test_tab_leaves_a_date_field_at_once(window, qtbot, demo_db):
    """日期 is one stop on the way through 登记催缴, not three (year, month, day); ←/→ still move inside."""
    from PySide6.QtWidgets import QApplication

    from frontdesk.ui.tabs.collections_pages.action_dialog import ActionDialog

    unit_id, code, _open = _unit_in_arrears(demo_db)
    _as(window, demo_db, "刘洋")
    dialog = ActionDialog(window.ctx, unit_id, code, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.acted_on.setFocus()
    qtbot.waitUntil(dialog.acted_on.hasFocus, timeout=2000)
    from datetime import timedelta

    from frontdesk.services import clock

    typed = clock.today() - timedelta(days=3)
    qtbot.keyClick(dialog.acted_on, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(dialog.acted_on, f"{typed:%Y-%m-%d}")  # a whole date typed: the dashes step on inside
    assert dialog.acted_on.date().toPython() == typed and dialog.acted_on.hasFocus()
    qtbot.keyClick(dialog.acted_on, Qt.Key_Tab)
    assert QApplication.focusWidget() is not dialog.acted_on
    assert QApplication.focusWidget() in (dialog.collector, dialog.reason)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Backtab, Qt.ShiftModifier)
    assert QApplication.focusWidget() is dialog.acted_on
    dialog.discard_input()
    dialog.reject()


def test_a_receipt_dated_another_day_leaves_the_next_one_dated_today(window, demo_db, answers):
    unit_id, _code, _open_before = _unit_in_arrears(demo_db)
    _as(window, demo_db, "刘洋")
    answers.confirm_answer = False
    page = window.show_tab("收费催缴").show_page("收款")
    page.show_unit(unit_id)
    page.amount.setText("50")
    yesterday = clock.today() - timedelta(days=1)
    page.paid_on.setDate(QDate(yesterday))
    page.take_payment()
    assert f"收款日期 {yesterday:%Y-%m-%d}。下一笔的收款日期已改回今天" in answers.texts("info")[-1]
    assert page.paid_on.date().toPython() == clock.today()
    with demo_db.session(system=True) as s:
        assert s.scalars(select(Payment).order_by(Payment.id.desc())).first().paid_on == yesterday


def test_asking_for_a_line_of_text_asks_before_dropping_what_was_typed(qtbot, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    asked = []
    monkeypatch.setattr(messages, "confirm_discard", lambda _parent, where=(): asked.append(where) or len(asked) > 1)

    def type_and_press_esc():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue("金额录错")
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(type_and_press_esc)
    timer.start(30)
    assert messages.ask_text(None, "冲正原因：") is None  # kept the first time (not confirmed), dropped the second
    timer.stop()
    assert len(asked) == 2


def test_choices_are_counted_at_once_a_letter_run_asks_first_and_a_new_person_finds_the_defaults(
        window, qtbot, demo_db, answers, monkeypatch):
    from switching import sign_in_as, staff_ref

    from frontdesk.db.models import CollectionAction

    _as(window, demo_db, "刘洋")
    tab = window.show_tab("收费催缴")
    rates = tab.show_page("收费率与原因")
    rates.grouping.setCurrentText("收费员")  # no 计算 pressed: counted after a moment
    qtbot.waitUntil(lambda: rates.rate_table.item(0, 0).text() in ("刘洋", "赵敏", "未分配"), timeout=5000)
    letters = tab.show_page("催缴函")
    letters.months.setValue(3)
    qtbot.waitUntil(lambda: "超过 3 个月" in letters.count_label.text(), timeout=5000)
    listed = letters.letter_table.rowCount()
    assert listed > 0
    with demo_db.session(system=True) as s:
        actions = s.scalar(select(func.count()).select_from(CollectionAction))
    answers.confirm_answer = False
    letters.send_button.click()  # one key would register a whole run: asked first, with how many
    assert f"将为 {listed} 户生成催缴函" in answers.texts("confirm")[-1]
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(CollectionAction)) == actions  # 否: nothing recorded
    assert sign_in_as(monkeypatch, window, staff_ref(demo_db, "赵敏"))
    # back to the defaults: the page in view lists for them, the other counts when next shown
    assert letters.months.value() == 12 and "超过 12 个月" in letters.count_label.text()
    assert rates.grouping.currentIndex() == 0 and rates.rate_table.rowCount() == 0


def test_alt_p_on_an_arrears_row_opens_its_payment(window, qtbot, demo_db, answers):
    """From 欠费, Alt+P on the chosen row: 收款 opens on that unit's bills, the cursor in 收款金额."""
    _as(window, demo_db, "刘洋")
    tab = window.show_tab("收费催缴")
    arrears = tab.show_page("欠费")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: arrears.isVisible() and arrears.model.rowCount() > 1)
    arrears.table.setFocus()
    arrears.table.selectRow(1)
    chosen = arrears.model.row_object(1)
    qtbot.keyClick(arrears.table, Qt.Key_P, Qt.AltModifier)
    page = tab.payments
    assert tab.pages.currentWidget() is page and page.unit_id == chosen.unit_id
    assert page.unit.text() == chosen.unit_code and page.charge_table.rowCount() > 0
    assert page.focusWidget() is page.amount


def test_a_letter_date_after_today_lists_nobody_and_says_why(window, qtbot, demo_db, answers):
    """↑ on 截至 past today: the list of the day before must not stay in view under the new date, and
    生成 is refused with the reason, nothing asked, nothing recorded."""
    _as(window, demo_db, "刘洋")
    letters = window.show_tab("收费催缴").show_page("催缴函")
    qtbot.waitUntil(lambda: letters.letter_table.rowCount() > 0, timeout=5000)
    letters.as_of.setDate(QDate(clock.today()).addDays(1))
    qtbot.waitUntil(lambda: "晚于今天" in letters.count_label.text(), timeout=5000)
    assert letters.letter_table.rowCount() == 0
    letters.send_button.click()
    assert not answers.texts("confirm")
    assert "晚于今天" in answers.texts("warning")[-1]


def test_on_the_payment_page_alt_keys_reach_the_unit_the_amount_and_the_date(window, qtbot, demo_db):
    """Alt+R goes back to 房屋 (as on the call form; it used to type an r), Alt+M to the amount,
    Alt+D to the date: the collector's next unit without a mouse."""
    _as(window, demo_db, "刘洋")
    page = window.show_tab("收费催缴").show_page("收款")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(page.isVisible)
    page.amount.setFocus()
    qtbot.keyClick(page.amount, Qt.Key_R, Qt.AltModifier)
    assert page.focusWidget() is page.unit and page.amount.text() == "" and page.unit.text() == ""
    qtbot.keyClick(page.unit, Qt.Key_M, Qt.AltModifier)
    assert page.focusWidget() is page.amount
    qtbot.keyClick(page.amount, Qt.Key_D, Qt.AltModifier)
    assert page.focusWidget() is page.paid_on


def test_the_supervisor_opens_the_plan_on_a_collector_who_has_buildings(window, qtbot, demo_db):
    """吴海燕 has no buildings of her own: the plan opened on her, 0 households."""
    _as(window, demo_db, "吴海燕")
    plan = window.show_tab("收费催缴").show_page("催缴计划")
    assert "吴海燕" not in plan.collector.currentText()
    assert plan.model.total > 0
