"""违章整改: violations found on patrol, rectification notices, their delivery and re-inspections."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.roster import Unit

# Where a violation stands; the follow-up service moves it along.
STATUS_RECORDED = "待发通知"
STATUS_RECTIFYING = "整改中"
STATUS_DONE = "已整改"
STATUS_REPORTED = "已上报"
VIOLATION_STATUSES = (STATUS_RECORDED, STATUS_RECTIFYING, STATUS_REPORTED, STATUS_DONE)
OPEN_VIOLATION_STATUSES = (STATUS_RECORDED, STATUS_RECTIFYING, STATUS_REPORTED)

DELIVERY_METHODS = ("当面签收", "张贴", "邮寄")
REINSPECTION_RESULTS = ("已整改", "部分整改", "未整改")


class Violation(Tracked, Base):
    __tablename__ = "violations"
    __table_args__ = (
        Index("ix_violations_found", "found_date"),
        Index("ix_violations_status_kind", "status", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    location: Mapped[str] = mapped_column(String(100), nullable=False, default="")  # a public place
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    found_date: Mapped[date] = mapped_column(Date, nullable=False)
    found_by: Mapped[str] = mapped_column(String(40), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default=STATUS_RECORDED)
    reported_to: Mapped[str] = mapped_column(String(40), nullable=False, default="")  # 城管 / 住建
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    unit: Mapped[Unit | None] = relationship()
    photos: Mapped[list[ViolationPhoto]] = relationship(
        back_populates="violation", order_by="ViolationPhoto.id", cascade="all, delete-orphan")
    notices: Mapped[list[RectificationNotice]] = relationship(
        back_populates="violation", order_by="RectificationNotice.id")
    reinspections: Mapped[list[Reinspection]] = relationship(
        back_populates="violation", order_by="Reinspection.id")
    events: Mapped[list[ViolationEvent]] = relationship(
        back_populates="violation", order_by="ViolationEvent.id", cascade="all, delete-orphan")


class ViolationPhoto(Base):
    """A photo kept in the data directory's attachments folder (`file_name` is relative to it)."""

    __tablename__ = "violation_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    violation_id: Mapped[int] = mapped_column(
        ForeignKey("violations.id", ondelete="CASCADE"), nullable=False, index=True)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    original_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    caption: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    added_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    violation: Mapped[Violation] = relationship(back_populates="photos")


class RectificationNotice(Tracked, Base):
    """整改通知书 ZG-YYYY-NNNN; the text is frozen at issue so a reprint is the same document."""

    __tablename__ = "rectification_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    violation_id: Mapped[int] = mapped_column(ForeignKey("violations.id"), nullable=False, index=True)
    level: Mapped[int] = mapped_column(Integer, nullable=False, default=1)  # 2: second notice
    issued_date: Mapped[date] = mapped_column(Date, nullable=False)
    issued_by: Mapped[str] = mapped_column(String(40), nullable=False)
    addressee: Mapped[str] = mapped_column(String(60), nullable=False)
    place: Mapped[str] = mapped_column(String(100), nullable=False)  # unit code or public location
    facts: Mapped[str] = mapped_column(Text, nullable=False)
    rule: Mapped[str] = mapped_column(String(200), nullable=False)
    requirement: Mapped[str] = mapped_column(Text, nullable=False)
    deadline: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    voided_reason: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    violation: Mapped[Violation] = relationship(back_populates="notices")
    deliveries: Mapped[list[NoticeDelivery]] = relationship(
        back_populates="notice", order_by="NoticeDelivery.id", cascade="all, delete-orphan")


class NoticeDelivery(Tracked, Base):
    """送达: 当面签收 (who signed), 张贴 (where, photo), 邮寄 (tracking number)."""

    __tablename__ = "notice_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("rectification_notices.id", ondelete="CASCADE"), nullable=False, index=True)
    method: Mapped[str] = mapped_column(String(8), nullable=False)
    delivered_on: Mapped[date] = mapped_column(Date, nullable=False)
    delivered_by: Mapped[str] = mapped_column(String(40), nullable=False)
    signed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    posted_at: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    photo_file: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    tracking_number: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    notice: Mapped[RectificationNotice] = relationship(back_populates="deliveries")


class Reinspection(Tracked, Base):
    """复查, due on the notice's deadline; the result closes, repeats or escalates the matter."""

    __tablename__ = "reinspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    violation_id: Mapped[int] = mapped_column(ForeignKey("violations.id"), nullable=False, index=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("rectification_notices.id"), nullable=False, index=True)
    due_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    result: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    inspector: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    violation: Mapped[Violation] = relationship(back_populates="reinspections")
    notice: Mapped[RectificationNotice] = relationship()


class ViolationEvent(Base):
    """One line of a violation's history, in the desk's words (登记, 出具通知书, 送达, 复查, 上报 …)."""

    __tablename__ = "violation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    violation_id: Mapped[int] = mapped_column(
        ForeignKey("violations.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(40), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    violation: Mapped[Violation] = relationship(back_populates="events")
