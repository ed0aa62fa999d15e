"""月度考核: each assessed staff member's month, scored from written tests, daily inspections,
training attendance and the service figures of the other desks, with weights from settings.

Points out of 100 (weights in `assessment_weights`):
- 笔试: weight × average test score / 100 (a passed re-test counts as the pass mark);
- 日检查: weight − the month's inspection deductions (not below 0);
- 培训出勤: weight × attendance rate (出席 1, 迟到 ½, 缺席 0);
- 接待量: weight × calls and visits handled as 首问负责人 / `assessment_calls_target` (at most 1);
- 回访满意: weight × share of 满意/基本满意 return visits of the matters they handled;
- minus `assessment_complaint_deduction` per effective complaint that names them.
A part with nothing to measure in the month (no test, no training, no visit) counts in full.
The grade and the suggested reward (positive) or penalty (negative) come from `assessment_rewards`.
The supervisor may change the amount with a reason, then confirms the month, which locks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from frontdesk.db.models import (
    Complaint,
    Contact,
    MonthlyAssessment,
    ReturnVisit,
    Staff,
    TrainingAttendance,
    TrainingSession,
)
from frontdesk.db.soft_delete import SHOW_VOIDED
from frontdesk.errors import ValidationError
from frontdesk.services import authz, clock, commission, day_lock, settings
from frontdesk.services.money import CENT, parse_amount
from frontdesk.services.training.common import (
    ONE_PLACE,
    assessed_roles,
    free_text,
    is_locked,
    month_bounds,
    month_of,
    parse_month,
    pass_mark,
)
from frontdesk.services.training.exams import effective_score
from frontdesk.services.training.inspections import deductions_by_staff

SATISFIED = ("满意", "基本满意")
VISITED = ("满意", "基本满意", "不满意")


@dataclass
class Figures:
    test_average: Decimal | None = None
    attendance_rate: Decimal | None = None
    inspected_days: int = 0
    deduction: Decimal = Decimal(0)
    calls: int = 0
    complaints: int = 0
    satisfaction: Decimal | None = None
    tests_missing: int = 0  # tests held at trainings they attended, with no score of theirs: 0 points each


@dataclass
class AssessmentRow:
    staff_id: int
    name: str
    role: str
    figures: Figures
    score: Decimal
    grade: str
    suggested_amount: Decimal
    amount: Decimal
    reason: str
    confirmed_at: datetime | None = None
    confirmed_by: str = ""
    notes: list[str] = field(default_factory=list)
    collector: commission.CollectorFigures | None = None  # a 收费员's part: rate, arrears, letters, 提成

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def _weights(session: Session) -> dict[str, Decimal]:
    raw = settings.get(session, "assessment_weights") or {}
    return {key: Decimal(str(raw.get(key, 0))) for key in ("test", "inspection", "attendance", "calls", "satisfaction")}


def grade_for(session: Session, score: Decimal) -> tuple[str, Decimal]:
    table = sorted(settings.get(session, "assessment_rewards") or [], key=lambda r: -Decimal(str(r["min"])))
    for rule in table:
        if score >= Decimal(str(rule["min"])):
            return str(rule["grade"]), Decimal(str(rule["amount"])).quantize(CENT)
    return "", Decimal("0.00")


def score_of(session: Session, fig: Figures) -> tuple[Decimal, list[str]]:
    w = _weights(session)
    notes = []
    parts = Decimal(0)
    if fig.test_average is None:
        parts += w["test"]
        notes.append("本月无笔试，笔试按满分计")
    else:
        parts += w["test"] * fig.test_average / 100
    if fig.tests_missing:
        notes.append(f"{fig.tests_missing} 次笔试没有成绩，按 0 分计；如是漏录，请在“笔试成绩”页补录")
    parts += max(Decimal(0), w["inspection"] - fig.deduction)
    if fig.attendance_rate is None:
        parts += w["attendance"]
        notes.append("本月无培训，出勤按满分计")
    else:
        parts += w["attendance"] * fig.attendance_rate / 100
    target = Decimal(str(settings.get(session, "assessment_calls_target") or 0))
    parts += w["calls"] * (min(Decimal(1), Decimal(fig.calls) / target) if target > 0 else Decimal(1))
    if fig.satisfaction is None:
        parts += w["satisfaction"]
        notes.append("本月无回访结果，满意度按满分计")
    else:
        parts += w["satisfaction"] * fig.satisfaction / 100
    parts -= Decimal(str(settings.get(session, "assessment_complaint_deduction") or 0)) * fig.complaints
    return min(Decimal(100), max(Decimal(0), parts)).quantize(ONE_PLACE, ROUND_HALF_UP), notes


def _month_window(month: str) -> tuple[date, date, datetime, datetime]:
    first, last = month_bounds(month)
    return first, last, datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())


def _training_figures(session: Session, first: date, last: date) -> dict[int, tuple[Decimal | None, Decimal, int]]:
    """Per person: the average test score, the attendance rate, and how many tests held at trainings they
    attended have no score of theirs (a test was held when anyone at it has a score): those count 0,
    never as “no test this month” in full."""
    mark = pass_mark(session)
    rows = list(session.scalars(
        select(TrainingAttendance).join(TrainingSession)
        .where(TrainingSession.held_on.between(first, last))))
    tested = {row.session_id for row in rows if row.score is not None}
    per: dict[int, list[TrainingAttendance]] = {}
    for row in rows:
        per.setdefault(row.staff_id, []).append(row)
    result = {}
    for staff_id, items in per.items():
        missing = [r for r in items if r.score is None and r.session_id in tested and r.status != "缺席"]
        scores = [s for s in (effective_score(r, mark) for r in items) if s is not None] + [Decimal(0)] * len(missing)
        average = (sum(scores, Decimal(0)) / len(scores)).quantize(ONE_PLACE, ROUND_HALF_UP) if scores else None
        credit = sum((Decimal(1) if r.status == "出席" else Decimal("0.5") if r.status == "迟到" else Decimal(0)
                      for r in items), Decimal(0))
        result[staff_id] = (average, (credit * 100 / len(items)).quantize(ONE_PLACE, ROUND_HALF_UP), len(missing))
    return result


def _service_figures(session: Session, person: Staff, start: datetime, end: datetime) -> tuple[int, int, Decimal | None]:
    in_month = Contact.occurred_at.between(start, end - timedelta(seconds=1))
    calls = session.scalar(select(func.count()).select_from(Contact).where(
        Contact.owner_id == person.id, in_month)) or 0
    named = f"%{person.name}%"
    complaints = session.scalar(select(func.count()).select_from(Complaint).join(Contact).where(
        in_month, Complaint.effective == "有效", or_(Contact.content.like(named), Complaint.cause.like(named)))) or 0
    visited = ReturnVisit.visited_at.between(start, end - timedelta(seconds=1))
    of_complaints = (select(ReturnVisit.result).join(Complaint, Complaint.id == ReturnVisit.target_id)
                     .join(Contact, Contact.id == Complaint.contact_id)
                     .where(ReturnVisit.target_kind == "complaint", visited, Contact.owner_id == person.id,
                            ReturnVisit.result.in_(VISITED)))
    of_repairs = (select(ReturnVisit.result).join(Contact, Contact.repair_order_id == ReturnVisit.target_id)
                  .where(ReturnVisit.target_kind == "repair", visited, Contact.owner_id == person.id,
                         ReturnVisit.result.in_(VISITED)))
    results = list(session.scalars(of_complaints)) + list(session.scalars(of_repairs))
    satisfaction = None
    if results:
        satisfaction = (Decimal(sum(1 for r in results if r in SATISFIED)) * 100 / len(results)).quantize(ONE_PLACE, ROUND_HALF_UP)
    return calls, complaints, satisfaction


def _assessed(session: Session, first: date, last: date, stored: dict[int, MonthlyAssessment]) -> list[Staff]:
    people = session.scalars(select(Staff).where(Staff.role.in_(assessed_roles(session)))
                             .order_by(Staff.id)).all()
    chosen = [p for p in people if p.active and (p.hire_date is None or p.hire_date <= last)]
    extra = [session.get(Staff, sid) for sid in stored if sid not in {p.id for p in chosen}]
    return chosen + [p for p in extra if p is not None]


def compute_month(session: Session, month: str) -> list[AssessmentRow]:
    """The month's sheet: the stored figures once confirmed, otherwise computed now."""
    month = parse_month(month)
    first, last, start, end = _month_window(month)
    stored = {a.staff_id: a for a in session.scalars(
        select(MonthlyAssessment).where(MonthlyAssessment.month == month))}
    if stored and any(a.confirmed_at for a in stored.values()):
        return _with_collectors(session, month, [_from_stored(session, a)
                                                 for a in sorted(stored.values(), key=lambda a: a.staff_id)])
    training = _training_figures(session, first, last)
    inspected = deductions_by_staff(session, first, last)
    rows = []
    for person in _assessed(session, first, last, stored):
        average, rate, missing = training.get(person.id, (None, None, 0))
        days, deduction = inspected.get(person.id, (0, Decimal(0)))
        calls, complaints, satisfaction = _service_figures(session, person, start, end)
        fig = Figures(average, rate, days, deduction, calls, complaints, satisfaction, missing)
        score, notes = score_of(session, fig)
        grade, suggested = grade_for(session, score)
        saved = stored.get(person.id)
        amount = saved.amount if saved is not None else suggested
        reason = saved.reason if saved is not None else _default_reason(grade, suggested)
        rows.append(AssessmentRow(person.id, person.name, person.role, fig, score, grade, suggested,
                                  amount, reason, notes=notes))
    return _with_collectors(session, month, rows)


def _with_collectors(session: Session, month: str, rows: list[AssessmentRow]) -> list[AssessmentRow]:
    """The collectors' part (提成制), as confirmed with the month or computed now."""
    if not any(r.role == authz.COLLECTOR for r in rows):
        return rows
    figures = {f.staff_id: f for f in commission.figures_of_month(session, month)}  # shown to whoever assesses
    for row in rows:
        row.collector = figures.get(row.staff_id) if row.role == authz.COLLECTOR else None
        if row.collector is not None:
            row.notes.extend(row.collector.notes)
    return rows


def _default_reason(grade: str, amount: Decimal) -> str:
    if amount > 0:
        return f"考核{grade}，按奖惩标准奖励"
    if amount < 0:
        return f"考核{grade}，按奖惩标准处罚"
    return f"考核{grade}" if grade else ""


def _from_stored(session: Session, a: MonthlyAssessment) -> AssessmentRow:
    fig = Figures(a.test_average, a.attendance_rate, 0, a.deduction, a.calls, a.complaints, a.satisfaction)
    _grade, suggested = grade_for(session, a.score)
    return AssessmentRow(a.staff_id, a.staff.name, a.staff.role, fig, a.score, a.grade, suggested, a.amount,
                         a.reason, a.confirmed_at, a.confirmed_by)


def _locked_error(month: str) -> ValidationError:
    return ValidationError({"month": f"{month} 的月度考核已确认并锁定，不能再修改"})


def _store(session: Session, month: str, row: AssessmentRow, existing: MonthlyAssessment | None) -> MonthlyAssessment:
    record = existing or MonthlyAssessment(month=month, staff_id=row.staff_id)
    if existing is None:
        session.add(record)
    fig = row.figures
    record.test_average, record.attendance_rate = fig.test_average, fig.attendance_rate
    record.deduction, record.calls, record.complaints = fig.deduction, fig.calls, fig.complaints
    record.satisfaction, record.score, record.grade = fig.satisfaction, row.score, row.grade
    record.amount, record.reason = row.amount, row.reason
    return record


def parse_award(raw) -> Decimal:
    """Reward (+) or penalty (−) in yuan."""
    return parse_amount(raw, min="-99999.99", max="99999.99", label="奖惩金额（奖励填正数，处罚填负数）",
                        example="100 或 -50")


def set_award(session: Session, month: str, staff_id: int, amount, reason: str) -> None:
    """The supervisor's reward (+) or penalty (−) with its reason; a changed amount needs a reason."""
    authz.require(session, "assessments")
    month = parse_month(month)
    if is_locked(session, month):
        raise _locked_error(month)
    value = parse_award(amount)
    reason = free_text(reason)
    row = next((r for r in compute_month(session, month) if r.staff_id == staff_id), None)
    if row is None:
        raise ValidationError({"staff": "该员工不在本月的考核名单中"})
    if value != row.suggested_amount and not reason:
        raise ValidationError({"reason": "金额与奖惩标准不同，请写明奖惩理由"})
    row.amount, row.reason = value, reason or _default_reason(row.grade, value)
    existing = session.scalar(select(MonthlyAssessment).where(
        MonthlyAssessment.month == month, MonthlyAssessment.staff_id == staff_id).execution_options(**SHOW_VOIDED))
    _store(session, month, row, existing)
    session.flush()


def may_confirm_yet(month: str) -> bool:
    """A month is confirmed from its last day on (the supervisor's month-end), never while days are left."""
    today = clock.today()
    return month < month_of(today) or (month == month_of(today) and (today + timedelta(days=1)).day == 1)


def confirm_month(session: Session, month: str, confirmed_by: str) -> int:
    """Store the month's figures and lock it; returns the number of staff confirmed."""
    authz.require(session, "assessments")
    month = parse_month(month)
    day_lock.lock_month_to_confirm(session, month)  # the month's money being saved is in, or waits
    if is_locked(session, month):
        raise _locked_error(month)
    if month > month_of(clock.today()):
        raise ValidationError({"month": f"{month} 还没有到，不能确认考核"})
    if not may_confirm_yet(month):  # confirming locks the month's checks, scores and money
        raise ValidationError({"month": f"{month} 还没有到月底，最后一天起才能确认考核：确认后这个月的日常检查、"
                                        "笔试成绩和收款都不能再登记"})
    rows = compute_month(session, month)
    if not rows:
        raise ValidationError({"month": f"{month} 没有需要考核的员工"})
    existing = {a.staff_id: a for a in session.scalars(
        select(MonthlyAssessment).where(MonthlyAssessment.month == month).execution_options(**SHOW_VOIDED))}
    now = clock.now()
    for row in rows:
        record = _store(session, month, row, existing.get(row.staff_id))
        record.deleted_at = None
        record.confirmed_at, record.confirmed_by = now, confirmed_by
    commission.confirm_month(session, month, confirmed_by, now)
    session.flush()
    return len(rows)
