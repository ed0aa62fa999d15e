"""Settings, managed lists and the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.db.base import Base


class Setting(Base):
    """One supervisor-editable value, stored as JSON text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class LookupItem(Base):
    """An entry of a managed list (categories, relations, regulations, trades …)."""

    __tablename__ = "lookup_items"
    __table_args__ = (UniqueConstraint("list_name", "value", name="uq_lookup_items_list_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    actor: Mapped[str] = mapped_column(String(40), nullable=False)
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)  # create / update / delete
    changes: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON {field: [before, after]}


class NumberCounter(Base):
    """The last number issued per series and year (BX-202611-0001, ZG-2026-0001, receipts…).

    Numbers are taken inside the transaction that creates the record, with the counter row
    locked, so two desks never get the same number and a rolled-back record leaves no gap.
    """

    __tablename__ = "number_counters"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)  # "2026" or "202611"
    last: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
