"""Backups that can be trusted and restores that lose nothing: manifest, damage, other desks attached."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from frontdesk.db import backup, desks, manifest
from frontdesk.db.engine import Database
from frontdesk.db.models import Contact
from frontdesk.errors import DatabaseReplaced, DomainError

SRC = str(Path(__file__).resolve().parents[1] / "src")

SAVER = r"""
import sys, time
from sqlalchemy import text
from frontdesk.db.engine import Database
from frontdesk.errors import DomainError
db = Database(sys.argv[1])
n = 0
while n < 100000:
    n += 1
    try:
        with db.session("测试", system=True) as s:
            s.execute(text("INSERT INTO probe(n) VALUES (:n)"), {"n": n})
    except DomainError as exc:
        print("stopped", exc.message, flush=True)
        break
    except Exception as exc:  # busy while the restore holds the lock: not acknowledged, try the next
        print("failed", n, type(exc).__name__, flush=True)
        continue
    print("ok", n, flush=True)
    time.sleep(0.003)
"""


def _path(db: Database) -> Path:
    return db.location.sqlite_path


def _contacts(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
    finally:
        conn.close()


def _make_probe(db: Database) -> None:
    with db.session(system=True) as s:
        s.execute(text("CREATE TABLE probe (n INTEGER PRIMARY KEY)"))


def test_backup_is_one_consistent_file_with_its_manifest(demo_db, tmp_path):
    # A commit that sits only in the -wal (no checkpoint yet) must be in the backup.
    live = sqlite3.connect(_path(demo_db), isolation_level=None)
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute("UPDATE contacts SET content='只在日志里' WHERE id=(SELECT MIN(id) FROM contacts)")
    assert Path(str(_path(demo_db)) + "-wal").stat().st_size > 0
    out = backup.backup_sqlite(demo_db, tmp_path / "b.db", who="张丽")
    live.close()
    record = json.loads(manifest.path_for(out).read_text(encoding="utf-8"))
    assert record["size"] == out.stat().st_size and record["sha256"] == manifest.sha256_of(out)
    assert record["created_by"] == "张丽" and record["schema"] and record["created"] and record["file"] == "b.db"
    assert not Path(str(out) + "-wal").exists()
    copy = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    assert copy.execute("SELECT COUNT(*) FROM contacts WHERE content='只在日志里'").fetchone()[0] == 1
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert not list(tmp_path.glob("*.part"))


def test_a_backup_is_not_starved_by_desks_that_keep_saving(demo_db, tmp_path):
    stop = threading.Event()

    def keep_saving():
        conn = sqlite3.connect(_path(demo_db), isolation_level=None, timeout=10)
        while not stop.is_set():
            conn.execute("UPDATE contacts SET content=content||'.' WHERE id=(SELECT MIN(id) FROM contacts)")
        conn.close()

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        started = time.monotonic()
        backup.backup_sqlite(demo_db, tmp_path / "busy.db")
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        writer.join()
    assert elapsed < 5
    assert backup.integrity_problems_of_file(tmp_path / "busy.db") == []


def _flip_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 4096])


def _edit(sql: str):
    def apply(path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.close()
    return apply


DAMAGE = {
    "bit flipped": _flip_bit,
    "tail cut off": _truncate,
    "payment deleted": _edit("DELETE FROM payments WHERE id=(SELECT MIN(id) FROM payments)"),
    "password hash replaced": _edit("UPDATE user_accounts SET password_hash='x' WHERE id=(SELECT MIN(id) FROM user_accounts)"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_or_altered_backup_is_refused_and_nothing_changes(demo_db, tmp_path, damage):
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    DAMAGE[damage](saved)
    with demo_db.session(system=True) as s:
        s.execute(text("UPDATE contacts SET content='恢复前记的' WHERE id=(SELECT MIN(id) FROM contacts)"))
    before = _contacts(_path(demo_db))
    with pytest.raises(DomainError, match="已损坏或被改动") as refused:
        backup.restore_sqlite(demo_db, saved)
    assert "不能恢复" in refused.value.message and "没有改动" in refused.value.message
    assert _contacts(_path(demo_db)) == before
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).where(Contact.content == "恢复前记的")) == 1
    assert not list(_path(demo_db).parent.glob("*.restore.part*"))


def test_a_backup_without_manifest_needs_the_administrators_force(demo_db, tmp_path):
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    manifest.path_for(saved).unlink()
    with pytest.raises(manifest.UnverifiedBackup, match="没有校验记录.*--force-unverified"):
        backup.restore_sqlite(demo_db, saved)
    kept = backup.restore_sqlite(demo_db, saved, force_unverified=True)
    assert kept.exists() and manifest.path_for(kept).exists()


def test_a_damaged_manifest_is_refused(demo_db, tmp_path):
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    manifest.path_for(saved).write_text("{not json", encoding="utf-8")
    with pytest.raises(DomainError, match="校验记录.*已损坏"):
        backup.restore_sqlite(demo_db, saved)


def _start_saver(db_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen([sys.executable, "-c", SAVER, f"sqlite:///{db_path}"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _wait_for_saves(proc: subprocess.Popen, count: int) -> list[str]:
    lines = []
    while len([line for line in lines if line.startswith("ok")]) < count:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        lines.append(line.strip())
    return lines


def test_restore_refuses_while_another_desk_has_the_database_open(demo_db, tmp_path):
    _make_probe(demo_db)
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    saver = _start_saver(_path(demo_db))
    try:
        _wait_for_saves(saver, 5)
        with pytest.raises(DomainError, match="其他电脑或程序正打开着") as refused:
            backup.restore_sqlite(demo_db, saved)
        assert desks.host_name() in refused.value.message and str(saver.pid) in refused.value.message
        assert "数据库没有改动" in refused.value.message
    finally:
        saver.kill()
        saver.communicate()
    # The desk is gone (killed): its registration no longer stops the restore.
    backup.restore_sqlite(demo_db, saved)


def test_restore_while_a_desk_saves_loses_no_acknowledged_save(demo_db, tmp_path, monkeypatch):
    """A desk the restore could not see (another PC, registration not visible) goes on saving."""
    _make_probe(demo_db)
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    monkeypatch.setattr(desks, "other_desks", lambda _path: [])
    saver = _start_saver(_path(demo_db))
    try:
        lines = _wait_for_saves(saver, 30)
        kept = backup.restore_sqlite(demo_db, saved)
        out, err = saver.communicate(timeout=60)
    finally:
        if saver.poll() is None:
            saver.kill()
            saver.communicate()
    lines += out.splitlines()
    acknowledged = {int(line.split()[1]) for line in lines if line.startswith("ok")}
    assert "Traceback" not in err
    assert lines[-1].startswith("stopped") and "从备份恢复" in lines[-1] and "重新打开" in lines[-1]

    def numbers(path: Path) -> set[int]:
        conn = sqlite3.connect(path)
        try:
            return {row[0] for row in conn.execute("SELECT n FROM probe")}
        finally:
            conn.close()

    restored, before_restore = numbers(_path(demo_db)), numbers(kept)
    assert restored == set()  # the backup was taken before the desk saved anything
    assert acknowledged and acknowledged <= before_restore  # every save the desk was told about is kept
    with demo_db.session(system=True) as s:  # this process, which restored, goes on normally
        s.execute(text("INSERT INTO probe(n) VALUES (1)"))


def test_a_desk_of_this_process_stops_after_a_restore_by_another(demo_db, tmp_path):
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    other = Database(demo_db.url)
    try:
        with other.session() as s:
            s.execute(select(func.count()).select_from(Contact))
        backup.restore_sqlite(demo_db, saved)
        with pytest.raises(DatabaseReplaced, match="重新打开"), other.session() as s:
            s.execute(text("UPDATE contacts SET content='存进旧文件？'"))
    finally:
        other.dispose()
    assert _contacts(_path(demo_db)) > 0


def test_a_failed_swap_leaves_the_live_database_untouched(demo_db, tmp_path, monkeypatch):
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    with demo_db.session(system=True) as s:
        s.execute(text("UPDATE contacts SET content='恢复失败后应还在'"))

    def held_open(_source, live):
        # As Windows does when antivirus holds the file: the write into the live file fails midway.
        live.execute("BEGIN IMMEDIATE")
        live.execute("DELETE FROM contacts")
        live.execute("ROLLBACK")
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(backup, "_copy_pages", held_open)
    with pytest.raises(DomainError, match="恢复没有完成.*当前数据库没有改动"):
        backup.restore_sqlite(demo_db, saved)
    with demo_db.session(system=True) as s:
        contents = set(s.scalars(select(Contact.content)))
    assert contents == {"恢复失败后应还在"}
    assert not list(_path(demo_db).parent.glob("*.restore.part*"))


def test_restore_waits_no_longer_than_its_limit_for_a_program_holding_the_lock(demo_db, tmp_path, monkeypatch):
    saved = backup.backup_sqlite(demo_db, tmp_path / "b.db")
    monkeypatch.setattr(backup, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(_path(demo_db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DomainError, match="正被其他程序使用.*没有改动"):
            backup.restore_sqlite(demo_db, saved)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _contacts(_path(demo_db)) > 0
