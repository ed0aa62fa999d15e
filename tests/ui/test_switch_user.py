"""切换用户 / 交班签退: the next person starts from empty forms, and the records carry their name."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select
from switching import sign_in_as as _sign_in_as
from switching import staff_ref as _person

from frontdesk import config
from frontdesk.db.models import AuditEntry, Payment
from frontdesk.services import collections, payments
from frontdesk.ui.tabs import registry
from frontdesk.ui.widgets.save_notice import Saved


def _unit_in_arrears(db):
    with db.session(system=True) as s:
        row = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 1)[0]
        return row.unit_id, row.unit_code, payments.open_charges(s, row.unit_id)


def test_after_switching_user_the_payment_receipt_and_audit_name_the_new_collector(
        window, qtbot, demo_db, answers, typist, monkeypatch):
    from frontdesk.ui.tabs.collections_pages.action_dialog import ActionDialog

    unit_id, code, open_charges = _unit_in_arrears(demo_db)
    liu, zhao = _person(demo_db, "刘洋"), _person(demo_db, "赵敏")
    assert _sign_in_as(monkeypatch, window, liu)
    page = window.show_tab("收费催缴").show_page("收款")
    assert page.collector.currentData() == liu.id
    assert not page.collector.isEnabled() and "客服主管" in page.collector.toolTip()  # a collector takes money as herself
    typist(page.unit, code)
    qtbot.keyClick(page.unit, Qt.Key_Return)
    page.amount.clear()
    typist(page.amount, "1.00")
    typist(page.payer, "刘洋的交款人")
    note = ActionDialog(window.ctx, unit_id, code, window)  # a dialog of hers, left open with typed text
    note.show()
    typist(note.remark, "业主说下周来交")

    answers.confirm_answer = False  # keep her typed note: nothing changes
    assert not _sign_in_as(monkeypatch, window, zhao)
    assert window.ctx.user == liu and note.isVisible() and page.amount.text() == "1.00"
    assert any("有未保存的内容" in text and "尚未保存" in text for text in answers.texts("confirm"))

    window.ctx.events.saved.emit(Saved("来电 方娜 1-1-1-0101"))  # her last save, in the status bar
    answers.confirm_answer = True
    assert _sign_in_as(monkeypatch, window, zhao)
    assert not note.isVisible()
    assert window.save_notice.plain_text() == "", "the previous person's last save is not shown to the next"
    assert page.unit_id is None and page.unit.text() == "" and page.amount.text() == "" and page.payer.text() == ""
    assert page.charge_table.rowCount() == 0 and page.payment_table.rowCount() == 0
    assert page.collector.currentData() == zhao.id
    assert f"{zhao.name}（{zhao.role}）" in window.user_label.text()
    window.activateWindow()  # the sign-in dialog has gone: the window is the active one again
    qtbot.waitUntil(lambda: page.unit.hasFocus())  # she types a room at once

    typist(page.unit, code)
    qtbot.keyClick(page.unit, Qt.Key_Return)
    page.amount.clear()
    typist(page.amount, str(open_charges[0].open))
    qtbot.mouseClick(page.save_button, Qt.LeftButton)

    with demo_db.session(system=True) as s:
        payment = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert payment.unit_id == unit_id and payment.collector_id == zhao.id
        assert payment.created_by == zhao.name
        actors = s.scalars(select(AuditEntry.actor).where(AuditEntry.table_name == "payments",
                                                          AuditEntry.record_id == payment.id)).all()
        number = payment.receipt_no
    assert actors == [zhao.name]
    receipt = config.data_dir() / "收据" / f"{number}.pdf"
    text = "".join(p.extract_text() for p in PdfReader(str(receipt)).pages)
    assert f"收款人：{zhao.name}" in text.replace(" ", "") and liu.name not in text


def test_a_supervisor_may_take_money_for_a_colleague_and_the_audit_shows_both(window, demo_db, monkeypatch, answers):
    unit_id, _code, open_charges = _unit_in_arrears(demo_db)
    chief, liu = _person(demo_db, "吴海燕"), _person(demo_db, "刘洋")
    assert _sign_in_as(monkeypatch, window, chief)
    page = window.show_tab("收费催缴").show_page("收款")
    assert page.collector.isEnabled()
    answers.confirm_answer = False
    page.show_unit(unit_id)
    page.collector.setCurrentIndex(page.collector.findData(liu.id))
    page.amount.setText(str(open_charges[0].open))
    page.take_payment()
    with demo_db.session(system=True) as s:
        payment = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert payment.collector_id == liu.id
        actor = s.scalar(select(AuditEntry.actor).where(AuditEntry.table_name == "payments",
                                                        AuditEntry.record_id == payment.id))
    assert actor == "吴海燕（代 刘洋）"


def test_every_tab_resets_for_a_new_user():
    for cls in registry.tab_classes():
        assert callable(getattr(cls, "reset_for_new_user", None)), cls.__name__


def test_the_fee_items_look_read_only_to_a_collector(window, demo_db, monkeypatch):
    assert _sign_in_as(monkeypatch, window, _person(demo_db, "刘洋"))
    page = window.show_tab("收费催缴").show_page("收费项目与账单")
    first = page.editor.rows[0]
    assert first["name"].isReadOnly() and not first["remove"].isEnabled() and not first["basis"].isEnabled()
    assert "客服主管" in first["remove"].toolTip() and "管理员" in page.save_button.toolTip()
    assert not page.save_button.isEnabled() and page.due_day.isReadOnly()
    assert _sign_in_as(monkeypatch, window, _person(demo_db, "吴海燕"))
    page = window.show_tab("收费催缴").show_page("收费项目与账单")
    assert page.save_button.isEnabled() and page.editor.rows[0]["remove"].isEnabled()
    assert not page.editor.rows[0]["name"].isReadOnly()


def test_the_previous_persons_desk_is_hidden_while_the_next_one_signs_in(window, qtbot, demo_db, monkeypatch):
    from frontdesk.ui.dialogs import sign_in
    from frontdesk.ui.dialogs.search_dialog import open_search

    search = open_search(window)  # the previous person's search, with a name and its hits
    search.query.setText("王")
    seen: list[tuple[bool, bool, bool]] = []

    def sign_in_box(_db, _parent=None, preset_name=""):
        seen.append((window.tabs.isVisible(), window.statusBar().isVisible(), search.isVisible()))
        return None  # cancelled

    monkeypatch.setattr(sign_in, "ask_sign_in", sign_in_box)
    assert not window.switch_user()
    assert seen == [(False, False, False)], "nothing of the desk (nor its search window) behind the sign-in box"
    assert window.tabs.isVisible() and window.statusBar().isVisible(), "cancelled: the desk comes back"
    assert search.isVisible() and search.query.text() == "王"
    assert _sign_in_as(monkeypatch, window, _person(demo_db, "王芳"))
    assert window.tabs.isVisible() and window.statusBar().isVisible()
    assert not search.isVisible() and search.query.text() == ""


def test_the_next_person_finds_the_lists_as_a_desk_opens_them(window, qtbot, demo_db, monkeypatch):
    calls = window.show_tab("来电来访")
    calls.complaint_search.setText("王芳半截调查：垃圾站")
    calls.f_channel.setCurrentIndex(1)
    calls.date_from.setDate(calls.date_from.date().addYears(-1))
    calls.load_complaints()
    assert calls.complaint_count.text() == "没有找到含“王芳半截调查：垃圾站”的未办结的投诉"  # said, not an empty list
    assert _sign_in_as(monkeypatch, window, _person(demo_db, "李娜"))
    assert calls.complaint_search.text() == "" and calls.f_channel.currentIndex() == 0
    assert calls.date_from.date() == calls.date_to.date().addMonths(-1)
    calls.load_complaints()
    assert "王芳半截" not in calls.complaint_count.text() and "未办结的投诉" in calls.complaint_count.text()


def test_the_next_person_finds_the_repair_list_unfiltered_and_no_visit_answer_chosen(
        window, qtbot, demo_db, monkeypatch, answers):
    """The search 漏水 of the previous person filtered the next one's 报修单; a 回访结果 picked and not
    recorded stayed chosen for someone who never asked the owner (and 切换用户 did not ask)."""
    repairs_tab = window.show_tab("报修维修")
    everything = repairs_tab.model.total
    repairs_tab.search.setText("漏水")
    repairs_tab.apply_filter()
    assert repairs_tab.model.total < everything
    violations_tab = window.show_tab("违章整改")
    violations_tab.status_combo.setCurrentIndex(1)
    repairs_tab = window.show_tab("报修维修")
    repairs_tab.visit_result.setCurrentIndex(1)
    answers.confirm_answer = False
    assert not _sign_in_as(monkeypatch, window, _person(demo_db, "李娜"))  # asked first: 否 keeps the answer
    assert "尚未保存：“报修维修”" in answers.texts("confirm")[-1]  # the question says where the work is
    assert repairs_tab.visit_result.currentIndex() == 1
    answers.confirm_answer = True
    assert _sign_in_as(monkeypatch, window, _person(demo_db, "李娜"))
    assert repairs_tab.search.text() == "" and repairs_tab.visit_result.currentIndex() == -1
    qtbot.waitUntil(lambda: repairs_tab.model.total == everything, timeout=5000)
    assert violations_tab.status_combo.currentIndex() == 0


def test_hand_over_asks_about_a_typed_call_before_the_note_is_written(window, qtbot, demo_db, answers, typist):
    from sqlalchemy import func

    from frontdesk.db.models import ShiftNote

    calls = window.show_tab("来电来访")
    typist(calls.form.content, "业主问停车费")  # a call being typed
    answers.confirm_answer = False  # 否: keep typing
    answers.text_answer = "今天的事都交代了"
    window.hand_over_shift()
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(ShiftNote)) == 0  # nothing left behind unasked
    assert answers.texts("confirm") and not answers.texts("ask_text")
    assert calls.form.content.text() == "业主问停车费"
