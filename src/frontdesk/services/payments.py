"""实收: taking a payment against a unit's open charges, receipts, and reversals (冲正)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, selectinload

from frontdesk.db import arrears_summary, locks
from frontdesk.db.models import Allocation, Charge, Occupancy, Payment, Staff, Unit
from frontdesk.db.models.collections import PAYMENT, PAYMENT_METHODS, REVERSAL
from frontdesk.errors import NotFound, ValidationError, ValueProblem
from frontdesk.services import authz, clock, day_lock, numbering, staff
from frontdesk.services.money import CENT, ZERO, parse_amount, yuan
from frontdesk.services.text import normalize

RECEIPT_SERIES, RECEIPT_PREFIX = "receipt", "SK"
REVERSAL_SERIES, REVERSAL_PREFIX = "reversal", "CZ"


@dataclass
class OpenCharge:
    id: int
    period: str
    item: str
    amount: Decimal
    paid: Decimal
    due_date: date

    @property
    def open(self) -> Decimal:
        return self.amount - self.paid


@dataclass
class PaymentInput:
    unit_id: int | None
    amount: str | Decimal
    method: str = "现金"
    paid_on: date | None = None
    collector_id: int | None = None
    payer: str = ""
    remark: str = ""
    receipt_no: str = ""  # empty: numbered automatically (SK-YYYYMM-NNNN)
    charge_ids: list[int] | None = None  # by hand: only these charges, oldest first; None: all, oldest first


@dataclass
class PaymentRow:
    id: int
    receipt_no: str
    kind: str
    paid_on: date
    amount: Decimal
    method: str
    payer: str
    collector: str
    periods: str
    reversed: bool
    reason: str


def recount_paid(session: Session, charge_ids: Iterable[int] | Select) -> None:
    """Set `charges.paid` of these charges to the sum of their allocations (one UPDATE in SQL).

    Every writer of allocations calls it after flushing them. Rounded to the cent, as SQLite sums
    money as floating point; a plain UPDATE, so the charge's version and audit trail stay as they are.
    The units' arrears summary is rewritten with it (db/arrears_summary.py), in the same transaction.
    A select of ids (bulk work such as the demo) rewrites the whole summary."""
    ids = charge_ids if isinstance(charge_ids, Select) else sorted(set(charge_ids))
    if not isinstance(ids, Select) and not ids:
        return
    total = (select(func.round(func.coalesce(func.sum(Allocation.amount), 0), 2))
             .where(Allocation.charge_id == Charge.id).scalar_subquery())
    session.execute(update(Charge).where(Charge.id.in_(ids)).values(paid=total)
                    .execution_options(synchronize_session=False))
    for loaded in [o for o in session.identity_map.values() if isinstance(o, Charge)]:
        session.expire(loaded, ["paid"])
    if isinstance(ids, Select):
        arrears_summary.rebuild(session)
    else:
        arrears_summary.refresh_for_charges(session, ids)


def open_charges(session: Session, unit_id: int, charge_ids: list[int] | None = None) -> list[OpenCharge]:
    """The unit's charges not yet fully paid, oldest first (period, then item)."""
    stmt = (select(Charge.id, Charge.period, Charge.item, Charge.amount, Charge.paid, Charge.due_date)
            .where(Charge.unit_id == unit_id, Charge.paid < Charge.amount)
            .order_by(Charge.period, Charge.item, Charge.id))
    if charge_ids is not None:
        stmt = stmt.where(Charge.id.in_(charge_ids))
    return [OpenCharge(i, p, it, Decimal(a), Decimal(str(pd)).quantize(CENT), d)
            for i, p, it, a, pd, d in session.execute(stmt)]


def parse_payment_amount(raw) -> Decimal:
    """收款金额 as typed: the one rule the form checks as the cursor leaves the field and the save applies."""
    return parse_amount(raw, label="收款金额", example="1280.50")


def _validate(session: Session, data: PaymentInput) -> tuple[Decimal, list[OpenCharge], str]:
    errors: dict[str, str] = {}
    amount = None
    try:
        amount = parse_payment_amount(data.amount)
    except ValueProblem as exc:
        errors.update(exc.errors)
    if data.method not in PAYMENT_METHODS:
        errors["method"] = f"缴费方式只能是 {'、'.join(PAYMENT_METHODS)}"
    paid_on = data.paid_on or clock.today()
    if paid_on > clock.today():
        errors["paid_on"] = f"收款日期 {paid_on} 晚于今天，请填写实际收款的日期"
    if not data.collector_id or session.get(Staff, data.collector_id) is None:
        errors["collector"] = "请选择收款人"
    receipt_no = normalize(data.receipt_no).upper()
    if receipt_no and session.scalar(select(Payment.id).where(Payment.receipt_no == receipt_no)) is not None:
        errors["receipt_no"] = f"收据号 {receipt_no} 已经用过，请核对收据号，或留空由系统自动编号"
    unit = session.get(Unit, data.unit_id) if data.unit_id else None
    charges: list[OpenCharge] = []
    if unit is None:
        errors["unit"] = "请先选择缴费的房屋"
    else:
        charges = open_charges(session, unit.id, data.charge_ids)
        owed = sum((c.open for c in charges), ZERO)
        if data.charge_ids is not None and not data.charge_ids:
            errors["charges"] = "请至少勾选一笔要缴的费用"
        elif not charges:
            errors["amount"] = f"{unit.code} 没有未缴的费用，不需要收款"
        elif amount is not None and amount > owed:
            scope = "所选费用" if data.charge_ids is not None else "本户全部欠费"
            errors["amount"] = (f"收款金额 {yuan(amount)} 超过{scope}合计 {yuan(owed)}。本系统不收预存款，"
                                f"请按不超过 {yuan(owed)} 收取")
    if errors or amount is None:
        raise ValidationError(errors)
    return amount, charges, receipt_no


def take_payment(session: Session, data: PaymentInput) -> Payment:
    """Record money taken and settle the open charges oldest first (or the hand-picked ones)."""
    authz.require(session, "payments")
    staff.record_as(session, data.collector_id)  # 收款人: the signed-in collector, or a supervisor for them
    # A second desk paying the same unit waits here, then sees this payment and is refused.
    locks.lock_units(session, [data.unit_id])
    if normalize(data.receipt_no):  # a hand-written receipt number typed on two desks: the second is told
        locks.lock_named(session, f"receipt:{normalize(data.receipt_no).upper()}")
    amount, charges, receipt_no = _validate(session, data)
    paid_on = data.paid_on or clock.today()
    if data.collector_id is not None:
        day_lock.ensure_open(session, data.collector_id, paid_on, "paid_on", "收款")
    if not receipt_no:
        period = f"{paid_on:%Y%m}"
        receipt_no = numbering.format_number(RECEIPT_PREFIX, period, numbering.next_number(session, RECEIPT_SERIES, period))
    payment = Payment(receipt_no=receipt_no, kind=PAYMENT, unit_id=data.unit_id, paid_on=paid_on, amount=amount,
                      method=data.method, payer=normalize(data.payer), collector_id=data.collector_id,
                      remark=normalize(data.remark))
    left = amount
    for charge in charges:
        if left <= 0:
            break
        part = min(left, charge.open)
        payment.allocations.append(Allocation(charge_id=charge.id, amount=part, paid_on=paid_on, unit_id=data.unit_id,
                                              charge_period=charge.period, charge_due_date=charge.due_date))
        left -= part
    session.add(payment)
    session.flush()
    recount_paid(session, [a.charge_id for a in payment.allocations])
    return payment


def reversal_refusal(session: Session, payment_id: int) -> str | None:
    """Why this payment cannot be reversed today whatever the reason typed (its collector's today is
    closed), or None: asked before the supervisor types a reason."""
    collector_id = session.scalar(select(Payment.collector_id).where(Payment.id == payment_id))
    if collector_id is None:
        return None
    return day_lock.closed_day_refusal(session, collector_id, clock.today(), "冲正")


def reverse_payment(session: Session, payment_id: int, reason: str) -> Payment:
    """冲正: a negative entry that undoes a payment's allocations; the payment itself stays on record.

    Only a supervisor or an administrator may reverse (authz "reversals"); the signed-in person
    is recorded as the one who approved it."""
    authz.require(session, "reversals")
    locks.lock_units(session, [session.scalar(select(Payment.unit_id).where(Payment.id == payment_id))])
    original = session.get(Payment, payment_id, options=[selectinload(Payment.allocations)])
    if original is None:
        raise NotFound("这笔收款已不存在，请刷新列表")
    errors = {}
    if original.kind != PAYMENT:
        errors["payment"] = "冲正记录本身不能再冲正"
    elif session.scalar(select(Payment.id).where(Payment.reversal_of_id == payment_id)) is not None:
        errors["payment"] = f"收据 {original.receipt_no} 已经冲正过了"
    if not normalize(reason):
        errors["reason"] = "请写明冲正原因，例如“金额录错，应为 1280.00”"
    if errors:
        raise ValidationError(errors)
    today = clock.today()
    # The payment's own day may be closed (that is what a supervisor's reversal is for); the reversal
    # is the collector's entry of today, so today must still be open.
    day_lock.ensure_open(session, original.collector_id, today, "payment", "冲正")
    period = f"{today:%Y%m}"
    number = numbering.format_number(REVERSAL_PREFIX, period, numbering.next_number(session, REVERSAL_SERIES, period))
    reversal = Payment(receipt_no=number, kind=REVERSAL, unit_id=original.unit_id, paid_on=today,
                       amount=-original.amount, method=original.method, payer=original.payer,
                       collector_id=original.collector_id, reversal_of_id=original.id, reason=normalize(reason),
                       approved_by=session.info.get("actor", "系统"), remark=f"冲正收据 {original.receipt_no}")
    for allocation in original.allocations:
        reversal.allocations.append(Allocation(
            charge_id=allocation.charge_id, amount=-allocation.amount, paid_on=today, unit_id=allocation.unit_id,
            charge_period=allocation.charge_period, charge_due_date=allocation.charge_due_date))
    session.add(reversal)
    session.flush()
    recount_paid(session, [a.charge_id for a in reversal.allocations])
    return reversal


def unit_payments(session: Session, unit_id: int) -> list[PaymentRow]:
    payments = session.scalars(
        select(Payment).where(Payment.unit_id == unit_id)
        .options(selectinload(Payment.allocations).selectinload(Allocation.charge), selectinload(Payment.collector))
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    ).all()
    reversed_ids = {p.reversal_of_id for p in payments if p.reversal_of_id}
    return [PaymentRow(
        id=p.id, receipt_no=p.receipt_no, kind=p.kind, paid_on=p.paid_on, amount=p.amount, method=p.method,
        payer=p.payer, collector=p.collector.name, periods=periods_text(p), reversed=p.id in reversed_ids,
        reason=p.reason) for p in payments]


def periods_text(payment: Payment) -> str:
    """What a payment paid, one item after another, as the lists show it: 物业费 2025-01～2025-03、
    2025-04（部分 169.94）. A month paid only in part is named apart, as the receipt names it."""
    lines = [ReceiptLine(a.charge.item, a.charge.period, a.amount, a.charge.amount) for a in payment.allocations]
    return "；".join(f"{item} {spans}" for item, spans, _total in item_spans(lines, "～", "、"))


def item_spans(lines: list[ReceiptLine], through: str = " 至 ", between: str = "；",
               months: bool = False) -> list[tuple[str, str, Decimal]]:
    """(item, its months, the amount) per fee item: the months paid whole as one span (first–last), each
    month paid only in part apart with what was paid of it, so nothing shows a part payment as settled."""
    grouped: dict[str, list[ReceiptLine]] = {}
    for line in lines:
        grouped.setdefault(line.item, []).append(line)
    result = []
    for item, of_item in grouped.items():
        whole = sorted(line.period for line in of_item if line.whole)
        spans = [] if not whole else [
            whole[0] if len(whole) == 1 else
            f"{whole[0]}{through}{whole[-1]}" + (f"（{len(whole)}个月）" if months else "")]
        spans += [f"{line.period}（部分 {abs(line.amount):,.2f}）"
                  for line in sorted(of_item, key=lambda x: x.period) if not line.whole]
        result.append((item, between.join(spans), sum((line.amount for line in of_item), Decimal(0))))
    return result


@dataclass
class ReceiptLine:
    item: str
    period: str
    amount: Decimal
    charge_amount: Decimal = Decimal(0)  # the whole bill: less than it was paid (or reversed) in part

    @property
    def whole(self) -> bool:
        return abs(self.amount) >= self.charge_amount


@dataclass
class Receipt:
    receipt_no: str
    kind: str
    unit_code: str
    payer: str
    owners: str
    paid_on: date
    amount: Decimal
    method: str
    collector: str
    lines: list[ReceiptLine]
    remark: str
    reversed_by: str = ""  # a payment reversed since: "冲正凭证 CZ-… 于 2026-11-25（原因）", printed across it


def receipt(session: Session, payment_id: int) -> Receipt:
    p = session.get(Payment, payment_id, options=[
        selectinload(Payment.allocations).selectinload(Allocation.charge), selectinload(Payment.collector),
        selectinload(Payment.unit).selectinload(Unit.occupancies).selectinload(Occupancy.person)])
    if p is None:
        raise NotFound("这笔收款已不存在")
    owners = "、".join(o.person.name for o in p.unit.occupancies if o.relation == "业主")
    lines = sorted((ReceiptLine(a.charge.item, a.charge.period, a.amount, a.charge.amount) for a in p.allocations),
                   key=lambda line: (line.period, line.item))
    remark = p.remark if p.kind == PAYMENT else f"{p.remark}；原因：{p.reason}；批准：{p.approved_by}"
    reversal = session.scalar(select(Payment).where(Payment.reversal_of_id == p.id))
    reversed_by = (f"已于 {reversal.paid_on:%Y-%m-%d} 冲正（冲正凭证 {reversal.receipt_no}，原因：{reversal.reason}），"
                   "本收据作废" if reversal is not None else "")
    return Receipt(p.receipt_no, p.kind, p.unit.code, p.payer or owners, owners, p.paid_on, p.amount, p.method,
                   p.collector.name, lines, remark, reversed_by)
