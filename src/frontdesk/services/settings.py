"""Supervisor-editable settings and managed lists, stored in the database."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import LookupItem, Setting

DEFAULTS: dict[str, Any] = {
    "company_name": "天元物业服务有限公司",
    "desk_phone": "0513-8888 6666",
    "project_name": "天元花园",
    "phases": [1, 2, 3],
    "daily_target_calls": 70,
    "daily_target_visits": 30,
    "daily_target_return_visits": 20,
    "complaint_first_action_hours": 24,
    "complaint_close_hours": 72,
    "repeat_caller_days": 7,
    "repeat_caller_contacts": 3,
    "matter_overdue_hours": 48,
    "weekly_slogan": "微笑、问候、规范",
}

DEFAULT_LISTS: dict[str, list[str]] = {
    "relation": ["业主", "家属", "租户", "其他"],
    "department": ["工程部", "秩序维护部", "环境部", "财务部", "客服部"],
    "regulation": [
        "《物业管理条例》",
        "《物业服务合同》",
        "《管理规约》",
        "《住宅室内装饰装修管理办法》",
        "《业主临时公约》",
        "《物业服务收费管理办法》",
    ],
}


def get(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded


def lookup_values(session: Session, list_name: str) -> list[str]:
    rows = session.scalars(
        select(LookupItem.value)
        .where(LookupItem.list_name == list_name, LookupItem.active.is_(True))
        .order_by(LookupItem.sort_order, LookupItem.id)
    ).all()
    return list(rows) if rows else list(DEFAULT_LISTS.get(list_name, []))


def seed_lists(session: Session) -> None:
    """Write the default managed lists where a list has no entries yet."""
    for list_name, values in DEFAULT_LISTS.items():
        exists = session.scalar(select(LookupItem.id).where(LookupItem.list_name == list_name).limit(1))
        if exists is None:
            for order, value in enumerate(values):
                session.add(LookupItem(list_name=list_name, value=value, sort_order=order))
