"""The 报修维修 tab driven through the real main window."""

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import RepairOrder, Unit
from frontdesk.services import repair_flow, repair_visits, repairs


def _tab(window):
    return window.show_tab("报修维修")


def _fresh_unit(db):
    with db.session(system=True) as s:
        repaired = select(RepairOrder.unit_id).where(RepairOrder.unit_id.is_not(None))
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房", Unit.id.not_in(repaired))).first()
        return unit.code


def test_the_list_opens_filters_and_marks_overdue(window, demo_db):
    tab = _tab(window)
    with demo_db.session(system=True) as s:
        total = s.query(RepairOrder).count()
    assert total > 0 and tab.model.total == total
    assert tab.table.model().rowCount() > 0
    tab.f_state.setCurrentText("已超时")
    tab.apply_filter()
    rows = tab.model.loaded_rows()
    assert rows and all(r.overdue for r in rows)
    assert tab.model.data(tab.model.index(0, 0), Qt.ForegroundRole) is not None
    tab.f_state.setCurrentIndex(0)
    tab.f_tech.setCurrentText("孙强")
    tab.apply_filter()
    assert tab.model.loaded_rows() and {r.technician for r in tab.model.loaded_rows()} == {"孙强"}
    # The dates are no Tab stop until 按日期 is ticked (a number meant for the search box changed 到).
    assert not tab.date_from.isEnabled() and not tab.date_to.isEnabled()
    tab.use_dates.setChecked(True)
    assert tab.date_from.isEnabled() and tab.date_to.isEnabled()


def test_a_new_order_from_the_form(window, qtbot, demo_db, typist, answers):
    tab = _tab(window)
    tab.views.setCurrentIndex(1)
    form = tab.form
    code = _fresh_unit(demo_db)
    form.trade.setCurrentText("电梯")
    assert "被困" in form.knowledge.toPlainText()
    form.trade.setCurrentText("管道")
    assert "疏通" in form.knowledge.toPlainText()
    typist(form.unit, code)
    typist(form.reporter, "钱先生")
    typist(form.phone, "13800002222")
    typist(form.description, "厨房下水道堵塞")
    qtbot.keyClick(form.description, Qt.Key_Return, Qt.ControlModifier)  # Ctrl+Enter in 报修内容 saves
    with demo_db.session(system=True) as s:
        order = s.scalars(select(RepairOrder).order_by(RepairOrder.id.desc())).first()
        assert (order.unit.code, order.trade, order.description, order.state) == (code, "管道", "厨房下水道堵塞", "待派工")
        assert order.owner.name == "张丽" and order.phone == "13800002222"
    assert any(order.number in t for t in answers.texts("info"))
    assert form.description.toPlainText() == ""


def test_bad_input_stays_in_the_form(window, qtbot, demo_db, typist):
    tab = _tab(window)
    tab.views.setCurrentIndex(1)
    form = tab.form
    with demo_db.session(system=True) as s:
        before = s.query(RepairOrder).count()
    typist(form.description, "窗户关不严")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert "房号" in form.errors.text_of("unit")
    assert form.description.toPlainText() == "窗户关不严"
    form.scope.setCurrentText("公共")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert "位置" in form.errors.text_of("location")
    with demo_db.session(system=True) as s:
        assert s.query(RepairOrder).count() == before


def _new_order_dialog(window, qtbot, demo_db, description: str, trade: str, shown: bool = False):
    """A new household order for a fresh unit, opened in its dialog (shown and active when asked)."""
    from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

    code = _fresh_unit(demo_db)
    with demo_db.session(system=True) as s:
        order_id = repairs.create_order(s, repairs.RepairInput(description=description, trade=trade, unit_text=code),
                                        window.ctx.user.id).id
    dialog = RepairOrderDialog(window.ctx, order_id, window)
    qtbot.addWidget(dialog)
    if shown:
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
    return dialog, order_id


def test_the_order_dialog_walks_the_order_to_finished(window, qtbot, demo_db, answers):
    dialog, order_id = _new_order_dialog(window, qtbot, demo_db, "水龙头滴漏", "水电")
    assert not dialog.buttons["完工"].isEnabled() and dialog.buttons["派工"].isEnabled()
    answers.item_answer = "周建国"
    qtbot.mouseClick(dialog.buttons["派工"], Qt.LeftButton)
    assert "派工" in window.save_notice.plain_text() and "已派工（周建国）" in window.save_notice.plain_text()
    qtbot.mouseClick(dialog.buttons["开始处理"], Qt.LeftButton)
    dialog.result.setPlainText("更换水龙头阀芯")
    dialog.paid.setChecked(True)
    dialog.charge.setText("-5")
    qtbot.mouseClick(dialog.buttons["完工"], Qt.LeftButton)
    assert "负数" in dialog.errors.text_of("charge") and dialog.charge.text() == "-5"
    dialog.charge.setText("30")
    qtbot.keyClick(dialog.result, Qt.Key_Return, Qt.ControlModifier)  # Ctrl+Enter in 维修结果 is 完工
    with demo_db.session(system=True) as s:
        order = s.get(RepairOrder, order_id)
        assert order.state == "已完工" and order.technician.name == "周建国" and str(order.charge) == "30.00"
        assert repair_visits.pending(s, order_id) is not None
    assert dialog.history.rowCount() >= 4 and dialog.history.item(dialog.history.rowCount() - 1, 1).text() == "完工"
    # pressed at the desk for the technician: the desk's name first, not as if he had pressed it
    assert dialog.history.item(dialog.history.rowCount() - 1, 4).text() == f"{window.ctx.user.name}（师傅 周建国）"
    assert "已完工" in dialog.header.text()
    assert not dialog.buttons["关闭"].isEnabled() and "还没有回访" in dialog.buttons["关闭"].toolTip()


def test_an_unhappy_visit_from_the_visit_view_reopens_and_alerts(window, demo_db, frozen_now, answers):
    with demo_db.session(system=True) as s:
        order = s.scalars(select(RepairOrder).where(RepairOrder.state == "处理中")).first()
        if order is None:
            order = s.scalars(select(RepairOrder).where(RepairOrder.state == "已派工")).first()
            repair_flow.start(s, order.id, "测试")
        order.owner_id = window.ctx.user.id
        repair_flow.finish(s, order.id, repair_flow.FinishInput(result="修好"), "测试",)
        visit = repair_visits.pending(s, order.id)
        visit.due_date = frozen_now.date()
        order_id = order.id
    tab = _tab(window)
    tab.views.setCurrentIndex(2)
    row = next(i for i, r in enumerate(tab.visit_rows) if r.order_id == order_id)
    tab.visit_table.selectRow(row)
    tab.visit_result.setCurrentText("不满意")
    tab.visit_remark.setText("还是漏")
    tab.record_visit()
    with demo_db.session(system=True) as s:
        assert s.get(RepairOrder, order_id).state == "处理中"
    assert tab.alert.isVisibleTo(tab) and "回访不满意" in tab.alert.text()
    assert order_id not in {r.order_id for r in tab.visit_rows}


def test_a_visit_recorded_with_enter_says_so_in_the_status_bar(window, qtbot, demo_db, frozen_now, typist):
    """Result chosen, the owner's words typed, Enter: the visit is saved and the status bar names it (a
    row that just disappears would be recorded again)."""
    with demo_db.session(system=True) as s:
        order = s.scalars(select(RepairOrder).where(RepairOrder.state == "已派工")).first()
        repair_flow.start(s, order.id, "测试")
        repair_flow.finish(s, order.id, repair_flow.FinishInput(result="修好"), "测试")
        repair_visits.pending(s, order.id).due_date = frozen_now.date()
        order_id, number = order.id, order.number
    tab = _tab(window)
    tab.views.setCurrentIndex(2)
    tab.visit_table.selectRow(next(i for i, r in enumerate(tab.visit_rows) if r.order_id == order_id))
    tab.visit_result.setCurrentText("满意")
    typist(tab.visit_remark, "师傅很准时")
    qtbot.keyClick(tab.visit_remark, Qt.Key_Return)
    with demo_db.session(system=True) as s:
        visit = repair_visits.visits_of(s, order_id)[-1]
        assert (visit.result, visit.remark) == ("满意", "师傅很准时")
    shown = window.save_notice.plain_text()
    assert "回访" in shown and "满意" in shown and number in shown
    assert tab.visit_remark.text() == "" and order_id not in {r.order_id for r in tab.visit_rows}


def test_enter_on_a_list_opens_the_order_as_a_double_click_does(window, qtbot, monkeypatch):
    """使用说明 says Enter 打开: on 报修单, 超时 and 返修 alike, the keyboard opens the chosen order."""
    tab = _tab(window)
    opened = []
    monkeypatch.setattr(tab, "open_order", opened.append)
    tab.table.setFocus()
    tab.table.selectRow(1)
    qtbot.keyClick(tab.table, Qt.Key_Return)
    assert opened == [tab.model.row_object(1).id]
    tab.views.setCurrentIndex(3)
    assert tab.overdue_rows, "the demo has overdue orders"
    tab.overdue_table.setFocus()
    tab.overdue_table.selectRow(0)
    qtbot.keyClick(tab.overdue_table, Qt.Key_Return)
    assert opened[-1] == tab.overdue_rows[0].id
    tab.views.setCurrentIndex(0)
    number = tab.model.row_object(0).number
    tab.search.setText(number)  # a search that finds one order: 打开 opens it, no row to choose first
    tab.apply_filter()
    assert tab.model.rowCount() == 1
    tab.open_selected()
    assert opened[-1] == tab.model.row_object(0).id


def test_overdue_and_repeat_views_and_excel_export(window, qtbot, demo_db, tmp_path, answers):
    from frontdesk.reports.repair_export import export_repairs

    tab = _tab(window)
    tab.views.setCurrentIndex(3)
    assert tab.loads and sum(load.overdue_orders for load in tab.loads) == len(tab.overdue_rows)
    tab.views.setCurrentIndex(4)
    assert "返修" in tab.repeat_label.text()
    assert all(r.repeat_of for r in tab.repeat_rows)
    tab.views.setCurrentIndex(0)
    out = tmp_path / "repairs.xlsx"
    tab.export_to(out, export_repairs)
    qtbot.waitUntil(lambda: any("已导出" in t for t in answers.texts("info")), timeout=10000)
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "单号" and sheet.max_row == tab.model.total + 1
    assert str(sheet["A2"].value).startswith("BX-")


def test_print_preview_of_a_work_order(window, qtbot, answers):
    tab = _tab(window)
    tab.table.selectRow(0)
    answers.confirm_answer = False
    tab.print_selected()
    assert tab.preview.property("page_count") == 1
    tab.preview.close()


def test_ctrl_p_in_the_preview_prints_its_pages_through_the_print_dialog(window, qtbot, answers, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    from frontdesk.ui.widgets import pdf_preview

    printed = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(pdf_preview, "paint_pages", lambda printer, images: printed.append(len(images)))
    window.show()
    qtbot.waitExposed(window)
    tab = _tab(window)
    tab.table.selectRow(0)
    answers.confirm_answer = False
    tab.print_selected()
    preview = tab.preview
    qtbot.waitExposed(preview)
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow, timeout=3000)
    printed.clear()  # the preview paints its own pages first
    qtbot.keyClick(preview, Qt.Key_P, Qt.ControlModifier)
    assert printed == [1], "one document of one page sent to the printer chosen"
    preview.close()


def test_the_order_dialog_steps_by_alt_keys(window, qtbot, demo_db, answers):
    """Alt+P 派工 and Alt+K 开始处理 from wherever the cursor is in the dialog: no walk along the row."""
    dialog, order_id = _new_order_dialog(window, qtbot, demo_db, "门锁坏了", "门窗", shown=True)
    answers.item_answer = "周建国"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_P, Qt.AltModifier)
    qtbot.waitUntil(dialog.buttons["开始处理"].isEnabled)  # a button's Alt key clicks it a moment later
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_K, Qt.AltModifier)
    qtbot.waitUntil(dialog.finish_box.isEnabled)
    with demo_db.session(system=True) as s:
        order = s.get(RepairOrder, order_id)
        assert order.state == "处理中" and order.technician.name == "周建国"
    dialog.close()


def test_enter_in_the_order_dialog_presses_the_focused_step_and_nothing_from_a_field(
        window, qtbot, demo_db, answers, monkeypatch):
    """Enter on 派工 dispatched nothing and opened 修改信息 (the dialog's default button); Enter in 收费金额
    opened it too. Now Enter presses the focused button, and in a field does nothing; Ctrl+Enter there
    is 完工."""
    from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

    opened = []  # 修改信息 pressed (patched on the class: the button connects to it when the dialog is made)
    monkeypatch.setattr(RepairOrderDialog, "edit_details", lambda _dialog: opened.append(True))
    dialog, order_id = _new_order_dialog(window, qtbot, demo_db, "灯不亮", "水电")
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    answers.item_answer = "周建国"
    dialog.buttons["派工"].setFocus()
    qtbot.keyClick(dialog.buttons["派工"], Qt.Key_Return)
    qtbot.waitUntil(dialog.buttons["开始处理"].isEnabled)
    assert dialog.focusWidget() is dialog.buttons["开始处理"]  # the next step, Enter again starts it
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_Return)
    qtbot.waitUntil(dialog.finish_box.isEnabled)
    assert dialog.focusWidget() is dialog.result
    dialog.result.setPlainText("更换灯管")
    dialog.charge.setFocus()
    qtbot.keyClick(dialog.charge, Qt.Key_Return)
    assert not opened
    with demo_db.session(system=True) as s:
        assert s.get(RepairOrder, order_id).state == "处理中"  # a plain Enter in a field finishes nothing
    qtbot.keyClick(dialog.charge, Qt.Key_Return, Qt.ControlModifier)
    with demo_db.session(system=True) as s:
        assert s.get(RepairOrder, order_id).state == "已完工"
    assert not opened
    dialog.close()


def test_alt_3_to_the_visits_leaves_a_row_chosen_for_the_visit(window, qtbot, demo_db, frozen_now):
    """Alt+3 to 回访: the list is read as the page shows, with the cursor already in it; a row stays
    chosen (the reset took the one the cursor had chosen, and 登记回访 said 请先在列表中选中)."""
    with demo_db.session(system=True) as s:
        order = s.scalars(select(RepairOrder).where(RepairOrder.state == "已派工")).first()
        repair_flow.start(s, order.id, "测试")
        repair_flow.finish(s, order.id, repair_flow.FinishInput(result="修好"), "测试")
        repair_visits.pending(s, order.id).due_date = frozen_now.date()
    tab = _tab(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(tab.isVisible)
    tab.search.setFocus()
    qtbot.keyClick(tab.search, Qt.Key_3, Qt.AltModifier)
    qtbot.waitUntil(lambda: tab.visit_table.hasFocus() and len(tab.visit_rows) > 0)
    assert tab.visit_table.selectionModel().selectedRows()
    assert tab.visit_table.currentIndex().isValid()


def test_ctrl_2_puts_the_cursor_in_the_search_and_down_goes_into_the_orders(window, qtbot):
    """Ctrl+2: type a word, Enter, ↓ and Enter opens the order (it took eleven Tabs from the first filter)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab = window.show_tab("报修维修")
    qtbot.waitUntil(tab.isVisible)
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert window.focusWidget() is tab.search
    qtbot.keyClick(tab.search, Qt.Key_Down)
    assert window.focusWidget() is tab.table and tab.table.selectionModel().selectedRows()


def test_a_repair_filter_changed_applies_itself_without_查询(window, qtbot):
    tab = window.show_tab("报修维修")
    everything = tab.model.total
    tab.f_state.setCurrentText("已完工")
    qtbot.waitUntil(lambda: tab.model.total < everything, timeout=3000)
    assert {r.state for r in tab.model.loaded_rows()} == {"已完工"}
