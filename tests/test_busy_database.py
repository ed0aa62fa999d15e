"""SQLite busy: a desk whose save meets another desk's long write is told so in Chinese, and keeps its text."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from frontdesk.db import engine
from frontdesk.db.models import Contact, Staff
from frontdesk.errors import DatabaseBusy
from frontdesk.services import calls


@contextmanager
def another_desk_writing(db, monkeypatch):
    """Hold the database's write lock from another connection, as a long import would; desks wait 0.3 s."""
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 300)
    db.engine.dispose()  # the desk's next connection waits only that long
    other = sqlite3.connect(str(db.location.sqlite_path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_save_on_a_busy_database_says_another_pc_is_saving(demo_db, monkeypatch):
    with demo_db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).order_by(Staff.id))
        before = s.scalar(select(func.count()).select_from(Contact))
    with another_desk_writing(demo_db, monkeypatch), pytest.raises(DatabaseBusy) as busy, \
            demo_db.session("张丽", "前台客服") as s:
        calls.log_contact(s, calls.ContactInput(content="电梯停在 5 楼"), owner)
    assert "另一台电脑正在保存，请稍候再试" in busy.value.message
    assert "locked" not in busy.value.message
    with demo_db.session("张丽", "前台客服") as s:  # once the other desk is done, the same save goes in
        calls.log_contact(s, calls.ContactInput(content="电梯停在 5 楼"), owner)
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == before + 1


def test_the_desk_sees_the_message_and_keeps_what_was_typed(window, qtbot, demo_db, answers, monkeypatch, typist):
    form = window.show_tab("来电来访").form
    typist(form.content, "楼道灯不亮")
    typist(form.phone, "13800002222")
    with another_desk_writing(demo_db, monkeypatch):
        window.show_tab("来电来访").save_call()
    assert any("另一台电脑正在保存，请稍候再试" in t for t in answers.texts("warning")), answers.shown
    assert not any("locked" in t for t in answers.texts())
    assert form.content.text() == "楼道灯不亮" and form.phone.text() == "13800002222"
