from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import Contact, Unit
from frontdesk.db.soft_delete import SHOW_VOIDED
from frontdesk.errors import NotFound
from frontdesk.services import calls, clock


def _form(window):
    return window.show_tab("来电来访").form


def _a_unit_with_owner(db):
    with db.session(system=True) as s:
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房").order_by(Unit.id.desc())).first()
        person = unit.occupancies[0].person
        return unit.code, unit.id, person.name, person.phones[0].phone


def test_a_whole_call_with_the_keyboard_alone(window, qtbot, demo_db, typist):
    code, unit_id, owner, phone = _a_unit_with_owner(demo_db)
    tab = window.show_tab("来电来访")
    form = tab.form
    assert window.focusWidget() is form.unit, "the form starts on 房号"

    typist(form.unit, code)
    form.unit.update_suggestions()
    popup = form.unit.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.wait(50)  # let the list window settle (offscreen activates popups late)
    qtbot.keyClick(popup, Qt.Key_Return)  # nothing highlighted: Enter takes the top line
    qtbot.waitUntil(lambda: form.unit.text() == code, timeout=2000)
    assert form.caller.text() and form.phone.text()
    qtbot.waitUntil(lambda: window.focusWidget() is form.category, timeout=2000)  # 来电人/电话 filled: skipped
    qtbot.keyClick(form.category, "b")  # 报修
    qtbot.keyClick(form.category, Qt.Key_Tab)
    typist(form.content, "卫生间漏水到楼下")
    qtbot.keyClick(form.content, Qt.Key_Tab)
    typist(form.handling, "已通知工程部")
    qtbot.keyClick(form.handling, Qt.Key_Tab)
    assert window.focusWidget() is form.status
    qtbot.keyClick(form.status, "2")  # 处理中
    qtbot.keyClick(form.status, Qt.Key_Tab)
    assert window.focusWidget() is form.channel, "方式 comes last; 时间 is not a Tab stop"
    qtbot.keyClick(form.channel, "2")  # 来访
    qtbot.keyClick(form.channel, Qt.Key_Return)

    with demo_db.session(system=True) as s:
        saved = s.scalars(select(Contact).order_by(Contact.id.desc())).first()
        assert (saved.channel, saved.category, saved.status) == ("来访", "报修", "处理中")
        assert saved.unit_id == unit_id and saved.content == "卫生间漏水到楼下"
        assert saved.handling == "已通知工程部" and saved.owner.name == "张丽"
        assert saved.occurred_at == clock.now()
    top = tab.ledger_model.row_object(0)
    assert top.id == saved.id and top.content == "卫生间漏水到楼下"
    assert form.content.text() == "" and form.unit.text() == ""
    assert "来访 " in tab.counters.text() or "来访" in tab.counters.text()
    assert window.focusWidget() is form.unit, "ready for the next call"


def test_bad_input_stays_in_the_form_with_a_message_at_the_field(window, qtbot, demo_db, typist):
    form = _form(window)
    with demo_db.session(system=True) as s:
        before = s.query(Contact).count()
    typist(form.phone, "138abc")
    qtbot.keyClick(form.phone, Qt.Key_Return)
    assert "非数字" in form.errors.text_of("phone")
    assert "内容" in form.errors.text_of("content")
    assert form.phone.text() == "138abc"
    with demo_db.session(system=True) as s:
        assert s.query(Contact).count() == before


def test_an_unknown_unit_offers_to_create_it(window, qtbot, demo_db, typist, answers, monkeypatch):
    tab = window.show_tab("来电来访")
    created = []
    monkeypatch.setattr(tab, "_create_unit", lambda code: created.append(code))
    typist(tab.form.unit, "9-9-9-0909")
    typist(tab.form.content, "咨询")
    qtbot.keyClick(tab.form.content, Qt.Key_Return)
    assert any("9-9-9-0909" in t for t in answers.texts("confirm"))
    assert created == ["9-9-9-0909"]
    assert tab.form.content.text() == "咨询"


def test_a_repeat_caller_is_flagged(window, qtbot, demo_db):
    code, unit_id, owner, phone = _a_unit_with_owner(demo_db)
    with demo_db.session(system=True) as s:
        admin = s.scalar(select(Contact.owner_id))
        for days in (5, 2, 1):
            calls.log_contact(s, calls.ContactInput(content="门禁坏了", unit_id=unit_id,
                                                    occurred_at=clock.now() - timedelta(days=days)), admin)
    tab = window.show_tab("来电来访")
    tab.show_history(unit_id, "")
    assert tab.repeat_flag.isVisible()
    assert "重复来电" in tab.repeat_flag.text()
    assert "门禁坏了" in tab.history.toPlainText()


def test_my_todo_lists_open_matters_oldest_first(window, demo_db):
    tab = window.show_tab("来电来访")
    tab.views.setCurrentIndex(1)
    rows = tab.todo_rows
    assert rows, "the demo receptionist has open matters"
    assert [r.occurred_at for r in rows] == sorted(r.occurred_at for r in rows)
    assert "张丽" in tab.todo_label.text()


def test_complaint_call_goes_to_the_complaint_list(window, qtbot, demo_db, typist):
    tab = window.show_tab("来电来访")
    typist(tab.form.content, "物业费账单有误")
    qtbot.keyClick(tab.form.category, "t")
    qtbot.keyClick(tab.form.content, Qt.Key_Return)
    # the complaint is named by what became of the call, not by an inner number that reads like its own
    assert "已转投诉处理 (打开)" in window.save_notice.plain_text() and "第" not in window.save_notice.plain_text()
    tab.views.setCurrentIndex(2)
    assert any(r.content == "物业费账单有误" for r in tab.complaint_rows)


def test_filter_and_export_the_ledger(window, qtbot, tmp_path, answers):
    import openpyxl

    tab = window.show_tab("来电来访")
    tab.f_category.setCurrentText("投诉")
    tab.apply_filter()
    total = tab.ledger_model.total
    assert total > 0 and all(r.category == "投诉" for r in tab.ledger_model.loaded_rows())
    out = tmp_path / "投诉.xlsx"
    task = tab.export_to(out)
    qtbot.waitUntil(lambda: any("已导出" in t for t in answers.texts("info")), timeout=10_000)
    assert task is not None
    ws = openpyxl.load_workbook(out).active
    assert ws.max_row == total + 1
    assert {ws.cell(row=r, column=6).value for r in range(2, ws.max_row + 1)} == {"投诉"}


def test_a_ledger_filter_changed_applies_itself_without_查询(window, qtbot):
    """The list never shows other rows than its filters say: 类别 投诉 chosen, the ledger follows in a
    moment (until 查询 was pressed it kept every category under the word 投诉)."""
    tab = window.show_tab("来电来访")
    everything = tab.ledger_model.total
    tab.f_category.setCurrentText("投诉")
    qtbot.waitUntil(lambda: tab.ledger_model.total < everything, timeout=3000)
    assert all(r.category == "投诉" for r in tab.ledger_model.loaded_rows())
    assert tab.ledger_count.text() == f"共 {tab.ledger_model.total} 条"


def test_global_search_finds_a_phone(window, qtbot, demo_db):
    from frontdesk.ui.dialogs.search_dialog import open_search

    code, unit_id, owner, phone = _a_unit_with_owner(demo_db)
    dialog = open_search(window)
    dialog.query.setText(phone[-6:])
    found = dialog.run_search()
    assert unit_id in [h.id for h in found.groups["unit"]]
    assert dialog.results.topLevelItemCount() >= 1
    qtbot.waitUntil(lambda: dialog.query.hasFocus())
    qtbot.keyClick(dialog.query, Qt.Key_Down)  # from the box to the first hit, keyboard only
    qtbot.waitUntil(lambda: dialog.results.hasFocus())
    assert dialog.results.currentItem().parent() is not None  # a hit, not a group's heading


def test_editing_a_record_is_audited(window, qtbot, demo_db, answers):
    import json

    from frontdesk.db.models import AuditEntry
    from frontdesk.ui.dialogs.contact_dialog import ContactDialog

    tab = window.show_tab("来电来访")
    row = tab.ledger_model.row_object(0)
    dialog = ContactDialog(window.ctx, row.id, window)
    qtbot.addWidget(dialog)
    dialog.handling.setPlainText("已电话回复业主")
    dialog.save()
    assert "已保存修改。" in answers.texts("info")
    with demo_db.session(system=True) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "contacts",
                                                   AuditEntry.record_id == row.id)).all()[-1]
        assert entry.actor == "张丽" and entry.action == "update"
        assert json.loads(entry.changes)["handling"][1] == "已电话回复业主"


def test_hand_over_from_the_record(window, qtbot, demo_db, answers):
    from frontdesk.ui.dialogs.contact_dialog import ContactDialog

    with demo_db.session(system=True) as s:
        admin = s.scalar(select(Contact.owner_id))
        saved = calls.log_contact(s, calls.ContactInput(content="需要开收据", status="处理中"), window.ctx.user.id)
    dialog = ContactDialog(window.ctx, saved.id, window)
    qtbot.addWidget(dialog)
    dialog.hand_over()
    assert "转交给" in dialog.errors.text_of("to")
    dialog.to_department.setCurrentText("财务部")
    dialog.reason.setText("开具收据")
    dialog.hand_over()
    assert "财务部" in dialog.history_label.text() and dialog.owner_label.text() == "张丽"
    assert admin is not None


def test_an_edit_conflict_keeps_what_was_typed(window, qtbot, demo_db, answers):
    from frontdesk.ui.dialogs.contact_dialog import ContactDialog

    row = window.show_tab("来电来访").ledger_model.row_object(0)
    dialog = ContactDialog(window.ctx, row.id, window)
    qtbot.addWidget(dialog)
    with demo_db.session("王芳", system=True) as s:  # another desk saves the same record meanwhile
        contact = calls.get_contact(s, row.id)
        data = calls.input_of(contact)
        data.handling = "王芳的处理"
        calls.update_contact(s, row.id, data, contact.version)
    dialog.handling.setPlainText("我的处理")
    answers.confirm_answer = False  # keep mine
    dialog.save()
    assert any("修改" in t for t in answers.texts("confirm"))
    assert dialog.handling.toPlainText() == "我的处理"
    dialog.save()
    with demo_db.session(system=True) as s:
        assert calls.get_contact(s, row.id).handling == "我的处理"


def test_void_a_record_with_a_reason(window, qtbot, demo_db, answers):
    from frontdesk.ui.dialogs.contact_dialog import ContactDialog

    tab = window.show_tab("来电来访")
    row = tab.ledger_model.row_object(0)
    dialog = ContactDialog(window.ctx, row.id, window)
    qtbot.addWidget(dialog)
    answers.text_answer = "重复登记"
    dialog.void()
    with demo_db.session(system=True) as s:
        with pytest.raises(NotFound):
            calls.get_contact(s, row.id)  # voided means gone...
        contact = s.scalar(select(Contact).where(Contact.id == row.id).execution_options(**SHOW_VOIDED))
        assert contact.deleted_at is not None and "【作废】重复登记" in contact.handling  # ...but kept for its history
    assert tab.ledger_model.row_object(0).id != row.id


def test_a_whole_room_code_and_tab_shows_the_unit_and_its_repeat_calls(window, qtbot, demo_db, typist):
    """Typed fast, before the list opens: Tab out of 房号 still brings up the unit's calls and arrears."""
    code, unit_id, owner, phone = _a_unit_with_owner(demo_db)
    with demo_db.session(system=True) as s:
        admin = s.scalar(select(Contact.owner_id))
        for days in (5, 2, 1):
            calls.log_contact(s, calls.ContactInput(content="楼道灯不亮", unit_id=unit_id,
                                                    occurred_at=clock.now() - timedelta(days=days)), admin)
    tab = window.show_tab("来电来访")
    typist(tab.form.unit, code)
    qtbot.keyClick(tab.form.unit, Qt.Key_Tab)
    qtbot.waitUntil(tab.repeat_flag.isVisible, timeout=2000)
    assert code in tab.history.toPlainText()
    assert "楼道灯不亮" in tab.history.toPlainText()


def test_a_room_code_that_names_no_unit_leaves_the_profile_empty(window, qtbot, typist):
    tab = window.show_tab("来电来访")
    typist(tab.form.unit, "9-9-9-0909")
    qtbot.keyClick(tab.form.unit, Qt.Key_Tab)
    assert not tab.repeat_flag.isVisible()
    assert "输入房号或电话后" in tab.history.toPlainText()
    assert tab.form.unit.text() == "9-9-9-0909", "what was typed stays"


def test_the_caller_panel_says_what_it_is_for_before_anything_is_typed(window):
    assert "输入房号或电话后" in window.show_tab("来电来访").history.toPlainText()


def test_the_callers_panel_says_how_many_open_matters_it_does_not_list(window, demo_db):
    from sqlalchemy import select

    from frontdesk.db.models import Staff, Unit
    from frontdesk.services import calls

    with demo_db.session(system=True) as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "1-1-1-0101"))
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
    with demo_db.session("张丽", "前台客服") as s:
        for n in range(7):
            calls.log_contact(s, calls.ContactInput(content=f"第{n}件待办", unit_id=unit_id, category="建议",
                                                    status="处理中"), owner)
    tab = window.show_tab("来电来访")
    tab.show_history(unit_id, "")
    text = tab.history.toPlainText()
    count = int(text.split("未办结 ")[1].split(" 件")[0])
    assert count >= 7 and f"……另有 {count - 5} 件" in text
