"""日检查: each day the supervisor checks every desk staff member against the checklist in settings.

The quick entry works on a day's grid: staff down, checklist items across; an item that failed
carries its deduction (the item's default from settings, or what the inspector typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import Inspection, InspectionMark, Staff
from frontdesk.db.soft_delete import SHOW_VOIDED
from frontdesk.errors import ValidationError
from frontdesk.services import authz, settings
from frontdesk.services.money import parse_amount
from frontdesk.services.text import normalize
from frontdesk.services.training.common import (
    assessed_roles,
    ensure_not_future,
    ensure_open,
    free_text,
    staff_problem,
    working_staff,
)


@dataclass(frozen=True)
class ChecklistItem:
    name: str
    deduction: Decimal


def checklist(session: Session) -> list[ChecklistItem]:
    return [ChecklistItem(str(item["name"]), Decimal(str(item.get("deduction", 1))))
            for item in settings.get(session, "inspection_items") or []]


@dataclass
class GridRow:
    staff_id: int
    name: str
    deductions: dict[str, Decimal | None] = field(default_factory=dict)  # item -> None (passed) or points
    remark: str = ""
    inspector: str = ""
    saved: bool = False

    @property
    def total(self) -> Decimal:
        return sum((d for d in self.deductions.values() if d is not None), Decimal(0))


@dataclass
class DayGrid:
    day: date
    items: list[ChecklistItem]
    rows: list[GridRow]


def day_grid(session: Session, day: date) -> DayGrid:
    """The day's staff (those at work that day, plus anyone already inspected) with their marks."""
    items = checklist(session)
    saved = {i.staff_id: i for i in session.scalars(
        select(Inspection).where(Inspection.inspected_on == day)
        .options(selectinload(Inspection.marks), selectinload(Inspection.staff)))}
    people = working_staff(session, day, assessed_roles(session))
    people += [i.staff for sid, i in saved.items() if sid not in {p.id for p in people}]
    rows = []
    for person in people:
        inspection = saved.get(person.id)
        row = GridRow(person.id, person.name, {item.name: None for item in items})
        if inspection is not None:
            row.remark, row.inspector, row.saved = inspection.remark, inspection.inspector, True
            for mark in inspection.marks:
                row.deductions[mark.item] = None if mark.passed else mark.deduction
        rows.append(row)
    return DayGrid(day, items, rows)


def parse_deduction(raw, item: str, name: str, field_name: str) -> Decimal:
    return parse_amount(raw, min="0.1", max=100, places=1, label=f"{name}“{item}”的扣分", field=field_name,
                        example="2 或 1.5（合格的项目请留空）")


def save_day(session: Session, day: date | None, inspector: str, rows: list[GridRow]) -> int:
    """Save the whole grid of one day in one go (all rows checked first); returns rows saved."""
    authz.require(session, "training")
    day = ensure_not_future(day, "检查日期", "day")
    ensure_open(session, day, "day")
    inspector = normalize(inspector)
    if not inspector:
        raise ValidationError({"inspector": "请填写检查人"})
    items = {item.name for item in checklist(session)}
    errors: dict[str, str] = {}
    cleaned: list[tuple[GridRow, dict[str, Decimal | None]]] = []
    for row in rows:
        problem = staff_problem(session.get(Staff, row.staff_id), day)
        if problem:
            errors[f"row.{row.staff_id}"] = problem
            continue
        marks: dict[str, Decimal | None] = {}
        for item, raw in row.deductions.items():
            if item not in items:
                errors[f"row.{row.staff_id}"] = f"检查项目“{item}”不在检查表中，请刷新后再录"
            elif raw is None or normalize(str(raw)) in ("", "0", "0.0"):
                marks[item] = None
            else:
                try:
                    marks[item] = parse_deduction(raw, item, row.name, f"row.{row.staff_id}")
                except ValidationError as exc:
                    errors.update(exc.errors)
        cleaned.append((row, marks))
    if errors:
        raise ValidationError(errors)
    existing = {i.staff_id: i for i in session.scalars(
        select(Inspection).where(Inspection.inspected_on == day).options(selectinload(Inspection.marks))
        .execution_options(**SHOW_VOIDED))}  # a voided day is brought back, not duplicated
    for row, marks in cleaned:
        inspection = existing.get(row.staff_id)
        if inspection is None:
            inspection = Inspection(inspected_on=day, staff_id=row.staff_id)
            session.add(inspection)
        inspection.deleted_at = None
        inspection.inspector = inspector
        inspection.remark = free_text(row.remark)
        inspection.marks.clear()
        for item, points in marks.items():
            inspection.marks.append(InspectionMark(item=item, passed=points is None, deduction=points or Decimal(0)))
        inspection.deduction = sum((p for p in marks.values() if p is not None), Decimal(0))
    session.flush()
    return len(cleaned)


@dataclass
class InspectionLine:
    day: date
    staff_name: str
    failed: str  # "规范用语 -2、台面整洁 -1"
    deduction: Decimal
    inspector: str
    remark: str


def inspection_lines(session: Session, start: date, end: date, staff_id: int | None = None) -> list[InspectionLine]:
    stmt = (select(Inspection).where(Inspection.inspected_on.between(start, end))
            .options(selectinload(Inspection.marks), selectinload(Inspection.staff))
            .order_by(Inspection.inspected_on, Inspection.staff_id))
    if staff_id is not None:
        stmt = stmt.where(Inspection.staff_id == staff_id)
    return [InspectionLine(i.inspected_on, i.staff.name,
                           "、".join(f"{m.item} -{m.deduction.normalize():f}" for m in i.marks if not m.passed),
                           i.deduction, i.inspector, i.remark) for i in session.scalars(stmt)]


def deductions_by_staff(session: Session, start: date, end: date) -> dict[int, tuple[int, Decimal]]:
    """staff id -> (days inspected, total deduction) within the dates."""
    rows = session.execute(
        select(Inspection.staff_id, func.count(), func.coalesce(func.sum(Inspection.deduction), 0))
        .where(Inspection.inspected_on.between(start, end))
        .group_by(Inspection.staff_id)).all()
    return {staff_id: (days, Decimal(str(total))) for staff_id, days, total in rows}
