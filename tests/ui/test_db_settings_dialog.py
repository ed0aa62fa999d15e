"""工具 → 数据库设置…: server fields, password hidden, 测试连接 off the GUI thread, stored for the next start."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from frontdesk import config
from frontdesk.ui.dialogs.db_settings_dialog import RESTART_NOTE, DbSettingsDialog


def _dialog(window):
    action = next(a for a in window.tools_menu.actions() if a.text() == "数据库设置(&D)…")
    assert action is not None
    return DbSettingsDialog(window.ctx.db.url, window)


def _fill(dialog, typist, port, user="postgres", database="frontdesk_shared", password="秘密pw"):
    dialog.shared.setChecked(True)
    for widget, value in ((dialog.host, "127.0.0.1"), (dialog.database, database), (dialog.user, user),
                          (dialog.password, password)):
        widget.clear()
        typist(widget, value)
    dialog.port.setValue(port)


def test_test_connection_reaches_the_server_and_save_keeps_the_url(window, qtbot, typist, answers, pg_server):
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.local.isChecked() and not dialog.server_box.isEnabled()
    assert dialog.password.echoMode() == QLineEdit.Password
    pg_server.create_database(name="frontdesk_shared")
    _fill(dialog, typist, pg_server.port)

    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=15_000)
    assert "连接成功" in dialog.result.text() and "自动建表" in dialog.result.text()
    # The tests' server is made with initdb --no-locale: the search's indexes would not see Chinese there.
    assert "LC_CTYPE 为 C" in dialog.result.text() and "C.UTF-8" in dialog.result.text()

    dialog.save()
    assert answers.texts("info") == [RESTART_NOTE]
    assert any("credentials.json" in t for t in answers.texts("warning"))  # no keyring on the test machine
    stored = config.load_local_settings()["db_url"]
    assert stored.startswith("postgresql+psycopg://postgres:") and "frontdesk_shared" in stored
    assert config.resolve_db_url() == stored
    assert "秘密pw" not in config.local_settings_path().read_text(encoding="utf-8")  # kept aside, not in the file
    # What the next start will open is that server: it creates the schema there.
    from frontdesk import app

    db = app.open_database(config.resolve_db_url())
    assert not db.is_sqlite and "***" in db.location.display() and "秘密" not in db.location.display()
    db.dispose()

    again = _dialog(window)
    qtbot.addWidget(again)
    assert again.shared.isChecked() and again.password.text() == "秘密pw" and again.port.value() == pg_server.port


def test_a_wrong_server_is_reported_in_chinese_and_nothing_is_saved(window, qtbot, typist, answers, pg_server):
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    _fill(dialog, typist, pg_server.port, database="does_not_exist")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=15_000)
    assert "连接失败" in dialog.result.text() and "does_not_exist" in dialog.result.text()
    assert "db_url" not in config.load_local_settings()


def test_missing_fields_are_shown_at_the_field_and_switching_back_to_local_clears_the_url(window, qtbot, answers):
    config.save_local_settings({"db_url": "postgresql+psycopg://a:b@h/db", "last_user": "张丽"})
    dialog = _dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.shared.isChecked() and dialog.host.text() == "h"
    dialog.host.clear()
    dialog.user.clear()
    dialog.save()
    assert "服务器地址" in dialog.errors.text_of("host") and "用户名" in dialog.errors.text_of("user")
    assert config.load_local_settings()["db_url"] == "postgresql+psycopg://a:b@h/db"
    dialog.local.setChecked(True)
    dialog.save()
    assert config.load_local_settings() == {"last_user": "张丽"}
    assert config.resolve_db_url() == config.default_db_url()
