"""Two desks paying the same arrears at the same moment: one is taken, the other refused; `check` sees breaks."""

from __future__ import annotations

import threading
from decimal import Decimal

from sqlalchemy import func, select, text, update

from frontdesk.db import backup
from frontdesk.db.engine import Database
from frontdesk.db.models import Allocation, Charge, Payment, Staff
from frontdesk.errors import DomainError
from frontdesk.services import billing, clock, payments

TRIALS = 20


def _units_in_arrears(db: Database, count: int) -> list[tuple[int, Decimal]]:
    with db.session(system=True) as s:
        rows = s.execute(select(Charge.unit_id, func.sum(Charge.amount - Charge.paid))
                         .where(Charge.paid < Charge.amount, Charge.deleted_at.is_(None))
                         .group_by(Charge.unit_id).order_by(Charge.unit_id).limit(count)).all()
    assert len(rows) == count
    return [(unit_id, Decimal(str(owed)).quantize(Decimal("0.01"))) for unit_id, owed in rows]


def _race(desks: list[Database], run) -> list:
    """Run `run(desk)` in one thread per desk, released together; returns each result or error."""
    barrier = threading.Barrier(len(desks))
    results: list = [None] * len(desks)

    def desk_thread(index: int) -> None:
        barrier.wait()
        try:
            results[index] = run(desks[index])
        except Exception as exc:  # the test inspects what each desk was told
            results[index] = exc

    threads = [threading.Thread(target=desk_thread, args=(i,)) for i in range(len(desks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_desks_paying_a_units_whole_arrears_at_once_take_it_once(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        collector, name = s.execute(select(Staff.id, Staff.name).where(Staff.role == "收费员").order_by(Staff.id)).first()
    desks = [Database(demo_db.url), Database(demo_db.url)]
    try:
        for unit_id, owed in _units_in_arrears(demo_db, TRIALS):
            def pay(desk: Database, unit_id=unit_id, owed=owed):
                with desk.session(name, "收费员") as s:
                    return payments.take_payment(s, payments.PaymentInput(
                        unit_id=unit_id, amount=owed, method="微信", collector_id=collector)).receipt_no

            outcome = _race(desks, pay)
            taken = [r for r in outcome if isinstance(r, str)]
            refused = [r for r in outcome if isinstance(r, DomainError)]
            assert len(taken) == 1 and len(refused) == 1, outcome
            assert "没有未缴的费用" in refused[0].message or "超过" in refused[0].message
            with demo_db.session(system=True) as s:
                assert s.scalar(select(func.count()).select_from(Payment).where(Payment.unit_id == unit_id,
                                                                              Payment.paid_on == clock.today())) == 1
                assert s.scalar(select(func.count()).select_from(Charge).where(
                    Charge.unit_id == unit_id, Charge.paid != Charge.amount)) == 0
    finally:
        for desk in desks:
            desk.dispose()
    assert backup.check(demo_db).ok, backup.check(demo_db).problems


def test_two_desks_reversing_one_receipt_at_once_reverse_it_once(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        collector = s.scalar(select(Staff.id).where(Staff.role == "收费员").order_by(Staff.id))
    (unit_id, owed), = _units_in_arrears(demo_db, 1)
    with demo_db.session(system=True) as s:
        payment_id = payments.take_payment(s, payments.PaymentInput(
            unit_id=unit_id, amount=owed, method="现金", collector_id=collector)).id
    desks = [Database(demo_db.url), Database(demo_db.url)]
    try:
        def reverse(desk: Database):
            with desk.session("主管", "客服主管") as s:
                return payments.reverse_payment(s, payment_id, "金额录错").receipt_no

        outcome = _race(desks, reverse)
    finally:
        for desk in desks:
            desk.dispose()
    assert sum(isinstance(r, str) for r in outcome) == 1, outcome
    refused = next(r for r in outcome if not isinstance(r, str))
    assert isinstance(refused, DomainError) and "已经冲正过了" in refused.message
    assert backup.check(demo_db).ok


def test_two_bill_runs_at_once_make_each_bill_once(demo_db, frozen_now):
    desks = [Database(demo_db.url), Database(demo_db.url)]
    try:
        def run(desk: Database):
            with desk.session("主管", "客服主管") as s:
                return billing.generate_bills(s, "2026-12", "2026-12").created

        outcome = _race(desks, run)
    finally:
        for desk in desks:
            desk.dispose()
    assert all(isinstance(r, int) for r in outcome), outcome
    assert min(outcome) == 0 and max(outcome) > 0
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Charge).where(Charge.period == "2026-12")) == max(outcome)


def test_check_names_overpaid_charges_and_allocations_that_do_not_add_up(demo_db, frozen_now):
    assert backup.check(demo_db).ok
    with demo_db.session(system=True) as s:
        charge = s.scalar(select(Charge).where(Charge.paid > 0, Charge.paid == Charge.amount).order_by(Charge.id))
        code, item, period = charge.unit.code, charge.item, charge.period
        allocation = s.scalar(select(Allocation).where(Allocation.charge_id == charge.id))
        receipt = s.get(Payment, allocation.payment_id).receipt_no
        # What two unlocked desks left behind: the same month settled twice.
        s.execute(update(Charge).where(Charge.id == charge.id).values(paid=charge.amount * 2)
                  .execution_options(synchronize_session=False))
        s.execute(text("UPDATE payments SET amount = amount + 1 WHERE id = :id"), {"id": allocation.payment_id})
    problems = backup.check(demo_db).problems
    assert any(f"应收 {code} {item} {period}" in p and "多收" in p for p in problems), problems
    assert any(f"应收 {code} {item} {period}" in p and "分摊合计" in p for p in problems), problems
    assert any(f"收据 {receipt}" in p and "不符" in p for p in problems), problems


def test_one_hand_written_receipt_number_typed_on_two_desks_for_two_units_is_used_once(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        collector, name = s.execute(select(Staff.id, Staff.name).where(Staff.role == "收费员").order_by(Staff.id)).first()
    (first_unit, first_owed), (second_unit, second_owed) = _units_in_arrears(demo_db, 2)
    desks = [Database(demo_db.url), Database(demo_db.url)]
    plans = {id(desks[0]): (first_unit, first_owed), id(desks[1]): (second_unit, second_owed)}
    try:
        def pay(desk: Database):
            unit_id, owed = plans[id(desk)]
            with desk.session(name, "收费员") as s:
                return payments.take_payment(s, payments.PaymentInput(
                    unit_id=unit_id, amount=owed, method="现金", collector_id=collector,
                    receipt_no="no.0088")).receipt_no

        outcome = _race(desks, pay)
    finally:
        for desk in desks:
            desk.dispose()
    assert outcome.count("NO.0088") == 1, outcome
    refused = next(r for r in outcome if r != "NO.0088")
    assert isinstance(refused, DomainError) and "收据号 NO.0088 已经用过" in refused.message


def test_two_desks_recording_the_same_letters_at_once_record_each_once(demo_db, frozen_now):
    from frontdesk.db.models import CollectionAction
    from frontdesk.services import letters

    with demo_db.session(system=True) as s:
        chosen = letters.select_letters(s, 3)[:10]
        before = s.scalar(select(func.count()).select_from(CollectionAction))
    assert chosen
    desks = [Database(demo_db.url), Database(demo_db.url)]
    try:
        def record(desk: Database):
            with desk.session("收费员", "收费员") as s:
                return letters.record_sent(s, chosen)

        outcome = _race(desks, record)
    finally:
        for desk in desks:
            desk.dispose()
    assert sorted(outcome) == [0, len(chosen)], outcome
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(CollectionAction)) == before + len(chosen)
