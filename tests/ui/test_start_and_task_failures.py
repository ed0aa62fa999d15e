"""The window never shows a traceback: a failed start is a message box, a failed task one sentence."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from frontdesk import app, logging_setup
from frontdesk.db import backup, manifest
from frontdesk.db.models import Contact, Staff
from frontdesk.services.staff import StaffRef
from frontdesk.ui import messages
from frontdesk.ui.dialogs.backup_dialog import BackupDialog
from frontdesk.ui.tasks import run_task


def _close_log() -> None:
    for handler in list(logging_setup.log.handlers):
        handler.close()
        logging_setup.log.removeHandler(handler)


def test_a_damaged_database_at_start_is_a_chinese_message_box(qtbot, tmp_path, answers):
    damaged = tmp_path / "frontdesk.db"
    damaged.write_text("不是数据库" * 500, encoding="utf-8")
    assert app.run(db_url=f"sqlite:///{damaged}") == 1
    shown = answers.texts("error")
    assert len(shown) == 1 and "前台系统没有打开" in shown[0] and "损坏" in shown[0]
    assert "Traceback" not in shown[0]


def test_a_server_that_is_down_at_start_is_a_chinese_message_box(qtbot, answers):
    assert app.run(db_url="postgresql+psycopg://desk:pw@127.0.0.1:1/frontdesk") == 1
    shown = answers.texts("error")
    assert len(shown) == 1 and "连不上数据库服务器" in shown[0] and "Traceback" not in shown[0]


def test_the_windowless_program_shows_a_box_even_for_an_unexpected_failure(qtbot, answers, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("意外")

    monkeypatch.setattr(app, "run", broken)
    try:
        assert app.main() == 1
    finally:
        _close_log()
    shown = answers.texts("error")
    assert len(shown) == 1 and "日志文件" in shown[0] and "Traceback" not in shown[0]


def test_a_failing_background_task_logs_the_traceback_and_shows_one_sentence(window, qtbot):
    errors = []

    def work(_progress):
        raise ZeroDivisionError("division by zero")

    run_task(window, "正在计算…", work, on_done=lambda _r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    try:
        for handler in logging_setup.log.handlers:
            handler.flush()
        logged = logging_setup.log_path().read_text(encoding="utf-8")
    finally:
        _close_log()
    assert "Traceback" not in errors[0] and "File \"" not in errors[0]
    assert "意外错误" in errors[0] and "日志文件" in errors[0]
    assert "Traceback" in logged and "ZeroDivisionError" in logged


def test_a_failing_task_that_cannot_write_says_so_in_chinese(window, qtbot):
    errors = []

    def work(_progress):
        raise PermissionError(13, "Permission denied", "/只读/报表.xlsx")

    run_task(window, "正在导出…", work, on_done=lambda _r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    _close_log()
    assert "没有权限" in errors[0] and "/只读/报表.xlsx" in errors[0] and "Traceback" not in errors[0]


def test_only_the_administrator_forces_a_backup_without_manifest_after_a_warning(window, qtbot, demo_db, tmp_path,
                                                                              answers, monkeypatch):
    saved = backup.backup_sqlite(demo_db, tmp_path / "old.db")
    manifest.path_for(saved).unlink()
    with demo_db.session(system=True) as s:
        admin = s.scalar(select(Staff).where(Staff.name == "管理员"))
        window.ctx.user = StaffRef(admin.id, admin.name, admin.role)
    window.backup_on_exit = False
    dialog = BackupDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    replies = iter([True, False, True, True])  # replace? yes; unverified file? no; then yes and yes
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, text: asked.append(text) or next(replies))
    conn = sqlite3.connect(saved)
    conn.execute("UPDATE contacts SET content='来自旧备份'")
    conn.commit()
    conn.close()
    assert dialog.restore_from(saved) is False
    assert "没有校验记录" in asked[1] and "仍要" in asked[1]
    with demo_db.session(system=True) as s:
        assert "来自旧备份" not in set(s.scalars(select(Contact.content)))
    assert dialog.restore_from(saved) is True
    with demo_db.session(system=True) as s:
        assert set(s.scalars(select(Contact.content))) == {"来自旧备份"}

