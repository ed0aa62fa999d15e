"""Stamps and audits every change of business data in one place: the session's flush.

Services never write audit entries by hand; whatever they change through the ORM is
recorded with the session's actor, field by field (before -> after).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from frontdesk.db.base import Tracked
from frontdesk.db.models.system import AuditEntry
from frontdesk.services import clock

_SKIPPED_FIELDS = {"created_at", "created_by", "updated_at", "updated_by", "version"}


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _column_changes(obj) -> dict:
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIPPED_FIELDS:
            continue
        history = state.attrs[key].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before != after:
                changes[key] = [_plain(before), _plain(after)]
    return changes


def _new_values(obj) -> dict:
    state = inspect(obj)
    return {
        attr.key: [None, _plain(getattr(obj, attr.key))]
        for attr in state.mapper.column_attrs
        if attr.key not in _SKIPPED_FIELDS and getattr(obj, attr.key) not in (None, "")
    }


def _audit_actor(session: Session) -> str:
    """Who did it; on another's behalf (a supervisor recording a colleague's payment), both names."""
    actor = session.info.get("actor", "系统")
    behalf = session.info.get("on_behalf_of")
    return f"{actor}（代 {behalf}）" if behalf and behalf != actor else actor


def _before_flush(session: Session, _context, _instances) -> None:
    actor = _audit_actor(session)
    now = clock.now()
    pending_creates = []
    for obj in session.new:
        if isinstance(obj, Tracked):
            obj.created_at = obj.created_at or now
            obj.created_by = obj.created_by or actor
            obj.updated_at = now
            obj.updated_by = actor
            pending_creates.append(obj)
    for obj in session.dirty:
        if isinstance(obj, Tracked) and session.is_modified(obj, include_collections=False):
            changes = _column_changes(obj)
            if not changes:
                continue
            obj.updated_at = now
            obj.updated_by = actor
            action = "void" if "deleted_at" in changes and obj.deleted_at is not None else "update"
            session.add(_entry(obj, actor, now, action, changes))
    for obj in session.deleted:
        if isinstance(obj, Tracked):
            session.add(_entry(obj, actor, now, "delete", {}))
    session.info.setdefault("_pending_creates", []).extend(pending_creates)


def _after_flush(session: Session, _context) -> None:
    # New rows only have their id after the flush; audit them now, in the same transaction.
    pending = session.info.pop("_pending_creates", [])
    if not pending:
        return
    actor = _audit_actor(session)
    now = clock.now()
    # Written straight away on the flush's connection: added as objects, they took a second flush
    # (a unit of work of their own) at commit, for rows nothing else refers to.
    session.connection().execute(insert(AuditEntry), [
        dict(at=now, actor=actor, table_name=obj.__tablename__, record_id=obj.id or 0, action="create",
             changes=json.dumps(_new_values(obj), ensure_ascii=False))
        for obj in pending
    ])


def _entry(obj, actor: str, now: datetime, action: str, changes: dict) -> AuditEntry:
    return AuditEntry(
        at=now,
        actor=actor,
        table_name=obj.__tablename__,
        record_id=obj.id or 0,
        action=action,
        changes=json.dumps(changes, ensure_ascii=False),
    )


def install(factory) -> None:
    """Audit every session a new factory (sessionmaker) makes: listening once on the factory costs
    nothing per session, where listening on each new session cost more than a small query.

    Called once per factory, without asking `event.contains` first: SQLAlchemy keys its registry by the
    target's id(), and a factory's session class collected with an earlier database lets a new one at
    the same address look installed already (one database in eight, opened one after another, went
    without its listeners: no audit, voided rows shown, statistics kept after their bills changed)."""
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)


def attach(session: Session, actor: str) -> None:
    session.info["actor"] = actor
    if _before_flush not in session.dispatch.before_flush:  # a session from elsewhere than an installed factory
        event.listen(session, "before_flush", _before_flush)
        event.listen(session, "after_flush", _after_flush)


def record_bulk_creates(session: Session, table_name: str, rows: list[dict], action: str = "import") -> None:
    """Audit rows written by a bulk insert (imports), which bypass the ORM flush."""
    if not rows:
        return
    actor = session.info.get("actor", "系统")
    now = clock.now()
    session.execute(insert(AuditEntry), [
        dict(at=now, actor=actor, table_name=table_name, record_id=row["id"], action=action,
             changes=json.dumps({k: [None, _plain(v)] for k, v in row.items()
                                 if k not in _SKIPPED_FIELDS and v not in (None, "")}, ensure_ascii=False))
        for row in rows
    ])
