from frontdesk.services import settings
from frontdesk.services.staff import StaffRef
from frontdesk.ui.dialogs.settings_dialog import SettingsDialog


def test_the_supervisor_edits_a_target_and_a_list(window, qtbot, demo_db, answers):
    with demo_db.session(system=True) as s:
        from sqlalchemy import select

        from frontdesk.db.models import Staff

        boss = s.scalar(select(Staff).where(Staff.name == "吴海燕"))
        window.ctx.user = StaffRef(boss.id, boss.name, boss.role)
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.edits["daily_target_calls"].setText("八十")
    assert not dialog.save_values()
    assert "整数" in dialog.errors.text_of("daily_target_calls")
    assert dialog.edits["daily_target_calls"].text() == "八十"
    dialog.edits["daily_target_calls"].setText("80")
    assert dialog.save_values()
    dialog.list_box.setCurrentIndex(dialog.list_box.findData("department"))
    dialog.list_edit.setPlainText("客服部\n工程部\n绿化部")
    assert dialog.save_list()
    with demo_db.session(system=True) as s:
        assert settings.get(s, "daily_target_calls") == 80
        assert settings.lookup_values(s, "department") == ["客服部", "工程部", "绿化部"]
    assert "/80" in window.tab("来电来访").counters.text()


def _as_supervisor(window, demo_db):
    from sqlalchemy import select

    from frontdesk.db.models import Staff

    with demo_db.session(system=True) as s:
        boss = s.scalar(select(Staff).where(Staff.name == "吴海燕"))
        window.ctx.user = StaffRef(boss.id, boss.name, boss.role)


def test_the_supervisor_adds_an_inspection_item(window, qtbot, demo_db, answers):
    from frontdesk.services.training import inspections

    _as_supervisor(window, demo_db)
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    page = dialog.inspection_items
    count = page.table.rowCount()
    page.add_row()
    page.table.item(count, 0).setText("微笑服务")
    page.table.item(count, 1).setText("两分")
    assert not page.save()
    assert "大于 0" in page.errors.text_of("items")
    assert page.table.item(count, 1).text() == "两分"
    page.table.item(count, 1).setText("1.5")
    page.table.selectRow(0)
    page.remove_selected()
    assert page.save()
    with demo_db.session(system=True) as s:
        names = [i.name for i in inspections.checklist(s)]
    assert names[-1] == "微笑服务" and "仪容仪表" not in names and len(names) == count


def test_the_supervisor_sets_a_deadline_per_violation_kind(window, qtbot, demo_db, answers):
    from datetime import date

    from frontdesk.services import violation_notices

    _as_supervisor(window, demo_db)
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    page = dialog.deadlines
    assert page.table.rowCount() == len(settings.DEFAULT_LISTS["violation_kind"])
    page.set_days("私拉电线", "0")
    page.second_days.setText("三天")
    assert not page.save()
    assert "私拉电线" in page.errors.text_of("kind") and "整数" in page.errors.text_of("second_days")
    assert page.second_days.text() == "三天"
    page.set_days("私拉电线", "5")
    page.second_days.setText("4")
    assert page.save()
    with demo_db.session(system=True) as s:
        assert violation_notices.default_deadline(s, "私拉电线", date(2026, 11, 2)) == date(2026, 11, 7)
        assert violation_notices.deadline_days(s, "私拉电线", level=2) == 4


def test_choosing_another_list_asks_before_the_typed_changes_go(window, qtbot, demo_db, answers):
    _as_supervisor(window, demo_db)
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.list_box.setCurrentIndex(dialog.list_box.findData("department"))
    dialog.list_edit.setPlainText("客服部\n工程部\n新设的部门")
    answers.confirm_answer = False
    dialog.list_box.setCurrentIndex(0 if dialog.list_box.findData("department") != 0 else 1)
    assert answers.texts("confirm"), "the person was asked"
    assert dialog.list_box.currentData() == "department"
    assert dialog.list_edit.toPlainText() == "客服部\n工程部\n新设的部门"
    answers.confirm_answer = True
    other = 0 if dialog.list_box.findData("department") != 0 else 1
    dialog.list_box.setCurrentIndex(other)
    assert dialog.list_box.currentIndex() == other and "新设的部门" not in dialog.list_edit.toPlainText()
    asked = len(answers.texts("confirm"))
    dialog.list_box.setCurrentIndex(dialog.list_box.findData("department"))  # nothing typed: no question
    assert len(answers.texts("confirm")) == asked
