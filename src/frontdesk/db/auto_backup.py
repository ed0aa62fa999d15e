"""Automatic backups: on the first start of each day and on exit; 30 daily and 12 monthly kept.

A second folder (a USB disk or a network share) from the local settings gets a copy as well.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk import config
from frontdesk.db import manifest
from frontdesk.db.backup import backup_sqlite
from frontdesk.services import clock

if TYPE_CHECKING:
    from frontdesk.db.engine import Database

DAILY_KEEP, MONTHLY_KEEP = 30, 12
SECOND_FOLDER_KEY = "backup_folder2"


@dataclass
class AutoBackupResult:
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def daily_path(day=None) -> Path:
    day = day or clock.today()
    return config.backups_dir() / f"frontdesk-daily-{day:%Y%m%d}.db"


def due_today(db: Database) -> bool:
    return db.location.sqlite_path is not None and not daily_path().exists()


def _prune(pattern: str, keep: int) -> None:
    for old in sorted(config.backups_dir().glob(pattern), reverse=True)[keep:]:
        old.unlink(missing_ok=True)
        manifest.path_for(old).unlink(missing_ok=True)


def run(db: Database) -> AutoBackupResult:
    """Write (or refresh) today's copy and this month's first copy, then prune the old ones."""
    result = AutoBackupResult()
    if db.location.sqlite_path is None or not db.location.sqlite_path.exists():
        return result  # PostgreSQL: the server's pg_dump schedule does this
    daily = backup_sqlite(db, daily_path())
    result.written.append(daily)
    monthly = config.backups_dir() / f"frontdesk-monthly-{clock.today():%Y%m}.db"
    if not monthly.exists():
        shutil.copyfile(daily, monthly)
        manifest.copy(daily, monthly)
        result.written.append(monthly)
    _prune("frontdesk-daily-*.db", DAILY_KEEP)
    _prune("frontdesk-monthly-*.db", MONTHLY_KEEP)
    second = config.load_local_settings().get(SECOND_FOLDER_KEY)
    if second:
        try:
            target = Path(second)
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(daily, target / daily.name)
            manifest.copy(daily, target / daily.name)
            result.written.append(target / daily.name)
        except OSError as exc:
            result.problems.append(f"第二备份位置 {second} 无法写入（{exc.strerror or exc}），请检查 U 盘或网络共享是否连接。")
    return result


def list_backups() -> list[Path]:
    return sorted(config.backups_dir().glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)
