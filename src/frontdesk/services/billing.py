"""Fee items (settings) and bill generation: one charge per unit, fee item and month, never twice."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdesk.db import arrears_summary, locks
from frontdesk.db.models import Charge, FeeEnrolment, Occupancy, Person, Unit
from frontdesk.db.models.roster import NOT_HANDED_OVER
from frontdesk.db.soft_delete import SHOW_VOIDED
from frontdesk.errors import ValidationError, ValueProblem
from frontdesk.services import authz, clock, settings
from frontdesk.services.money import CENT, ZERO, parse_amount
from frontdesk.services.text import normalize

BASES = ("面积", "每户", "登记")  # area × price / a fixed sum per unit / per enrolled unit
BASIS_HINT = {"面积": "建筑面积 × 单价（元/㎡·月）", "每户": "每户每月固定金额", "登记": "登记的房屋每月固定金额"}
MAX_MONTHS = 36
BILLING_LOCK = "charges"  # held by everything that adds charges (bill generation, charge imports)

Progress = Callable[[int, int], bool | None]


@dataclass
class FeeItem:
    name: str
    basis: str
    prices: dict[int, Decimal] = field(default_factory=dict)  # phase -> price per month


def fee_items(session: Session) -> list[FeeItem]:
    items = []
    for raw in settings.get(session, "fee_items") or []:
        prices = {int(phase): Decimal(str(price)) for phase, price in raw.get("prices", {}).items()}
        items.append(FeeItem(raw["name"], raw.get("basis", "面积"), prices))
    return items


MAX_PRICE = Decimal("100000")
NAME_LENGTH = 20  # charges.item


def _price_problem(name: str, phase: int, price) -> str | None:
    try:
        parse_amount(price, min=0, max=MAX_PRICE - CENT)
        return None
    except ValueProblem:
        pass
    return f"“{name}”{phase}期单价“{price}”不对：请填写 0 到 99999.99 之间、最多两位小数的金额（不收的期填 0 或留空）"


def save_fee_items(session: Session, items: list[FeeItem]) -> None:
    """Replace the fee items and their per-phase prices (a supervisor's setting)."""
    authz.require(session, "billing")
    errors: dict[str, str] = {}
    seen = set()
    if not items:
        errors["items"] = "请至少保留一个收费项目（例如 物业费）"
    for index, item in enumerate(items):
        name = normalize(item.name)
        if not name:
            errors[f"items.{index}"] = f"第 {index + 1} 行：请填写收费项目名称"
        elif len(name) > NAME_LENGTH:
            errors[f"items.{index}"] = f"收费项目名称最多 {NAME_LENGTH} 个字，请缩短“{name[:8]}…”"
        elif name in seen:
            errors[f"items.{index}"] = f"收费项目“{name}”重复了，每个项目只能有一行"
        seen.add(name)
        if item.basis not in BASES:
            errors[f"items.{index}.basis"] = f"“{name}”的计费方式只能是 {'、'.join(BASES)}"
        for phase, price in item.prices.items():
            problem = _price_problem(name, phase, price)
            if problem:
                errors[f"items.{index}.{phase}"] = problem
    if errors:
        raise ValidationError(errors)
    settings.put(session, "fee_items", [
        {"name": normalize(i.name), "basis": i.basis,
         "prices": {str(p): str(parse_amount(v, min=0, max=MAX_PRICE - CENT)) for p, v in i.prices.items()}}
        for i in items
    ])


@dataclass
class BillingRules:
    due_day: int  # the day of the month a bill falls due
    unreceived_ratio: Decimal  # share of the fees billed to units not yet received (0: none)


def billing_rules(session: Session) -> BillingRules:
    return BillingRules(int(settings.get(session, "bill_due_day")),
                        Decimal(str(settings.get(session, "unreceived_fee_ratio"))))


def save_billing_rules(session: Session, due_day: int | str, unreceived_ratio: Decimal | str) -> BillingRules:
    authz.require(session, "billing")
    errors: dict[str, str] = {}
    try:
        day = int(normalize(str(due_day)))
    except ValueError:
        day = 0
    if not 1 <= day <= 28:
        errors["due_day"] = f"缴费期限“{due_day}”不对：请填写 1 到 28 日（每个月都有的日子）"
    ratio = ZERO
    try:
        ratio = parse_amount(unreceived_ratio, min=0, max=1)
    except ValueProblem:
        errors["unreceived_ratio"] = (f"未收房计费比例“{unreceived_ratio}”不对：请填写 0 到 1 之间、最多两位小数的数，"
                                      "例如 1（全额）、0.5（半价）、0（不计费）")
    if errors:
        raise ValidationError(errors)
    rules = BillingRules(day, ratio.quantize(CENT))
    settings.put(session, "bill_due_day", rules.due_day)
    settings.put(session, "unreceived_fee_ratio", str(rules.unreceived_ratio))
    return rules


# ---- periods ----------------------------------------------------------------------------


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_period(text: str, field_name: str = "period") -> tuple[int, int]:
    raw = normalize(text).replace("/", "-").replace("年", "-").replace("月", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError
    except ValueError:
        raise ValidationError({field_name: f"月份“{text}”格式不对，请写成 YYYY-MM，例如 2026-03"}) from None
    return year, month


def periods_between(first: str, last: str) -> list[str]:
    y1, m1 = parse_period(first, "first")
    y2, m2 = parse_period(last, "last")
    start, end = y1 * 12 + m1 - 1, y2 * 12 + m2 - 1
    if end < start:
        raise ValidationError({"last": f"结束月份 {last} 早于开始月份 {first}，请调换"})
    if end - start + 1 > MAX_MONTHS:
        raise ValidationError({"last": f"一次最多生成 {MAX_MONTHS} 个月的账单，请缩小月份范围"})
    return [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(start, end + 1)]


def due_date_of(period: str, due_day: int) -> date:
    year, month = parse_period(period)
    return date(year, month, min(max(1, due_day), calendar.monthrange(year, month)[1]))


# ---- generation -------------------------------------------------------------------------


@dataclass
class BillRun:
    periods: list[str]
    created: int
    skipped_existing: int
    amount: Decimal


def _unit_amount(item: FeeItem, unit: Unit, quantity: int, ratio: Decimal) -> tuple[Decimal, str] | None:
    price = item.prices.get(unit.phase)
    if price is None or price == 0:
        return None
    if item.basis == "面积":
        amount, basis = unit.area * price, f"{unit.area}㎡ × {price}"
    else:
        amount, basis = price * quantity, f"{price} × {quantity}" if quantity != 1 else f"{price}"
    if unit.handover_state == NOT_HANDED_OVER and ratio != 1:
        amount, basis = amount * ratio, f"{basis} × {ratio}（未收房）"
    amount = amount.quantize(CENT)
    return (amount, basis) if amount > 0 else None


def generate_bills(session: Session, first: str, last: str, progress: Progress | None = None) -> BillRun:
    """Charges for every unit and fee item in the months first..last; existing ones are kept as they are."""
    authz.require(session, "billing")
    periods = periods_between(first, last)
    latest_allowed = clock.today().year * 12 + clock.today().month + 1
    if parse_period(periods[-1])[0] * 12 + parse_period(periods[-1])[1] > latest_allowed:
        raise ValidationError({"last": "最多只能提前一个月生成账单，请把结束月份改到下个月或更早"})
    locks.lock_named(session, BILLING_LOCK)  # two runs at once: the second waits, then skips what the first made
    items = fee_items(session)
    due_day = int(settings.get(session, "bill_due_day"))
    ratio = Decimal(str(settings.get(session, "unreceived_fee_ratio")))
    units = list(session.scalars(select(Unit).order_by(Unit.id)))
    enrolled = {(e.unit_id, e.item): e.quantity for e in session.scalars(
        select(FeeEnrolment))}
    now, actor = clock.now(), session.info.get("actor", "系统")
    created = skipped = 0
    total = Decimal("0")
    billed: set[int] = set()
    for index, period in enumerate(periods):
        existing = set(session.execute(select(Charge.unit_id, Charge.item).where(Charge.period == period)).all())
        due = due_date_of(period, due_day)
        rows = []
        for unit in units:
            for item in items:
                quantity = enrolled.get((unit.id, item.name), 0) if item.basis == "登记" else 1
                if not quantity:
                    continue
                if ratio == 0 and unit.handover_state == NOT_HANDED_OVER:
                    continue
                if (unit.id, item.name) in existing:
                    skipped += 1
                    continue
                priced = _unit_amount(item, unit, quantity, ratio)
                if priced is None:
                    continue
                amount, basis = priced
                rows.append(dict(unit_id=unit.id, item=item.name, period=period, amount=amount, due_date=due,
                                 basis=basis, created_at=now, created_by=actor, updated_at=now, updated_by=actor,
                                 version=1))
                total += amount
        if rows:
            session.execute(insert(Charge), rows)  # bulk: a month of a large estate in one statement
            billed.update(row["unit_id"] for row in rows)
        created += len(rows)
        if progress is not None and progress(index + 1, len(periods)) is False:
            raise ValidationError({"cancel": "已取消生成账单，本次没有生成任何账单"})
    arrears_summary.refresh(session, billed)
    return BillRun(periods, created, skipped, total)


@dataclass
class Enrolment:
    unit_id: int
    unit_code: str
    item: str
    quantity: int
    owners: str = ""


def enrolled_items(session: Session) -> list[str]:
    """The fee items paid only by the units enrolled for them (车位费)."""
    return [i.name for i in fee_items(session) if i.basis == "登记"]


def enrolments(session: Session, item: str | None = None) -> list[Enrolment]:
    stmt = (select(FeeEnrolment.unit_id, Unit.code, FeeEnrolment.item, FeeEnrolment.quantity)
            .join(Unit, Unit.id == FeeEnrolment.unit_id)
            .where(FeeEnrolment.quantity > 0)
            .order_by(FeeEnrolment.item, Unit.phase, Unit.building, Unit.code))
    if item:
        stmt = stmt.where(FeeEnrolment.item == item)
    rows = [Enrolment(*row) for row in session.execute(stmt)]
    owners: dict[int, list[str]] = {}
    for unit_id, name in session.execute(
            select(Occupancy.unit_id, Person.name).join(Person, Person.id == Occupancy.person_id)
            .where(Occupancy.relation == "业主", Occupancy.unit_id.in_(sorted({r.unit_id for r in rows})))
            .order_by(Occupancy.id)):
        owners.setdefault(unit_id, []).append(name)
    for row in rows:
        row.owners = "、".join(dict.fromkeys(owners.get(row.unit_id, [])))
    return rows


MAX_QUANTITY = 20


def enrol(session: Session, unit_id: int | None, item: str, quantity: int | str = 1) -> None:
    """Let a unit pay an enrolled item (e.g. a rented parking space); 0 ends it."""
    authz.require(session, "billing")
    errors: dict[str, str] = {}
    names = {i.name: i for i in fee_items(session)}
    if item not in names or names[item].basis != "登记":
        errors["item"] = f"“{item}”不是按登记收取的项目，请选择 {'、'.join(enrolled_items(session)) or '按登记收费的项目'}"
    unit = session.get(Unit, unit_id) if unit_id else None
    if unit is None or unit.deleted_at is not None:
        errors["unit"] = "请先选择房屋（输入房号、业主姓名或电话后从列表中选）"
    try:
        count = int(normalize(str(quantity)))
    except ValueError:
        count = -1
    if not 0 <= count <= MAX_QUANTITY:
        errors["quantity"] = f"数量“{quantity}”不对：请填写 0 到 {MAX_QUANTITY} 的整数（0 表示停止收取）"
    if errors:
        raise ValidationError(errors)
    row = session.scalar(select(FeeEnrolment).where(FeeEnrolment.unit_id == unit_id, FeeEnrolment.item == item)
                         .execution_options(**SHOW_VOIDED))  # a stopped enrolment is taken up again
    if row is None:
        if count:
            session.add(FeeEnrolment(unit_id=unit_id, item=item, quantity=count))
        return
    row.quantity = count
    row.deleted_at = None if count else clock.now()
