"""The lock and the check that keep a collector's closed day (日结) as it was handed over.

Closing a day and taking (or reversing) a payment of that collector on that day both take the
collector-day lock first, then read. SQLite: every writing transaction already holds the database's
write lock (BEGIN IMMEDIATE). PostgreSQL: a transaction-scoped advisory lock on the collector-day, so
of a payment and a close arriving together one waits for the other: the payment is either in the
slip, or it sees the closed day and is refused. The same for a month's 月度考核 being confirmed: the
payments dated into the month hold it shared, the confirmation exclusively (`lock_month_to_confirm`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db import locks
from frontdesk.db.models import CollectorMonth, DayClosing, Staff
from frontdesk.errors import ValidationError
from frontdesk.services import clock


def lock_day(session: Session, collector_id: int, day: date) -> None:
    """Hold the collector-day until the transaction ends (taken after any unit lock, never before one)."""
    locks.lock_named(session, f"dayend:{collector_id}:{day:%Y-%m-%d}")


def closing_of(session: Session, collector_id: int, day: date) -> DayClosing | None:
    return session.scalar(select(DayClosing).where(DayClosing.collector_id == collector_id, DayClosing.day == day,
                                                   DayClosing.deleted_at.is_(None)))


def ensure_open(session: Session, collector_id: int, day: date, field: str, doing: str) -> None:
    """Lock the collector-day and refuse `doing` (收款 / 冲正) when it has been closed, or when the
    collector's month (月度考核) has been confirmed: money dated into it would change a confirmed figure."""
    lock_day(session, collector_id, day)
    refusal = closed_day_refusal(session, collector_id, day, doing)
    if refusal is not None:
        raise ValidationError({field: refusal})
    _ensure_month_open(session, collector_id, day, field, doing)


def closed_day_refusal(session: Session, collector_id: int, day: date, doing: str) -> str | None:
    """Why `doing` (收款 / 冲正) cannot be dated `day` for this collector (the day is closed), or None. A
    screen asks it before the person types a reason; the save asks it again under the lock."""
    closing = closing_of(session, collector_id, day)
    if closing is None:
        return None
    name = session.scalar(select(Staff.name).where(Staff.id == collector_id)) or "该收费员"
    today = day == clock.today()
    closed = (f"{name} {'今天' if today else ''}{day:%Y-%m-%d} 的收款已日结交款（{closing.closed_by} 于 "
              f"{closing.closed_at:%m-%d %H:%M} 结账），交过款的日结单不再改动，")
    if doing == "冲正":
        return closed + "这一天不能再登记冲正。冲正记在办理当天，请在下一个工作日办理。"
    if today:  # money that came in after the close: tomorrow's slip, the real day in 备注
        return closed + ("今天不能再登记收款。日结后收到的钱请妥善保管，明天按明天的日期登记、打印收据交给业主"
                         "（随明天的日结交款），在备注里写明实际收款日期；已登记的收款如需更正，请客服主管冲正。")
    return closed + ("这一天不能再登记收款。那天收到却漏登的钱，请按今天的日期登记（随今天的日结交款），"
                     "在备注里写明实际收款日期；已登记的收款如需更正，请客服主管冲正（冲正记在办理当天）。")


def lock_month_to_confirm(session: Session, month: str) -> None:
    """Confirming a month's 月度考核 waits for the payments and reversals dated into it that are being
    saved, and makes the next ones wait until it is done (they then see it confirmed and are refused)."""
    locks.lock_named(session, _month_lock(month))


def _month_lock(month: str) -> str:
    return f"assessment-month:{month}"


def _ensure_month_open(session: Session, collector_id: int, day: date, field: str, doing: str) -> None:
    locks.lock_named(session, _month_lock(f"{day:%Y-%m}"), shared=True)  # payments never wait for each other
    confirmed = session.execute(select(CollectorMonth.confirmed_by, CollectorMonth.confirmed_at).where(
        CollectorMonth.staff_id == collector_id, CollectorMonth.month == f"{day:%Y-%m}",
        CollectorMonth.confirmed_at.is_not(None))).first()
    if confirmed is None:
        return
    name = session.scalar(select(Staff.name).where(Staff.id == collector_id)) or "该收费员"
    by, at = confirmed
    raise ValidationError({field: (
        f"{name} {day:%Y年%m月}的月度考核已确认（{by} 于 {at:%m-%d %H:%M} 确认），这个月不能再登记{doing}，"
        "否则已确认的收费率和提成会变。那时收到却漏登的钱，请按今天的日期登记（随今天的日结交款），"
        "在备注里写明实际收款日期。")})
