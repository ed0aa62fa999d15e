"""Locks for read-check-write on money and numbers, the same call on SQLite and PostgreSQL.

SQLite: every write transaction starts with BEGIN IMMEDIATE (db/engine.py), which already holds
the whole database's write lock, so a check and the write that follows it cannot interleave with
another desk; nothing more is needed. PostgreSQL runs desks side by side (READ COMMITTED), so a
service that checks "still open / not yet done" first locks what the check is about:

- `lock_units`: the unit rows (`SELECT … FOR NO KEY UPDATE`, in id order so two desks never
  deadlock). Payments, reversals and letters of a unit take it before reading its open charges;
  the second desk waits, then reads what the first committed. NO KEY UPDATE leaves rows that
  merely reference the unit (a call, a repair order) free to be saved meanwhile.
- `lock_named`: one transaction-scoped advisory lock per name (bill generation, imports), or shared
  by many writers against one exclusive holder (payments against a 月度考核 being confirmed).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from frontdesk.db.models import Unit

_CHUNK = 1000


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_units(session: Session, unit_ids: Iterable[int | None]) -> None:
    """Hold these units until the transaction ends (PostgreSQL; SQLite holds its write lock already)."""
    if not _is_postgres(session):
        return
    ids = sorted({i for i in unit_ids if i is not None})
    for start in range(0, len(ids), _CHUNK):
        session.execute(select(Unit.id).where(Unit.id.in_(ids[start:start + _CHUNK]))
                        .order_by(Unit.id).with_for_update(key_share=True))


def lock_named(session: Session, name: str, shared: bool = False) -> None:
    """Hold a named lock until the transaction ends (PostgreSQL advisory lock; SQLite: its write lock).
    `shared`: many holders at once (each write that must not cross one exclusive holder), which waits
    for them all and makes them wait."""
    if not _is_postgres(session):
        return
    key = zlib.crc32(f"frontdesk:{name}".encode())
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    session.execute(text(f"SELECT {function}(:key)"), {"key": key})
