"""培训考核 through the real main window: sessions with attendance, scores, the inspection grid,
the weekly slogan in the status bar, the monthly assessment and its documents."""

from datetime import date, datetime
from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from frontdesk.db.models import Inspection, Staff, TrainingSession
from frontdesk.services import clock, staff
from frontdesk.services.training import common, slogans


def _page(window, title):
    """The page of the training tab, with the supervisor (who keeps these records) signed in."""
    with window.ctx.session() as s:
        window.ctx.user = staff.find_by_name(s, "吴海燕")
    tab = window.show_tab("培训考核")
    return tab.show_page(title)


def test_recording_a_session_with_attendance_and_scores(window, qtbot, demo_db, typist):
    page = _page(window, "培训记录")
    before = page.model.total
    dialog = page.add_session()
    qtbot.addWidget(dialog)
    dialog.held_on.setDate(QDate(2026, 11, 24))
    dialog.set_course("《接听礼仪》")
    dialog.set_course("《谈吐礼仪》")
    dialog.trainer.clear()
    typist(dialog.trainer, "陈经理")
    dialog.hours.setText("2")
    dialog.set_attendance("王芳", "迟到")
    dialog.set_attendance("李娜", "缺席")
    dialog.set_attendance("赵敏", "不参加")
    dialog.save()
    assert dialog.saved_id is not None, dialog.errors.text_of("attendance")
    assert "《接听礼仪》" in window.save_notice.plain_text() and "['" not in window.save_notice.plain_text()
    with demo_db.session(system=True) as s:
        record = s.get(TrainingSession, dialog.saved_id)
        states = {a.staff.name: a.status for a in record.attendance}
        assert record.courses == "《谈吐礼仪》、《接听礼仪》" or record.courses == "《接听礼仪》、《谈吐礼仪》"
        assert record.trainer == "陈经理" and record.hours == Decimal("2.0")
    assert states == {"张丽": "出席", "王芳": "迟到", "李娜": "缺席", "陈静": "出席", "刘洋": "出席"}
    assert page.model.total == before + 1
    assert page.model.row_object(0).attendance_text == "出席 3 · 迟到 1 · 缺席 1"

    exams = _page(window, "笔试成绩")
    exams.select_session(dialog.saved_id)
    names = [exams.table.item(r, 0).text() for r in range(exams.table.rowCount())]
    for name, score in (("张丽", "92"), ("王芳", "55"), ("陈静", "78"), ("刘洋", "60")):
        exams.table.item(names.index(name), 2).setText(score)
    exams.save_scores()
    assert exams.message.text() == ""
    assert "合格率 75.0%" in exams.stats.text() and "参考 4 人" in exams.stats.text()
    row = names.index("王芳")
    assert exams.table.item(row, 3).text() == "待补考"
    retakes = [name for r, name in enumerate(names) if exams.table.item(r, 4).flags() & Qt.ItemIsEditable]
    assert retakes == ["王芳"]  # the only one below the pass mark


def test_a_score_out_of_range_is_shown_and_kept(window, demo_db):
    exams = _page(window, "笔试成绩")
    row = next(r for r in range(exams.table.rowCount())
               if exams.table.item(r, 2).flags() & Qt.ItemIsEditable)
    name = exams.table.item(row, 0).text()
    before = exams.table.item(row, 2).text()
    exams.table.item(row, 2).setText("120")
    exams.save_scores()
    assert "0 到 100" in exams.message.text() and name in exams.message.text()
    assert exams.table.item(row, 2).text() == "120"
    exams.show_lines()
    assert exams.table.item(row, 2).text() == before  # nothing was saved


def test_a_score_is_taken_as_typed_and_a_slip_is_said_at_saving(window, qtbot, demo_db):
    """101 typed stays 101 and the save says it is over 100 (a validator silently kept 10, and 10 was
    saved); a full-width ８８ is 88."""
    from PySide6.QtWidgets import QLineEdit

    exams = _page(window, "笔试成绩")
    window.activateWindow()
    qtbot.waitUntil(lambda: exams.isVisible() and window.isActiveWindow())
    row = next(r for r in range(exams.table.rowCount())
               if exams.table.item(r, 2).flags() & Qt.ItemIsEditable)
    exams.table.setFocus()
    exams.table.setCurrentCell(row, 2)
    qtbot.keyClick(exams.table, Qt.Key_F2)
    editor = exams.table.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "101")
    assert editor.text() == "101"
    exams.save_scores()  # what is in the open cell is saved with the rest
    assert "超过上限 100" in exams.message.text() and exams.table.item(row, 2).text() == "101"
    exams.table.item(row, 2).setText("８８")
    exams.save_scores()
    assert exams.message.text() == "" and exams.table.item(row, 2).text() == "88"
    assert "笔试成绩" in window.save_notice.plain_text()  # the save is said


def test_choosing_another_training_asks_before_typed_scores_are_dropped(window, qtbot, demo_db, answers):
    """Scores typed, then ↓ on 培训 (a keyboard user's slip): asked first; 否 keeps the training and the
    scores as typed, 是 shows the other training."""
    exams = _page(window, "笔试成绩")
    assert exams.session_box.count() > 1
    row = next(r for r in range(exams.table.rowCount()) if exams.table.item(r, 2).flags() & Qt.ItemIsEditable)
    exams.table.item(row, 2).setText("77")
    shown = exams.session_box.currentIndex()
    answers.confirm_answer = False
    exams.session_box.setFocus()
    qtbot.keyClick(exams.session_box, Qt.Key_Down)
    assert answers.texts("confirm"), "asked before the typed scores go"
    assert exams.session_box.currentIndex() == shown and exams.table.item(row, 2).text() == "77"
    answers.confirm_answer = True
    qtbot.keyClick(exams.session_box, Qt.Key_Down)
    assert exams.session_box.currentIndex() != shown and not exams.has_unsaved_input()


def test_inspection_quick_entry_saves_a_days_grid_from_the_keyboard(window, qtbot, demo_db, answers):
    page = _page(window, "日检查")
    page.day.setDate(QDate(2026, 11, 23))
    names = [page.grid.item(r, 0).text() for r in range(page.grid.rowCount())]
    assert names[:4] == ["张丽", "王芳", "李娜", "陈静"]
    items = [i.name for i in page.items]
    for r in range(page.grid.rowCount()):  # start from a clean day
        for c in range(1, len(items) + 1):
            page.set_cell(r, c, "")
    page.grid.setFocus()
    page.grid.setCurrentCell(names.index("王芳"), items.index("规范用语") + 1)
    qtbot.keyClick(page.grid, Qt.Key_Space)  # failed, standard deduction
    page.grid.setCurrentCell(names.index("李娜"), items.index("台面整洁") + 1)
    qtbot.keyClick(page.grid, Qt.Key_1)  # typing starts the cell editor, the rest goes into it
    editor = page.grid.viewport().findChild(QLineEdit)
    qtbot.keyClicks(editor, ".5")
    qtbot.keyClick(editor, Qt.Key_Return)
    cell = page.grid.item(names.index("李娜"), items.index("台面整洁") + 1)
    qtbot.waitUntil(lambda: cell.text() == "1.5")  # the view commits the editor from its event queue
    page.grid.item(names.index("李娜"), page.remark_column).setText("台面有私人物品")
    qtbot.keyClick(page.grid, Qt.Key_S, Qt.ControlModifier)
    assert "已保存" in page.message.text(), page.message.text()
    with demo_db.session(system=True) as s:
        saved = {i.staff.name: i for i in s.scalars(select(Inspection).where(Inspection.inspected_on == date(2026, 11, 23)))}
        assert saved["王芳"].deduction == Decimal("2.0")
        assert saved["李娜"].deduction == Decimal("1.5") and saved["李娜"].remark == "台面有私人物品"
        assert saved["张丽"].deduction == 0 and saved["张丽"].inspector == "吴海燕"
    assert page.grid.item(names.index("李娜"), page.total_column).text() == "1.5"
    # A saved row changed again says so, and the green 已保存 no longer stands beside unsaved work.
    page.grid.setCurrentCell(names.index("张丽"), items.index("规范用语") + 1)
    qtbot.keyClick(page.grid, Qt.Key_Space)
    assert page.grid.item(names.index("张丽"), page.state_column).text() == "已修改，未保存"
    assert "已保存" not in page.message.text() and "还没有保存" in page.message.text()
    # Another day with that change unsaved: asked first; 否 keeps the day and the change.
    answers.confirm_answer = False
    page.day.setDate(QDate(2026, 11, 22))  # as ◀ 前一天 does
    assert answers.texts("confirm") and page.day.date() == QDate(2026, 11, 23)
    assert page.grid.item(names.index("张丽"), page.state_column).text() == "已修改，未保存"
    answers.confirm_answer = True
    page.day.setDate(QDate(2026, 11, 22))
    assert page.shown_day == QDate(2026, 11, 22) and not page.has_unsaved_input()


def test_a_bad_deduction_keeps_the_grid_and_saves_nothing(window, demo_db):
    page = _page(window, "日检查")
    page.day.setDate(QDate(2026, 11, 24))
    page.set_cell(0, 1, "abc")
    assert not page.save()
    assert "不是数字" in page.message.text()
    assert page.grid.item(0, 1).text() == "abc"


def test_this_weeks_slogan_is_in_the_status_bar(window, demo_db, answers):
    with demo_db.session(system=True) as s:
        demo_slogan = slogans.slogan_for(s, date(2026, 11, 25))
    assert demo_slogan and window.slogan_label.text() == f"本周服务口号：{demo_slogan}"
    page = _page(window, "每周口号")
    page.table.selectRow(0)  # newest first: this week
    page.delete_selected()
    assert window.slogan_label.text() == "本周服务口号：微笑、问候、规范"  # the standing one from settings
    page.week.setDate(QDate(2026, 11, 26))
    page.slogan.setText("用心服务，真诚沟通")
    page.add()
    assert window.slogan_label.text() == "本周服务口号：用心服务，真诚沟通"
    page.slogan.setText("主动、热情、耐心")
    page.add()
    assert "这一周已有口号" in page.errors.text_of("week")
    assert page.slogan.text() == "主动、热情、耐心"
    assert window.slogan_label.text() == "本周服务口号：用心服务，真诚沟通"


def test_the_month_is_assessed_confirmed_locked_and_printed(window, qtbot, demo_db, answers, tmp_path):
    page = _page(window, "月度考核")
    page.month_edit.setDate(QDate(2026, 11, 1))
    assert page.month == "2026-11" and not page.confirm_button.isEnabled()  # a month still running
    assert "还没有到月底" in page.confirm_button.toolTip()
    clock.freeze(datetime(2026, 12, 2, 9, 0))  # November over: it is confirmed
    page.load()
    assert page.confirm_button.isEnabled()
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "张丽" in names and "周建国" not in names  # technicians are not assessed
    page.table.selectRow(names.index("王芳"))
    page.amount.setText("300")
    page.reason.clear()
    page.save_award()
    assert "理由" in page.errors.text_of("reason") and page.amount.text() == "300"
    page.reason.setText("业主送锦旗表扬")
    qtbot.keyClick(page.reason, Qt.Key_Return)  # Enter after the reason saves
    assert page.table.item(names.index("王芳"), 11).text() == "300"
    assert "奖惩 王芳 ¥300" in window.save_notice.plain_text()  # said, as every save is
    page.confirm()
    assert "已锁定" in answers.texts("info")[-1]
    assert not page.confirm_button.isEnabled() and "已确认锁定" in page.state.text()
    with demo_db.session(system=True) as s:
        assert common.is_locked(s, "2026-11")

    pdf = tmp_path / "考核.pdf"
    xlsx = tmp_path / "考核.xlsx"
    for path in (pdf, xlsx):
        task = page.export_to(str(path))
        with qtbot.waitSignal(task.finished, timeout=20000):
            pass
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "2026-11 前台员工月度考核表" in text and "业主送锦旗表扬" in text and "王芳" in text
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "王芳")
    assert row[10] == 300 and row[11] == "业主送锦旗表扬"


def test_staff_editor_and_training_file(window, qtbot, demo_db, answers, tmp_path, typist):
    from frontdesk.ui.tabs.training.staff_page import StaffDialog

    page = _page(window, "员工")
    dialog = StaffDialog(window.ctx, parent=page)
    qtbot.addWidget(dialog)
    typist(dialog.name, "张丽")
    dialog.save()
    assert "已存在" in dialog.errors.text_of("name") and dialog.name.text() == "张丽"
    dialog.name.setText("孙晓梅")
    dialog.role.setCurrentText("前台客服")
    dialog.has_hire_date.setChecked(True)
    dialog.hire_date.setDate(QDate(2026, 11, 2))
    dialog.save()
    with demo_db.session(system=True) as s:
        person = s.scalar(select(Staff).where(Staff.name == "孙晓梅"))
        assert person.hire_date == date(2026, 11, 2) and person.active
        zhang = s.scalar(select(Staff).where(Staff.name == "张丽")).id
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "孙晓梅" in names

    out = tmp_path / "档案.pdf"
    task = page.write_file(zhang, str(out))
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "员工培训档案" in text and "张丽" in text and "《前台服务规范》" in text


def test_the_years_hours_count_every_session_not_only_the_loaded_page(window, demo_db, monkeypatch):
    from frontdesk.ui import table_model
    from frontdesk.ui.tabs.training.helpers import number_text

    monkeypatch.setattr(table_model, "PAGE_SIZE", 2)
    page = _page(window, "培训记录")
    page.load()
    with demo_db.session() as s:
        held = s.scalars(select(TrainingSession).where(
            TrainingSession.deleted_at.is_(None),
            TrainingSession.held_on.between(date(2026, 1, 1), date(2026, 12, 31)))).all()
    assert page.model.rowCount() == 2 < len(held)
    assert f"共 {len(held)} 次培训，合计 {number_text(sum(r.hours for r in held))} 课时" in page.count_label.text()


def test_ctrl_s_saves_the_typed_scores(window, qtbot, demo_db):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    exams = _page(window, "笔试成绩")
    row = next(r for r in range(exams.table.rowCount()) if exams.table.item(r, 2).flags() & Qt.ItemIsEditable)
    exams.table.item(row, 2).setText("88")
    exams.table.setFocus()
    qtbot.waitUntil(exams.table.hasFocus, timeout=2000)
    qtbot.keyClick(exams.table, Qt.Key_S, Qt.ControlModifier)
    assert not exams.has_unsaved_input()
    exams.show_lines()
    assert exams.table.item(row, 2).text() == "88"


def test_a_training_recorded_by_mistake_is_voided_with_its_reason(window, demo_db, answers):
    page = _page(window, "培训记录")
    before = page.model.total
    page.table.selectRow(0)
    voided = page.model.row_object(0).id
    answers.text_answer = None  # cancelled: nothing happens
    page.delete_selected()
    assert page.model.total == before
    answers.text_answer = "重复登记"
    page.delete_selected()
    assert page.model.total == before - 1 and voided not in [r.id for r in page.model.loaded_rows()]
    with demo_db.session(system=True) as s:  # kept for the audit, with why
        from frontdesk.db.soft_delete import SHOW_VOIDED

        record = s.scalar(select(TrainingSession).where(TrainingSession.id == voided).execution_options(**SHOW_VOIDED))
        assert record.deleted_at is not None and record.remark.endswith("【作废】重复登记")
    assert "作废" in window.save_notice.plain_text()


def test_a_collector_sees_the_assessment_but_may_not_award_and_is_told_why(window, qtbot, demo_db, answers):
    """保存奖惩 pressed by 刘洋 (收费员) ended in 出现了一个意外错误; now the fields and buttons are off with
    the reason in their tooltip, and a refusal is said as a refusal."""
    from switching import staff_ref

    page = _page(window, "月度考核")
    window.ctx.user = staff_ref(demo_db, "刘洋")
    page.load()
    assert not page.save_button.isEnabled() and not page.amount.isEnabled()
    assert "客服主管" in page.save_button.toolTip()
    page.table.selectRow(0)
    page.save_award()
    assert answers.texts("warning") and "意外" not in answers.texts("warning")[-1]


def test_a_receptionist_is_told_the_training_records_are_the_supervisors(window, qtbot, demo_db, monkeypatch):
    """The pages looked editable to anyone; a save was refused only after typing. Now it is said above
    them, and gone for the supervisor who signs in next."""
    from switching import sign_in_as, staff_ref

    window.ctx.user = staff_ref(demo_db, "张丽")
    tab = window.show_tab("培训考核")
    assert tab.read_only_note.isVisibleTo(tab) and "客服主管" in tab.read_only_note.text()
    assert sign_in_as(monkeypatch, window, staff_ref(demo_db, "吴海燕"))
    assert not tab.read_only_note.isVisibleTo(tab)
