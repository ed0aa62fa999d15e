"""笔试成绩: scores per attendee (0–100), the pass mark, and the re-test of those who failed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import TrainingAttendance, TrainingSession
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz
from frontdesk.services.training.common import (
    ONE_PLACE,
    ensure_not_future,
    ensure_open,
    parse_score,
    pass_mark,
    percent,
)


@dataclass(frozen=True)
class PassStats:
    tested: int
    passed: int  # at the first attempt
    passed_after_retest: int
    average: Decimal | None

    @property
    def pass_rate(self) -> Decimal | None:
        return percent(self.passed, self.tested)

    @property
    def final_pass_rate(self) -> Decimal | None:
        return percent(self.passed + self.passed_after_retest, self.tested)


def pass_stats(rows: Iterable[TrainingAttendance], mark: Decimal) -> PassStats:
    scored = [(r.score, r.retest_score) for r in rows if r.score is not None]
    passed = sum(1 for score, _retest in scored if score >= mark)
    retest = sum(1 for score, again in scored if score < mark and again is not None and again >= mark)
    total = sum((score for score, _retest in scored), Decimal(0))
    average = (total / len(scored)).quantize(ONE_PLACE, ROUND_HALF_UP) if scored else None
    return PassStats(len(scored), passed, retest, average)


def effective_score(row: TrainingAttendance, mark: Decimal) -> Decimal | None:
    """What counts in the monthly assessment: the score, or the pass mark once a re-test is passed."""
    if row.score is None:
        return None
    if row.score < mark and row.retest_score is not None and row.retest_score >= mark:
        return mark
    return row.score


@dataclass
class ExamLine:
    attendance_id: int
    staff_id: int
    name: str
    status: str
    score: Decimal | None
    retest_score: Decimal | None
    retest_on: date | None
    result: str  # 合格 / 不合格 / 补考合格 / 待补考 / 缺考 / ""
    may_retest: bool  # failed the written test, so a 补考 score may be entered


def may_retest(row: TrainingAttendance, mark: Decimal) -> bool:
    """Only who sat the test and scored below the pass mark takes a re-test."""
    return row.status != "缺席" and row.score is not None and row.score < mark


def _result(row: TrainingAttendance, mark: Decimal) -> str:
    if row.status == "缺席":
        return "缺考"
    if row.score is None:
        return ""
    if row.score >= mark:
        return "合格"
    if row.retest_score is None:
        return "待补考"
    return "补考合格" if row.retest_score >= mark else "不合格"


def _session(session: Session, session_id: int) -> TrainingSession:
    record = session.get(TrainingSession, session_id, options=[
        selectinload(TrainingSession.attendance).selectinload(TrainingAttendance.staff)])
    if record is None or record.deleted_at is not None:
        raise NotFound("这次培训记录已不存在，请刷新列表")
    return record


def exam_lines(session: Session, session_id: int) -> list[ExamLine]:
    record = _session(session, session_id)
    mark = pass_mark(session)
    return [ExamLine(a.id, a.staff_id, a.staff.name, a.status, a.score, a.retest_score, a.retest_on, _result(a, mark),
                     may_retest(a, mark))
            for a in record.attendance]


def record_scores(session: Session, session_id: int, scores: dict[int, object]) -> PassStats:
    """Scores by staff id ("" clears); all are checked before any is saved."""
    authz.require(session, "training")
    record = _session(session, session_id)
    ensure_open(session, record.held_on, "score")
    rows = {a.staff_id: a for a in record.attendance}
    parsed: dict[int, Decimal | None] = {}
    errors: dict[str, str] = {}
    for staff_id, raw in scores.items():
        row = rows.get(staff_id)
        if row is None:
            errors[f"score.{staff_id}"] = "该员工没有参加这次培训，不能登记成绩"
            continue
        try:
            parsed[staff_id] = parse_score(raw, row.staff.name, f"score.{staff_id}")
        except ValidationError as exc:
            errors.update(exc.errors)
            continue
        if parsed[staff_id] is not None and row.status == "缺席":
            errors[f"score.{staff_id}"] = f"{row.staff.name} 缺席了这次培训，不能登记笔试成绩（可先把出勤改为出席或迟到）"
    if errors:
        raise ValidationError(errors)
    mark = pass_mark(session)
    for staff_id, value in parsed.items():
        row = rows[staff_id]
        row.score = value
        if value is None or value >= mark:
            row.retest_score = row.retest_on = None
    session.flush()
    return pass_stats(record.attendance, mark)


def record_retest(session: Session, session_id: int, scores: dict[int, object], held_on: date | None) -> PassStats:
    """补考: only those who failed the test can have a re-test score."""
    authz.require(session, "training")
    record = _session(session, session_id)
    ensure_open(session, record.held_on, "retest")
    held_on = ensure_not_future(held_on, "补考日期", "retest_on")
    if held_on < record.held_on:
        raise ValidationError({"retest_on": f"补考日期不能早于培训日期 {record.held_on:%Y-%m-%d}"})
    mark = pass_mark(session)
    rows = {a.staff_id: a for a in record.attendance}
    parsed: dict[int, Decimal | None] = {}
    errors: dict[str, str] = {}
    for staff_id, raw in scores.items():
        row = rows.get(staff_id)
        if row is None or not may_retest(row, mark):
            name = row.staff.name if row else "该员工"
            errors[f"retest.{staff_id}"] = f"{name} 笔试没有不合格，不需要补考（及格线 {mark} 分）"
            continue
        try:
            parsed[staff_id] = parse_score(raw, f"{row.staff.name}补考", f"retest.{staff_id}")
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    for staff_id, value in parsed.items():
        rows[staff_id].retest_score = value
        rows[staff_id].retest_on = held_on if value is not None else None
    session.flush()
    return pass_stats(record.attendance, mark)
