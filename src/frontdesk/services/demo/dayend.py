"""The collectors' 日结 of the demo year and the 提成 scheme of the seed's reform.

Every collector-day with payments is closed at the end of that day and handed to finance, except the
last few days before now (the supervisor's list of days not yet closed has something to show). The
scheme takes effect with the reform, in the second quarter of the demo year.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from frontdesk.db.models import CommissionBand, CommissionScheme, DayClosing, Payment, Staff
from frontdesk.db.models.collections import PAYMENT
from frontdesk.db.models.dayend import METHOD_COLUMNS
from frontdesk.services import clock

RECEIVERS = ("财务部 钱晓红", "财务部 郑会计")
OPEN_DAYS = 3  # the latest days left for the collectors to close
BANDS = (("0", "0.00"), ("30", "1.00"), ("40", "1.50"), ("50", "2.00"), ("60", "3.00"))


def make_dayend(session: Session, rng: random.Random, year: int | None) -> int:
    now = clock.now()
    stamp = dict(created_at=now, created_by="演示数据", updated_at=now, updated_by="演示数据", version=1)
    _make_scheme(session, year or now.year, stamp)
    last_closed = clock.today() - timedelta(days=OPEN_DAYS)
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    days: dict[tuple[int, date], dict] = {}
    for collector_id, day, method, kind, count, amount in session.execute(
            select(Payment.collector_id, Payment.paid_on, Payment.method, Payment.kind, func.count(),
                   func.sum(Payment.amount))
            .where(Payment.paid_on <= last_closed)
            .group_by(Payment.collector_id, Payment.paid_on, Payment.method, Payment.kind)):
        row = days.setdefault((collector_id, day), _closing(collector_id, day, names[collector_id], rng, stamp))
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        row[METHOD_COLUMNS[method]] += amount
        row["total"] += amount
        if kind == PAYMENT:
            row["receipts"] += count
        else:
            row["reversals"] += count
            row["reversed_amount"] += amount
    for row in days.values():
        row["cash_to_hand_over"] = row["cash"]
    rows = list(days.values())
    for start in range(0, len(rows), 2000):
        session.execute(insert(DayClosing), rows[start:start + 2000])
    return len(rows)


def _closing(collector_id: int, day: date, name: str, rng: random.Random, stamp: dict) -> dict:
    zero = Decimal("0.00")
    closed_at = datetime.combine(day, time(17, 0)) + timedelta(minutes=rng.randint(10, 70))
    return dict(collector_id=collector_id, day=day, **{column: zero for column in METHOD_COLUMNS.values()},
                total=zero, reversed_amount=zero, cash_to_hand_over=zero, receipts=0, reversals=0,
                closed_at=closed_at, closed_by=name, receiver=rng.choice(RECEIVERS), remark="", **stamp)


def _make_scheme(session: Session, year: int, stamp: dict) -> None:
    """提成方案 from the reform (April of the demo year): base pay, bands by collection rate, old arrears bonus."""
    if date(year, 4, 1) > clock.today():
        return
    scheme = CommissionScheme(effective_from=f"{year}-04", base=Decimal("2200.00"),
                              old_arrears_per_100=Decimal("5.00"), remark="改革后设立专职收费员，工资与收费率挂钩",
                              **stamp)
    scheme.bands = [CommissionBand(min_rate=Decimal(low), per_100=Decimal(per)) for low, per in BANDS]
    session.add(scheme)
    session.flush()
