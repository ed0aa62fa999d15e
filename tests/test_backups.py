"""Automatic backups with retention, restore checks, and the crash log."""

import sqlite3
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk import config, logging_setup
from frontdesk.db import auto_backup, backup
from frontdesk.db.models import Contact
from frontdesk.errors import DomainError
from frontdesk.services import clock


def test_daily_and_monthly_copies_are_kept_30_and_12(db, data_home, tmp_path):
    """400 days of starts (a small database: the copies, not their size, are what is counted)."""
    from frontdesk.db.models import Staff
    from frontdesk.services import calls

    second = tmp_path / "usb"
    config.save_local_settings({auto_backup.SECOND_FOLDER_KEY: str(second)})
    start = datetime(2026, 1, 1, 9, 0)
    clock.freeze(start)
    with db.session(system=True) as s:
        calls.log_contact(s, calls.ContactInput(content="咨询停车位", category="咨询"), s.scalar(select(Staff.id)))
    for day in range(400):
        clock.freeze(start + timedelta(days=day))
        if auto_backup.due_today(db):
            auto_backup.run(db)
    folder = config.backups_dir()
    assert len(list(folder.glob("frontdesk-daily-*.db"))) == 30
    assert len(list(folder.glob("frontdesk-monthly-*.db"))) == 12
    assert (second / auto_backup.daily_path().name).exists()
    copy = sqlite3.connect(auto_backup.daily_path())
    assert copy.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] > 0
    copy.close()


def test_backup_restore_round_trip_gives_identical_records(demo_db, tmp_path):
    saved = tmp_path / "copy.db"
    backup.backup_sqlite(demo_db, saved)
    with demo_db.session(system=True) as s:
        before = s.execute(select(Contact.id, Contact.content, Contact.status).order_by(Contact.id)).all()
        s.query(Contact).filter(Contact.id == before[0][0]).update({"content": "被改动了"})
    backup.restore_sqlite(demo_db, saved)
    with demo_db.session(system=True) as s:
        after = s.execute(select(Contact.id, Contact.content, Contact.status).order_by(Contact.id)).all()
    assert after == before


def test_restore_refuses_corrupt_foreign_and_newer_files(demo_db, tmp_path):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    with pytest.raises(DomainError, match="损坏|不是"):
        backup.restore_sqlite(demo_db, corrupt, force_unverified=True)
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DomainError, match="不是前台系统"):
        backup.restore_sqlite(demo_db, foreign, force_unverified=True)
    newer = tmp_path / "newer.db"
    backup.backup_sqlite(demo_db, newer)
    (tmp_path / "newer.db.manifest.json").unlink()
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    conn.commit()
    conn.close()
    with pytest.raises(DomainError, match="更新版本"):
        backup.restore_sqlite(demo_db, newer, force_unverified=True)
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Contact)) > 0


def test_an_unexpected_error_is_logged_and_shown_in_chinese(data_home, monkeypatch):
    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    logging_setup.install_excepthook(shown.append)
    try:
        raise RuntimeError("磁盘已满")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert shown and "磁盘已满" in shown[0] and "日志" in shown[0]
    for handler in logging_setup.log.handlers:
        handler.flush()
    text = logging_setup.log_path().read_text(encoding="utf-8")
    assert "RuntimeError: 磁盘已满" in text and "Traceback" in text
    for handler in list(logging_setup.log.handlers):
        handler.close()
        logging_setup.log.removeHandler(handler)
