"""Two years of bills and the payments, collection actions and letters of the seed desk.

Every unit gets a paying habit (on time, late by some months, or stopped paying); the shares
per phase are set so the demo year's 收费率 lands near the seed's figures (一期 58 %, 二期 70 %,
三期 40 %), some buildings owe much more than others, and a July letter run to owners more than
a year in arrears brings a few of them to pay, as in the seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdesk.db.models import (
    Allocation,
    BuildingCollector,
    Charge,
    CollectionAction,
    FeeEnrolment,
    NumberCounter,
    Occupancy,
    Payment,
    Person,
    Staff,
    Unit,
)
from frontdesk.services import billing, clock, settings
from frontdesk.services import payments as payments_service
from frontdesk.services.payments import RECEIPT_PREFIX, RECEIPT_SERIES

# Shares of (on time, late, stopped) payers among units that were received, per phase.
HABITS = {1: (0.48, 0.30, 0.22), 2: (0.65, 0.20, 0.15), 3: (0.37, 0.32, 0.31)}
METHODS = {"微信": 40, "支付宝": 15, "现金": 15, "银行转账": 15, "POS": 15}
REASONS = {"房屋质量问题": 20, "服务不满意": 18, "经济困难": 14, "长期空置/未入住": 14, "联系不上": 16,
           "对收费有异议": 12, "其他": 6}
OTHER_REMARKS = ("业主在外地工作，委托亲属处理", "与开发商有购房纠纷未解决", "家中变故，暂缓缴纳")
RESULTS = {
    "电话": ("业主答应近期缴纳", "无人接听", "业主称需与家人商量", "业主要求先解决问题再缴费", "电话停机"),
    "上门": ("业主答应月底前缴清", "家中无人，已留催缴通知单", "业主当场缴纳部分费用", "业主对服务有意见，已记录转交"),
    "短信": ("已发送缴费提醒短信",),
    "律师函": ("已委托律师事务所发出律师函",),
}


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _assign_collectors(session: Session, staff: list[Staff], stamp: dict) -> dict[tuple[int, int], int]:
    collectors = [s.id for s in staff if s.role == "收费员"] or [staff[0].id]
    buildings = session.execute(select(Unit.phase, Unit.building).distinct().order_by(Unit.phase, Unit.building)).all()
    half = (len(buildings) + 1) // 2
    plan = {(p, b): collectors[0 if i < half else -1] for i, (p, b) in enumerate(buildings)}
    session.execute(insert(BuildingCollector), [dict(phase=p, building=b, collector_id=c, **stamp)
                                                for (p, b), c in plan.items()])
    return plan


def _enrol_parking(session: Session, rng: random.Random, units: list, stamp: dict) -> None:
    rows = [dict(unit_id=u.id, item="车位费", quantity=1, **stamp)
            for u in units if u.handover_state == "已收房" and rng.random() < 0.25]
    if rows:
        session.execute(insert(FeeEnrolment), rows)


def _habit(rng: random.Random, unit, building_factor: float) -> str:
    if unit.handover_state == "未收房":
        return "stopped" if rng.random() < 0.9 else "late"
    on_time, late, stopped = HABITS.get(unit.phase, HABITS[2])
    stopped *= building_factor
    late *= (1 + building_factor) / 2
    draw = rng.random() * (on_time + late + stopped)
    return "on_time" if draw < on_time else "late" if draw < on_time + late else "stopped"


def _payment_days(rng: random.Random, habit: str, first: date, today: date) -> tuple[list[date], int]:
    """The days the unit pays, and how many months of bills it leaves open (its lag)."""
    cadence = rng.choice((1, 1, 1, 3, 3, 6)) if habit == "on_time" else rng.choice((2, 3, 4))
    lag = 0 if habit == "on_time" else rng.randint(3, 8)
    days = []
    month = first
    while month <= today:
        day = month + timedelta(days=rng.randint(3, 26))
        if day <= today:
            days.append(day)
        for _ in range(cadence):
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return days, lag


def make_collections(session: Session, rng: random.Random, year: int | None, staff: list[Staff],
                     years: int = 2) -> int:
    """`years` calendar years of bills up to the demo year's end (the benchmark database asks for ten)."""
    today = clock.today()
    end = today if year is None or year >= today.year else date(year, 12, 31)
    first = date(end.year - years + 1, 1, 1)
    now = clock.now()
    stamp = dict(created_at=now, created_by="演示数据", updated_at=now, updated_by="演示数据", version=1)
    units = list(session.scalars(select(Unit).order_by(Unit.id)))
    if not units:
        return 0
    plan = _assign_collectors(session, staff, stamp)
    _enrol_parking(session, rng, units, stamp)
    for chunk_start in range(first.year, end.year + 1, 3):  # generate_bills takes at most 36 months at a time
        chunk_end = min(end, date(chunk_start + 2, 12, 31))
        billing.generate_bills(session, billing.period_of(date(chunk_start, 1, 1)), billing.period_of(chunk_end))
    charges: dict[int, list[tuple[int, date, str, Decimal]]] = defaultdict(list)
    for cid, unit_id, due, period, amount in session.execute(
            select(Charge.id, Charge.unit_id, Charge.due_date, Charge.period, Charge.amount)
            .order_by(Charge.unit_id, Charge.period, Charge.item)):
        charges[unit_id].append((cid, due, period, Decimal(amount)))
    owners = dict(session.execute(select(Occupancy.unit_id, Person.name).join(Person)
                                  .where(Occupancy.relation == "业主")).all())
    buildings = {(u.phase, u.building) for u in units}
    factor = {b: rng.choice((0.4, 0.7, 1.0, 1.0, 1.3, 1.9)) for b in buildings}
    letter_day = date(end.year, 7, 10) if date(end.year, 7, 10) <= today else None
    payments, allocations, actions = [], [], []
    counters: dict[str, int] = defaultdict(int)
    payment_id = 0
    for unit in units:
        habit = _habit(rng, unit, factor[(unit.phase, unit.building)])
        lines = charges.get(unit.id, [])
        if not lines:
            continue
        days, lag = _payment_days(rng, habit, first, end)
        stop = date(first.year + (rng.randrange(years - 1) if years > 2 else 0), rng.randint(1, 10), 1) \
            if habit == "stopped" else None  # over many years, payers stop in any of them
        pays_after_letter = habit == "stopped" and letter_day is not None and rng.random() < 0.13
        if pays_after_letter:
            days.append(letter_day + timedelta(days=rng.randint(3, 20)))
        collector = plan[(unit.phase, unit.building)]
        paid_upto = 0  # index of the first charge still open (payments settle oldest first)
        history: list[tuple[date, Decimal]] = []
        for day in sorted(days):
            if stop is not None and day >= stop and not (pays_after_letter and day > letter_day):
                continue
            # The seed's reform (dedicated collectors from the second quarter) shortened the late payers' lag.
            before_reform = day < date(end.year, 4, 1)
            cutoff = day if habit != "late" else day - timedelta(days=30 * (lag + 4 * before_reform))
            if pays_after_letter and day > letter_day:
                cutoff = day
            settle = []
            # On-time payers settle every bill issued so far (this month's too); others what fell due by the cutoff.
            while paid_upto < len(lines) and (lines[paid_upto][2] <= f"{cutoff:%Y-%m}" if habit == "on_time"
                                              else lines[paid_upto][1] <= cutoff):
                settle.append(lines[paid_upto])
                paid_upto += 1
            if not settle:
                continue
            payment_id += 1
            amount = sum((line[3] for line in settle), Decimal("0"))
            month = f"{day:%Y%m}"
            counters[month] += 1
            method = _weighted(rng, METHODS)
            payments.append(dict(
                id=payment_id, receipt_no=f"{RECEIPT_PREFIX}-{month}-{counters[month]:04d}", kind="收款",
                unit_id=unit.id, paid_on=day, amount=amount, method=method, payer=owners.get(unit.id, ""),
                collector_id=collector, remark="", reversal_of_id=None, reason="", approved_by="", **stamp))
            allocations.extend(dict(payment_id=payment_id, charge_id=line[0], amount=line[3]) for line in settle)
            history.append((day, amount))
        if habit != "on_time":
            actions.extend(_actions(rng, unit, lines, history, collector, first, end, letter_day, stamp))
    session.execute(insert(Payment), payments)
    session.execute(insert(Allocation), allocations)
    payments_service.recount_paid(session, select(Allocation.charge_id))
    if actions:
        session.execute(insert(CollectionAction), actions)
    session.execute(insert(NumberCounter), [dict(series=RECEIPT_SERIES, period=m, last=n) for m, n in counters.items()])
    settings.seed_lists(session)
    return len(payments)


def _owed_on(lines, history, day: date) -> Decimal:
    due = sum((line[3] for line in lines if line[1] < day), Decimal("0"))
    paid = sum((amount for paid_on, amount in history if paid_on <= day), Decimal("0"))
    return max(due - paid, Decimal("0"))


def _actions(rng, unit, lines, history, collector, first, end, letter_day, stamp) -> list[dict]:
    found = []
    span = (end - first).days
    reason = "未收房" if unit.handover_state == "未收房" else _weighted(rng, REASONS)
    for _ in range(rng.randint(1, 4)):
        day = first + timedelta(days=rng.randint(span // 3, span))
        owed = _owed_on(lines, history, day)
        if owed <= 0:
            continue
        method = rng.choices(("电话", "上门", "短信", "律师函"), weights=(50, 32, 15, 3))[0]
        promise = day + timedelta(days=rng.randint(5, 30)) if method in ("电话", "上门") and rng.random() < 0.3 else None
        found.append(dict(unit_id=unit.id, acted_on=day, method=method, collector_id=collector, reason=reason,
                          remark=rng.choice(OTHER_REMARKS) if reason == "其他" else "",
                          result=rng.choice(RESULTS[method]), promise_date=promise, arrears=owed, **stamp))
    if letter_day is not None:
        owed = _owed_on(lines, history, letter_day)
        year_ago = date(letter_day.year - 1, letter_day.month, 1)
        if owed > 0 and _oldest_unpaid(lines, history, letter_day) < year_ago:
            kind = "催收函" if unit.handover_state == "未收房" else "催缴函"
            found.append(dict(unit_id=unit.id, acted_on=letter_day, method=kind, collector_id=collector,
                              reason=reason, remark="", result="已发出", promise_date=None, arrears=owed, **stamp))
    return found


def _oldest_unpaid(lines, history, day: date) -> date:
    paid = sum((amount for paid_on, amount in history if paid_on <= day), Decimal("0"))
    for line in lines:
        if paid >= line[3]:
            paid -= line[3]
            continue
        return line[1]
    return day
