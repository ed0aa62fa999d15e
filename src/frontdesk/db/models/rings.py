"""来电记录: every ring the phone line reported, matched to a unit where the number is known."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.db.base import Base

ANSWERED, MISSED, CALLED_BACK = "已接", "未接", "已回拨"
RING_STATUSES = (ANSWERED, MISSED, CALLED_BACK)
WITHHELD = "私密号码"  # the box sends P (private) or O (out of area) instead of a number


class Ring(Base):
    """One incoming call seen by the caller-ID box or the phone system (not business data one edits:
    it is what the line said, then who took it)."""

    __tablename__ = "rings"
    __table_args__ = (Index("ix_rings_rang_at", "rang_at"), Index("ix_rings_number", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    rang_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    number: Mapped[str] = mapped_column(String(20), nullable=False, default="")  # digits, or 私密号码
    line: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="")  # 串口 / 本机接口 / 测试
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    caller_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(4), nullable=False, default=MISSED)
    answered_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), nullable=True)
