"""违章整改 through the real window: record a violation with a photo, issue a notice, preview it, follow up."""

from PIL import Image
from sqlalchemy import select

from frontdesk.db.models import RectificationNotice, Violation
from frontdesk.ui.dialogs.notice_followup_dialog import ReinspectionDialog
from frontdesk.ui.dialogs.violation_dialog import NoticeDialog, ViolationDialog
from frontdesk.ui.tabs.violation_followup import preview_notice


def test_record_a_violation_issue_its_notice_and_preview_it(window, qtbot, demo_db, typist, tmp_path):
    tab = window.show_tab("违章整改")
    before = tab.model.total
    photo = tmp_path / "阁楼.png"
    Image.new("RGB", (64, 48), "gray").save(photo)
    dialog = ViolationDialog(window.ctx, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    typist(dialog.unit_edit, "1-1-1-0101")
    dialog.kind_combo.setCurrentText("私搭乱建")
    typist(dialog.description_edit, "楼顶露台私搭乱建小阁楼约10平方米")
    dialog.add_photo_paths([str(photo)])
    dialog.save()
    assert dialog.saved_id is not None
    tab._changed(dialog.saved_id)
    assert tab.model.total == before + 1 and tab.selected_id() == dialog.saved_id
    assert tab.photos.count() == 1 and "私搭乱建" in tab.detail.toPlainText()

    notice = NoticeDialog(window.ctx, dialog.saved_id, tab)
    qtbot.addWidget(notice)
    typist(notice.requirement_edit, "拆除小阁楼，恢复露台原状")
    assert "拆除小阁楼" in notice.preview.toPlainText() and "2026年12月2日" in notice.preview.toPlainText()
    notice.issue()
    assert notice.issued_number and notice.issued_number.startswith("ZG-2026-")
    with demo_db.session(system=True) as s:
        saved = s.scalar(select(RectificationNotice).where(RectificationNotice.number == notice.issued_number))
        assert saved.violation_id == dialog.saved_id and saved.deadline.isoformat() == "2026-12-02"
        assert s.get(Violation, dialog.saved_id).status == "整改中"
    tab._changed(dialog.saved_id)
    row = tab.model.row_object(tab.table.selectionModel().selectedRows()[0].row())
    assert row.notice_number == notice.issued_number and row.status == "整改中"

    preview = preview_notice(tab, [notice.issued_number], copies=2)
    qtbot.addWidget(preview)
    assert preview.property("page_count") == 2
    preview.close()


def test_record_dialogs_take_tab_out_of_a_text_box_and_save_on_ctrl_enter(window, qtbot, demo_db, typist):
    from PySide6.QtCore import Qt

    tab = window.show_tab("违章整改")
    dialog = ViolationDialog(window.ctx, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    typist(dialog.unit_edit, "1-1-1-0101")
    dialog.description_edit.setFocus()
    typist(dialog.description_edit, "阳台外挂铁笼")
    qtbot.keyClick(dialog.description_edit, Qt.Key_Return, Qt.ControlModifier)  # 保存, from the text box
    assert dialog.saved_id is not None
    notice = NoticeDialog(window.ctx, dialog.saved_id, tab)
    qtbot.addWidget(notice)
    notice.show()
    qtbot.waitExposed(notice)
    notice.activateWindow()
    qtbot.waitUntil(notice.isActiveWindow)
    notice.facts_edit.setFocus()
    qtbot.keyClick(notice.facts_edit, Qt.Key_Tab)  # leaves 违章事实, types no tab into it
    assert "\t" not in notice.facts_edit.toPlainText() and notice.focusWidget() is not notice.facts_edit
    notice.requirement_edit.setFocus()
    typist(notice.requirement_edit, "拆除铁笼")
    qtbot.keyClick(notice.requirement_edit, Qt.Key_Return, Qt.ControlModifier)  # 出具并预览打印
    assert notice.issued_number and notice.issued_number.startswith("ZG-2026-")


def test_bad_input_stays_in_the_form_with_messages_at_the_fields(window, qtbot, demo_db, tmp_path):
    tab = window.show_tab("违章整改")
    not_a_photo = tmp_path / "照片.jpg"
    not_a_photo.write_text("文本", encoding="utf-8")
    dialog = ViolationDialog(window.ctx, tab)
    qtbot.addWidget(dialog)
    dialog.unit_edit.setText("1-1-1-0101")
    dialog.description_edit.setPlainText("外置阳台罩")
    dialog.add_photo_paths([str(not_a_photo)])
    with demo_db.session(system=True) as s:
        count = len(s.scalars(select(Violation.id)).all())
    dialog.save()
    assert dialog.saved_id is None and "不是图片" in dialog.errors.text_of("photos")
    assert dialog.description_edit.toPlainText() == "外置阳台罩"
    with demo_db.session(system=True) as s:
        assert len(s.scalars(select(Violation.id)).all()) == count


def test_a_due_reinspection_found_undone_issues_the_second_notice(window, qtbot, demo_db):
    tab = window.show_tab("违章整改")
    tab.pages.setCurrentIndex(1)
    page = tab.followup
    page.ahead_check.setChecked(True)
    soon = page.model.total
    page.all_check.setChecked(True)  # every notice waiting, for an owner who put it right early
    assert page.model.total > soon
    page.all_check.setChecked(False)
    rows = page.model.loaded_rows()
    assert any(r.level == 1 for r in rows), "the demo set has first notices waiting for re-inspection"
    index = next(i for i, r in enumerate(rows) if r.level == 1)
    page.table.selectRow(index)
    dialog = ReinspectionDialog(window.ctx, rows[index], page)
    qtbot.addWidget(dialog)
    dialog.result_combo.setCurrentText("未整改")
    dialog.save()
    assert dialog.outcome is not None and dialog.outcome.second_notice.startswith("ZG-2026-")
    with demo_db.session(system=True) as s:
        second = s.scalar(select(RectificationNotice).where(RectificationNotice.number == dialog.outcome.second_notice))
        assert second.level == 2 and "城管" in second.body


def test_the_lists_filter_and_their_models_pass_the_tester(window, qtbot):
    from PySide6.QtTest import QAbstractItemModelTester

    tab = window.show_tab("违章整改")
    kept = [QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
            for model in (tab.model, tab.followup.model)]
    total = tab.model.total
    assert total > 0
    tab.status_combo.setCurrentText("已整改")
    assert all(r.status == "已整改" for r in tab.model.loaded_rows()) and tab.model.total < total
    tab.status_combo.setCurrentIndex(0)
    tab.search_edit.setText("ZG-2026-0001")
    qtbot.waitUntil(lambda: tab.model.total == 1, timeout=2000)
    assert tab.model.loaded_rows()[0].notice_number.startswith("ZG-2026-")
    assert len(kept) == 2


def test_a_recorded_violation_can_be_corrected(window, qtbot, demo_db, monkeypatch):
    from frontdesk.ui.tabs import violations as violations_tab

    tab = window.show_tab("违章整改")
    row = tab.model.loaded_rows()[0]
    tab.table.selectRow(0)
    seen = []

    def correct(dialog):
        seen.append((dialog.windowTitle(), dialog.kind_combo.currentText(), dialog.description_edit.toPlainText()))
        dialog.description_edit.setPlainText("更正：北侧阳台外加装彩钢板阳台罩")
        dialog.save()

    monkeypatch.setattr(violations_tab.ViolationDialog, "exec", correct)
    assert tab.edit_violation() == row.id
    with demo_db.session() as s:
        saved = s.get(Violation, row.id)
        assert seen == [("修改违章记录", saved.kind, row.description)]
        assert saved.description == "更正：北侧阳台外加装彩钢板阳台罩"
        assert any("修改违章记录" in e.text for e in saved.events)
    assert "更正：北侧阳台" in tab.detail.toPlainText()
    assert "违章" in window.save_notice.plain_text() and "修改已保存" in window.save_notice.plain_text()


def test_a_matter_reported_to_the_authorities_can_be_closed(window, demo_db, answers):
    tab = window.show_tab("违章整改")
    row = tab.model.loaded_rows()[0]
    with demo_db.session() as s:
        s.get(Violation, row.id).status = "已上报"  # as after a second notice went unheeded
    tab.reload()
    tab.select_violation(row.id)
    answers.text_answer = "城管已责令拆除，复查已恢复原状"
    assert tab.close_reported()
    with demo_db.session() as s:
        closed = s.get(Violation, row.id)
        assert closed.status == "已整改" and closed.closed_on is not None
    tab.select_violation(row.id)
    assert not tab.close_reported(), "only a reported matter is closed this way"
    assert any("已上报" in t for t in answers.texts("warning"))


def test_an_empty_violation_saved_puts_the_cursor_on_the_first_field_in_error(window, qtbot):
    """Enter on the empty 登记违章: both messages, and the cursor on 房号 (the form's first), not on
    违章情况 (the rule's first), where the room then typed went."""
    tab = window.show_tab("违章整改")
    dialog = ViolationDialog(window.ctx, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.save()
    assert dialog.errors.text_of("unit") and dialog.errors.text_of("description")
    assert dialog.focusWidget() is dialog.unit_edit
    dialog.reject()
