"""外包方 and 宣传栏 through the real window, as a supervisor: register a vendor, hold its 月会, add a problem,
re-check it, print the minutes; post a notice from a template, copy it for WeChat, print an A3 poster."""

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import select

from frontdesk.db.models import Announcement, Staff, VendorIssue
from frontdesk.services.staff import StaffRef
from frontdesk.ui.dialogs.board_dialogs import AnnouncementDialog
from frontdesk.ui.dialogs.vendor_dialogs import IssueDialog, MeetingDialog, RecheckDialog, VendorDialog
from frontdesk.ui.messages import DISCARD_QUESTION


@pytest.fixture
def supervisor_window(qtbot, demo_db, answers, frozen_now):
    from frontdesk import app

    with demo_db.session() as s:
        chief = s.scalar(select(Staff).where(Staff.role == "客服主管"))
        user = StaffRef(chief.id, chief.name, chief.role)
    app.create_application()
    main = app.build_main_window(demo_db, user)
    qtbot.addWidget(main)
    main.show()
    main.load_first_tab()
    qtbot.waitExposed(main)
    yield main
    main.close()


def _models_pass(*models):
    for model in models:
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def test_a_months_vendor_meeting_from_the_window(supervisor_window, qtbot, demo_db, typist, answers):
    tab = supervisor_window.show_tab("外包方")
    assert tab.meetings.model.total >= 4  # the demo's November meetings
    register = tab.show_page("外包方名录")
    dialog = VendorDialog(tab.ctx, parent=register)
    qtbot.addWidget(dialog)
    typist(dialog.company, "康洁消杀服务有限公司")
    dialog.service.setCurrentText("消杀")
    typist(dialog.phone, "13900001111")
    dialog.save()
    vendor_id = dialog.result_value
    assert vendor_id and not dialog.isVisible()
    tab.changed()
    assert "康洁消杀服务有限公司" in [r.company for r in register.model.loaded_rows()]

    page = tab.show_page("月会")
    meeting = MeetingDialog(tab.ctx, vendor_id, page)
    qtbot.addWidget(meeting)
    typist(meeting.attendees, "李红（消杀）")
    typist(meeting.minutes, "通报十一月消杀情况")
    meeting.save()
    assert meeting.result_value
    tab.changed(meeting_id=meeting.result_value)
    assert page.agenda_label.text().startswith("康洁消杀服务有限公司 2026-11-25 月会")

    item = IssueDialog(tab.ctx, vendor_id, meeting_id=meeting.result_value, parent=page)
    qtbot.addWidget(item)
    typist(item.location, "地下车库")
    item.save()  # no description: refused beside the field, what was typed stays
    assert "请描述问题" in item.errors.text_of("description") and item.location.text() == "地下车库"
    typist(item.description, "车库灭鼠饵站缺失三处")
    item.save()
    issue_id = item.result_value
    tab.changed(meeting_id=meeting.result_value)
    assert [r.description for r in page.agenda_model.loaded_rows()] == ["车库灭鼠饵站缺失三处"]

    page.agenda.selectRow(0)
    check = RecheckDialog(tab.ctx, issue_id, page)
    qtbot.addWidget(check)
    assert check.result.currentIndex() == -1, "no result preset: an Enter alone closes nothing"
    check.save()
    assert "请选择复查结果" in check.errors.text_of("result")
    with demo_db.session() as s:
        assert s.get(VendorIssue, issue_id).status != "已整改"
    check.result.setCurrentText("未整改")
    check.save()  # the deadline (12-02) has not come: 未整改 cannot be decided yet
    assert "还没到" in check.errors.text_of("result")
    check.result.setCurrentText("已整改")
    check.save()
    with demo_db.session() as s:
        assert s.get(VendorIssue, issue_id).status == "已整改"

    page.reload(meeting.result_value)
    page.print_minutes()
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=15000)
    text = "".join(p.extract_text() for p in PdfReader(str(page.last_pdf)).pages)
    assert "外包方月会纪要" in text and "车库灭鼠饵站缺失三处" in text and "李红（消杀）" in text
    page.preview_dialog.close()

    issues = tab.show_page("整改跟踪")
    score = tab.show_page("月度考评")
    assert "康洁消杀服务有限公司" in [c.company for c in score.model.loaded_rows()]
    _models_pass(page.model, page.agenda_model, issues.model, score.model, register.model,
                 tab.show_page("一次性外包").model)


def test_typed_content_is_not_thrown_away_without_asking(supervisor_window, qtbot, typist, answers):
    tab = supervisor_window.show_tab("外包方")
    dialog = IssueDialog(tab.ctx, parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # nothing typed: closes without a question
    assert not dialog.isVisible() and not answers.texts("confirm")
    dialog.show()
    typist(dialog.location, "东门")
    answers.confirm_answer = False
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert dialog.isVisible() and answers.texts("confirm")[-1] == DISCARD_QUESTION
    answers.confirm_answer = True
    dialog.reject()
    assert not dialog.isVisible()


def test_a_wrong_deadline_keeps_its_message_until_the_date_changes(supervisor_window, qtbot, typist, answers):
    """整改限期 before 发现日期: the message stays while the cursor moves on (the date is still wrong) and
    goes when the date is changed; messages sit right under their fields."""
    tab = supervisor_window.show_tab("外包方")
    dialog = IssueDialog(tab.ctx, parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    typist(dialog.location, "东门")
    dialog.deadline.setDate(dialog.raised_on.date().addDays(-3))
    dialog.save()
    label = dialog.errors._fields["deadline"][1]
    assert "早于" in label.text() and dialog.isVisible()
    dialog.deadline.editingFinished.emit()  # Tab away, date unchanged
    assert "早于" in label.text()
    dialog.deadline.setDate(dialog.raised_on.date().addDays(7))
    assert label.text() == ""
    assert abs(label.geometry().top() - dialog.deadline.geometry().bottom()) < 12, "under its field"
    dialog.discard_input()
    dialog.reject()


def test_the_notice_board_from_the_window(supervisor_window, qtbot, demo_db, typist, answers):
    tab = supervisor_window.show_tab("宣传栏")
    assert tab.model.total > 0 and "今日在栏" in tab.summary.text()
    dialog = AnnouncementDialog(tab.ctx, parent=tab)
    qtbot.addWidget(dialog)
    dialog.template.setCurrentText("停水")
    dialog.use_template()
    assert "{原因}" in dialog.errors.text_of("body")
    dialog.body.setPlainText(dialog.body.toPlainText().replace("{原因}", "管网维修").replace("{范围}", "1期1栋")
                             .replace("{时间}", "11月26日9:00").replace("{恢复时间}", "当日17:00"))
    dialog.take_down_on.setDate(dialog.posted_on.date().addDays(-1))
    dialog.save()
    assert "早于张贴日期" in dialog.errors.text_of("take_down_on") and dialog.title_edit.text() == "停水通知"
    dialog.take_down_on.setDate(dialog.posted_on.date().addDays(3))
    dialog.save()
    number = dialog.result_value
    assert number.startswith("GG-2026-")
    assert f"发布公告 {number}" in supervisor_window.save_notice.plain_text()  # the save is said
    tab._changed(number)
    assert selected_number(tab) == number and "管网维修" in tab.detail.toPlainText()
    with demo_db.session() as s:
        saved = s.scalar(select(Announcement).where(Announcement.number == number))
        assert saved.take_down_on.isoformat() == "2026-11-28" and saved.author == tab.ctx.user.name

    text = tab.copy_for_wechat()
    assert QGuiApplication.clipboard().text() == text and text.startswith("【通知】停水通知")

    tab.print_poster(a3=True)
    qtbot.waitUntil(lambda: tab.last_pdf is not None, timeout=15000)
    poster = PdfReader(str(tab.last_pdf)).pages[0]
    assert round(float(poster.mediabox.width)) == 842 and "停水通知" in poster.extract_text()
    tab.preview_dialog.close()

    tab.view_combo.setCurrentIndex(1)  # 7 天内到期: it comes down on 11-28
    assert number in [r.number for r in tab.model.loaded_rows()]
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key_Home)
    assert selected_number(tab) is not None  # the list is usable from the keyboard
    _models_pass(tab.model)


def selected_number(tab):
    rows = tab.table.selectionModel().selectedRows()
    return tab.model.row_object(rows[0].row()).number if rows else None


def test_a_complaint_about_the_cleaning_is_raised_with_the_vendor(window, qtbot, demo_db, typist):
    """The desk (前台客服) raises it between meetings and links the call; it counts on the scorecard."""
    tab = window.show_tab("外包方")
    page = tab.show_page("整改跟踪")
    dialog = IssueDialog(tab.ctx, parent=page)
    qtbot.addWidget(dialog)
    dialog.vendor.setCurrentIndex(dialog.vendor.findText("洁美保洁服务有限公司（保洁）"))
    assert dialog.complaint.count() > 1  # the demo's recent complaints
    dialog.complaint.setCurrentIndex(1)
    assert dialog.source.currentText() == "投诉"
    typist(dialog.location, "2期1栋1单元楼道")
    typist(dialog.description, "业主投诉楼道三天未拖地")
    dialog.save()
    assert dialog.result_value and not dialog.isVisible()
    tab.changed()
    assert "业主投诉楼道三天未拖地" in [r.description for r in page.model.loaded_rows()]
    with demo_db.session() as s:
        issue = s.get(VendorIssue, dialog.result_value)
        assert issue.contact_id == dialog.complaint.itemData(1) and issue.source == "投诉"


def test_a_new_user_gets_clean_tabs_and_their_own_buttons(supervisor_window, qtbot, typist):
    vendors_tab, board_tab = supervisor_window.show_tab("外包方"), supervisor_window.show_tab("宣传栏")
    typist(board_tab.search, "停水")
    assert not board_tab.buttons["公告模板"].isHidden()
    supervisor_window.ctx.user = StaffRef(0, "张丽", "前台客服")
    supervisor_window.reset_for_new_user()
    assert board_tab.search.text() == "" and board_tab.buttons["公告模板"].isHidden()
    assert vendors_tab.meetings.buttons["召开月会"].isHidden()


def test_the_vendor_and_board_lists_page_and_sort_under_the_tester(supervisor_window, monkeypatch):
    from tests.ui.test_table_models import exercise  # noqa: I001  (the shared load/sort/fetch-to-the-end drill)
    from frontdesk.ui import table_model

    monkeypatch.setattr(table_model, "PAGE_SIZE", 7)
    kept = []
    vendors_tab = supervisor_window.show_tab("外包方")
    issues = vendors_tab.show_page("整改跟踪")
    issues.status_combo.setCurrentText("全部")
    board_tab = supervisor_window.show_tab("宣传栏")
    board_tab.view_combo.setCurrentText("历史")
    for model, view in ((issues.model, issues.table), (board_tab.model, board_tab.table),
                        (vendors_tab.meetings.model, vendors_tab.meetings.table),
                        (vendors_tab.show_page("外包方名录").model, None)):
        kept.append(QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning))
        exercise(model, view)
        assert model.rowCount() == min(model.total, 7) and model.total > 0


def test_a_form_opens_on_its_first_field_not_on_its_save_button(supervisor_window, qtbot):
    """发布公告 and 登记整改问题 open with the cursor in their first field: an Enter at once must not
    publish or record an empty form."""
    from frontdesk.ui.dialogs.board_dialogs import AnnouncementDialog

    supervisor_window.show()
    qtbot.waitExposed(supervisor_window)
    for dialog in (AnnouncementDialog(supervisor_window.ctx, parent=supervisor_window),
                   IssueDialog(supervisor_window.ctx, parent=supervisor_window)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        focused = dialog.focusWidget()
        assert focused is not None and not dialog.buttons.isAncestorOf(focused), type(dialog).__name__
        dialog.reject()


def test_tab_into_a_vendor_list_chooses_a_row_and_tab_goes_on_to_the_buttons(supervisor_window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    window = supervisor_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_tab("外包方")
    qtbot.wait(100)
    for _ in range(30):  # Tab until the first list
        if isinstance(window.focusWidget(), QTableView):
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key_Tab)
    table = window.focusWidget()
    assert isinstance(table, QTableView) and table.selectionModel().selectedRows()  # chosen on the way in
    qtbot.keyClick(table, Qt.Key_Tab)
    assert window.focusWidget() is not table, "Tab leaves the list instead of walking its cells"
