"""What the reports need: the training part of a monthly report and one staff member's training file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import MonthlyAssessment, TrainingAttendance, TrainingSession
from frontdesk.services.training.common import month_bounds, pass_mark, percent
from frontdesk.services.training.exams import PassStats, pass_stats
from frontdesk.services.training.inspections import InspectionLine, deductions_by_staff, inspection_lines
from frontdesk.services.training.people import StaffRecord, get_record


@dataclass
class TrainingSummary:
    """培训情况 of a period: sessions, hours, attendance rate, test average and pass rate."""

    start: date
    end: date
    sessions: int
    hours: Decimal
    person_hours: Decimal
    attendance_rows: int
    arrived: int  # present or late
    tests: PassStats
    inspections: int
    deduction: Decimal

    @property
    def attendance_rate(self) -> Decimal | None:
        return percent(self.arrived, self.attendance_rows)


def training_summary(session: Session, start: date, end: date) -> TrainingSummary:
    records = session.scalars(
        select(TrainingSession).where(TrainingSession.held_on.between(start, end))
        .options(selectinload(TrainingSession.attendance))).all()
    rows = [a for s in records for a in s.attendance]
    arrived = [a for a in rows if a.status != "缺席"]
    person_hours = sum((s.hours * sum(1 for a in s.attendance if a.status != "缺席") for s in records), Decimal(0))
    inspected = deductions_by_staff(session, start, end)
    return TrainingSummary(
        start, end, len(records), sum((s.hours for s in records), Decimal(0)), person_hours, len(rows), len(arrived),
        pass_stats(rows, pass_mark(session)), sum(days for days, _ in inspected.values()),
        sum((points for _, points in inspected.values()), Decimal(0)))


def month_summary(session: Session, month: str) -> TrainingSummary:
    return training_summary(session, *month_bounds(month))


@dataclass
class FileSession:
    held_on: date
    courses: str
    trainer: str
    hours: Decimal
    status: str
    score: Decimal | None
    retest_score: Decimal | None


@dataclass
class FileAssessment:
    month: str
    score: Decimal
    grade: str
    amount: Decimal
    reason: str


@dataclass
class StaffFile:
    """A staff member's 培训档案: every session, score, inspection and confirmed assessment."""

    person: StaffRecord
    sessions: list[FileSession]
    inspections: list[InspectionLine]
    assessments: list[FileAssessment]
    pass_mark: Decimal

    @property
    def hours(self) -> Decimal:
        return sum((s.hours for s in self.sessions if s.status != "缺席"), Decimal(0))


def staff_file(session: Session, staff_id: int, start: date | None = None, end: date | None = None) -> StaffFile:
    person = get_record(session, staff_id)
    start = start or date(1900, 1, 1)
    end = end or date(9999, 12, 31)
    rows = session.scalars(
        select(TrainingAttendance).join(TrainingSession)
        .where(TrainingAttendance.staff_id == staff_id, TrainingSession.held_on.between(start, end))
        .options(selectinload(TrainingAttendance.session)).order_by(TrainingSession.held_on)).all()
    sessions = [FileSession(a.session.held_on, a.session.courses, a.session.trainer, a.session.hours, a.status,
                            a.score, a.retest_score) for a in rows]
    assessments = [FileAssessment(a.month, a.score, a.grade, a.amount, a.reason) for a in session.scalars(
        select(MonthlyAssessment).where(MonthlyAssessment.staff_id == staff_id, MonthlyAssessment.confirmed_at.is_not(None),
                                        MonthlyAssessment.month.between(f"{start:%Y-%m}", f"{end:%Y-%m}"))
        .order_by(MonthlyAssessment.month))]
    return StaffFile(person, sessions, inspection_lines(session, start, end, staff_id), assessments, pass_mark(session))
