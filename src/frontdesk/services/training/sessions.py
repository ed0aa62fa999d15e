"""培训记录: sessions (date, courses, trainer, hours, place), attendance per staff, and materials."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk import config
from frontdesk.db.models import Staff, TrainingAttendance, TrainingMaterial, TrainingSession
from frontdesk.db.models.training import ATTENDANCE_STATES
from frontdesk.errors import NotFound, ValidationError, ValueProblem
from frontdesk.services import authz, clock
from frontdesk.services.money import parse_amount
from frontdesk.services.text import normalize
from frontdesk.services.training.common import (
    ensure_not_future,
    ensure_open,
    free_text,
    pass_mark,
    staff_problem,
)
from frontdesk.services.training.exams import PassStats, pass_stats

COURSE_SEPARATOR = "、"
MAX_MATERIAL_BYTES = 200 * 1024 * 1024


@dataclass
class SessionInput:
    held_on: date | None
    courses: list[str]
    trainer: str
    hours: str | Decimal
    place: str = ""
    remark: str = ""
    attendance: dict[int, str] = field(default_factory=dict)  # staff id -> 出席 / 迟到 / 缺席


@dataclass
class SessionRow:
    id: int
    held_on: date
    courses: str
    trainer: str
    hours: Decimal
    place: str
    attendees: int
    present: int
    late: int
    absent: int
    stats: PassStats
    materials: int

    @property
    def attendance_text(self) -> str:
        return f"出席 {self.present} · 迟到 {self.late} · 缺席 {self.absent}"


def parse_hours(raw, field: str = "hours") -> Decimal:
    return parse_amount(raw, min="0.1", max=24, places=1, label="课时", field=field, example="1.5（小时）")


def _parse_hours(raw, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_hours(raw)
    except ValueProblem as exc:
        errors.update(exc.errors)
        return None


def _validate(session: Session, data: SessionInput) -> tuple[date, Decimal]:
    errors: dict[str, str] = {}
    held_on = None
    try:
        held_on = ensure_not_future(data.held_on, "培训日期", "held_on")
    except ValidationError as exc:
        errors.update(exc.errors)
    courses = [normalize(c) for c in data.courses if normalize(c)]
    if not courses:
        errors["courses"] = "请至少选择一门培训课程"
    elif len(COURSE_SEPARATOR.join(courses)) > 400:
        errors["courses"] = "所选课程太多，一次培训请不超过 400 字的课程名"
    if not normalize(data.trainer):
        errors["trainer"] = "请填写培训讲师"
    hours = _parse_hours(data.hours, errors)
    if not data.attendance:
        errors["attendance"] = "请登记参加培训的员工及出勤情况"
    for staff_id, state in data.attendance.items():
        if state not in ATTENDANCE_STATES:
            errors["attendance"] = f"出勤只能是 {'、'.join(ATTENDANCE_STATES)}"
        elif data.held_on is not None:
            problem = staff_problem(session.get(Staff, staff_id), data.held_on)
            if problem:
                errors["attendance"] = problem
    if errors or held_on is None or hours is None:
        raise ValidationError(errors)
    return held_on, hours


def save_session(session: Session, data: SessionInput, session_id: int | None = None) -> int:
    authz.require(session, "training")
    held_on, hours = _validate(session, data)
    ensure_open(session, held_on, "held_on")
    if session_id is None:
        record = TrainingSession()
        session.add(record)
    else:
        record = _get(session, session_id)
        ensure_open(session, record.held_on, "held_on")
    record.held_on = held_on
    record.courses = COURSE_SEPARATOR.join(normalize(c) for c in data.courses if normalize(c))
    record.trainer = normalize(data.trainer)
    record.hours = hours
    record.place = normalize(data.place)
    record.remark = free_text(data.remark)
    existing = {a.staff_id: a for a in record.attendance}
    for staff_id, row in existing.items():
        if staff_id not in data.attendance:
            record.attendance.remove(row)
    for staff_id, state in data.attendance.items():
        present = existing.get(staff_id)
        if present is None:
            record.attendance.append(TrainingAttendance(staff_id=staff_id, status=state))
        else:
            present.status = state
            if state == "缺席":
                row.score = row.retest_score = row.retest_on = None
    session.flush()
    return record.id


def _get(session: Session, session_id: int) -> TrainingSession:
    record = session.get(TrainingSession, session_id, options=[selectinload(TrainingSession.attendance)])
    if record is None or record.deleted_at is not None:
        raise NotFound("这次培训记录已不存在，请刷新列表")
    return record


def get_session(session: Session, session_id: int) -> TrainingSession:
    return _get(session, session_id)


def void_session(session: Session, session_id: int, reason: str) -> None:
    """作废 a training recorded by mistake (with its attendance and scores): gone from every list and
    figure, kept in the audit log with the reason, as every other record is voided."""
    authz.require(session, "training")
    record = _get(session, session_id)
    ensure_open(session, record.held_on, "held_on")
    if not normalize(reason):
        raise ValidationError({"reason": "请写明作废原因，例如“重复登记”"})
    record.remark = (record.remark + "\n" if record.remark else "") + f"【作废】{normalize(reason)}"
    record.deleted_at = clock.now()


def _active(year: int | None):
    stmt = select(TrainingSession)
    if year:
        stmt = stmt.where(TrainingSession.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    return stmt


SORTS = {"held_on": TrainingSession.held_on, "trainer": TrainingSession.trainer, "hours": TrainingSession.hours}


def count_sessions(session: Session, year: int | None = None) -> int:
    return session.scalar(select(func.count()).select_from(_active(year).subquery())) or 0


def total_hours(session: Session, year: int | None = None) -> Decimal:
    """课时 of all the year's sessions (summed in SQL, not from the page on screen)."""
    active = _active(year).subquery()
    return Decimal(session.scalar(select(func.coalesce(func.sum(active.c.hours), 0))) or 0)


def list_sessions(session: Session, year: int | None = None, offset: int = 0, limit: int = 200,
                  sort: str = "held_on", descending: bool = True) -> list[SessionRow]:
    column = SORTS.get(sort, TrainingSession.held_on)
    stmt = (_active(year).options(selectinload(TrainingSession.attendance), selectinload(TrainingSession.materials))
            .order_by(column.desc() if descending else column, TrainingSession.id.desc()).offset(offset).limit(limit))
    mark = pass_mark(session)
    return [_row(s, mark) for s in session.scalars(stmt)]


@dataclass
class AttendanceLine:
    """One attendee of one session, as the year's training workbook lists it."""

    session_id: int
    held_on: date
    courses: str
    trainer: str
    hours: Decimal
    place: str
    staff_name: str
    status: str
    score: Decimal | None
    retest_score: Decimal | None
    retest_on: date | None


def attendance_of_year(session: Session, year: int) -> list[AttendanceLine]:
    """Every attendee of the year's sessions, by date, session and staff."""
    rows = session.scalars(
        select(TrainingAttendance).join(TrainingSession)
        .where(TrainingSession.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .options(selectinload(TrainingAttendance.session), selectinload(TrainingAttendance.staff))
        .order_by(TrainingSession.held_on, TrainingSession.id, TrainingAttendance.staff_id))
    return [AttendanceLine(a.session_id, a.session.held_on, a.session.courses, a.session.trainer, a.session.hours,
                           a.session.place, a.staff.name, a.status, a.score, a.retest_score, a.retest_on)
            for a in rows]


def _row(record: TrainingSession, mark: Decimal) -> SessionRow:
    states = [a.status for a in record.attendance]
    return SessionRow(
        id=record.id, held_on=record.held_on, courses=record.courses, trainer=record.trainer, hours=record.hours,
        place=record.place, attendees=len(states), present=states.count("出席"), late=states.count("迟到"),
        absent=states.count("缺席"), stats=pass_stats(record.attendance, mark),
        materials=sum(1 for m in record.materials if m.deleted_at is None))


# ---- materials --------------------------------------------------------------------------


def materials_root() -> Path:
    root = config.attachments_dir() / "training"
    root.mkdir(parents=True, exist_ok=True)
    return root


def attach_material(session: Session, session_id: int, source: Path) -> int:
    """Copy a file into the data directory's attachments and list it under the session."""
    authz.require(session, "training")
    record = _get(session, session_id)
    source = Path(source)
    if not source.is_file():
        raise ValidationError({"material": f"找不到文件“{source}”，请重新选择"})
    size = source.stat().st_size
    if size > MAX_MATERIAL_BYTES:
        raise ValidationError({"material": f"文件“{source.name}”超过 200 MB，请压缩后再附上"})
    stored = f"{record.id}/{uuid.uuid4().hex[:8]}_{source.name}"
    target = materials_root() / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    config.make_private(target)
    material = TrainingMaterial(file_name=source.name, stored_name=stored, size=size)
    record.materials.append(material)
    session.flush()
    return material.id


def material_path(session: Session, material_id: int) -> Path:
    material = session.get(TrainingMaterial, material_id)
    if material is None or material.deleted_at is not None:
        raise NotFound("这份培训资料已不存在")
    path = materials_root() / material.stored_name
    if not path.exists():
        raise NotFound(f"资料文件“{material.file_name}”不在数据目录中（可能已被移走），请重新附上")
    return path


def remove_material(session: Session, material_id: int) -> None:
    authz.require(session, "training")
    material = session.get(TrainingMaterial, material_id)
    if material is not None and material.deleted_at is None:
        material.deleted_at = clock.now()  # the file stays, so the record remains traceable


def materials_of(session: Session, session_id: int) -> list[TrainingMaterial]:
    return list(session.scalars(select(TrainingMaterial).where(
        TrainingMaterial.session_id == session_id).order_by(TrainingMaterial.id)))
