"""操作日志: reading the audit trail (never editing it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import AuditEntry
from frontdesk.services import authz

ACTIONS = {"create": "新建", "update": "修改", "void": "作废", "delete": "删除", "import": "导入"}


@dataclass
class AuditFilter:
    table_name: str = ""
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None
    record_id: int | None = None


@dataclass
class AuditRow:
    at: datetime
    actor: str
    table_name: str
    record_id: int
    action: str
    changes: str  # "field: before → after; …"


def _filtered(filt: AuditFilter) -> Select:
    stmt = select(AuditEntry)
    if filt.table_name:
        stmt = stmt.where(AuditEntry.table_name == filt.table_name)
    if filt.actor:
        stmt = stmt.where(AuditEntry.actor == filt.actor)
    if filt.record_id is not None:
        stmt = stmt.where(AuditEntry.record_id == filt.record_id)
    if filt.date_from:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(filt.date_from, datetime.min.time()))
    if filt.date_to:
        stmt = stmt.where(AuditEntry.at < datetime.combine(filt.date_to + timedelta(days=1), datetime.min.time()))
    return stmt


def count_entries(session: Session, filt: AuditFilter) -> int:
    authz.require(session, "audit")
    return session.scalar(select(func.count()).select_from(_filtered(filt).subquery())) or 0


def list_entries(session: Session, filt: AuditFilter, offset: int = 0, limit: int = 200) -> list[AuditRow]:
    authz.require(session, "audit")
    entries = session.scalars(_filtered(filt).order_by(AuditEntry.id.desc()).offset(offset).limit(limit))
    return [AuditRow(e.at, e.actor, e.table_name, e.record_id, ACTIONS.get(e.action, e.action), _describe(e.changes))
            for e in entries]


def _describe(changes: str) -> str:
    try:
        fields = json.loads(changes)
    except ValueError:
        return changes
    parts = []
    for name, (before, after) in fields.items():
        parts.append(f"{name}: {'' if before is None else before} → {'' if after is None else after}")
    return "；".join(parts)


def table_names(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.table_name).distinct().order_by(AuditEntry.table_name)))
