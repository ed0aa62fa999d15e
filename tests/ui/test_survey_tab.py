"""满意度调查 through the real window: keyboard entry in the grid, errors at their cells, results, follow-up, planning."""

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from sqlalchemy import select

from frontdesk.db.models import Contact, Staff, SurveyUnit
from frontdesk.services.staff import StaffRef
from frontdesk.ui.context import AppContext, DataEvents
from frontdesk.ui.dialogs.survey_plan_dialog import SurveyPlanDialog


def _open(window, number):
    tab = window.show_tab("满意度调查")
    assert tab.select_survey(number)
    tab.pages.setCurrentIndex(0)
    return tab


def _pending_rows(tab) -> list[int]:
    grid = tab.grid
    return [r for r, row in enumerate(grid.rows) if row.status == "未答"]


def test_answers_are_typed_with_the_keyboard_and_saved(window, qtbot, demo_db, typist):
    tab = _open(window, "DC-2026Q4")
    grid = tab.grid
    assert grid.headers[3:10] == ["客服前台", "工程维修", "保洁", "绿化", "秩序维护", "收费", "总体"]
    first, second = _pending_rows(tab)[:2]
    grid.setFocus()
    grid.setCurrentCell(first, 3)
    qtbot.keyClicks(grid, "54x3")  # x is ignored in a score cell
    qtbot.keyClick(grid, Qt.Key_Tab)  # 绿化 left blank
    qtbot.keyClicks(grid, "215")
    assert grid.currentColumn() == grid.column("状态")
    qtbot.keyClick(grid, Qt.Key_Return)  # blank status: 已答 because of the scores
    qtbot.keyClick(grid, Qt.Key_D)  # 方式 电话
    assert grid.currentColumn() == grid.column("受访人")
    grid.setCurrentCell(first, grid.column("意见与建议"))
    qtbot.keyClick(grid, Qt.Key_F2)
    typist(grid.focusWidget(), "夜间巡逻看不到人")
    qtbot.keyClick(grid.focusWidget(), Qt.Key_Return)
    qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.EditingState)  # the delegate commits queued
    assert grid.item(first, grid.column("意见与建议")).text() == "夜间巡逻看不到人"
    assert grid.currentColumn() != grid.column("意见与建议") or grid.currentRow() != first, "Enter moved on"
    grid.setCurrentCell(second, grid.column("状态"))
    qtbot.keyClick(grid, Qt.Key_J)
    assert grid.item(second, grid.column("状态")).text() == "拒访"
    assert "已修改，未保存" in grid.item(second, 0).toolTip()  # a changed row says so before it is saved
    assert tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)

    with demo_db.session(system=True) as s:
        done = s.get(SurveyUnit, grid.rows[first].survey_unit_id)
        assert done.status == "已答" and done.method == "电话" and done.overall == 5
        assert {x.area: x.score for x in done.scores} == {"客服前台": 5, "工程维修": 4, "保洁": 3, "秩序维护": 2, "收费": 1}
        assert done.comment == "夜间巡逻看不到人" and done.answered_on.isoformat() == "2026-11-25"
        assert done.respondent == done.owner_name and done.entered_by == window.ctx.user.name
        refused = s.get(SurveyUnit, grid.rows[second].survey_unit_id)
        assert refused.status == "拒访" and not refused.scores
    assert not tab.save_button.isEnabled()
    assert tab.grid.currentRow() == second, "the cursor stays where the typing was"
    assert "答卷" in window.save_notice.plain_text()
    row = next(r for r, x in enumerate(tab.grid.rows) if x.survey_unit_id == done.id)
    assert tab.grid.item(row, tab.grid.column("秩序维护")).text() == "2"


def test_typed_answers_survive_a_look_at_the_results_page(window, qtbot, demo_db):
    """Alt+2 to 调查结果 and Alt+1 back with a score typed and not saved: the score is still there
    (and still to be saved), not reloaded away."""
    tab = _open(window, "DC-2026Q4")
    grid = tab.grid
    row = _pending_rows(tab)[0]
    grid.setFocus()
    grid.setCurrentCell(row, 3)
    qtbot.keyClicks(grid, "4")
    assert tab.has_unsaved_input()
    tab.pages.setCurrentWidget(tab.results)  # Alt+2
    assert tab.results.number == "DC-2026Q4"
    tab.pages.setCurrentIndex(0)  # Alt+1
    assert grid.item(row, 3).text() == "4" and tab.has_unsaved_input() and tab.save_button.isEnabled()


def test_a_wrong_cell_is_marked_and_nothing_is_saved(window, qtbot, demo_db, answers):
    tab = _open(window, "DC-2026Q4")
    grid = tab.grid
    row = _pending_rows(tab)[0]
    grid.setCurrentCell(row, 3)
    qtbot.keyClicks(grid, "44")
    grid.item(row, grid.column("日期")).setText("2026-12-30")
    tab.save_answers()
    assert any("晚于今天" in text for text in answers.texts("warning"))
    assert grid.item(row, grid.column("日期")).toolTip().startswith("日期 2026-12-30")
    assert grid.item(row, 3).text() == "4" and tab.save_button.isEnabled()  # what was typed stays
    with demo_db.session(system=True) as s:
        assert s.get(SurveyUnit, grid.rows[row].survey_unit_id).status == "未答"


def test_results_and_one_click_follow_up(window, qtbot, demo_db, answers, tmp_path, monkeypatch):
    tab = _open(window, "DC-2026Q3")
    assert not tab.buttons["安排调查…"].isVisible()  # planning is the supervisor's
    tab.pages.setCurrentIndex(1)
    page = tab.results
    assert page.result.number == "DC-2026Q3" and page.area_table.rowCount() == 7
    assert page.area_table.item(5, 0).text() == "收费" and page.area_table.item(6, 0).text() == "总体满意度"
    assert "上季度 DC-2026Q2" in page.summary.text() and "去年同期" not in page.summary.text()
    target = next(c for rows in page.result.comments.values() for c in rows if c.can_follow_up)
    assert page.select_comment(target.survey_unit_id) and page.complaint_button.isEnabled()
    qtbot.mouseClick(page.complaint_button, Qt.LeftButton)
    with demo_db.session(system=True) as s:
        su = s.get(SurveyUnit, target.survey_unit_id)
        contact = s.get(Contact, su.followup_contact_id)
        assert contact.category == "投诉" and contact.status == "处理中" and contact.owner_id == window.ctx.user.id
        assert target.text in contact.content
    assert any("已转为投诉" in text for text in answers.texts("info"))
    page.select_comment(target.survey_unit_id)
    assert page.comments.currentItem().text(4) == "已转办" and not page.complaint_button.isEnabled()
    page.export_excel(str(tmp_path / "结果.xlsx"))
    qtbot.waitUntil(lambda: any("调查结果已导出" in text for text in answers.texts("info")))
    sheet = openpyxl.load_workbook(tmp_path / "结果.xlsx")["意见与建议"]
    assert any(row[4] == target.text and row[5] == "已转办" for row in sheet.iter_rows(min_row=2, values_only=True))
    qtbot.mouseClick(page.report_button, Qt.LeftButton)  # the A4 results report, previewed to print
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=10000)
    assert page.preview_dialog.property("page_count") >= 2
    assert "满意度调查结果报告 DC-2026Q3" in page.preview_dialog.windowTitle()
    from frontdesk.ui import file_dialogs

    asked = []
    monkeypatch.setattr(file_dialogs, "get_save_file_name",
                        lambda _p, _t, suggested, _f: asked.append(suggested) or (str(tmp_path / "调查报告"), ""))
    page.preview_dialog.save_as_action.trigger()  # 另存为 PDF (Ctrl+S): the very file previewed
    assert asked[0].endswith("满意度调查结果报告 DC-2026Q3.pdf")
    assert (tmp_path / "调查报告.pdf").read_bytes() == page.last_pdf.read_bytes()
    assert f"已另存为：{tmp_path / '调查报告.pdf'}" in answers.texts("info")
    page.preview_dialog.close()


def test_the_supervisor_plans_a_survey(window, qtbot, demo_db):
    with demo_db.session(system=True) as s:
        boss = s.scalars(select(Staff).where(Staff.role == "客服主管")).first()
        ctx = AppContext(demo_db, StaffRef(boss.id, boss.name, boss.role), DataEvents())
    dialog = SurveyPlanDialog(ctx, {"2026Q4"})
    qtbot.addWidget(dialog)
    assert dialog.quarter_edit.text() == "2027Q1" and dialog.area_table.rowCount() == 6
    dialog.area_table.item(1, 0).setCheckState(Qt.Unchecked)  # 工程维修 not asked this time
    dialog.per_building_spin.setValue(2)
    dialog.seed_edit.setText("42")
    dialog.plan()
    assert dialog.planned is not None and dialog.planned.number == "DC-2027Q1" and dialog.planned.seed == 42
    tab = window.show_tab("满意度调查")
    tab.load()
    assert tab.select_survey("DC-2027Q1")
    assert "工程维修" not in tab.grid.headers and tab.grid.rowCount() == dialog.planned.count == 12
    again = SurveyPlanDialog(ctx, {"2026Q4", "2027Q1"})
    qtbot.addWidget(again)
    again.quarter_edit.setText("2027Q1")
    again.plan()
    assert again.planned is None and "已经安排过" in again.errors.text_of("quarter")


def test_tab_leaves_the_survey_list_without_choosing_another_survey(window, qtbot):
    """The list of surveys is one stop: Tab goes on (it used to walk the cells and, past the last one,
    chose the next survey)."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    tab = window.show_tab("满意度调查")
    assert tab.select_survey("DC-2026Q4")
    tab.survey_list.setFocus()
    qtbot.wait(50)
    for _ in range(5):  # more Tabs than the list has columns
        qtbot.keyClick(window.focusWidget(), Qt.Key_Tab)
        assert tab.current_number() == "DC-2026Q4", "Tab never walks on to another survey"
    assert window.focusWidget() is not tab.survey_list


def test_ctrl_8_puts_the_cursor_in_the_answer_grid(window, qtbot, demo_db):
    """Digits typed after Ctrl+8 went nowhere: four Tabs led to the grid."""
    tab = _open(window, "DC-2026Q4")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() and tab.isVisible())
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key_8, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.focusWidget() is tab.grid)
    assert tab.grid.currentIndex().isValid()
