"""Backups, restore and the integrity check of the embedded (SQLite) database."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from frontdesk import config
from frontdesk.db import invariants
from frontdesk.errors import DomainError
from frontdesk.services import clock

if TYPE_CHECKING:
    from frontdesk.db.engine import Database

Progress = Callable[[int, int], None]


def _require_sqlite_path(db: Database) -> Path:
    path = db.location.sqlite_path
    if path is None:
        raise DomainError(
            "此数据库在 PostgreSQL 服务器上，请在服务器上用 pg_dump 备份（见使用说明）。"
        )
    return path


def backup_sqlite(db: Database, dest: Path, progress: Progress | None = None) -> Path:
    """Copy a live database page by page (safe while other desks write to it)."""
    src_path = _require_sqlite_path(db)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    src = sqlite3.connect(str(src_path))
    dst = sqlite3.connect(str(tmp))
    try:
        def _report(_status, remaining, total):
            if progress:
                progress(total - remaining, total)

        src.backup(dst, pages=256, progress=_report)
    finally:
        dst.close()
        src.close()
    config.make_private(tmp)
    tmp.replace(dest)
    return dest


def default_backup_path(reason: str = "manual") -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return config.backups_dir() / f"frontdesk-{stamp}-{reason}.db"


def backup_before_upgrade(db: Database, from_revision: str) -> Path | None:
    if not db.is_sqlite or db.location.sqlite_path is None:
        return None  # PostgreSQL: the server's own pg_dump schedule covers upgrades
    return backup_sqlite(db, default_backup_path(f"before-upgrade-{from_revision}"))


def restore_sqlite(db: Database, source: Path) -> Path:
    """Replace the database with a backup; the current file is kept as a backup first."""
    target = _require_sqlite_path(db)
    source = Path(source)
    problems = integrity_problems_of_file(source)
    if problems:
        raise DomainError(f"备份文件已损坏，不能恢复：{problems[0]}。请选择另一个备份文件。")
    _refuse_unknown_schema(source)
    safety_copy = None
    if target.exists():
        safety_copy = backup_sqlite(db, default_backup_path("before-restore"))
    db.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    tmp = target.with_name(target.name + ".restore")
    shutil.copyfile(source, tmp)
    tmp.replace(target)
    return safety_copy or target


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
            count = conn.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
            report.table_counts[table] = int(count)
        report.problems.extend(invariants.money_problems(conn))
    return report
