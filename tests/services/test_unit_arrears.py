"""unit_arrears: each unit's open bills summed, kept by every writer, and the arrears lists read from it
show what the bills themselves say."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from money_history import random_history
from sqlalchemy import delete, select, update

from frontdesk.db import arrears_summary, backup
from frontdesk.db.models import Charge, Payment, Staff, Unit, UnitArrears
from frontdesk.services import billing, clock, collection_plan, collections, payments, settings
from frontdesk.services.units import UnitInput, save_unit

NOW = datetime(2026, 11, 25, 10, 0)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@pytest.fixture
def estate(db):
    """Six units in two phases, 物业费 and 垃圾费 billed 2025-01..2026-11 (due the 15th), one collector."""
    clock.freeze(NOW)
    with db.session("测试", system=True) as s:
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.37", "2": "2.15"}},
                                      {"name": "垃圾费", "basis": "户", "prices": {"1": "8.30", "2": "8.30"}}])
        for code, area in (("1-1-1-0101", "96.35"), ("1-1-1-0102", "58.10"), ("1-2-1-0101", "77.00"),
                           ("2-1-1-0101", "131.07"), ("2-1-1-0102", "77.77"), ("2-2-1-0101", "64.20")):
            save_unit(s, UnitInput(code=code, area=area, handover_state="已收房", handover_date=date(2020, 1, 1)))
        s.add(Staff(name="刘洋", role="收费员"))
        s.flush()
        billing.generate_bills(s, "2025-01", "2026-11")
    yield db
    clock.freeze(None)


def _collector(s) -> int:
    return s.scalar(select(Staff.id))


def _pay(db, unit_id, amount, paid_on=None, charge_ids=None) -> int:
    with db.session("刘洋", system=True) as s:
        return payments.take_payment(s, payments.PaymentInput(
            unit_id=unit_id, amount=amount, method="微信", paid_on=paid_on or NOW.date(), collector_id=_collector(s),
            charge_ids=charge_ids)).id


def _random_history(db, seed: int) -> None:
    """Whole, part, hand-picked and backdated payments and reversals in a random order."""
    random_history(db, seed, 50, NOW.date() - timedelta(days=40), NOW.date())


def _summary(s) -> dict[int, tuple]:
    return {r.unit_id: (Decimal(str(r.open_amount)).quantize(CENT), r.open_charges, r.oldest_period, r.oldest_due)
            for r in s.scalars(select(UnitArrears))}


def _recomputed(s) -> dict[int, tuple]:
    """The summary from scratch: every unit's bills not fully paid, added up in Python."""
    found: dict[int, list] = {}
    for unit_id, amount, paid, period, due in s.execute(
            select(Charge.unit_id, Charge.amount, Charge.paid, Charge.period, Charge.due_date)):
        owed = Decimal(str(amount)) - Decimal(str(paid))
        if owed <= 0:
            continue
        row = found.setdefault(unit_id, [ZERO, 0, period, due])
        row[0] += owed
        row[1] += 1
        row[2], row[3] = min(row[2], period), min(row[3], due)
    return {u: (amount.quantize(CENT), n, period, due) for u, (amount, n, period, due) in found.items()}


def _expected_list(s, as_of: date) -> dict[str, tuple]:
    """unit code -> (total, ≤3, 3–12, >12 months, oldest month) by the definition, from the bills."""
    now = as_of.year * 12 + as_of.month - 1
    codes = dict(s.execute(select(Unit.id, Unit.code)).all())
    found: dict[str, list] = {}
    for unit_id, amount, paid, period, due in s.execute(
            select(Charge.unit_id, Charge.amount, Charge.paid, Charge.period, Charge.due_date)):
        owed = Decimal(str(amount)) - Decimal(str(paid))
        if owed <= 0 or due >= as_of:
            continue
        age = now - (int(period[:4]) * 12 + int(period[5:]) - 1)
        row = found.setdefault(codes[unit_id], [ZERO, ZERO, ZERO, ZERO, period])
        row[0] += owed
        row[1 if age <= 3 else 2 if age <= 12 else 3] += owed
        row[4] = min(row[4], period)
    return {code: (*(v.quantize(CENT) for v in row[:4]), row[4]) for code, row in found.items()}


def _listed(s, **filters) -> dict[str, tuple]:
    rows = collections.list_arrears(s, collections.ArrearsFilter(**filters), 0, 1000)
    return {r.unit_code: (r.total, r.within3, r.within12, r.over12, r.oldest_period) for r in rows}


def test_the_summary_follows_payments_part_payments_reversals_and_new_bills(estate):
    with estate.session(system=True) as s:
        assert _summary(s) == _recomputed(s) and len(_summary(s)) == 6
        first_unit = s.scalar(select(Unit.id).order_by(Unit.code))
    _random_history(estate, 7)
    with estate.session(system=True) as s:
        assert s.scalar(select(Payment.id).where(Payment.kind == "冲正")) is not None
        assert _summary(s) == _recomputed(s)
    _pay(estate, first_unit, _owed_in_full(estate, first_unit))  # pays everything
    with estate.session(system=True) as s:
        assert first_unit not in _summary(s)  # nothing open: no row
        billing.generate_bills(s, "2026-12", "2026-12")  # next month's bills, not yet due
    with estate.session(system=True) as s:
        assert _summary(s) == _recomputed(s)
        assert _summary(s)[first_unit][2] == "2026-12"
        assert arrears_summary.disagreements(s) == []
    assert backup.check(estate).ok, backup.check(estate).problems


def _owed_in_full(db, unit_id) -> str:
    with db.session(system=True) as s:
        return str(sum((c.open for c in payments.open_charges(s, unit_id)), ZERO))


def test_a_refused_payment_leaves_the_summary_as_it_was(estate):
    with estate.session(system=True) as s:
        unit_id = s.scalar(select(Unit.id).order_by(Unit.code))
        before = _summary(s)
    with pytest.raises(RuntimeError), estate.session("刘洋", system=True) as s:
        payments.take_payment(s, payments.PaymentInput(unit_id=unit_id, amount="50.00", collector_id=_collector(s)))
        raise RuntimeError("the desk's power went off before the commit")
    with estate.session(system=True) as s:
        assert _summary(s) == before


def test_the_arrears_list_shows_what_the_bills_say(estate):
    _random_history(estate, 11)
    with estate.session(system=True) as s:
        billing.generate_bills(s, "2026-12", "2026-12")  # open but not due: not arrears yet
        # Two units' oldest open month given a late due date (as an import may): open, not yet owed. One
        # falls due after this month's bills, one with them.
        late = {}
        for due in (date(2026, 12, 20), date(2026, 12, 15)):
            unit_id, code, period = s.execute(
                select(Charge.unit_id, Unit.code, Charge.period).join(Unit)
                .where(Charge.paid < Charge.amount, Unit.code.not_in(late)).order_by(Charge.period, Unit.code)).first()
            s.execute(update(Charge).where(Charge.unit_id == unit_id, Charge.period == period).values(due_date=due))
            arrears_summary.refresh(s, [unit_id])
            late[code] = period
    with estate.session(system=True) as s:
        today = NOW.date()
        expected = _expected_list(s, today)
        assert all(expected[code][4] > period for code, period in late.items())
        assert _listed(s) == expected
        for months in (3, 12):
            cutoff = f"{(today.year * 12 + today.month - 1 - months) // 12:04d}-" \
                     f"{(today.year * 12 + today.month - 1 - months) % 12 + 1:02d}"
            assert _listed(s, older_than_months=months) == {c: r for c, r in expected.items() if r[4] < cutoff}
        assert _listed(s, phase=2) == {c: r for c, r in expected.items() if c.startswith("2-")}
        filt = collections.ArrearsFilter()
        assert collections.count_arrears(s, filt) == len(expected)
        totals = collections.arrears_totals(s, filt)
        assert (totals.units, totals.total, totals.within3, totals.within12, totals.over12) == (
            len(expected), *(sum((r[i] for r in expected.values()), ZERO) for i in range(4)))
        for code, row in expected.items():
            unit = s.scalar(select(Unit.id).where(Unit.code == code))
            assert collections.arrears_of_unit(s, unit) == row[0]


@pytest.mark.parametrize("sort", ["total", "within3", "within12", "over12", "oldest_period", "unit_code"])
def test_every_sort_pages_through_the_same_rows_in_order(estate, sort):
    _random_history(estate, 5)
    with estate.session(system=True) as s:
        expected = _expected_list(s, NOW.date())
        filt = collections.ArrearsFilter()
        for descending in (True, False):
            rows = [r for offset in range(0, 6, 2) for r in collections.list_arrears(s, filt, offset, 2, sort, descending)]
            assert {r.unit_code: (r.total, r.within3, r.within12, r.over12, r.oldest_period) for r in rows} == expected
            keys = [getattr(r, sort) for r in rows]
            assert keys == sorted(keys, reverse=descending)


def test_a_day_in_the_past_is_still_worked_out_from_the_bills(estate):
    with estate.session(system=True) as s:
        unit_id = s.scalar(select(Unit.id).order_by(Unit.code))
        before = _listed(s, as_of=date(2026, 6, 30))
    _pay(estate, unit_id, _owed_in_full(estate, unit_id))
    with estate.session(system=True) as s:
        assert _listed(s, as_of=date(2026, 6, 30)) == before  # paid after that day: owed then
        assert "1-1-1-0101" not in _listed(s)


def test_the_plan_and_the_statistics_read_the_same_arrears(estate):
    _random_history(estate, 3)
    with estate.session(system=True) as s:
        expected = _expected_list(s, NOW.date())
        by_building: dict[tuple[int, int], tuple[int, Decimal]] = {}
        for code, row in expected.items():
            phase, building = int(code.split("-")[0]), int(code.split("-")[1])
            n, total = by_building.get((phase, building), (0, ZERO))
            by_building[(phase, building)] = (n + 1, total + row[0])
        got = {(a.phase, a.building): (a.units_in_arrears, a.arrears) for a in collection_plan.assignments(s)}
        assert {k: v for k, v in got.items() if v[0]} == by_building


def test_check_finds_a_summary_that_disagrees_and_repair_rewrites_it(estate, capsys):
    from frontdesk import cli

    with estate.session(system=True) as s:
        first, second = s.scalars(select(Unit.id).order_by(Unit.code).limit(2)).all()
        s.execute(update(UnitArrears).where(UnitArrears.unit_id == first).values(open_amount=Decimal("1.00")))
        s.execute(delete(UnitArrears).where(UnitArrears.unit_id == second))
    problems = backup.check(estate).problems
    assert any("1-1-1-0101 的欠费汇总（欠 1.00 元" in p for p in problems), problems
    assert any("1-1-1-0102 的欠费汇总（无欠费）" in p for p in problems), problems
    assert any("frontdesk check --repair" in p for p in problems)
    assert cli.main(["check", "--db", estate.url]) == 1
    assert cli.main(["check", "--repair", "--db", estate.url]) == 0
    assert "已按应收明细重算" in capsys.readouterr().err
    assert backup.check(estate).ok


def test_the_demo_and_the_charges_and_payments_imports_keep_the_summary(demo_db, db, tmp_path, frozen_now):
    from frontdesk.services import imports

    with demo_db.session(system=True) as s:
        assert _summary(s) and _summary(s) == _recomputed(s)
    for kind in ("units", "staff", "charges"):
        path = tmp_path / f"{kind}.xlsx"
        imports.export(demo_db.opener(read_only=True, system=True), kind, path)
        assert imports.run_import(db.opener("张丽", system=True), kind, path).ok, kind
    with db.session(system=True) as s:
        billed = _summary(s)
        assert billed and billed == _recomputed(s)
    path = tmp_path / "payments.xlsx"
    imports.export(demo_db.opener(read_only=True, system=True), "payments", path)
    assert imports.run_import(db.opener("张丽", system=True), "payments", path).ok
    with db.session(system=True) as s:
        assert _summary(s) == _recomputed(s)
        assert sum(row[0] for row in _summary(s).values()) < sum(row[0] for row in billed.values())
