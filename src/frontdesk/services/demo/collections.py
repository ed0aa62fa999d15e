"""Two years of bills and the payments, collection actions and letters of the seed desk.

Every unit gets a paying habit: on time (every 1, 3 or 6 months, each owner on a cycle of their
own), late (keeping some months behind), or stopped. From the second quarter of the demo year the
seed's reform (dedicated collectors paid by the collection rate) brings late payers closer: some
pay every month from then on, the others fall fewer months behind. The shares per phase are set
so the year before reads near the seed's 一期 55 %, 二期 60 %, 三期 30 % and the demo year near
58 %, 70 %, 40 %; some buildings owe much more than others; a July letter run to owners more than
a year in arrears brings about one in eight of them to pay part of it within the month, as in the seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
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
from frontdesk.services.demo.roster import phase_shape
from frontdesk.services.payments import RECEIPT_PREFIX, RECEIPT_SERIES

# Per phase, among units that were received: shares of on-time and late payers (the rest stopped
# paying), the months late payers keep behind before the reform and after it, and the share of late
# payers the dedicated collectors turn into monthly payers from April of the demo year.
HABITS = {1: (0.40, 0.51, 7, 6, 0.02), 2: (0.41, 0.51, 6, 4, 0.13), 3: (0.24, 0.60, 8, 7, 0.15)}
REFORM_MONTH = 4  # the collectors reach a late payer some time from April to September
LETTER_PAYERS = 0.16  # the seed: 246 letters, 30 households paid within the month
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


@dataclass
class _Habit:
    kind: str  # on_time, late, stopped
    cadence: int  # months between payments
    offset: int  # which month of the cycle the owner pays in
    behind: int  # months of bills left open before the reform
    behind_after: int  # … and from the reform on
    reformed_from: int  # the month of the demo year the collectors reached the owner
    stop: date | None = None


def _habit(rng: random.Random, unit, building_factor: float, first: date) -> _Habit:
    on_time, late, behind, behind_after, converted = HABITS[phase_shape(unit.phase)]
    if unit.handover_state == "未收房":
        kind = "stopped" if rng.random() < 0.45 else "late"
    else:
        stopped = (1 - on_time - late) * building_factor
        draw = rng.random() * (on_time + late + stopped)
        kind = "on_time" if draw < on_time else "late" if draw < on_time + late else "stopped"
    if kind == "on_time":
        cadence = rng.choice((1, 1, 1, 3, 3, 6))
        return _Habit(kind, cadence, rng.randrange(cadence), 0, 0, REFORM_MONTH)
    if kind == "stopped":  # stopped paying before the two years: every bill of theirs is open
        return _Habit(kind, 1, 0, 0, 0, REFORM_MONTH, stop=first)
    cadence = rng.choice((2, 3, 4))
    months = max(1, round(rng.gauss(behind, 1.5)))
    after = 0 if rng.random() < converted else max(1, months - (behind - behind_after))
    return _Habit(kind, cadence, rng.randrange(cadence), months, after, rng.randint(REFORM_MONTH, REFORM_MONTH + 5))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _payment_days(rng: random.Random, habit: _Habit, first: date, end: date) -> list[date]:
    """The days the unit pays: in the months of its cycle, from the first month to the end."""
    days, month = [], first
    while month <= end:
        reformed = month >= date(end.year, habit.reformed_from, 1)
        cadence = 1 if reformed and habit.kind == "late" and habit.behind_after == 0 else habit.cadence
        if (_month_index(month) - habit.offset) % cadence == 0:
            day = month + timedelta(days=rng.randint(2, 25))
            if day <= end:
                days.append(day)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return days


def _settles_up_to(habit: _Habit, day: date, end: date) -> str:
    """The last bill period a payment on `day` settles (bills are settled oldest first)."""
    behind = habit.behind_after if day >= date(end.year, habit.reformed_from, 1) else habit.behind
    index = _month_index(day) - behind
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


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
    payments: list[dict] = []
    allocations: list[dict] = []
    actions: list[dict] = []
    counters: dict[str, int] = defaultdict(int)
    payment_id = 0
    for unit in units:
        habit = _habit(rng, unit, factor[(unit.phase, unit.building)], first)
        lines = charges.get(unit.id, [])
        if not lines:
            continue
        days = [(day, _settles_up_to(habit, day, end)) for day in _payment_days(rng, habit, first, end)
                if habit.stop is None or day < habit.stop]
        lettered = habit.stop is not None and letter_day is not None and \
            habit.stop <= date(letter_day.year - 1, 6, 1)  # more than a year unpaid by the letters
        if lettered and letter_day is not None and rng.random() < LETTER_PAYERS:
            # After the letter: part of the arrears, the oldest year or so of bills, within the month.
            oldest = lines[0][2]
            index = int(oldest[:4]) * 12 + int(oldest[5:]) - 1 + rng.randint(5, 10)
            days.append((letter_day + timedelta(days=rng.randint(3, 20)), f"{index // 12:04d}-{index % 12 + 1:02d}"))
        collector = plan[(unit.phase, unit.building)]
        paid_upto = 0  # index of the first charge still open (payments settle oldest first)
        history: list[tuple[date, Decimal]] = []
        for day, last_period in sorted(days):
            settle = []
            while paid_upto < len(lines) and lines[paid_upto][2] <= last_period:
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
            allocations.extend(dict(payment_id=payment_id, charge_id=line[0], amount=line[3], paid_on=day,
                                    unit_id=unit.id, charge_period=line[2], charge_due_date=line[1]) for line in settle)
            history.append((day, amount))
        if habit.kind != "on_time":
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
