"""账号: sign-in accounts of the staff, and the notes handed over between shifts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.staff import Staff


class UserAccount(Tracked, Base):
    __tablename__ = "user_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    last_sign_in: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    staff: Mapped[Staff] = relationship()


class ShiftNote(Base):
    """交接班: what the person signing out leaves for the next shift."""

    __tablename__ = "shift_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    open_matters: Mapped[str] = mapped_column(Text, nullable=False, default="")

    staff: Mapped[Staff] = relationship()
