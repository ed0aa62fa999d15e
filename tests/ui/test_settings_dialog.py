from frontdesk.services import settings
from frontdesk.services.staff import StaffRef
from frontdesk.ui.dialogs.settings_dialog import SettingsDialog


def test_the_supervisor_edits_a_target_and_a_list(window, qtbot, demo_db, answers):
    with demo_db.session() as s:
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
    with demo_db.session() as s:
        assert settings.get(s, "daily_target_calls") == 80
        assert settings.lookup_values(s, "department") == ["客服部", "工程部", "绿化部"]
    assert "/80" in window.tab("来电来访").counters.text()
