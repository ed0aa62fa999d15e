"""What the training modules share: months, the lock of confirmed months, scores and who is assessed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import MonthlyAssessment, Staff
from frontdesk.errors import ValidationError
from frontdesk.services import clock, dates, settings
from frontdesk.services.money import parse_amount
from frontdesk.services.text import normalize

ONE_PLACE = Decimal("0.1")


def free_text(text: str | None) -> str:
    """Remarks, reasons, slogans: trimmed only, so Chinese punctuation (，：) stays as typed."""
    return (text or "").strip()


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: str, field: str = "month") -> str:
    """"2026-7" / "2026-07" / "2026年7月" -> "2026-07"; anything else is a Chinese error at `field`."""
    return dates.parse_month(text, field=field)


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of "YYYY-MM"."""
    year, mon = (int(part) for part in parse_month(month).split("-"))
    first = date(year, mon, 1)
    following = date(year + (mon == 12), mon % 12 + 1, 1)
    return first, following - timedelta(days=1)


def is_locked(session: Session, month: str) -> bool:
    return session.scalar(
        select(MonthlyAssessment.id).where(MonthlyAssessment.month == month,
                                           MonthlyAssessment.confirmed_at.is_not(None)).limit(1)
    ) is not None


def ensure_open(session: Session, day: date, field: str = "date") -> None:
    """Records of a confirmed (locked) month can no longer change."""
    month = month_of(day)
    if is_locked(session, month):
        raise ValidationError({field: f"{month} 的月度考核已确认并锁定，不能再修改该月的培训、成绩或检查记录。"
                                      "如确需更正，请联系客服主管。"})


def ensure_not_future(day: date | None, what: str, field: str) -> date:
    """The day, given and not after today."""
    if day is None:
        raise ValidationError({field: f"请填写{what}"})
    if day > clock.today():
        raise ValidationError({field: f"{what} {day:%Y-%m-%d} 晚于今天，请填写已经发生的日期"})
    return day


def parse_score(raw, label: str, field: str) -> Decimal | None:
    """A test score 0–100 (one decimal); empty means "no score yet"."""
    text = normalize("" if raw is None else str(raw)) if not isinstance(raw, float | int | Decimal) else raw
    if text == "":
        return None
    return parse_amount(text, min=0, max=100, places=1, label=f"{label}的成绩", field=field, example="86 或 86.5")


def pass_mark(session: Session) -> Decimal:
    return Decimal(str(settings.get(session, "training_pass_mark")))


def assessed_roles(session: Session) -> tuple[str, ...]:
    return tuple(settings.get(session, "training_assessed_roles") or ())


def working_staff(session: Session, on_day: date, roles: tuple[str, ...] | None = None) -> list[Staff]:
    """Staff employed on `on_day` (active, and hired by then), optionally of some roles."""
    stmt = select(Staff).where(Staff.active.is_(True)).order_by(Staff.id)
    if roles:
        stmt = stmt.where(Staff.role.in_(roles))
    return [s for s in session.scalars(stmt) if s.hire_date is None or s.hire_date <= on_day]


def staff_problem(person: Staff | None, on_day: date) -> str | None:
    """Why this person cannot be recorded on `on_day` (left, not yet hired), or None."""
    if person is None or person.deleted_at is not None:
        return "该员工已不存在，请刷新后重选"
    if not person.active:
        return f"{person.name} 已离职，不能再登记其培训或检查记录"
    if person.hire_date is not None and person.hire_date > on_day:
        return f"{person.name} 于 {person.hire_date:%Y-%m-%d} 入职，{on_day:%Y-%m-%d} 尚未入职"
    return None


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, ROUND_HALF_UP)
