"""Multi-line step boxes at the keyboard, results never preset, and no destructive button in the way."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import Complaint, RepairOrder, Staff, Unit
from frontdesk.services import calls, repairs
from frontdesk.ui.messages import DISCARD_QUESTION


def _complaint_dialog(window, qtbot, demo_db):
    from frontdesk.ui.dialogs.complaint_dialog import ComplaintDialog

    with demo_db.session(system=True) as s:
        saved = calls.log_contact(s, calls.ContactInput(content="物业费账单有误", category="投诉"), window.ctx.user.id)
    dialog = ComplaintDialog(window.ctx, saved.complaint_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog, saved.complaint_id


def test_complaint_steps_tab_on_and_ctrl_enter_saves(window, qtbot, demo_db, answers):
    dialog, complaint_id = _complaint_dialog(window, qtbot, demo_db)
    dialog.calm_note.setFocus()
    qtbot.keyClicks(dialog.calm_note, "apologised")
    qtbot.keyClick(dialog.calm_note, Qt.Key_Tab)
    assert dialog.focusWidget() is dialog.cause
    qtbot.keyClick(dialog.cause, Qt.Key_Tab, Qt.ControlModifier)  # Ctrl+Tab types nothing either
    qtbot.keyClicks(dialog.focusWidget(), "")
    assert dialog.calm_note.toPlainText() == "apologised" and "\t" not in dialog.cause.toPlainText()
    dialog.cause.setFocus()
    qtbot.keyClicks(dialog.cause, "meter misread")
    qtbot.keyClick(dialog.cause, Qt.Key_Return, Qt.ControlModifier)
    with demo_db.session(system=True) as s:
        saved = s.get(Complaint, complaint_id)
        assert (saved.calm_note, saved.cause) == ("apologised", "meter misread"), answers.shown
    assert not dialog.has_unsaved_input()
    assert "投诉处理进度" in window.save_notice.plain_text()  # the save is said in the status bar


def test_a_closed_complaint_reads_as_closed_and_shows_its_return_visits(window, qtbot, demo_db, answers):
    dialog, complaint_id = _complaint_dialog(window, qtbot, demo_db)
    assert "办结后第二天回访" in dialog.visit_history.text() and not dialog.visit_button.isEnabled()
    dialog.cause.setPlainText("抄表错误")
    dialog.solution.setPlainText("重新抄表并更正账单")
    dialog.effective.setCurrentText("有效")
    dialog.summary.setPlainText("抄表后复核")
    qtbot.mouseClick(dialog.close_button, Qt.LeftButton)
    assert "已办结" in answers.texts("info")[-1]
    assert dialog.cause.isReadOnly() and dialog.summary.isReadOnly() and not dialog.effective.isEnabled()
    assert not dialog.save_button.isEnabled() and dialog.visit_button.isEnabled()
    assert "待回访" in dialog.visit_history.text()
    dialog.visit_result.setCurrentText("满意")
    dialog.visit_remark.setText("已更正")
    qtbot.mouseClick(dialog.visit_button, Qt.LeftButton)
    assert "<b>满意</b>" in dialog.visit_history.text() and "已更正" in dialog.visit_history.text()
    assert not dialog.visit_button.isEnabled() and not dialog.has_unsaved_input()
    with demo_db.session(system=True) as s:
        assert s.get(Complaint, complaint_id).contact.status == "已办结"


def test_a_return_visit_result_is_never_preset(window, qtbot, demo_db, answers):
    from frontdesk.ui.tabs.repairs import RepairsTab

    dialog, _id = _complaint_dialog(window, qtbot, demo_db)
    assert dialog.visit_result.currentIndex() == -1 and dialog.visit_result.currentText() == ""
    tab = window.show_tab("报修维修")
    assert isinstance(tab, RepairsTab) and tab.visit_result.currentText() == ""


def test_esc_in_the_complaint_dialog_asks_before_dropping_typed_steps(window, qtbot, demo_db, answers):
    dialog, _id = _complaint_dialog(window, qtbot, demo_db)
    qtbot.keyClick(dialog.calm_note, Qt.Key_Escape)  # nothing typed: just closes
    assert answers.shown == [] and not dialog.isVisible()
    dialog, _id = _complaint_dialog(window, qtbot, demo_db)
    dialog.solution.setFocus()
    qtbot.keyClicks(dialog.solution, "replace the meter")
    answers.confirm_answer = False
    qtbot.keyClick(dialog.solution, Qt.Key_Escape)
    assert answers.texts("confirm") == [DISCARD_QUESTION] and dialog.isVisible()
    dialog.close()
    assert answers.texts("confirm") == [DISCARD_QUESTION] * 2 and dialog.isVisible()
    answers.confirm_answer = True
    qtbot.keyClick(dialog.solution, Qt.Key_Escape)
    assert not dialog.isVisible()


def test_after_dispatch_focus_is_on_the_next_step_never_on_cancel(window, qtbot, demo_db, answers):
    from frontdesk.ui.dialogs.repair_order_dialog import DESTRUCTIVE, RepairOrderDialog

    with demo_db.session(system=True) as s:
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房")).first()
        saved = repairs.create_order(s, repairs.RepairInput(description="水龙头滴漏", trade="水电", unit_id=unit.id,
                                                            reporter="王先生", phone="13800001111"), window.ctx.user.id)
        answers.item_answer = s.scalars(select(Staff.name).where(Staff.role == "维修工")).first()
    dialog = RepairOrderDialog(window.ctx, saved.id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.buttons["派工"].setFocus()
    qtbot.keyClick(dialog.buttons["派工"], Qt.Key_Space)
    with demo_db.session(system=True) as s:
        assert s.get(RepairOrder, saved.id).state == "已派工"
    assert dialog.focusWidget() is dialog.buttons["开始处理"]
    for action in DESTRUCTIVE:
        button = dialog.buttons[action]
        assert not button.isDefault() and not button.autoDefault() and not button.hasFocus()
    qtbot.keyClick(dialog.buttons["开始处理"], Qt.Key_Space)
    with demo_db.session(system=True) as s:
        assert s.get(RepairOrder, saved.id).state == "处理中"
    assert dialog.focusWidget() is dialog.result, "work under way: 维修结果 next, not 暂停"


def test_the_unit_dialog_asks_before_esc_drops_what_was_typed(window, qtbot, answers):
    from frontdesk.ui.dialogs.unit_dialog import UnitDialog

    dialog = UnitDialog(window.ctx, parent=window, preset_code="9-9-9-0909")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.area_edit, "88.5")
    answers.confirm_answer = False
    qtbot.keyClick(dialog.area_edit, Qt.Key_Escape)
    assert answers.texts("confirm") == [DISCARD_QUESTION] and dialog.isVisible()
    answers.confirm_answer = True
    qtbot.keyClick(dialog.area_edit, Qt.Key_Escape)
    assert not dialog.isVisible()


def test_a_complaint_closed_too_early_shows_every_message_and_keeps_关闭_on_screen(window, qtbot, demo_db, answers):
    """办结投诉 on an empty complaint: a message under each step, and the dialog still within the
    screen with 关闭 in view (it grew past a 768-pixel screen); the steps scroll instead."""
    from PySide6.QtCore import QRect

    dialog, _complaint_id = _complaint_dialog(window, qtbot, demo_db)
    dialog.close_complaint()
    said = [f for f in ("calm_note", "cause", "regulation", "solution", "carried_out_by", "effective", "summary")
            if dialog.errors.text_of(f)]
    assert len(said) >= 3 and "summary" in said
    area = dialog.screen().availableGeometry()
    assert dialog.height() <= area.height() and area.contains(QRect(dialog.pos(), dialog.size()))
    desk_height = 768 - 40  # a 1366×768 desk less its taskbar (the test screen is taller)
    assert dialog.height() <= desk_height and dialog.minimumSizeHint().height() <= desk_height
    done = next(b for b in dialog.findChildren(type(dialog.save_button)) if b.text() == "关闭")
    assert dialog.rect().contains(QRect(done.mapTo(dialog, done.rect().topLeft()), done.size()))
    first = dialog.focusWidget()
    assert first is getattr(dialog, said[0]) and not first.visibleRegion().isEmpty()
    dialog.discard_input()
    dialog.close()
