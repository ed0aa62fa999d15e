"""Create or upgrade a database with Alembic; back up first; refuse a newer schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from frontdesk.db import backup
from frontdesk.db.engine import Database
from frontdesk.errors import DatabaseTooNew

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
    if current is None:
        return None
    script = ScriptDirectory.from_config(alembic_config(db.url))
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise DatabaseTooNew(
            f"此数据库由更新版本的前台系统创建（结构版本 {current}），本程序无法打开。"
            "请安装最新版本的前台系统后再打开，数据库未被改动。"
        )
    return current


def upgrade(db: Database) -> UpgradeResult:
    before = ensure_not_newer(db)
    head = head_revision()
    backup_path = None
    if before is not None and before != head:
        backup_path = backup.backup_before_upgrade(db, before)
    elif before is None and _has_tables(db):
        # Tables without a revision stamp: not a frontdesk database we know how to upgrade.
        raise DatabaseTooNew("此数据库不是前台系统的数据库（没有结构版本记录），请选择正确的数据库文件。")
    if before != head:
        cfg = alembic_config(db.url)
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    return UpgradeResult(before=before, after=head, backup_path=backup_path)


def is_current(db: Database) -> bool:
    return ensure_not_newer(db) == head_revision()


def _has_tables(db: Database) -> bool:
    return bool(inspect(db.engine).get_table_names())
