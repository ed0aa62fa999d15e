"""违章记录: recording what a patrol found, its photos, the list and its filters, and the history."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from frontdesk import config
from frontdesk.db.models import (
    RectificationNotice,
    Reinspection,
    Unit,
    Violation,
    ViolationEvent,
    ViolationPhoto,
)
from frontdesk.db.models.violations import OPEN_VIOLATION_STATUSES
from frontdesk.errors import ConflictError, NotFound, ValidationError
from frontdesk.services import authz, clock, limits, ordering, settings, staff
from frontdesk.services.text import normalize
from frontdesk.services.unit_lookup import resolve_unit

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"}
MAX_PHOTO_BYTES = 30 * 1024 * 1024


@dataclass
class ViolationInput:
    kind: str
    description: str
    found_by: str
    found_date: date | None = None
    unit_text: str = ""
    unit_id: int | None = None
    location: str = ""


@dataclass
class ViolationFilter:
    status: str = ""
    kind: str = ""
    phase: int | None = None
    building: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    open_only: bool = False


@dataclass
class ViolationRow:
    id: int
    found_date: date
    place: str
    kind: str
    found_by: str
    description: str
    status: str
    notice_number: str
    deadline: date | None
    next_due: date | None
    overdue: bool


# ---- history ---------------------------------------------------------------------------


def log_event(session: Session, violation: Violation, text: str) -> None:
    violation.events.append(ViolationEvent(at=clock.now(), actor=session.info.get("actor", "系统"), text=text))


def place_of(violation: Violation) -> str:
    return violation.unit.code if violation.unit is not None else violation.location


# ---- recording -------------------------------------------------------------------------


def _validate(session: Session, data: ViolationInput) -> tuple[Unit | None, date]:
    errors: dict[str, str] = {}
    kinds = settings.lookup_values(session, "violation_kind")
    if normalize(data.kind) not in kinds:
        errors["kind"] = f"请选择违章类型：{'、'.join(kinds)}"
    if not normalize(data.description):
        errors["description"] = "请描述违章情况：在哪里、搭建或改动了什么、大致尺寸"
    if not normalize(data.found_by):
        errors["found_by"] = "请填写发现人（巡查员或前台人员姓名）"
    limits.check(errors, Violation, description=("违章情况", data.description), found_by=("发现人", data.found_by),
                 location=("位置", data.location))
    found = data.found_date or clock.today()
    if found > clock.today():
        errors["found_date"] = f"发现日期 {found:%Y-%m-%d} 晚于今天，请填写实际发现的日期"
    unit = None
    if not normalize(data.unit_text) and not data.unit_id and not normalize(data.location):
        errors["unit"] = "请填写房号，或在“公共位置”中写明地点（例如 3栋楼顶平台）"
    else:
        try:
            unit = resolve_unit(session, data.unit_text, data.unit_id)
        except ValidationError as exc:
            errors["unit"] = exc.errors.get("unit", exc.message)
    if errors:
        raise ValidationError(errors)
    return unit, found


def record_violation(session: Session, data: ViolationInput) -> int:
    authz.require(session, "violations")
    staff.record_as_named(session, data.found_by)  # 发现人
    unit, found = _validate(session, data)
    violation = Violation(
        unit=unit, location=normalize(data.location), kind=normalize(data.kind), found_date=found,
        found_by=normalize(data.found_by), description=normalize(data.description),
    )
    session.add(violation)
    log_event(session, violation, f"登记违章：{violation.kind}（{found:%Y-%m-%d} {violation.found_by}发现）")
    session.flush()
    return violation.id


def update_violation(session: Session, violation_id: int, data: ViolationInput, expected_version: int) -> None:
    authz.require(session, "violations")
    violation = get_violation(session, violation_id)
    if violation.version != expected_version:
        raise ConflictError(f"这条违章记录已被 {violation.updated_by} 于 {violation.updated_at:%H:%M} 修改，请重新打开后再改")
    unit, found = _validate(session, data)
    violation.unit, violation.location = unit, normalize(data.location)
    violation.kind, violation.found_date = normalize(data.kind), found
    violation.found_by, violation.description = normalize(data.found_by), normalize(data.description)
    log_event(session, violation, "修改违章记录")


def input_of(violation: Violation) -> ViolationInput:
    """The record as the form shows it, for correcting it with update_violation."""
    return ViolationInput(kind=violation.kind, description=violation.description, found_by=violation.found_by,
                          found_date=violation.found_date, unit_text=violation.unit.code if violation.unit else "",
                          unit_id=violation.unit_id, location=violation.location or "")


def get_violation(session: Session, violation_id: int) -> Violation:
    violation = session.get(Violation, violation_id, options=[
        selectinload(Violation.unit), selectinload(Violation.photos), selectinload(Violation.notices),
        selectinload(Violation.reinspections), selectinload(Violation.events)])
    if violation is None or violation.deleted_at is not None:
        raise NotFound("这条违章记录已不存在，请刷新列表")
    return violation


# ---- photos ----------------------------------------------------------------------------


def check_image(path: Path) -> None:
    """Refuse what is not a readable image, with a message naming the file."""
    from PIL import Image, UnidentifiedImageError

    name = path.name
    if not path.is_file():
        raise ValidationError({"photos": f"找不到文件“{name}”，请重新选择"})
    if path.stat().st_size > MAX_PHOTO_BYTES:
        raise ValidationError({"photos": f"照片“{name}”超过 30 MB，请压缩后再添加"})
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"photos": f"文件“{name}”不是图片，请选择 JPG、PNG 等照片文件"}) from None


def store_image(path: Path, folder: str = "violations") -> str:
    """Copy a checked image into the attachments folder; return its name there."""
    check_image(path)
    suffix = path.suffix.lower() if path.suffix.lower() in PHOTO_SUFFIXES else ".jpg"
    stored = f"{folder}/{clock.today():%Y%m}/{uuid.uuid4().hex}{suffix}"
    target = config.attachments_dir() / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    config.make_private(target)
    return stored


def attachment_path(stored_name: str) -> Path:
    return config.attachments_dir() / stored_name


def attach_photo(session: Session, violation_id: int, source: Path | str, caption: str = "") -> int:
    authz.require(session, "violations")
    violation = get_violation(session, violation_id)
    source = Path(source)
    stored = store_image(source)
    photo = ViolationPhoto(file_name=stored, original_name=source.name, caption=normalize(caption),
                           added_at=clock.now(), added_by=session.info.get("actor", "系统"))
    violation.photos.append(photo)
    log_event(session, violation, f"添加照片：{source.name}")
    session.flush()
    return photo.id


def remove_photo(session: Session, photo_id: int) -> None:
    authz.require(session, "violations")
    photo = session.get(ViolationPhoto, photo_id)
    if photo is None:
        raise NotFound("这张照片已不存在，请刷新")
    log_event(session, photo.violation, f"移除照片：{photo.original_name}")
    session.delete(photo)  # the file stays in the attachments folder, so the record can be traced


# ---- the list --------------------------------------------------------------------------


def _filtered(filt: ViolationFilter) -> Select:
    stmt = select(Violation.id)
    if filt.status:
        stmt = stmt.where(Violation.status == filt.status)
    if filt.open_only:
        stmt = stmt.where(Violation.status.in_(OPEN_VIOLATION_STATUSES))
    if filt.kind:
        stmt = stmt.where(Violation.kind == filt.kind)
    if filt.date_from:
        stmt = stmt.where(Violation.found_date >= filt.date_from)
    if filt.date_to:
        stmt = stmt.where(Violation.found_date <= filt.date_to)
    if filt.phase is not None or filt.building is not None:
        unit_ids = select(Unit.id)
        if filt.phase is not None:
            unit_ids = unit_ids.where(Unit.phase == filt.phase)
        if filt.building is not None:
            unit_ids = unit_ids.where(Unit.building == filt.building)
        stmt = stmt.where(Violation.unit_id.in_(unit_ids))
    needle = normalize(filt.text)
    if needle:
        numbers = select(RectificationNotice.violation_id).where(RectificationNotice.number.contains(needle))
        codes = select(Unit.id).where(Unit.code.contains(needle))
        stmt = stmt.where(or_(Violation.description.contains(needle, autoescape=True),
                              Violation.location.contains(needle, autoescape=True),
                              Violation.unit_id.in_(codes), Violation.id.in_(numbers)))
    return stmt


SORT_KEYS = {
    "found_date": Violation.found_date,
    "kind": Violation.kind,
    "status": Violation.status,
    "found_by": Violation.found_by,
    "place": Violation.unit_id,
}


def count_violations(session: Session, filt: ViolationFilter) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(filt).subquery())) or 0


def list_violations(session: Session, filt: ViolationFilter, offset: int = 0, limit: int = 200,
                    sort: str = "found_date", descending: bool = True) -> list[ViolationRow]:
    order = ordering.order_by(SORT_KEYS, sort, "found_date", Violation.id, descending)
    ids = list(session.scalars(_filtered(filt).order_by(*order).offset(offset).limit(limit)))
    if not ids:
        return []
    # The page as plain columns, with its latest notices and next re-inspections in two more queries:
    # loading each violation with its notices and re-inspections as objects cost most of a reload.
    found = {row.id: row for row in session.execute(
        select(Violation.id, Violation.found_date, Violation.location, Violation.kind, Violation.found_by,
               Violation.description, Violation.status, Unit.code)
        .outerjoin(Unit, Unit.id == Violation.unit_id).where(Violation.id.in_(ids)))}
    latest_notice = {violation_id: (number, deadline) for violation_id, number, deadline in session.execute(
        select(RectificationNotice.violation_id, RectificationNotice.number, RectificationNotice.deadline)
        .where(RectificationNotice.violation_id.in_(ids), RectificationNotice.voided_reason == "")
        .order_by(RectificationNotice.id))}  # the last one per violation stays
    next_due = dict(session.execute(
        select(Reinspection.violation_id, func.min(Reinspection.due_date))
        .where(Reinspection.violation_id.in_(ids), Reinspection.done_on.is_(None))
        .group_by(Reinspection.violation_id)).all())
    today = clock.today()
    rows = []
    for violation_id in ids:
        v = found[violation_id]
        number, deadline = latest_notice.get(violation_id, ("", None))
        due = next_due.get(violation_id)
        rows.append(ViolationRow(
            id=v.id, found_date=v.found_date, place=v.code if v.code is not None else v.location, kind=v.kind,
            found_by=v.found_by, description=v.description, status=v.status, notice_number=number,
            deadline=deadline, next_due=due, overdue=due is not None and due < today,
        ))
    return rows


def counts_by_kind(session: Session, date_from: date, date_to: date) -> dict[str, int]:
    """Violations found per kind in a period (the monthly report's figure), every kind listed."""
    rows = session.execute(
        select(Violation.kind, func.count()).where(Violation.found_date >= date_from, Violation.found_date <= date_to)
        .group_by(Violation.kind)).all()
    counts = dict.fromkeys(settings.lookup_values(session, "violation_kind"), 0)
    counts.update({kind: count for kind, count in rows})
    return counts


def month_bounds(month: str) -> tuple[date, date]:
    """"2026-11" -> (2026-11-01, 2026-11-30)."""
    try:
        year, mon = (int(part) for part in month.split("-"))
        first = date(year, mon, 1)
    except ValueError:
        raise ValidationError({"month": f"月份“{month}”格式不对，请写成 YYYY-MM，例如 2026-11"}) from None
    following = date(year + mon // 12, mon % 12 + 1, 1)
    return first, following - timedelta(days=1)


def pending_reinspection(session: Session, violation_id: int) -> Reinspection | None:
    return session.scalar(select(Reinspection).where(
        Reinspection.violation_id == violation_id, Reinspection.done_on.is_(None)).order_by(Reinspection.id.desc()))

