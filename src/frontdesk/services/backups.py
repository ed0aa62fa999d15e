"""Guarded entry points of 备份与恢复 for a signed-in person (the administrator).

The copying itself lives in db/backup.py; the daily automatic backup and the one before an upgrade
are the system's own care and run without a person.
"""

from __future__ import annotations

from pathlib import Path

from frontdesk.services import authz


def _check(open_session, permission: str) -> None:
    # The session is closed again before the file is copied or replaced.
    with open_session() as session:
        authz.require(session, permission)


def backup_to(open_session, db, dest: Path, progress=None, who: str = "系统") -> Path:
    _check(open_session, "backups")
    from frontdesk.db import backup

    return backup.backup_sqlite(db, Path(dest), progress=progress, who=who)


def restore_from(open_session, db, source: Path, force_unverified: bool = False, who: str = "系统") -> Path:
    """Only the administrator may restore, and only the administrator may force a file without a
    manifest (after the warning the caller shows)."""
    _check(open_session, "restore")
    from frontdesk.db import backup

    return backup.restore_sqlite(db, Path(source), force_unverified=force_unverified, who=who)
