"""Correcting an order, the supervisor's warranty table and knowledge base, and finding an
order with the global search — through the real window."""

from dataclasses import replace

from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import RepairOrder, Staff, Unit, WarrantyPeriod
from frontdesk.services import repair_flow, repair_knowledge, repairs
from frontdesk.ui.context import AppContext


def _new_order(demo_db, window, description="水龙头滴漏", trade="水电"):
    with demo_db.session(system=True) as s:
        repaired = select(RepairOrder.unit_id).where(RepairOrder.unit_id.is_not(None))
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房", Unit.id.not_in(repaired))).first()
        saved = repairs.create_order(s, repairs.RepairInput(description=description, trade=trade, unit_id=unit.id,
                                                            reporter="王先生", phone="13800001111"),
                                     window.ctx.user.id)
    return saved


def _supervisor(window, demo_db) -> AppContext:
    with demo_db.session(system=True) as s:
        boss = s.scalars(select(Staff).where(Staff.role == "客服主管")).first()
        user = replace(window.ctx.user, id=boss.id, name=boss.name, role=boss.role)
    return AppContext(window.ctx.db, user, window.ctx.events)


def test_details_are_corrected_from_the_order_dialog(window, qtbot, demo_db, typist, answers):
    from frontdesk.ui.dialogs.repair_details_dialog import RepairDetailsDialog
    from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

    saved = _new_order(demo_db, window)
    order_dialog = RepairOrderDialog(window.ctx, saved.id, window)
    qtbot.addWidget(order_dialog)
    assert order_dialog.edit_button.isEnabled()
    dialog = RepairDetailsDialog(window.ctx, saved.id, order_dialog)
    qtbot.addWidget(dialog)
    assert dialog.description.toPlainText() == "水龙头滴漏" and not dialog.location.isEnabled()
    dialog.phone.clear()
    typist(dialog.phone, "1380000abc")
    dialog.description.clear()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert "报修内容" in dialog.errors.text_of("description") and dialog.errors.text_of("phone")
    assert dialog.phone.text() == "1380000abc", "what was typed stays"
    dialog.phone.setText("13800002222")
    typist(dialog.description, "厨房水龙头滴漏，阀门关不死")
    dialog.urgency.setCurrentText("紧急")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    with demo_db.session(system=True) as s:
        order = s.get(RepairOrder, saved.id)
        assert (order.description, order.phone, order.urgency) == ("厨房水龙头滴漏，阀门关不死", "13800002222", "紧急")
        assert order.events[-1].action == "修改信息" and order.events[-1].by_name == "张丽"
    order_dialog.reload()
    assert "阀门关不死" in order_dialog.details.text()
    assert order_dialog.history.item(order_dialog.history.rowCount() - 1, 1).text() == "修改信息"


def test_a_conflict_keeps_what_was_typed(window, qtbot, demo_db, typist, answers):
    from frontdesk.ui.dialogs.repair_details_dialog import RepairDetailsDialog

    saved = _new_order(demo_db, window)
    dialog = RepairDetailsDialog(window.ctx, saved.id, window)
    qtbot.addWidget(dialog)
    with demo_db.session("王芳", "前台客服") as s:
        technician = s.scalar(select(Staff.id).where(Staff.name == "周建国"))
        repair_flow.dispatch(s, saved.id, technician, "王芳")
    dialog.reporter.setText("王大爷")
    answers.confirm_answer = False  # keep mine
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert any("王芳" in t for t in answers.texts("confirm"))
    assert dialog.reporter.text() == "王大爷", "what was typed stays after the conflict"
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    with demo_db.session(system=True) as s:
        order = s.get(RepairOrder, saved.id)
        assert order.reporter == "王大爷" and order.state == "已派工", "mine saved over theirs, their dispatch kept"


def test_a_cancelled_order_offers_no_edit(window, qtbot, demo_db):
    from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

    saved = _new_order(demo_db, window)
    with demo_db.session(system=True) as s:
        repair_flow.cancel(s, saved.id, "业主撤回", "张丽")
    dialog = RepairOrderDialog(window.ctx, saved.id, window)
    qtbot.addWidget(dialog)
    assert not dialog.edit_button.isEnabled()


def test_a_receptionist_reads_the_warranty_table_but_cannot_save(window, qtbot, answers):
    from frontdesk.ui.dialogs.repair_settings_dialogs import KnowledgeDialog, WarrantyTableDialog

    table = WarrantyTableDialog(window.ctx, window)
    qtbot.addWidget(table)
    items = [table.table.item(r, 0).text() for r in range(table.table.rowCount())]
    assert "屋面防水工程" in items and not table.save_button.isEnabled()
    knowledge = KnowledgeDialog(window.ctx, "电梯", window)
    qtbot.addWidget(knowledge)
    assert "被困" in knowledge.questions.toPlainText() and knowledge.questions.isReadOnly()
    assert not knowledge.save_button.isEnabled()
    tab = window.show_tab("报修维修")
    assert tab.form.warranty_button.isEnabled() and tab.form.knowledge_button.isEnabled()


def test_a_supervisor_edits_the_warranty_table(window, qtbot, demo_db, answers):
    from frontdesk.ui.dialogs.repair_settings_dialogs import WarrantyTableDialog

    dialog = WarrantyTableDialog(_supervisor(window, demo_db), window)
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled()
    rows = dialog.table.rowCount()
    roof = next(r for r in range(rows) if dialog.table.item(r, 0).text() == "屋面防水工程")
    dialog.table.item(roof, 2).setText("8")
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    dialog.table.item(rows, 0).setText("门禁对讲设备")
    dialog.table.item(rows, 1).setText("弱电，木工")
    dialog.table.item(rows, 2).setText("十八")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert "木工" in dialog.problems.text() and "1–100" in dialog.problems.text()
    assert dialog.table.item(rows, 0).text() == "门禁对讲设备", "the rows typed stay"
    dialog.table.item(rows, 1).setText("弱电")
    dialog.table.item(rows, 2).setText("18")
    dialog.table.cellWidget(rows, 3).setCurrentText("月")
    dialog.table.setCurrentCell(0, 0)
    qtbot.mouseClick(dialog.remove_button, Qt.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert any("已保存" in t for t in answers.texts("info"))
    with demo_db.session(system=True) as s:
        active = {p.item: (p.length, p.length_unit, p.trades)
                  for p in s.scalars(select(WarrantyPeriod).where(WarrantyPeriod.active.is_(True)))}
        assert active["屋面防水工程"][0] == 8 and active["门禁对讲设备"] == (18, "月", "弱电")
        assert "给排水管道" not in active and len(active) == rows


def test_a_supervisor_edits_the_knowledge_and_the_form_shows_it(window, qtbot, demo_db, answers):
    from frontdesk.ui.dialogs.repair_settings_dialogs import KnowledgeDialog

    dialog = KnowledgeDialog(_supervisor(window, demo_db), "电梯", window)
    qtbot.addWidget(dialog)
    dialog.faults.setPlainText("轿厢照明不亮、按钮失灵")
    answers.confirm_answer = True
    dialog.trades.setCurrentRow(0)  # switching asks to save the edited trade first
    assert any("还没保存" in t for t in answers.texts("confirm"))
    with demo_db.session(system=True) as s:
        assert repair_knowledge.knowledge_for(s, "电梯").faults == "轿厢照明不亮、按钮失灵"
    dialog.trades.setCurrentRow(dialog.trades.count() - 1)
    dialog.faults.clear()
    dialog.questions.clear()
    dialog.tools.clear()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.errors.text_of("faults")
    form = window.show_tab("报修维修").form
    form.trade.setCurrentText("管道")
    form.trade.setCurrentText("电梯")
    assert "轿厢照明不亮" in form.knowledge.toPlainText()


def test_global_search_finds_an_order_and_opens_it(window, qtbot, demo_db, monkeypatch):
    from frontdesk.ui.dialogs import repair_order_dialog
    from frontdesk.ui.dialogs.search_dialog import open_search

    saved = _new_order(demo_db, window, description="储物间吊柜门脱落", trade="门窗")
    opened = []
    monkeypatch.setattr(repair_order_dialog.RepairOrderDialog, "exec", lambda self: opened.append(self.windowTitle()))
    dialog = open_search(window)
    dialog.query.setText(saved.number)
    dialog.run_search()
    groups = {dialog.results.topLevelItem(i).text(0): dialog.results.topLevelItem(i)
              for i in range(dialog.results.topLevelItemCount())}
    group = next(item for title, item in groups.items() if title.startswith("报修单"))
    hit = group.child(0)
    assert saved.number in hit.text(0) and "吊柜门脱落" in hit.text(1)
    dialog.query.setText("吊柜门")
    dialog.run_search()
    titles = [dialog.results.topLevelItem(i).text(0) for i in range(dialog.results.topLevelItemCount())]
    assert "报修单（1）" in titles
    group = dialog.results.topLevelItem(titles.index("报修单（1）"))
    dialog.results.itemActivated.emit(group.child(0), 0)
    assert opened == [f"报修单 {saved.number}"]
    assert window.tabs.tabText(window.tabs.currentIndex()) == "报修维修"
    dialog.close()


def test_the_order_window_flags_overdue_as_the_lists_do(window, qtbot, demo_db):
    """A paused order waits for its reason and is not overdue; a running one past its time is."""
    from datetime import timedelta

    from frontdesk.services import clock
    from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

    running = _new_order(demo_db, window, "卫生间漏水")
    paused = _new_order(demo_db, window, "窗户关不严", trade="门窗")
    with demo_db.session(system=True) as s:
        tech = s.scalars(select(Staff).where(Staff.role == "维修工")).first()
        repair_flow.dispatch(s, paused.id, tech.id, "张丽")
        repair_flow.pause(s, paused.id, "等配件", "张丽")
    with demo_db.session() as s:
        for saved in (running, paused):
            s.get(RepairOrder, saved.id).due_at = clock.now() - timedelta(hours=1)
    for saved, overdue in ((running, True), (paused, False)):
        dialog = RepairOrderDialog(window.ctx, saved.id, window)
        qtbot.addWidget(dialog)
        assert ("已超时" in dialog.header.text()) == overdue


def test_the_visit_list_names_the_attempts_setting(window, demo_db):
    from frontdesk.services import settings

    with demo_db.session() as s:
        settings.put(s, "repair_visit_max_attempts", 4)
    tab = window.show_tab("报修维修")
    tab.load_visits()
    assert "4 次后关闭" in tab.visit_label.text()
