"""charges.paid: what has been paid on each charge, kept by every writer, and the figures read from it."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from money_history import random_history
from sqlalchemy import func, select

from frontdesk.db.models import Allocation, Charge, Payment, Staff
from frontdesk.errors import ValidationError
from frontdesk.services import billing, clock, collection_rates, collections, payments, settings
from frontdesk.services.units import UnitInput, save_unit

NOW = datetime(2026, 11, 25, 10, 0)
CENT = Decimal("0.01")


@pytest.fixture
def estate(db):
    """Four units, 物业费 and 垃圾费 billed 2025-01..2026-11, one collector."""
    clock.freeze(NOW)
    with db.session("测试", system=True) as s:
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.37", "2": "2.15"}},
                                      {"name": "垃圾费", "basis": "户", "prices": {"1": "8.30", "2": "8.30"}}])
        for code, area in (("1-1-1-0101", "96.35"), ("1-1-1-0102", "58.10"), ("2-1-1-0101", "131.07"),
                           ("2-1-1-0102", "77.77")):
            save_unit(s, UnitInput(code=code, area=area, handover_state="已收房", handover_date=date(2020, 1, 1)))
        s.add(Staff(name="刘洋", role="收费员"))
        s.flush()
        billing.generate_bills(s, "2025-01", "2026-11")
    yield db
    clock.freeze(None)


def _mismatches(session) -> list[tuple]:
    sums = (select(Allocation.charge_id, func.sum(Allocation.amount).label("total"))
            .group_by(Allocation.charge_id).subquery())
    rows = session.execute(select(Charge.id, Charge.paid, sums.c.total)
                           .outerjoin(sums, sums.c.charge_id == Charge.id)).all()
    return [(cid, paid, total) for cid, paid, total in rows
            if Decimal(paid) != Decimal(str(total or 0)).quantize(CENT)]


def _random_history(db, seed: int) -> None:
    """Payments (whole, part, hand-picked, backdated) and reversals in a random order."""
    random_history(db, seed, 60, date(2025, 1, 1), NOW.date())


@pytest.mark.parametrize("seed", [1, 2])
def test_paid_is_the_sum_of_the_allocations_after_payments_and_reversals(estate, seed):
    _random_history(estate, seed)
    with estate.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment).where(Payment.kind == "冲正")) > 0
        assert s.scalar(select(func.count()).where(Charge.paid > 0, Charge.paid < Charge.amount)) > 0
        assert _mismatches(s) == []


def test_a_refused_payment_leaves_paid_as_it_was(estate):
    with estate.session(system=True) as s:
        unit_id, collector = s.scalar(select(Charge.unit_id)), s.scalar(select(Staff.id))
        before = dict(s.execute(select(Charge.id, Charge.paid)).all())
    with pytest.raises(ValidationError), estate.session("刘洋", system=True) as s:
        payments.take_payment(s, payments.PaymentInput(unit_id=unit_id, amount="999999.00",
                                                       collector_id=collector))
    with estate.session(system=True) as s:
        assert dict(s.execute(select(Charge.id, Charge.paid)).all()) == before


def _reference_arrears(session, unit_id: int, as_of: date) -> Decimal:
    """Arrears on `as_of` straight from the allocations (the definition, without charges.paid)."""
    owed = Decimal("0")
    for cid, amount in session.execute(select(Charge.id, Charge.amount).where(
            Charge.unit_id == unit_id, Charge.due_date < as_of, Charge.deleted_at.is_(None))):
        paid = session.scalar(select(func.sum(Allocation.amount)).join(Payment).where(
            Allocation.charge_id == cid, Payment.paid_on <= as_of)) or 0
        owed += max(Decimal(amount) - Decimal(str(paid)), Decimal("0"))
    return owed.quantize(CENT)


def _reference_figures(session, rng: collection_rates.RateRange) -> dict[int, tuple]:
    """Per unit (charged, received, owed at start, cleared) from the allocations, by the definitions."""
    first, last = billing.period_of(rng.start), billing.period_of(rng.end)
    found: dict[int, list[Decimal]] = {}
    for cid, unit_id, period, amount in session.execute(
            select(Charge.id, Charge.unit_id, Charge.period, Charge.amount).where(Charge.period <= last)):
        parts = session.execute(select(Payment.paid_on, Allocation.amount).join(Payment)
                                .where(Allocation.charge_id == cid)).all()
        row = found.setdefault(unit_id, [Decimal("0")] * 4)
        if period >= first:
            row[0] += amount
            row[1] += sum((a for on, a in parts if on <= rng.end), Decimal("0"))
        else:
            before = sum((a for on, a in parts if on < rng.start), Decimal("0"))
            if amount > before:
                row[2] += amount - before
                row[3] += sum((a for on, a in parts if rng.start <= on <= rng.end), Decimal("0"))
    return {u: tuple(v.quantize(CENT) for v in row) for u, row in found.items()}


def test_arrears_and_rates_of_any_day_match_their_definitions(estate):
    _random_history(estate, 3)
    with estate.session(system=True) as s:
        unit_ids = list(s.scalars(select(Charge.unit_id).distinct()))
        for as_of in (date(2025, 3, 31), date(2025, 12, 31), date(2026, 6, 15), NOW.date()):
            listed = {r.unit_id: r.total for r in collections.list_arrears(
                s, collections.ArrearsFilter(as_of=as_of), 0, 100)}
            for unit_id in unit_ids:
                expected = _reference_arrears(s, unit_id, as_of)
                assert listed.get(unit_id, Decimal("0.00")) == expected, (unit_id, as_of)
                assert collections.arrears_of_unit(s, unit_id, as_of) == expected
        for rng in (collection_rates.range_of("月", 2025, 2), collection_rates.range_of("季", 2025, 11),
                    collection_rates.range_of("年", 2026), collection_rates.range_of("月", 2026, 12)):
            got = {f.unit_id: (f.charged, f.received, f.owed_at_start, f.cleared)
                   for f in collection_rates.unit_figures(s, rng)}
            assert got == _reference_figures(s, rng), rng.label


def test_the_statistics_arrears_of_any_day_match_their_definition(estate):
    """未收户数、面积、金额 on a past day (read per unit from the allocations' dates) against the definition:
    with reversals, and payments dated before a reversal, some bills were paid beyond their amount then."""
    from frontdesk.db.models import Unit
    from frontdesk.services import arrears_stats

    with estate.session("刘洋", system=True) as s:
        collector = s.scalar(select(Staff.id))
        unit_id = s.scalar(select(Unit.id).order_by(Unit.code))
        bills = [c.id for c in payments.open_charges(s, unit_id)[:2]]
        owed = sum((c.open for c in payments.open_charges(s, unit_id, bills)), Decimal("0"))

        def pay(day: date):
            return payments.take_payment(s, payments.PaymentInput(
                unit_id=unit_id, amount=f"{owed}", method="现金", paid_on=day, collector_id=collector, charge_ids=bills))
        # Paid in March, reversed today, paid again with a February date: from March on, the records
        # say these bills were paid twice over; they owed nothing then, not less.
        payments.reverse_payment(s, pay(date(2025, 3, 1)).id, "收据开错")
        pay(date(2025, 2, 1))
    _random_history(estate, 5)  # and payments and reversals in a random order
    with estate.session(system=True) as s:
        areas = dict(s.execute(select(Unit.id, Unit.area)).all())
        for as_of in (date(2025, 1, 31), date(2025, 6, 30), date(2025, 12, 31), date(2026, 8, 31), NOW.date()):
            owed = {unit_id: _reference_arrears(s, unit_id, as_of) for unit_id in areas}
            owing = [unit_id for unit_id, amount in owed.items() if amount > 0]
            totals = arrears_stats.arrears_totals(s, as_of)
            assert (totals.units, totals.area, totals.amount) == (
                len(owing), sum((Decimal(areas[u]).quantize(CENT) for u in owing), Decimal("0.00")),
                sum((owed[u] for u in owing), Decimal("0.00"))), as_of
        assert any(arrears_stats.arrears_totals(s, day).units for day in (date(2025, 6, 30), date(2025, 12, 31)))


def test_the_demo_and_imported_payments_keep_paid(demo_db, db, tmp_path, frozen_now):
    from frontdesk.services import imports

    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.sum(Charge.paid))) > 0
        assert _mismatches(s) == []
        standing = dict(s.execute(select(Charge.id, Charge.paid)).all())
    for kind in ("units", "staff", "charges", "payments"):
        path = tmp_path / f"{kind}.xlsx"
        imports.export(demo_db.opener(read_only=True, system=True), kind, path)
        assert imports.run_import(db.opener("张丽", system=True), kind, path).ok, kind
    with db.session(system=True) as s:
        assert s.scalar(select(func.sum(Charge.paid))) > 0
        assert _mismatches(s) == []
        # What stands (payments not reversed) comes across: no charge shows more paid than in the demo.
        assert s.scalar(select(func.sum(Charge.paid))) <= sum(standing.values())


def test_the_monthly_chart_rates_are_each_months_own_rates(estate):
    _random_history(estate, 4)
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-10", "2026-11", "2026-12"]
    with estate.session(system=True) as s:
        expected = []
        for month in months:
            rng = collection_rates.range_of("月", int(month[:4]), int(month[5:]))
            expected += [(month, row.group, row.charged, row.received)
                         for row in collection_rates.rates(s, rng, "期", with_previous=False)
                         if row.group != "合计" and row.charged]
        got = [(month, f"{phase}期", charged, received)
               for month, phase, charged, received in collection_rates.monthly_phase_rates(s, months) if charged]
        assert got == expected
        assert any(received < charged for _m, _p, charged, received in got)


def test_letter_effect_counts_what_each_unit_paid_from_its_first_letter(estate):
    from frontdesk.db.models import CollectionAction, Unit
    from frontdesk.services import letters

    with estate.session(system=True) as s:
        first, second = s.scalars(select(Unit.id).order_by(Unit.code).limit(2)).all()
        collector = s.scalar(select(Staff.id))
        for unit_id, day in ((first, date(2026, 3, 1)), (first, date(2026, 4, 1)), (second, date(2026, 3, 5))):
            s.add(CollectionAction(unit_id=unit_id, acted_on=day, method="催缴函", collector_id=collector,
                                   result="已发出", arrears=Decimal("500.00")))
    with estate.session("刘洋", system=True) as s:
        def pay(unit_id, amount, day):
            return payments.take_payment(s, payments.PaymentInput(unit_id=unit_id, amount=amount, method="现金",
                                                                  paid_on=day, collector_id=collector)).id
        pay(first, "100.00", date(2026, 2, 1))  # before the letter: not its effect
        pay(first, "230.50", date(2026, 3, 10))
        reversed_later = pay(second, "80.00", date(2026, 3, 20))
        payments.reverse_payment(s, reversed_later, "收据开错")  # dated today
    with estate.session(system=True) as s:
        now = letters.letter_effect(s, date(2026, 3, 1), date(2026, 4, 30))
        assert (now.letters, now.units, now.paid_units, now.paid_amount, now.arrears_written) == \
            (3, 2, 1, Decimal("230.50"), Decimal("1500.00"))
        before_reversal = letters.letter_effect(s, date(2026, 3, 1), date(2026, 4, 30), until=date(2026, 6, 30))
        assert (before_reversal.paid_units, before_reversal.paid_amount) == (2, Decimal("310.50"))
        nothing = letters.letter_effect(s, date(2025, 1, 1), date(2025, 2, 1))
        assert (nothing.letters, nothing.units, nothing.paid_units, nothing.paid_amount) == (0, 0, 0, Decimal("0.00"))
