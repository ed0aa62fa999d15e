"""Create or upgrade a database with Alembic; back up first; refuse a newer schema.

Starting the desk on a current database must be quick, so the revision check reads the
`alembic_version` table and the migration files' own `revision`/`down_revision` lines;
Alembic itself is only imported when there is something to create or upgrade.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from frontdesk.db import backup
from frontdesk.db.engine import Database
from frontdesk.errors import DatabaseTooNew, DomainError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> the revisions it follows, read from the migration files."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in VERSIONS_DIR.glob("*.py"):
        values = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in values:
            continue
        down = ast.literal_eval(values.get("down_revision", "None"))
        parents = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        graph[ast.literal_eval(values["revision"])] = parents
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(revision_graph())


def head_revisions() -> frozenset[str]:
    graph = revision_graph()
    followed = {parent for parents in graph.values() for parent in parents}
    return frozenset(rev for rev in graph if rev not in followed)


def head_revision() -> str:
    """The schema version as one string (several heads are joined while desks are merged)."""
    return "+".join(sorted(head_revisions()))


def current_revisions(db: Database) -> frozenset[str] | None:
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except (OperationalError, ProgrammingError):
        return None  # no alembic_version table: a new (or a foreign) database
    return frozenset(rows) or None


def current_revision(db: Database) -> str | None:
    revisions = current_revisions(db)
    return "+".join(sorted(revisions)) if revisions else None


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
    current = current_revisions(db)
    unknown = sorted((current or frozenset()) - known_revisions())
    if unknown:
        raise DatabaseTooNew(
            f"此数据库由更新版本的前台系统创建（结构版本 {'+'.join(unknown)}），本程序无法打开。"
            "请安装最新版本的前台系统后再打开，数据库未被改动。"
        )
    return "+".join(sorted(current)) if current else None


def upgrade(db: Database) -> UpgradeResult:
    before = ensure_not_newer(db)
    head = head_revision()
    if before == head:
        return UpgradeResult(before=before, after=head, backup_path=None)
    backup_path = None
    if before is not None:
        _refuse_while_other_desks_attached(db)
        backup_path = backup.backup_before_upgrade(db, before)
    elif inspect(db.engine).get_table_names():
        # Tables without a revision stamp: not a frontdesk database we know how to upgrade.
        raise DatabaseTooNew("此数据库不是前台系统的数据库（没有结构版本记录），请选择正确的数据库文件。")
    from alembic import command

    cfg = alembic_config(db.url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
        if db.is_sqlite and before is not None:
            # A new generation: a desk of the old version still attached stops at its next session.
            generation = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
            conn.exec_driver_sql(f"PRAGMA user_version={int(generation) + 1}")
    if db.generation is not None:
        db.generation.forget()
    return UpgradeResult(before=before, after=head, backup_path=backup_path)


def _refuse_while_other_desks_attached(db: Database) -> None:
    from frontdesk.db import desks

    path = db.location.sqlite_path
    others = desks.other_desks(path) if path is not None else []
    if others:
        raise DomainError("数据库需要升级到新版本的结构，但还有其他电脑或程序正打开着它："
                          + "；".join(d.describe() for d in others)
                          + "。请先在这些电脑上退出前台系统，再打开新版本。数据库没有改动。")


def is_current(db: Database) -> bool:
    return ensure_not_newer(db) == head_revision()
