"""Esc or close never drops typed work silently: every record dialog and every desk form asks first,
says nothing when nothing was typed (or only what the form filled in itself), and not after a save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import Staff, Unit
from frontdesk.services import collections, payments, repair_flow, repairs, violations
from frontdesk.services import violation_notices as notices
from frontdesk.services.demo_marks import DEMO_PASSWORD
from frontdesk.services.staff import StaffRef
from frontdesk.ui.messages import DISCARD_QUESTION

Reader = Callable[[], object]


def _as(window, db, name: str) -> None:
    with db.session(system=True) as s:
        person = s.scalar(select(Staff).where(Staff.name == name))
        window.ctx.user = StaffRef(person.id, person.name, person.role)


def _first_unit(db) -> tuple[int, str]:
    with db.session(system=True) as s:
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房").order_by(Unit.code)).first()
        return unit.id, unit.code


def _new_violation(db) -> int:
    with db.session(system=True) as s:
        return violations.record_violation(s, violations.ViolationInput(
            kind="私搭乱建", description="露台搭建雨棚", found_by="测试", found_date=date(2026, 11, 25),
            unit_text="1-1-1-0101"))


def _new_notice(db) -> str:
    violation_id = _new_violation(db)
    with db.session(system=True) as s:
        return notices.issue_notice(s, violation_id, notices.NoticeInput(rule="管理规约", requirement="拆除雨棚"))


def _order_in_hand(window, db) -> int:
    """A repair order a technician has started: 完工登记 can be typed."""
    unit_id, _code = _first_unit(db)
    with db.session(system=True) as s:
        order = repairs.create_order(s, repairs.RepairInput(description="水龙头滴漏", trade="水电", unit_id=unit_id,
                                                            reporter="王先生", phone="13800001111"), window.ctx.user.id)
        tech = s.scalars(select(Staff.id).where(Staff.role == "维修工")).first()
        repair_flow.dispatch(s, order.id, tech, "测试")
        repair_flow.start(s, order.id, "测试")
        return order.id


def _retype(typist, edit, text: str) -> Reader:
    edit.selectAll()
    typist(edit, text)
    return edit.text


@dataclass
class Case:
    """How to open one dialog, type into it (returning what shows the typed text) and save it."""
    person: str | None
    open: Callable
    type_in: Callable
    save: Callable


def _action_dialog(window, db):
    from frontdesk.ui.tabs.collections_pages.action_dialog import ActionDialog

    unit_id, code = _first_unit(db)
    return ActionDialog(window.ctx, unit_id, code, window)


def _scheme_dialog(window, db):
    from frontdesk.ui.tabs.collections_pages.scheme_dialog import SchemeDialog

    return SchemeDialog(window.ctx, window)


def _session_dialog(window, db):
    from frontdesk.ui.tabs.training.session_dialog import SessionDialog

    return SessionDialog(window.ctx, parent=window)


def _save_session(dialog) -> None:
    dialog.courses.item(0).setCheckState(Qt.Checked)
    dialog.save()


def _staff_dialog(window, db):
    from frontdesk.ui.tabs.training.staff_page import StaffDialog

    return StaffDialog(window.ctx, parent=window)


def _violation_dialog(window, db):
    from frontdesk.ui.dialogs.violation_dialog import ViolationDialog

    return ViolationDialog(window.ctx, window)


def _save_violation(dialog) -> None:
    dialog.unit_edit.setText("1-1-1-0101")
    dialog.save()


def _notice_dialog(window, db):
    from frontdesk.ui.dialogs.violation_dialog import NoticeDialog

    return NoticeDialog(window.ctx, _new_violation(db), window)


def _delivery_dialog(window, db):
    from frontdesk.ui.dialogs.notice_followup_dialog import DeliveryDialog

    return DeliveryDialog(window.ctx, _new_notice(db), window)


def _save_delivery(dialog) -> None:
    dialog.method_combo.setCurrentText("当面签收")
    dialog.signed_edit.setText("业主本人")
    dialog.save()


def _reinspection_dialog(window, db):
    from frontdesk.ui.dialogs.notice_followup_dialog import ReinspectionDialog

    page = window.show_tab("违章整改").followup
    page.ahead_check.setChecked(True)
    return ReinspectionDialog(window.ctx, page.model.loaded_rows()[0], window)


def _save_reinspection(dialog) -> None:
    dialog.result_combo.setCurrentText("已整改")
    dialog.save()


def _notice_templates(window, db):
    from frontdesk.ui.dialogs.notice_followup_dialog import TemplateDialog

    return TemplateDialog(window.ctx, window)


def _type_template(dialog, typist) -> Reader:
    editor = dialog.editors[1]
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    typist(editor, "请予配合。")
    return editor.toPlainText


def _vendor_dialog(window, db):
    from frontdesk.ui.dialogs.vendor_dialogs import VendorDialog

    return VendorDialog(window.ctx, parent=window)


def _save_vendor(dialog) -> None:
    dialog.service.setCurrentText("消杀")
    dialog.phone.setText("13900001111")
    dialog.save()


def _survey_plan(window, db):
    from frontdesk.ui.dialogs.survey_plan_dialog import SurveyPlanDialog

    return SurveyPlanDialog(window.ctx, {"2026Q4"}, window)


def _repair_order(window, db):
    from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

    return RepairOrderDialog(window.ctx, _order_in_hand(window, db), window)


def _finish_repair(dialog) -> None:
    dialog.result.setPlainText("已换阀芯")
    assert dialog.run_action("完工")


def _warranty_table(window, db):
    from frontdesk.ui.dialogs.repair_settings_dialogs import WarrantyTableDialog

    return WarrantyTableDialog(window.ctx, window)


def _type_warranty(dialog, typist) -> Reader:
    dialog.table.item(0, 2).setText("3")  # as the cell editor commits it
    return dialog.table.item(0, 2).text


def _company(window, db):
    from frontdesk.ui.dialogs.company_dialog import CompanyDialog

    return CompanyDialog(window.ctx, window)


def _settings(window, db):
    from frontdesk.ui.dialogs.settings_dialog import SettingsDialog

    return SettingsDialog(window.ctx, window)


def _password(window, db):
    from frontdesk.ui.dialogs.account_dialogs import ChangePasswordDialog

    return ChangePasswordDialog(window.ctx, window)


def _type_password(dialog, typist) -> Reader:
    typist(dialog.old, DEMO_PASSWORD)
    return dialog.old.text


def _save_password(dialog) -> None:
    dialog.new.setText("new-secret")
    dialog.repeat.setText("new-secret")
    dialog.submit()


def _user_admin(window, db):
    from frontdesk.ui.dialogs.account_dialogs import UserAdminDialog

    return UserAdminDialog(window.ctx, window)


def _callerid(window, db):
    from frontdesk.ui.dialogs.callerid_dialog import CallerIdDialog

    return CallerIdDialog(window)


def _db_settings(window, db):
    from frontdesk.ui.dialogs.db_settings_dialog import DbSettingsDialog

    return DbSettingsDialog(window.ctx.db.url, window)


def _type_db_server(dialog, typist) -> Reader:
    dialog.shared.setChecked(True)
    typist(dialog.host, "192.168.1.10")
    return dialog.host.text


def _save_db_server(dialog) -> None:
    dialog.database.setText("frontdesk")
    dialog.user.setText("desk")
    dialog.save()


def _backup(window, db):
    from frontdesk.ui.dialogs.backup_dialog import BackupDialog

    return BackupDialog(window.ctx, window)


CASES = {
    "登记催缴": Case("吴海燕", _action_dialog, lambda d, t: (t(d.result, "业主答应月底前缴清"), d.result.text)[1],
                   lambda d: d.save()),
    "提成方案": Case("吴海燕", _scheme_dialog, lambda d, t: _retype(t, d.base, "2400"), lambda d: d.save()),
    "培训记录": Case("吴海燕", _session_dialog, lambda d, t: (t(d.trainer, "王老师"), d.trainer.text)[1], _save_session),
    "员工": Case("吴海燕", _staff_dialog, lambda d, t: (t(d.name, "钱七"), d.name.text)[1], lambda d: d.save()),
    "登记违章": Case(None, _violation_dialog,
                 lambda d, t: (t(d.description_edit, "楼顶搭建阁楼"), d.description_edit.toPlainText)[1],
                 _save_violation),
    "整改通知书": Case(None, _notice_dialog,
                  lambda d, t: (t(d.requirement_edit, "拆除雨棚"), d.requirement_edit.toPlainText)[1],
                  lambda d: d.issue()),
    "登记送达": Case(None, _delivery_dialog, lambda d, t: (t(d.remark_edit, "业主在家"), d.remark_edit.text)[1],
                 _save_delivery),
    "登记复查": Case(None, _reinspection_dialog,
                 lambda d, t: (t(d.remark_edit, "已拆除"), d.remark_edit.text)[1], _save_reinspection),
    "通知书模板": Case("吴海燕", _notice_templates, _type_template, lambda d: d.save()),
    "外包方": Case("吴海燕", _vendor_dialog, lambda d, t: (t(d.company, "康洁消杀"), d.company.text)[1], _save_vendor),
    "安排满意度调查": Case("吴海燕", _survey_plan, lambda d, t: (t(d.seed_edit, "42"), d.seed_edit.text)[1],
                    lambda d: d.plan()),
    "完工登记": Case(None, _repair_order, lambda d, t: (t(d.materials, "阀芯一个"), d.materials.text)[1], _finish_repair),
    "保修期限表": Case("吴海燕", _warranty_table, _type_warranty, lambda d: d.save()),
    "公司信息": Case("吴海燕", _company, lambda d, t: _retype(t, d.phone, "0513-88886666"), lambda d: d.save()),
    "设置": Case("吴海燕", _settings, lambda d, t: _retype(t, d.edits["daily_target_calls"], "80"),
               lambda d: d.save_values()),
    "修改密码": Case(None, _password, _type_password, _save_password),
    "用户管理": Case("管理员", _user_admin, lambda d, t: (t(d.name, "钱七"), d.name.text)[1], lambda d: d.add_user()),
    "来电弹屏设置": Case(None, _callerid, lambda d, t: _retype(t, d.init, "ATZ"), lambda d: d.save()),
    "数据库设置": Case(None, _db_settings, _type_db_server, _save_db_server),
    "第二备份位置": Case("管理员", _backup, lambda d, t: (t(d.second, "E:/备份"), d.second.text)[1],
                   lambda d: d.save_second_folder()),
}


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("name", list(CASES))
def test_the_dialog_asks_only_before_dropping_typed_work(name, window, qtbot, demo_db, typist, answers):
    case = CASES[name]
    if case.person:
        _as(window, demo_db, case.person)

    untouched = _shown(qtbot, case.open(window, demo_db))
    assert not untouched.has_unsaved_input(), "what the dialog filled in itself is not typed work"
    qtbot.keyClick(untouched, Qt.Key_Escape)
    assert answers.texts("confirm") == [] and not untouched.isVisible()

    dialog = _shown(qtbot, case.open(window, demo_db))
    typed = case.type_in(dialog, typist)
    text = typed()
    answers.confirm_answer = False
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert answers.texts("confirm") == [DISCARD_QUESTION] and dialog.isVisible() and typed() == text
    dialog.close()  # the title bar's ×
    assert answers.texts("confirm") == [DISCARD_QUESTION] * 2 and dialog.isVisible() and typed() == text

    case.save(dialog)
    assert not answers.texts("warning"), answers.shown
    if dialog.isVisible():  # a dialog that stays open after saving closes without a question now
        qtbot.keyClick(dialog, Qt.Key_Escape)
    assert answers.texts("confirm") == [DISCARD_QUESTION] * 2 and not dialog.isVisible()


def test_agreeing_drops_the_typed_work_and_closes(window, qtbot, demo_db, typist, answers):
    _as(window, demo_db, "吴海燕")
    dialog = _shown(qtbot, _action_dialog(window, demo_db))
    typist(dialog.result, "无人接听")
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert answers.texts("confirm") == [DISCARD_QUESTION] and not dialog.isVisible()


# ---- the desks' own forms -------------------------------------------------------------------


def _payments(window, demo_db, typist):
    _as(window, demo_db, "刘洋")  # a collector
    with demo_db.session(system=True) as s:
        row = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 1)[0]
        open_total = sum((c.open for c in payments.open_charges(s, row.unit_id)), 0)
    page = window.show_tab("收费催缴").show_page("收款")
    typist(page.unit, row.unit_code)
    page.unit.returnPressed.emit()
    assert page.amount.text() == str(open_total)
    return page


def test_esc_on_the_payment_form_clears_it_asking_only_for_typed_work(window, qtbot, demo_db, typist, answers):
    page = _payments(window, demo_db, typist)
    assert not page.has_unsaved_input(), "the amount of the bill and the owner as payer were filled in"
    qtbot.keyClick(page.unit, Qt.Key_Escape)
    assert answers.texts("confirm") == [] and page.unit.text() == "" and page.amount.text() == ""

    page = _payments(window, demo_db, typist)
    _retype(typist, page.amount, "100.00")
    typist(page.remark, "现金")
    answers.confirm_answer = False
    qtbot.keyClick(page.remark, Qt.Key_Escape)
    assert answers.texts("confirm") == [DISCARD_QUESTION]
    assert page.amount.text() == "100.00" and page.remark.text() == "现金" and page.unit_id is not None
    answers.confirm_answer = True
    qtbot.keyClick(page.amount, Qt.Key_Escape)
    assert answers.texts("confirm") == [DISCARD_QUESTION] * 2
    assert page.unit_id is None and page.amount.text() == page.remark.text() == page.unit.text() == ""
    assert page.charge_table.rowCount() == 0


def test_a_payment_taken_leaves_nothing_to_ask_about(window, qtbot, demo_db, typist, answers):
    page = _payments(window, demo_db, typist)
    typist(page.remark, "微信转账")
    assert page.has_unsaved_input()
    page.take_payment()
    assert any("已收款" in t for t in answers.texts("info")), answers.shown
    assert not page.has_unsaved_input()
    asked = len(answers.texts("confirm"))
    window.close()
    assert not window.isVisible() and len(answers.texts("confirm")) == asked


def test_closing_the_window_asks_once_for_a_typed_repair_and_payment(window, qtbot, demo_db, typist, answers):
    repairs_tab = window.show_tab("报修维修")
    form = repairs_tab.form
    repairs_tab.views.setCurrentWidget(form)
    typist(form.description, "厨房下水管漏水")
    page = _payments(window, demo_db, typist)
    typist(page.payer, "李女士")
    answers.confirm_answer = False
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] and window.isVisible()
    assert form.description.toPlainText() == "厨房下水管漏水" and page.payer.text() == "李女士"
    answers.confirm_answer = True
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] * 2 and not window.isVisible()


def test_a_saved_repair_request_is_not_asked_about(window, qtbot, demo_db, typist, answers):
    tab = window.show_tab("报修维修")
    form = tab.form
    assert not form.has_unsaved_input(), "the default trade, urgency and appointment time are not a request"
    form.unit.setText(_first_unit(demo_db)[1])
    typist(form.description, "卫生间灯不亮")
    assert form.has_unsaved_input()
    tab.save_order()
    assert not form.has_unsaved_input(), answers.shown
    window.close()
    assert answers.texts("confirm") == [] and not window.isVisible()


def test_an_award_typed_but_not_saved_is_asked_about(window, qtbot, demo_db, typist, answers):
    _as(window, demo_db, "吴海燕")
    page = window.show_tab("培训考核").show_page("月度考核")
    page.table.selectRow(0)
    assert not page.has_unsaved_input(), "the saved award shown for the selected person is not typed"
    _retype(typist, page.amount, "200")
    _retype(typist, page.reason, "表扬信两封")
    answers.confirm_answer = False
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] and page.reason.text() == "表扬信两封"
    page.save_award()
    assert not page.has_unsaved_input(), answers.shown
    window.close()
    assert not window.isVisible()


def test_a_slogan_inspection_or_score_being_typed_is_asked_about(window, qtbot, demo_db, typist, answers):
    _as(window, demo_db, "吴海燕")
    tab = window.show_tab("培训考核")
    answers.confirm_answer = False
    slogans = tab.show_page("每周口号")
    typist(slogans.slogan, "微笑服务")
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] and slogans.slogan.text() == "微笑服务"
    slogans.week.setDate(date(2027, 6, 1))  # a week without a slogan yet
    slogans.add()
    assert not slogans.has_unsaved_input()

    inspections = tab.show_page("日检查")
    assert not inspections.has_unsaved_input()
    inspections.set_cell(0, 1, "2")
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] * 2 and window.isVisible()
    assert inspections.save() and not inspections.has_unsaved_input()

    exams = tab.show_page("笔试成绩")
    assert not exams.has_unsaved_input()
    row = next(r for r in range(exams.table.rowCount()) if exams.table.item(r, 2).flags() & Qt.ItemIsEditable)
    exams.table.item(row, 2).setText("88")
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] * 3 and exams.table.item(row, 2).text() == "88"
    exams.save_scores()
    assert not exams.has_unsaved_input(), answers.shown
    window.close()
    assert not window.isVisible()


def test_survey_answers_not_yet_saved_are_asked_about(window, qtbot, demo_db, answers):
    tab = window.show_tab("满意度调查")
    assert not tab.has_unsaved_input()
    tab.grid.setCurrentCell(0, 3)
    qtbot.keyClick(tab.grid, Qt.Key_4)
    assert tab.has_unsaved_input()
    answers.confirm_answer = False
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] and tab.grid.item(0, 3).text() == "4"
    tab.save_answers()
    assert not tab.has_unsaved_input(), answers.shown
    window.close()
    assert not window.isVisible()


def test_changed_fee_items_are_asked_about_until_saved(window, qtbot, demo_db, typist, answers):
    _as(window, demo_db, "吴海燕")
    page = window.show_tab("收费催缴").show_page("收费项目与账单")
    assert not page.has_unsaved_input(), "the items as saved are not typed work"
    _retype(typist, page.due_day, "20")
    answers.confirm_answer = False
    window.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] and page.due_day.text() == "20"
    page.save_items()
    assert not page.has_unsaved_input(), answers.shown
    window.close()
    assert not window.isVisible()
