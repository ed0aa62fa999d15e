"""Backups, restore and the integrity check of the embedded (SQLite) database."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from frontdesk import config
from frontdesk.db import desks, invariants, manifest
from frontdesk.db.transfer import ENGINE_OWN
from frontdesk.errors import DomainError
from frontdesk.files import atomic_output
from frontdesk.services import clock

if TYPE_CHECKING:
    from frontdesk.db.engine import Database

Progress = Callable[[int, int], None]
BUSY_TIMEOUT_S = 10.0


def _require_sqlite_path(db: Database) -> Path:
    path = db.location.sqlite_path
    if path is None:
        raise DomainError(
            "此数据库在 PostgreSQL 服务器上，请在服务器上用 pg_dump 备份（见使用说明）。"
        )
    return path


def backup_sqlite(db: Database, dest: Path, progress: Progress | None = None, who: str = "系统") -> Path:
    """Copy a live database in one consistent step, with its manifest beside it.

    SQLite's backup API copies every page in a single step (pages=-1) inside one read transaction:
    the desks' saves go on meanwhile (WAL) and cannot make it start over, and what sits only in
    the -wal file is included. The copy is self-contained (rollback journal mode, no -wal).
    """
    src_path = _require_sqlite_path(db)
    if not src_path.is_file():
        raise DomainError(f"数据库文件 {src_path} 不存在，没有可备份的内容。请检查 --db 给出的路径。")
    dest = Path(dest)
    if progress:
        progress(0, 1)
    with atomic_output(dest) as tmp:
        _copy_consistently(src_path, tmp)
        record = manifest.describe(tmp, who=who)
    try:
        manifest.write(dest, record)
    except BaseException:
        dest.unlink(missing_ok=True)  # a backup without its manifest would only be refused later
        raise
    if progress:
        progress(1, 1)
    return dest


def _copy_consistently(src_path: Path, tmp: Path) -> None:
    try:
        dst = sqlite3.connect(str(tmp))
    except sqlite3.OperationalError as exc:
        raise OSError(errno.EACCES, str(exc), str(tmp)) from None
    src = sqlite3.connect(str(src_path), timeout=BUSY_TIMEOUT_S)
    try:
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one file: no -wal/-shm beside it
    finally:
        dst.close()
        src.close()
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    config.make_private(tmp)


def default_backup_path(reason: str = "manual") -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return config.backups_dir() / f"frontdesk-{stamp}-{reason}.db"


def backup_before_upgrade(db: Database, from_revision: str) -> Path | None:
    if not db.is_sqlite or db.location.sqlite_path is None:
        return None  # PostgreSQL: the server's own pg_dump schedule covers upgrades
    return backup_sqlite(db, default_backup_path(f"before-upgrade-{from_revision}"))


def restore_sqlite(db: Database, source: Path, force_unverified: bool = False, who: str = "系统") -> Path:
    """Replace the database with a verified backup; returns the copy kept of the replaced database.

    The backup is checked against its manifest (size, SHA-256), copied beside the database and
    checked again (integrity, schema) before anything live is touched. Restore refuses while
    another PC or program has the database open. The pages are then written into the live file in
    one SQLite transaction (no file is renamed over an open one, which Windows forbids): either all
    of the backup is in, or the live database is as it was. Desks that were attached anyway stop at
    their next session (db/engine.GenerationGuard) instead of saving on.
    """
    target = _require_sqlite_path(db)
    source = Path(source)
    record = manifest.read_for(source, force_unverified)
    tmp = target.with_name(target.name + ".restore.part")
    try:
        try:
            shutil.copyfile(source, tmp)
            wal = Path(str(source) + "-wal")
            if record is None and wal.exists():  # a forced copy of a live file: its last commits are there
                shutil.copyfile(wal, Path(str(tmp) + "-wal"))
        except OSError as exc:
            raise DomainError(f"无法把备份文件 {source} 复制到数据库所在的文件夹（{exc.strerror or exc}），"
                              "数据库没有改动。请检查该文件夹的权限和剩余空间。") from None
        if record is not None:
            manifest.verify(tmp, record, source)
        problems = _settle(tmp) or integrity_problems_of_file(tmp)
        if problems:
            raise DomainError(f"备份文件已损坏，不能恢复：{problems[0]}。请选择另一个备份文件。")
        _refuse_unknown_schema(tmp)
        if not target.exists():  # a new PC: nothing live to protect
            db.dispose()
            config.make_private(tmp)
            os.replace(tmp, target)
            return target
        others = desks.other_desks(target)
        if others:
            raise DomainError("还有其他电脑或程序正打开着这个数据库：" + "；".join(d.describe() for d in others)
                              + "。请先在这些电脑上退出前台系统，再恢复。数据库没有改动。")
        db.dispose()
        return _write_into_live(db, target, tmp, who)
    finally:
        for leftover in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            leftover.unlink(missing_ok=True)
        if db.generation is not None:
            db.generation.forget()


def _settle(tmp: Path) -> list[str]:
    """Fold any -wal into the copy and make it one self-contained file; problems if it is no database."""
    try:
        conn = sqlite3.connect(str(tmp))
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"不是有效的数据库文件（{exc}）"]
    return []


def _write_into_live(db: Database, target: Path, tmp: Path, who: str) -> Path:
    live = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        try:
            # A new generation first: from here on every other desk stops instead of saving.
            live.execute("BEGIN IMMEDIATE")
            generation = live.execute("PRAGMA user_version").fetchone()[0]
            live.execute(f"PRAGMA user_version={int(generation) + 1}")
            live.execute("COMMIT")
        except sqlite3.Error as exc:
            raise DomainError(f"数据库正被其他程序使用（{exc}），无法恢复。数据库没有改动，请稍后再试。") from None
        kept = backup_sqlite(db, default_backup_path("before-restore"), who=who)
        source = sqlite3.connect(str(tmp))
        try:
            source.execute(f"PRAGMA user_version={int(generation) + 2}")
            _copy_pages(source, live)
        except (sqlite3.Error, OSError) as exc:
            raise DomainError(
                f"恢复没有完成（{exc}）。当前数据库没有改动，恢复前的数据另存在 {kept}。"
                "其他电脑上的前台系统需要重新打开。请关闭占用数据库的程序（如杀毒软件）后再试。"
            ) from None
        finally:
            source.close()
        with suppress(sqlite3.Error):
            live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return kept
    finally:
        live.close()


def _copy_pages(source: sqlite3.Connection, live: sqlite3.Connection) -> None:
    """Every page of `source` into `live` in one step: one write transaction, all or nothing."""
    source.backup(live, pages=-1)


def _refuse_unknown_schema(path: Path) -> None:
    from frontdesk.db import migrate

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        revisions = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.DatabaseError:
        revisions = set()
    finally:
        conn.close()
    if not revisions:
        raise DomainError("这个文件不是前台系统的数据库备份，不能用来恢复。请选择 backups 文件夹中的备份文件。")
    if revisions - migrate.known_revisions():
        raise DomainError("这个备份来自更新版本的前台系统，本程序无法使用。请先升级前台系统。")


def integrity_problems_of_file(path: Path) -> list[str]:
    if not Path(path).exists():
        return [f"找不到文件 {path}"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"不是有效的数据库文件（{exc}）"]
    return [] if rows == [("ok",)] else [row[0] for row in rows]


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    table_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: Database) -> CheckReport:
    """Integrity (SQLite), foreign keys, a row count per table and the money rules (db/invariants.py)."""
    report = CheckReport()
    with db.engine.connect() as conn:
        if db.is_sqlite:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
            if rows != [("ok",)]:
                report.problems.extend(f"完整性检查：{row[0]}" for row in rows)
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                report.problems.append(f"表 {table} 第 {rowid} 行引用了不存在的 {parent} 记录")
        for table in sorted(inspect(conn).get_table_names()):
            if table.startswith(ENGINE_OWN):  # the search indexes are the engine's, counted through their tables
                continue
            count = conn.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
            report.table_counts[table] = int(count)
        report.problems.extend(invariants.money_problems(conn))
    return report
