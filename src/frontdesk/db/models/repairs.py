"""报修维修: repair orders, their history, the warranty table and the repair knowledge base."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.roster import LIVE_OF_A_UNIT, Unit
from frontdesk.db.models.staff import Staff

SCOPES = ("户内", "公共")
URGENCIES = ("一般", "紧急")

PENDING, DISPATCHED, IN_PROGRESS, PAUSED = "待派工", "已派工", "处理中", "暂停"
FINISHED, VISITED, CLOSED, CANCELLED = "已完工", "已回访", "已关闭", "已取消"
STATES = (PENDING, DISPATCHED, IN_PROGRESS, PAUSED, FINISHED, VISITED, CLOSED, CANCELLED)
OPEN_STATES = (PENDING, DISPATCHED, IN_PROGRESS, PAUSED)
# States in which the clock runs against the target time (a paused order waits for a reason).
RUNNING_STATES = (PENDING, DISPATCHED, IN_PROGRESS)


class RepairOrder(Tracked, Base):
    """报修单 BX-YYYYMM-NNNN: one repair from the call to the return visit."""

    __tablename__ = "repair_orders"
    __table_args__ = (
        Index("ix_repair_orders_reported", "reported_at", "deleted_at"),  # the tab's count from the index alone
        Index("ix_repair_orders_state_due", "state", "due_at"),
        Index("ix_repair_orders_technician_state", "technician_id", "state"),
        Index("ix_repair_orders_unit_trade", "unit_id", "trade", "reported_at"),
        # A unit's live orders, newest first (the global search), from the index alone.
        Index("ix_repair_orders_unit_live", "unit_id", "reported_at",
              sqlite_where=LIVE_OF_A_UNIT),  # PostgreSQL too (base.py)
        Index("ix_repair_orders_location_trade", "location", "trade", "reported_at"),
        Index("ix_repair_orders_building", "phase", "building"),
        # The public places for the location completer (unit_id IS NULL), grouped in index order;
        # with deleted_at it also covers counting the live orders without reading the table.
        Index("ix_repair_orders_unit_location", "unit_id", "location", "deleted_at"),
        # The few orders flagged for the person who took them (alert > ''), not a scan of all of them.
        Index("ix_repair_orders_alert_owner", "alert", "owner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    scope: Mapped[str] = mapped_column(String(4), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    phase: Mapped[int | None] = mapped_column(Integer, nullable=True)
    building: Mapped[int | None] = mapped_column(Integer, nullable=True)
    location: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    trade: Mapped[str] = mapped_column(String(20), nullable=False)
    warranty_item_id: Mapped[int | None] = mapped_column(ForeignKey("warranty_periods.id"), nullable=True)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    urgency: Mapped[str] = mapped_column(String(4), nullable=False, default="一般")
    reporter: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    reported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    appointment_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    due_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    state: Mapped[str] = mapped_column(String(4), nullable=False, default=PENDING)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    contact_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    arrived_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, nullable=False, default="")
    materials: Mapped[str] = mapped_column(Text, nullable=False, default="")
    labour_hours: Mapped[Decimal] = mapped_column(Numeric(6, 1), nullable=False, default=Decimal("0"))
    paid: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    charge: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    satisfaction: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    pause_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Set when a return visit was unhappy: shown to the order's owner until it is finished again.
    alert: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The earlier order of the same unit/location and trade within the repeat window (返修).
    repeat_of_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)

    unit: Mapped[Unit | None] = relationship()
    owner: Mapped[Staff] = relationship(foreign_keys=[owner_id])
    technician: Mapped[Staff | None] = relationship(foreign_keys=[technician_id])
    warranty_item: Mapped[WarrantyPeriod | None] = relationship()
    events: Mapped[list[RepairEvent]] = relationship(
        back_populates="order", order_by="RepairEvent.id", cascade="all, delete-orphan"
    )


class RepairEvent(Base):
    """One change of an order's state: who, when, from, to, why."""

    __tablename__ = "repair_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("repair_orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    by_name: Mapped[str] = mapped_column(String(40), nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    from_state: Mapped[str] = mapped_column(String(4), nullable=False, default="")
    to_state: Mapped[str] = mapped_column(String(4), nullable=False)
    technician: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    order: Mapped[RepairOrder] = relationship(back_populates="events")


class WarrantyPeriod(Tracked, Base):
    """保修期限: one item of the warranty table, which trades it covers and for how long."""

    __tablename__ = "warranty_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(60), nullable=False)
    trades: Mapped[str] = mapped_column(String(200), nullable=False)  # 、-separated trade names
    length: Mapped[int] = mapped_column(Integer, nullable=False)
    length_unit: Mapped[str] = mapped_column(String(4), nullable=False)  # 年 / 月 / 采暖期
    basis: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class RepairKnowledge(Tracked, Base):
    """报修知识库: per trade, typical faults, what to ask the caller, what the technician brings."""

    __tablename__ = "repair_knowledge"

    id: Mapped[int] = mapped_column(primary_key=True)
    trade: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    faults: Mapped[str] = mapped_column(Text, nullable=False, default="")
    questions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    tools: Mapped[str] = mapped_column(Text, nullable=False, default="")
