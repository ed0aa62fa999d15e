"""催缴函 / 催收函: who gets a letter, what it says it owes, recording that it was sent, and its effect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from frontdesk.db import locks
from frontdesk.db.models import CollectionAction, Payment, Staff
from frontdesk.db.models.roster import HANDED_OVER, NOT_HANDED_OVER
from frontdesk.errors import ValidationError
from frontdesk.services import arrears_ageing, authz, clock, collection_plan, collections, company, settings
from frontdesk.services.money import capital_amount

DEMAND = "催缴函"  # to owners in arrears
HANDOVER_DEMAND = "催收函"  # to owners of delivered units who have not yet received them (未收房)
LETTER_KINDS = (DEMAND, HANDOVER_DEMAND)
DEFAULT_OVERDUE_MONTHS = 12


@dataclass
class LetterLine:
    item: str
    first_period: str
    last_period: str
    months: int
    amount: Decimal


@dataclass
class Letter:
    kind: str
    unit_id: int
    unit_code: str
    owners: str
    oldest_period: str
    total: Decimal
    lines: list[LetterLine] = field(default_factory=list)

    @property
    def total_in_capitals(self) -> str:
        return capital_amount(self.total)

    @property
    def addressee(self) -> str:
        return f"{self.owners} 业主" if self.owners else f"{self.unit_code} 房业主"


def _check(overdue_months: int, as_of: date, kind: str) -> None:
    errors = {}
    if not 1 <= overdue_months <= 120:
        errors["overdue_months"] = "欠费月数请填 1 到 120 之间的整数，例如 12（欠费一年以上）"
    if as_of > clock.today():
        errors["as_of"] = f"截止日期 {as_of} 晚于今天，请填写今天或更早的日期"
    if kind not in LETTER_KINDS:
        errors["kind"] = f"函件只能是 {'、'.join(LETTER_KINDS)}"
    if errors:
        raise ValidationError(errors)


def select_letters(session: Session, overdue_months: int = DEFAULT_OVERDUE_MONTHS, as_of: date | None = None,
                   kind: str = DEMAND) -> list[Letter]:
    """One letter per unit whose oldest unpaid bill is more than `overdue_months` old on `as_of`."""
    as_of = as_of or clock.today()
    _check(overdue_months, as_of, kind)
    state = HANDED_OVER if kind == DEMAND else NOT_HANDED_OVER
    filt = collections.ArrearsFilter(as_of=as_of, older_than_months=overdue_months, handover_state=state)
    rows = collections.list_arrears(session, filt, 0, 100_000, sort="unit_code", descending=False)
    if not rows:
        return []
    lines = arrears_ageing.open_lines(session, as_of)
    per_item = session.execute(
        select(lines.c.unit_id, lines.c.item, func.min(lines.c.period), func.max(lines.c.period), func.count(),
               func.sum(lines.c.open))
        .where(lines.c.unit_id.in_([r.unit_id for r in rows]))
        .group_by(lines.c.unit_id, lines.c.item).order_by(lines.c.unit_id, func.min(lines.c.period))).all()
    by_unit: dict[int, list[LetterLine]] = {}
    for unit_id, item, first, last, months, amount in per_item:
        by_unit.setdefault(unit_id, []).append(LetterLine(item, first, last, months, collections.money_of(amount)))
    return [Letter(kind, r.unit_id, r.unit_code, r.owners, r.oldest_period, r.total, by_unit.get(r.unit_id, []))
            for r in rows]


def _sender(session: Session, unit_id: int, sender_id: int | None) -> int:
    collector = collection_plan.collector_of(session, unit_id)
    if collector:
        return collector
    if sender_id:
        return sender_id
    fallback = session.scalar(select(Staff.id).where(Staff.active.is_(True))
                              .order_by((Staff.role == "收费员").desc(), Staff.id))
    if fallback is None:
        raise ValidationError({"collector": "没有在职员工可登记为发函人，请先添加员工"})
    return fallback


def record_sent(session: Session, letters: list[Letter], sent_on: date | None = None,
                sender_id: int | None = None) -> int:
    """A 催缴函/催收函 action per unit (the building's collector, else the sender); not twice a day."""
    authz.require(session, "letters")
    sent_on = sent_on or clock.today()
    locks.lock_units(session, [letter.unit_id for letter in letters])  # "not twice a day" holds across desks
    recorded = 0
    for letter in letters:
        already = session.scalar(select(CollectionAction.id).where(
            CollectionAction.unit_id == letter.unit_id, CollectionAction.method == letter.kind,
            CollectionAction.acted_on == sent_on))
        if already is not None:
            continue
        session.add(CollectionAction(
            unit_id=letter.unit_id, acted_on=sent_on, method=letter.kind,
            collector_id=_sender(session, letter.unit_id, sender_id), result="已发出", arrears=letter.total,
            remark=f"欠费自 {letter.oldest_period} 起，合计 {letter.total}"))
        recorded += 1
    session.flush()
    return recorded


@dataclass
class LetterHead:
    """What every letter of a run says about the sender."""

    company: str
    project: str
    desk_phone: str
    legal_basis: str
    as_of: date
    sent_on: date
    address: str = ""
    logo: str = ""  # an image file, or ""


@dataclass
class LetterRun:
    letters: int
    recorded: int
    path: Path | None


def letter_head(session: Session, as_of: date | None = None) -> LetterHead:
    today = clock.today()
    sender = company.require_profile(session, "催缴函")
    return LetterHead(company=sender.name, project=settings.get(session, "project_name"), desk_phone=sender.phone,
                      legal_basis=settings.get(session, "collection_letter_basis"),
                      as_of=as_of or today, sent_on=today, address=sender.address, logo=sender.logo)


def send_letters(session: Session, render: Callable[[list[Letter], LetterHead], Path],
                 overdue_months: int = DEFAULT_OVERDUE_MONTHS, as_of: date | None = None, kind: str = DEMAND,
                 record: bool = True, sender_id: int | None = None) -> LetterRun:
    """Select the owners, have `render` write the document, and (when sending) record a 催缴函/催收函
    action per unit. Nothing is rendered or recorded when no owner qualifies (`path` is None)."""
    if record:
        authz.require(session, "letters")  # before anything is written
    head = letter_head(session, as_of)  # refused while the company is not set up
    chosen = select_letters(session, overdue_months, as_of, kind)
    if not chosen:
        return LetterRun(0, 0, None)
    path = render(chosen, head)
    recorded = record_sent(session, chosen, head.sent_on, sender_id) if record else 0
    return LetterRun(len(chosen), recorded, path)


@dataclass
class LetterEffect:
    date_from: date
    date_to: date
    letters: int
    units: int
    paid_units: int
    paid_amount: Decimal
    arrears_written: Decimal

    @property
    def paid_share(self) -> Decimal | None:
        return (Decimal(self.paid_units) * 100 / self.units).quantize(Decimal("0.1")) if self.units else None


def letter_effect(session: Session, date_from: date, date_to: date, until: date | None = None) -> LetterEffect:
    """Of the units written to in the range: how many paid afterwards (up to `until`) and how much."""
    if date_to < date_from:
        raise ValidationError({"date_to": "结束日期早于开始日期，请调换"})
    until = until or clock.today()
    letter = and_(CollectionAction.method.in_(LETTER_KINDS), CollectionAction.acted_on >= date_from,
                  CollectionAction.acted_on <= date_to)
    first_letter = (select(CollectionAction.unit_id, func.min(CollectionAction.acted_on).label("first"))
                    .where(letter).group_by(CollectionAction.unit_id).subquery())
    units = session.scalar(select(func.count()).select_from(first_letter)) or 0
    letters, written = session.execute(select(func.count(), func.sum(CollectionAction.arrears)).where(letter)).one()
    # What each unit paid from its first letter on (reversals count against it); units that paid on balance.
    paid_after = (select(Payment.unit_id, func.sum(Payment.amount).label("paid"))
                  .join(first_letter, first_letter.c.unit_id == Payment.unit_id)
                  .where(Payment.paid_on >= first_letter.c.first, Payment.paid_on <= until)
                  .group_by(Payment.unit_id).subquery())
    paid_units, paid_amount = session.execute(
        select(func.count(), func.sum(paid_after.c.paid)).where(paid_after.c.paid > 0)).one()
    return LetterEffect(date_from, date_to, letters or 0, units, paid_units or 0, collections.money_of(paid_amount),
                        collections.money_of(written))
