"""Each allocation's copies of its payment's date and its bill's unit, month and due date: written by every
path that takes or reverses money, checked by `frontdesk check`, rewritten by `check --repair`."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from frontdesk.db import allocation_copies, backup
from frontdesk.db.models import Allocation, Charge, Payment, Staff, Unit
from frontdesk.services import billing, clock, payments, settings
from frontdesk.services.units import UnitInput, save_unit

NOW = datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def estate(db):
    """Two units, 物业费 and 垃圾费 billed 2026-01..2026-11, one collector."""
    clock.freeze(NOW)
    with db.session("测试", system=True) as s:
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.37"}},
                                      {"name": "垃圾费", "basis": "户", "prices": {"1": "8.30"}}])
        for code, area in (("1-1-1-0101", "96.35"), ("1-1-1-0102", "58.10")):
            save_unit(s, UnitInput(code=code, area=area, handover_state="已收房", handover_date=date(2020, 1, 1)))
        s.add(Staff(name="刘洋", role="收费员"))
        s.flush()
        billing.generate_bills(s, "2026-01", "2026-11")
    yield db
    clock.freeze(None)


def _copies(session) -> list[tuple]:
    """(kind, what the allocation copied, what its payment and bill say) for every allocation."""
    rows = session.execute(
        select(Payment.kind, Allocation.paid_on, Allocation.unit_id, Allocation.charge_period,
               Allocation.charge_due_date, Payment.paid_on, Charge.unit_id, Charge.period, Charge.due_date)
        .join(Payment, Payment.id == Allocation.payment_id).join(Charge, Charge.id == Allocation.charge_id)).all()
    return [(kind, tuple(row[:4]), tuple(row[4:])) for kind, *row in rows]


def _pay(session, unit_id: int, amount: str, day: date, picked: list[int] | None = None) -> Payment:
    collector = session.scalar(select(Staff.id).where(Staff.name == "刘洋"))
    return payments.take_payment(session, payments.PaymentInput(
        unit_id=unit_id, amount=amount, method="微信", paid_on=day, collector_id=collector, charge_ids=picked))


def test_payments_part_payments_and_reversals_copy_their_date_and_bill(estate):
    with estate.session("刘洋", system=True) as s:
        first, second = s.scalars(select(Unit.id).order_by(Unit.code)).all()
        whole = _pay(s, first, "300.00", date(2026, 3, 10))  # several bills, oldest first, the last in part
        picked = s.scalar(select(Charge.id).where(Charge.unit_id == second, Charge.period == "2026-06",
                                                  Charge.item == "垃圾费"))
        _pay(s, second, "5.00", date(2026, 7, 2), [picked])  # part of one hand-picked bill
        payments.reverse_payment(s, whole.id, "金额录错")  # dated today
    with estate.session(system=True) as s:
        copies = _copies(s)
        assert {kind for kind, _copy, _source in copies} == {"收款", "冲正"}
        assert len(copies) >= 5
        assert all(copy == source for _kind, copy, source in copies), copies
        reversed_on = {copy[0] for kind, copy, _source in copies if kind == "冲正"}
        assert reversed_on == {NOW.date()}
        periods = sorted(copy[2] for kind, copy, _source in copies if kind == "收款" and copy[1] == first)
        assert periods[0] == "2026-01" and len(periods) >= 3
        assert allocation_copies.disagreements(s) == []


def test_the_demo_and_the_payments_import_copy_their_date_and_bill(demo_db, db, tmp_path, frozen_now):
    from frontdesk.services import imports

    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Allocation)) > 0
        assert allocation_copies.disagreements(s) == []
    for kind in ("units", "staff", "charges", "payments"):
        path = tmp_path / f"{kind}.xlsx"
        imports.export(demo_db.opener(read_only=True, system=True), kind, path)
        assert imports.run_import(db.opener("张丽", system=True), kind, path).ok, kind
    with db.session(system=True) as s:
        copies = _copies(s)
        assert len(copies) > 100
        assert all(copy == source for _kind, copy, source in copies)


def test_check_finds_copies_that_disagree_and_repair_rewrites_them(estate, capsys):
    from frontdesk import cli

    with estate.session("刘洋", system=True) as s:
        first = s.scalar(select(Unit.id).order_by(Unit.code))
        receipt = _pay(s, first, "100.00", date(2026, 2, 20)).receipt_no
    with estate.session(system=True) as s:
        s.execute(update(Allocation).values(paid_on=date(2026, 2, 21)))
        one = s.scalar(select(func.min(Allocation.id)))
        s.execute(update(Allocation).where(Allocation.id == one).values(charge_period="2025-12"))
    problems = backup.check(estate).problems
    assert any(p.startswith(f"收据 {receipt} 冲抵 1-1-1-0101 ") and "2026-01 的分摊记录：抄录的收款日期" in p
               for p in problems), problems
    assert any("frontdesk check --repair" in p and "分摊记录" in p for p in problems)
    assert cli.main(["check", "--db", estate.url]) == 1
    assert cli.main(["check", "--repair", "--db", estate.url]) == 0
    assert "重写" in capsys.readouterr().err
    assert backup.check(estate).ok
    with estate.session(system=True) as s:
        assert all(copy == source for _kind, copy, source in _copies(s))
        assert s.scalar(select(func.sum(Allocation.amount))) == Decimal("100.00")
