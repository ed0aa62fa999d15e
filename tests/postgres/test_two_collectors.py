"""Two collectors' desks (two processes) paying the same unit's whole arrears at the same moment, 12 times:
each time one receipt is issued and the other desk is refused in Chinese; nothing is paid twice."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from frontdesk.db import backup
from frontdesk.db.models import Charge, Payment, Staff

WORKER = Path(__file__).with_name("payment_worker.py")
TRIALS = 12
SPACING_S = 0.5

both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)


@both_backends
def test_two_desks_paying_the_same_arrears_at_once_take_it_once(demo_db):
    with demo_db.session(system=True) as s:
        collector = s.scalar(select(Staff.id).where(Staff.role == "收费员").order_by(Staff.id))
        owed = s.execute(select(Charge.unit_id, func.sum(Charge.amount - Charge.paid))
                         .where(Charge.paid < Charge.amount).group_by(Charge.unit_id)
                         .order_by(Charge.unit_id).limit(TRIALS)).all()
        payments_before = s.scalar(select(func.count()).select_from(Payment))
    assert len(owed) == TRIALS
    pairs = [f"{unit}:{Decimal(str(amount)).quantize(Decimal('0.01'))}" for unit, amount in owed]
    start_at = time.time() + 4  # both processes imported and connected by then
    desks = [subprocess.Popen([sys.executable, str(WORKER), demo_db.url, str(collector), str(start_at),
                               str(SPACING_S), *pairs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = []
    for desk in desks:
        out, err = desk.communicate(timeout=300)
        assert desk.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))

    for first, second in zip(*results, strict=True):
        assert first["unit"] == second["unit"]
        assert ("receipt" in first) != ("receipt" in second), (first, second)  # one taken, one refused
        refused = first.get("refused") or second.get("refused")
        assert "没有未缴的费用" in refused or "超过本户全部欠费" in refused
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == payments_before + TRIALS
        assert s.scalar(select(func.count()).select_from(Charge).where(
            Charge.unit_id.in_([u for u, _ in owed]), Charge.paid != Charge.amount)) == 0
    assert backup.check(demo_db).ok, backup.check(demo_db).problems
