"""培训考核: training sessions and attendance, daily inspections, weekly slogans, monthly assessments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.staff import Staff

ATTENDANCE_STATES = ("出席", "迟到", "缺席")


class TrainingSession(Tracked, Base):
    """One training held for the desk: when, which courses, by whom, how long, where."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    courses: Mapped[str] = mapped_column(String(400), nullable=False)  # course names joined by "、"
    trainer: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1), nullable=False)
    place: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    attendance: Mapped[list[TrainingAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="TrainingAttendance.staff_id")
    materials: Mapped[list[TrainingMaterial]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="TrainingMaterial.id")


class TrainingAttendance(Tracked, Base):
    """One staff member at one session: attendance and the written test (with a re-test)."""

    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("session_id", "staff_id", name="uq_training_attendance_session_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), nullable=False)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(4), nullable=False)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), nullable=True)
    retest_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), nullable=True)
    retest_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")
    staff: Mapped[Staff] = relationship()


class TrainingMaterial(Tracked, Base):
    """A file handed out at a session, copied into the data directory's attachments."""

    __tablename__ = "training_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"),
                                            nullable=False, index=True)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(260), nullable=False)  # relative to attachments_dir()
    size: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    session: Mapped[TrainingSession] = relationship(back_populates="materials")


class Inspection(Tracked, Base):
    """日检查 of one staff member on one day: the checklist marks and their deductions."""

    __tablename__ = "inspections"
    __table_args__ = (UniqueConstraint("inspected_on", "staff_id", name="uq_inspections_day_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspected_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False, index=True)
    inspector: Mapped[str] = mapped_column(String(40), nullable=False)
    deduction: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False, default=Decimal(0))
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    staff: Mapped[Staff] = relationship()
    marks: Mapped[list[InspectionMark]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionMark.id")


class InspectionMark(Base):
    __tablename__ = "inspection_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"),
                                               nullable=False, index=True)
    item: Mapped[str] = mapped_column(String(40), nullable=False)
    passed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    deduction: Mapped[Decimal] = mapped_column(Numeric(4, 1), nullable=False, default=Decimal(0))

    inspection: Mapped[Inspection] = relationship(back_populates="marks")


class WeeklySlogan(Tracked, Base):
    """本周服务口号: one per week, the week named by its Monday."""

    __tablename__ = "weekly_slogans"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, nullable=False, unique=True)
    slogan: Mapped[str] = mapped_column(String(100), nullable=False)


class MonthlyAssessment(Tracked, Base):
    """月度考核 of one staff member: the figures it was computed from, score, reward or penalty."""

    __tablename__ = "monthly_assessments"
    __table_args__ = (UniqueConstraint("month", "staff_id", name="uq_monthly_assessments_month_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), nullable=False, index=True)  # YYYY-MM
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    test_average: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), nullable=True)
    attendance_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), nullable=True)
    deduction: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False, default=Decimal(0))
    calls: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    complaints: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    satisfaction: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), nullable=True)
    score: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False)
    grade: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal(0))
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    confirmed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    staff: Mapped[Staff] = relationship()
