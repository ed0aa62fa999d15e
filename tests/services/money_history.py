"""A random money history on a small billed estate: whole, part, hand-picked and backdated payments and
reversals in a random order (shared by the tests of what is kept summed: charges.paid, unit_arrears)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from frontdesk.db.models import Charge, Payment, Staff
from frontdesk.services import payments

CENT = Decimal("0.01")


def random_history(db, seed: int, rounds: int, earliest: date, latest: date) -> None:
    """`rounds` payments or reversals on the billed units, each payment dated between `earliest` and `latest`."""
    rng = random.Random(seed)
    with db.session(system=True) as s:
        unit_ids = list(s.scalars(select(Charge.unit_id).distinct().order_by(Charge.unit_id)))
        collector = s.scalar(select(Staff.id))
    for _ in range(rounds):
        with db.session("刘洋", system=True) as s:
            unit_id = rng.choice(unit_ids)
            if rng.random() < 0.25:
                taken = s.scalars(select(Payment.id).where(Payment.kind == "收款", Payment.unit_id == unit_id,
                                                           Payment.id.not_in(select(Payment.reversal_of_id).where(
                                                               Payment.reversal_of_id.is_not(None))))).all()
                if taken:
                    payments.reverse_payment(s, rng.choice(taken), "金额录错")
                    continue
            open_now = payments.open_charges(s, unit_id)
            if not open_now:
                continue
            picked = None
            if rng.random() < 0.3:
                picked = [c.id for c in rng.sample(open_now, min(len(open_now), rng.randint(1, 3)))]
            owed = sum((c.open for c in open_now if picked is None or c.id in picked), Decimal("0"))
            amount = (owed * Decimal(rng.choice(("1", "0.5", "0.13", "0.77")))).quantize(CENT) or owed
            paid_on = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            payments.take_payment(s, payments.PaymentInput(unit_id=unit_id, amount=amount, method="微信",
                                                           paid_on=paid_on, collector_id=collector,
                                                           charge_ids=picked))
