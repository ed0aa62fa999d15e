"""Create or upgrade a database with Alembic; back up first; refuse a newer schema.

Starting the desk on a current database must be quick, so the revision check reads the
`alembic_version` table and the migration file names directly; Alembic itself is only
imported when there is something to create or upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from frontdesk.db import backup
from frontdesk.db.engine import Database
from frontdesk.errors import DatabaseTooNew

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@cache
def known_revisions() -> tuple[str, ...]:
    """Revision ids in order; files are named NNNN_description.py with revision id NNNN."""
    return tuple(sorted(p.name.split("_", 1)[0] for p in VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")))


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        return None  # no alembic_version table: a new (or a foreign) database


@dataclass
class UpgradeResult:
    before: str | None
    after: str
    backup_path: Path | None

    @property
    def created(self) -> bool:
        return self.before is None

    @property
    def upgraded(self) -> bool:
        return self.before is not None and self.before != self.after


def ensure_not_newer(db: Database) -> str | None:
    """Return the current revision, or refuse a database written by a newer frontdesk."""
    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"此数据库由更新版本的前台系统创建（结构版本 {current}），本程序无法打开。"
            "请安装最新版本的前台系统后再打开，数据库未被改动。"
        )
    return current


def upgrade(db: Database) -> UpgradeResult:
    before = ensure_not_newer(db)
    head = head_revision()
    if before == head:
        return UpgradeResult(before=before, after=head, backup_path=None)
    backup_path = None
    if before is not None:
        backup_path = backup.backup_before_upgrade(db, before)
    elif inspect(db.engine).get_table_names():
        # Tables without a revision stamp: not a frontdesk database we know how to upgrade.
        raise DatabaseTooNew("此数据库不是前台系统的数据库（没有结构版本记录），请选择正确的数据库文件。")
    from alembic import command

    cfg = alembic_config(db.url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return UpgradeResult(before=before, after=head, backup_path=backup_path)


def is_current(db: Database) -> bool:
    return ensure_not_newer(db) == head_revision()
