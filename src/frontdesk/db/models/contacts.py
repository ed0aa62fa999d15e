"""来电来访: every call and visit, its hand-overs, complaints and return visits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.roster import LIVE_OF_A_UNIT, Person, Unit
from frontdesk.db.models.staff import Staff

CHANNELS = ("电话", "来访", "回访", "其他")
CATEGORIES = ("咨询", "报修", "投诉", "建议", "缴费", "表扬", "其他")
STATUSES = ("已办结", "处理中", "待回访")
OPEN_STATUSES = ("处理中", "待回访")


class Contact(Tracked, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # deleted_at too: the ledger's count of all history is then read from the index alone.
        Index("ix_contacts_occurred", "occurred_at", "deleted_at"),
        Index("ix_contacts_unit_occurred", "unit_id", "occurred_at"),
        # A unit's live calls, newest first (the global search), from the index alone.
        Index("ix_contacts_unit_live", "unit_id", sqlite_where=LIVE_OF_A_UNIT),  # PostgreSQL too (base.py)
        Index("ix_contacts_owner_status", "owner_id", "status"),
        Index("ix_contacts_phone", "phone"),
        # The open matters (a few dozen among hundreds of thousands), oldest first (超时未办结事项), and a
        # status filter by date.
        Index("ix_contacts_status_occurred", "status", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(4), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), nullable=True)
    location: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    caller_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    category: Mapped[str] = mapped_column(String(4), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    handling: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(4), nullable=False)
    # 首问负责人: who took the matter owns it until it is closed.
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The repair order a 报修 call produced (the repairs desk owns that table).
    repair_order_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)

    unit: Mapped[Unit | None] = relationship()
    person: Mapped[Person | None] = relationship()
    owner: Mapped[Staff] = relationship()
    handovers: Mapped[list[Handover]] = relationship(
        back_populates="contact", order_by="Handover.at", cascade="all, delete-orphan"
    )
    complaint: Mapped[Complaint | None] = relationship(back_populates="contact", uselist=False)


class Handover(Base):
    """A matter passed to a colleague or a department: who, when, why."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    by_name: Mapped[str] = mapped_column(String(40), nullable=False)
    to_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    to_department: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False)

    contact: Mapped[Contact] = relationship(back_populates="handovers")
    to_staff: Mapped[Staff | None] = relationship()


COMPLAINT_STEPS = ("安抚", "调查原因", "适用法规", "解决方案", "办结总结", "回访")


class Complaint(Tracked, Base):
    """投诉, handled by the desk's five steps and confirmed by a return visit."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), nullable=False, unique=True)
    calm_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cause: Mapped[str] = mapped_column(Text, nullable=False, default="")
    regulation: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    solution: Mapped[str] = mapped_column(Text, nullable=False, default="")
    carried_out_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    effective: Mapped[str] = mapped_column(String(4), nullable=False, default="")  # 有效 / 无效 / ""
    first_action_due: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    close_due: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    first_action_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    closed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    contact: Mapped[Contact] = relationship(back_populates="complaint")


class ReturnVisit(Tracked, Base):
    """回访 of a repair or a complaint; an unhappy result reopens the target."""

    __tablename__ = "return_visits"
    __table_args__ = (Index("ix_return_visits_target", "target_kind", "target_id"),
                      Index("ix_return_visits_visited_at", "visited_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(12), nullable=False)  # complaint / repair
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    visited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    staff_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    result: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")
