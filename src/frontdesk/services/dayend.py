"""日结 / 交款: a collector's day (every receipt, the reversals, totals by method, the cash to hand over),
closing it, the days not yet closed, and the month's 交款 summary.

A closed day stays as it was handed over: payments.take_payment and reverse_payment refuse to add to a
closed collector-day (services/day_lock.py), so the slip printed again later is the slip that was signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import Allocation, DayClosing, Payment, Staff
from frontdesk.db.models.collections import PAYMENT, PAYMENT_METHODS
from frontdesk.db.models.dayend import METHOD_COLUMNS
from frontdesk.errors import NotFound, PermissionDenied, ValidationError
from frontdesk.services import authz, clock, collections, day_lock
from frontdesk.services.payments import periods_text
from frontdesk.services.text import normalize
from frontdesk.services.training.common import month_bounds, parse_month

ZERO = Decimal("0.00")
CASH = "现金"


@dataclass
class SlipLine:
    receipt_no: str
    kind: str
    unit_code: str
    payer: str
    items: str  # fee items and periods: 物业费 2026-01～2026-06
    amount: Decimal
    method: str
    note: str = ""  # a reversal: the receipt it undoes, why, and who approved


@dataclass
class ClosingInfo:
    closed_at: datetime
    closed_by: str
    receiver: str
    remark: str
    by_method: dict[str, Decimal]
    total: Decimal
    cash_to_hand_over: Decimal
    receipts: int


@dataclass
class DaySlip:
    collector_id: int
    collector: str
    day: date
    receipts: list[SlipLine] = field(default_factory=list)
    reversals: list[SlipLine] = field(default_factory=list)
    by_method: dict[str, Decimal] = field(default_factory=dict)  # net of the day's reversals
    closing: ClosingInfo | None = None

    @property
    def received(self) -> Decimal:
        return sum((line.amount for line in self.receipts), ZERO)

    @property
    def reversed_amount(self) -> Decimal:
        return sum((line.amount for line in self.reversals), ZERO)

    @property
    def total(self) -> Decimal:
        return self.received + self.reversed_amount

    @property
    def cash_to_hand_over(self) -> Decimal:
        return self.by_method.get(CASH, ZERO)

    @property
    def closed(self) -> bool:
        return self.closing is not None


def _collector(session: Session, collector_id: int) -> Staff:
    person = session.get(Staff, collector_id)
    if person is None:
        raise NotFound("该收费员不存在，请刷新后重选")
    return person


def find_collector(session: Session, name: str) -> Staff:
    person = session.scalar(select(Staff).where(Staff.name == normalize(name), Staff.deleted_at.is_(None)))
    if person is None:
        raise ValidationError({"collector": f"没有名为“{name}”的员工，请核对收费员姓名"})
    return person


def day_slip(session: Session, collector_id: int, day: date) -> DaySlip:
    """The 日结单 of one collector and day, from the payments themselves (and the closing, if closed)."""
    authz.require(session, "dayend")
    person = _collector(session, collector_id)
    rows = session.scalars(
        select(Payment).where(Payment.collector_id == collector_id, Payment.paid_on == day,
                              Payment.deleted_at.is_(None))
        .options(selectinload(Payment.allocations).selectinload(Allocation.charge), selectinload(Payment.unit))
        .order_by(Payment.receipt_no, Payment.id)).all()
    originals = dict(session.execute(select(Payment.id, Payment.receipt_no).where(
        Payment.id.in_([p.reversal_of_id for p in rows if p.reversal_of_id]))).all()) if rows else {}
    slip = DaySlip(collector_id, person.name, day, by_method={m: ZERO for m in PAYMENT_METHODS})
    owners: dict[int, str] = {}
    for p in rows:
        amount = Decimal(p.amount).quantize(Decimal("0.01"))
        payer = p.payer or owners.setdefault(p.unit_id, collections.owner_names(session, p.unit_id)) \
            if p.unit_id is not None else p.payer
        line = SlipLine(p.receipt_no, p.kind, p.unit.code, payer, periods_text(p), amount, p.method)
        if p.kind == PAYMENT:
            slip.receipts.append(line)
        else:
            line.note = f"冲正收据 {originals.get(p.reversal_of_id or 0, '')}；{p.reason}；批准：{p.approved_by}"
            slip.reversals.append(line)
        slip.by_method[p.method] = slip.by_method.get(p.method, ZERO) + amount
    closing = day_lock.closing_of(session, collector_id, day)
    if closing is not None:
        slip.closing = ClosingInfo(closing.closed_at, closing.closed_by, closing.receiver, closing.remark,
                                   closing.by_method(), closing.total, closing.cash_to_hand_over, closing.receipts)
    return slip


def collectors_on(session: Session, day: date) -> list[tuple[int, str]]:
    """(id, name) of everyone who took or reversed money on the day."""
    authz.require(session, "dayend")
    return [(staff_id, name) for staff_id, name in session.execute(
        select(Staff.id, Staff.name).where(Staff.id.in_(
            select(Payment.collector_id).where(Payment.paid_on == day, Payment.deleted_at.is_(None))))
        .order_by(Staff.id))]


def _may_close(session: Session, person: Staff) -> None:
    """A collector closes their own day; a supervisor or administrator anyone's."""
    if authz.role_of(session) == authz.COLLECTOR and session.info.get("actor") != person.name:
        raise PermissionDenied(f"收费员只能日结自己的收款；{person.name} 的日结请本人办理，或由客服主管办理。")


def close_day(session: Session, collector_id: int, day: date, receiver: str = "", remark: str = "") -> DaySlip:
    """Hand the day over: store the slip's totals; from now on that collector-day takes no payment."""
    authz.require(session, "dayend")
    person = _collector(session, collector_id)
    _may_close(session, person)
    if day > clock.today():
        raise ValidationError({"day": f"{day:%Y-%m-%d} 还没有到，不能日结"})
    day_lock.lock_day(session, collector_id, day)
    slip = day_slip(session, collector_id, day)
    if slip.closing is not None:
        raise ValidationError({"day": f"{person.name} {day:%Y-%m-%d} 已于 {slip.closing.closed_at:%Y-%m-%d %H:%M} "
                                      f"由 {slip.closing.closed_by} 日结，不需要再结。需要日结单可以重新打印。"})
    if not slip.receipts and not slip.reversals:
        raise ValidationError({"day": f"{person.name} {day:%Y-%m-%d} 没有收款或冲正记录，不需要日结"})
    closing = DayClosing(
        collector_id=collector_id, day=day, total=slip.total, reversed_amount=slip.reversed_amount,
        cash_to_hand_over=slip.cash_to_hand_over, receipts=len(slip.receipts), reversals=len(slip.reversals),
        closed_at=clock.now(), closed_by=session.info.get("actor", "系统"), receiver=normalize(receiver)[:40],
        remark=normalize(remark))
    for method, column in METHOD_COLUMNS.items():
        setattr(closing, column, slip.by_method.get(method, ZERO))
    session.add(closing)
    session.flush()
    return day_slip(session, collector_id, day)


# ---- what the supervisor watches -------------------------------------------------------------


@dataclass
class OpenDay:
    collector_id: int
    collector: str
    day: date
    entries: int
    total: Decimal


def unclosed_days(session: Session, date_from: date | None = None, date_to: date | None = None,
                  collector_id: int | None = None) -> list[OpenDay]:
    """Collector-days with payments or reversals and no 日结 yet, oldest first (today included)."""
    authz.require(session, "dayend")
    closed = select(DayClosing.id).where(DayClosing.collector_id == Payment.collector_id,
                                         DayClosing.day == Payment.paid_on, DayClosing.deleted_at.is_(None))
    stmt = (select(Payment.collector_id, Staff.name, Payment.paid_on, func.count(), func.sum(Payment.amount))
            .join(Staff, Staff.id == Payment.collector_id)
            .where(Payment.deleted_at.is_(None), ~closed.exists())
            .group_by(Payment.collector_id, Staff.name, Payment.paid_on)
            .order_by(Payment.paid_on, Staff.name))
    if date_from:
        stmt = stmt.where(Payment.paid_on >= date_from)
    if date_to:
        stmt = stmt.where(Payment.paid_on <= date_to)
    if collector_id:
        stmt = stmt.where(Payment.collector_id == collector_id)
    return [OpenDay(c, n, d, k, Decimal(str(t or 0)).quantize(Decimal("0.01"))) for c, n, d, k, t in session.execute(stmt)]


@dataclass
class HandOverRow:
    collector_id: int | None
    collector: str
    days: int = 0
    closed_days: int = 0
    receipts: int = 0
    by_method: dict[str, Decimal] = field(default_factory=lambda: {m: ZERO for m in PAYMENT_METHODS})
    total: Decimal = ZERO
    handed_over_cash: Decimal = ZERO  # the cash of the closed days
    open_total: Decimal = ZERO  # taken on days not yet closed

    @property
    def open_days(self) -> int:
        return self.days - self.closed_days


def month_summary(session: Session, month: str) -> list[HandOverRow]:
    """交款汇总 of a month: per collector what was taken by method, handed over, and still open; a 合计 row."""
    authz.require(session, "dayend")
    first, last = month_bounds(parse_month(month))
    closing = (select(DayClosing.collector_id, DayClosing.day, DayClosing.cash_to_hand_over)
               .where(DayClosing.day.between(first, last), DayClosing.deleted_at.is_(None)).subquery())
    rows = session.execute(
        select(Payment.collector_id, Staff.name, Payment.paid_on, Payment.method, Payment.kind,
               func.count(), func.sum(Payment.amount), closing.c.cash_to_hand_over, closing.c.day)
        .join(Staff, Staff.id == Payment.collector_id)
        .outerjoin(closing, and_(closing.c.collector_id == Payment.collector_id, closing.c.day == Payment.paid_on))
        .where(Payment.paid_on.between(first, last), Payment.deleted_at.is_(None))
        .group_by(Payment.collector_id, Staff.name, Payment.paid_on, Payment.method, Payment.kind,
                  closing.c.cash_to_hand_over, closing.c.day)).all()
    per: dict[int, HandOverRow] = {}
    days: dict[int, dict[date, Decimal | None]] = {}
    for collector_id, name, day, method, kind, count, amount, cash, closed_day in rows:
        row = per.setdefault(collector_id, HandOverRow(collector_id, name))
        amount = Decimal(str(amount or 0)).quantize(Decimal("0.01"))
        row.by_method[method] = row.by_method.get(method, ZERO) + amount
        row.total += amount
        row.receipts += count if kind == PAYMENT else 0
        if closed_day is None:
            row.open_total += amount
        days.setdefault(collector_id, {})[day] = None if closed_day is None else Decimal(str(cash))
    for collector_id, row in per.items():
        row.days = len(days[collector_id])
        closed = [cash for cash in days[collector_id].values() if cash is not None]
        row.closed_days = len(closed)
        row.handed_over_cash = sum(closed, ZERO)
    result = sorted(per.values(), key=lambda r: r.collector)
    total = HandOverRow(None, "合计")
    for row in result:
        for method, amount in row.by_method.items():
            total.by_method[method] = total.by_method.get(method, ZERO) + amount
        total.days += row.days
        total.closed_days += row.closed_days
        total.receipts += row.receipts
        total.total += row.total
        total.handed_over_cash += row.handed_over_cash
        total.open_total += row.open_total
    return [*result, total] if result else []


def collectors(session: Session) -> list[tuple[int, str]]:
    """Who a 日结 can be for: the 收费员 and anyone who ever took a payment."""
    authz.require(session, "dayend")
    return [(staff_id, name) for staff_id, name in session.execute(
        select(Staff.id, Staff.name).where(Staff.deleted_at.is_(None), (Staff.role == authz.COLLECTOR) | Staff.id.in_(
            select(Payment.collector_id).distinct())).order_by((Staff.role != authz.COLLECTOR), Staff.id))]

