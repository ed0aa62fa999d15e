"""Figures of periods already over are kept once computed, and never shown after the bills or money
behind them changed: every kind of writer drops what it touches, and a figure computed before another
desk's change is not kept."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from money_history import random_history
from sqlalchemy import select, update

from frontdesk.db.models import Charge, ClosedFigures, Staff, Unit
from frontdesk.services import billing, clock, collection_plan, collection_rates, payments, settings
from frontdesk.services.units import UnitInput, save_unit

NOW = datetime(2026, 11, 25, 10, 0)
MONTHS = [f"2026-{m:02d}" for m in range(1, 11)]  # the months already over on NOW
OCTOBER = collection_rates.range_of("月", 2026, 10)
SEPTEMBER = collection_rates.range_of("月", 2026, 9)
YEAR_2025 = collection_rates.range_of("年", 2025)


@pytest.fixture
def estate(db):
    """Four units in two phases, 物业费 billed 2025-01..2026-11 (due the 15th), one collector."""
    clock.freeze(NOW)
    with db.session("测试", system=True) as s:
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.50", "2": "2.00"}}])
        for code in ("1-1-1-0101", "1-2-1-0101", "2-1-1-0101", "2-1-1-0102"):
            save_unit(s, UnitInput(code=code, area="100.00", handover_state="已收房", handover_date=date(2020, 1, 1)))
        s.add(Staff(name="刘洋", role="收费员"))
        s.flush()
        billing.generate_bills(s, "2025-01", "2026-11")
    yield db
    clock.freeze(None)


def _figures(db, rng) -> list[tuple]:
    """What the statistics show for a period (kept figures where there are)."""
    with db.session("主管", "客服主管", read_only=True) as s:
        return sorted((g.phase, g.building, g.collector, g.charged, g.received, g.owed_at_start, g.cleared,
                       g.units_charged, g.units_paid) for g in collection_rates.group_figures(s, rng))


def _live(db, rng) -> list[tuple]:
    """The same, computed from the bills now."""
    with db.session("主管", "客服主管", read_only=True) as s:
        collectors = {(a.phase, a.building): a.collector for a in collection_plan.assignments(s)}
        return sorted((p, b, collectors.get((p, b)) or "", Decimal(ch), Decimal(rc), Decimal(ow), Decimal(cl), n, paid)
                      for p, b, ch, rc, ow, cl, n, paid in collection_rates._building_sums(s, rng))


def _phase_rates(db) -> list[tuple]:
    with db.session("主管", "客服主管", read_only=True) as s:
        return collection_rates.monthly_phase_rates(s, MONTHS)


def _kept(db) -> set[tuple]:
    with db.session(system=True) as s:
        return set(s.execute(select(ClosedFigures.kind, ClosedFigures.start_on, ClosedFigures.end_on)).all())


def _unit(db, code: str) -> int:
    with db.session(system=True) as s:
        return s.scalar(select(Unit.id).where(Unit.code == code))


def _pay(db, unit_id: int, amount: str, paid_on: date) -> int:
    with db.session("刘洋", system=True) as s:
        return payments.take_payment(s, payments.PaymentInput(
            unit_id=unit_id, amount=amount, method="微信", paid_on=paid_on,
            collector_id=s.scalar(select(Staff.id)))).id


def test_a_closed_period_is_kept_read_from_what_was_kept_and_checked(estate, capsys):
    from frontdesk import cli

    first = _figures(estate, OCTOBER)
    _phase_rates(estate)
    assert ("buildings", OCTOBER.start, OCTOBER.end) in _kept(estate)
    assert cli.main(["check", "--db", estate.url]) == 0
    # Proof that the kept row is what is read: a row edited by hand shows, and `check` names it.
    with estate.session(system=True) as s:
        s.execute(update(ClosedFigures).where(ClosedFigures.kind == "buildings", ClosedFigures.end_on == OCTOBER.end)
                  .values(figures='[[1, 1, "1.00", "1.00", "0.00", "0.00", 1, 1]]'))
    assert [row[3] for row in _figures(estate, OCTOBER)] == [Decimal("1.00")]
    capsys.readouterr()
    assert cli.main(["check", "--db", estate.url]) == 1
    assert "保存的 2026-10-01～2026-10-31 收费率统计与账单不符" in capsys.readouterr().err
    assert cli.main(["check", "--repair", "--db", estate.url]) == 0
    assert "已清除" in capsys.readouterr().err
    assert _kept(estate) == set()
    assert _figures(estate, OCTOBER) == first == _live(estate, OCTOBER)


def test_a_running_period_is_never_kept(estate):
    november = collection_rates.range_of("月", 2026, 11)
    _figures(estate, november)
    _figures(estate, collection_rates.range_of("年", 2026))
    assert _kept(estate) == set()


def test_a_payment_today_leaves_the_months_over_as_kept_and_right(estate):
    _figures(estate, OCTOBER), _figures(estate, YEAR_2025), _phase_rates(estate)
    kept = _kept(estate)
    _pay(estate, _unit(estate, "1-1-1-0101"), "300.00", NOW.date())  # the oldest bills: 2025's
    assert _kept(estate) == kept  # nothing over is touched by money of today
    assert _figures(estate, OCTOBER) == _live(estate, OCTOBER)
    assert _figures(estate, YEAR_2025) == _live(estate, YEAR_2025)


def test_a_backdated_payment_changes_the_months_it_reaches(estate):
    before = _figures(estate, SEPTEMBER)
    _figures(estate, OCTOBER)
    rates_before = dict(((m, p), r) for m, p, _c, r in _phase_rates(estate))
    unit = _unit(estate, "2-1-1-0101")
    _pay(estate, unit, "200.00", date(2026, 9, 20))  # 2025-01's bill, paid in September: old arrears cleared
    after = _figures(estate, SEPTEMBER)
    assert after != before and after == _live(estate, SEPTEMBER)
    assert sum(row[6] for row in after) - sum(row[6] for row in before) == Decimal("200.00")  # cleared
    assert _figures(estate, OCTOBER) == _live(estate, OCTOBER)  # owed at October's start is less now
    assert _phase_rates(estate) == _phase_rates_live(estate)
    assert dict(((m, p), r) for m, p, _c, r in _phase_rates(estate)) == rates_before  # 2025's bill: no month shown


def _phase_rates_live(db) -> list[tuple]:
    with db.session("主管", "客服主管", read_only=True) as s:
        ranges = {m: collection_rates.range_of("月", int(m[:4]), int(m[5:7])) for m in MONTHS}
        return sorted((m, p, Decimal(c), Decimal(r)) for m, rows in
                      collection_rates._phase_sums(s, ranges, clock.today()).items() for p, c, r in rows)


def test_reversals_and_backdated_payments_in_any_order_keep_every_shown_figure_right(estate):
    shown = [OCTOBER, SEPTEMBER, YEAR_2025, collection_rates.range_of("季", 2026, 3)]
    for rng in shown:
        _figures(estate, rng)
    _phase_rates(estate)
    random_history(estate, 7, 30, NOW.date() - timedelta(days=80), NOW.date())
    for rng in shown:
        assert _figures(estate, rng) == _live(estate, rng), rng.label
    assert _phase_rates(estate) == _phase_rates_live(estate)


def test_bills_of_a_past_month_drop_that_month_and_those_after(estate):
    _figures(estate, SEPTEMBER), _figures(estate, OCTOBER), _figures(estate, YEAR_2025)
    with estate.session(system=True) as s:
        save_unit(s, UnitInput(code="1-3-1-0101", area="80.00", handover_state="已收房",
                               handover_date=date(2020, 1, 1)))
    with estate.session("测试", system=True) as s:
        billing.generate_bills(s, "2026-10", "2026-10")  # the new unit's October bill, entered late
    kept = _kept(estate)
    assert ("buildings", YEAR_2025.start, YEAR_2025.end) in kept
    assert ("buildings", SEPTEMBER.start, SEPTEMBER.end) in kept
    assert ("buildings", OCTOBER.start, OCTOBER.end) not in kept
    assert _figures(estate, OCTOBER) == _live(estate, OCTOBER)
    assert any(row[1] == 3 for row in _figures(estate, OCTOBER))


def test_a_bill_changed_or_voided_by_hand_drops_its_month(estate):
    _figures(estate, OCTOBER)
    with estate.session(system=True) as s:
        charge = s.scalars(select(Charge).where(Charge.period == "2026-10")).first()
        charge.amount = Decimal("1.00")
    assert _figures(estate, OCTOBER) == _live(estate, OCTOBER)
    with estate.session(system=True) as s:
        charge = s.scalars(select(Charge).where(Charge.period == "2026-10")).first()
        charge.deleted_at = clock.now()
    assert _figures(estate, OCTOBER) == _live(estate, OCTOBER)


def test_a_unit_moved_to_another_building_drops_everything(estate):
    _figures(estate, OCTOBER), _figures(estate, YEAR_2025)
    with estate.session(system=True) as s:  # its code corrected: 1-2-1-0101 was 1-3-1-0101
        save_unit(s, UnitInput(code="1-3-1-0101", area="100.00", handover_state="已收房",
                               handover_date=date(2020, 1, 1)), _unit(estate, "1-2-1-0101"))
    assert _kept(estate) == set()
    assert _figures(estate, OCTOBER) == _live(estate, OCTOBER)


def test_a_new_collector_shows_on_the_kept_months_at_once(estate):
    _figures(estate, OCTOBER)
    with estate.session("测试", system=True) as s:
        collection_plan.assign_collector(s, 1, 1, s.scalar(select(Staff.id).where(Staff.name == "刘洋")))
    assert {row[2] for row in _figures(estate, OCTOBER) if row[:2] == (1, 1)} == {"刘洋"}


def test_a_figure_computed_before_another_desks_change_is_not_kept(estate):
    unit = _unit(estate, "2-1-1-0101")
    with estate.session("主管", "客服主管", read_only=True) as s:
        collection_rates.group_figures(s, OCTOBER)  # computed from the bills as they were
        _pay(estate, unit, "200.00", date(2026, 10, 20))  # another desk, meanwhile, dated in October
    assert ("buildings", OCTOBER.start, OCTOBER.end) not in _kept(estate)
    assert _figures(estate, OCTOBER) == _live(estate, OCTOBER)


def test_a_session_that_changed_money_does_not_read_or_keep_figures(estate):
    _figures(estate, OCTOBER)
    with estate.session("刘洋", system=True) as s:
        payments.take_payment(s, payments.PaymentInput(
            unit_id=_unit(estate, "2-1-1-0101"), amount="200.00", method="微信", paid_on=date(2026, 10, 20),
            collector_id=s.scalar(select(Staff.id))))
        inside = sorted((g.phase, g.building, g.received, g.cleared)
                        for g in collection_rates.group_figures(s, OCTOBER))
    assert inside == sorted((row[0], row[1], row[4], row[6]) for row in _live(estate, OCTOBER))


def test_the_arrears_on_a_past_day_are_kept_until_money_or_an_area_before_it_changes(estate):
    from frontdesk.services import arrears_stats

    day = date(2026, 10, 31)

    def shown():
        with estate.session("主管", "客服主管", read_only=True) as s:
            totals = arrears_stats.arrears_totals(s, day)
            return totals.units, totals.area, totals.amount, arrears_stats.arrears_sums(s, day)

    units, area, amount, live = shown()
    assert ("arrears", day, day) in _kept(estate) and [units, str(area), str(amount)] == live
    _pay(estate, _unit(estate, "1-1-1-0101"), "300.00", NOW.date())  # today's money: that day stays
    assert ("arrears", day, day) in _kept(estate)
    before = amount
    _pay(estate, _unit(estate, "1-1-1-0101"), "300.00", date(2026, 10, 20))
    units, area, amount, live = shown()
    assert [units, str(area), str(amount)] == live and amount == before - Decimal("300.00")
    with estate.session(system=True) as s:  # an area corrected by hand: 未收面积 changes
        save_unit(s, UnitInput(code="2-1-1-0102", area="88.00", handover_state="已收房",
                               handover_date=date(2020, 1, 1)), _unit(estate, "2-1-1-0102"))
    units, area, amount, live = shown()
    assert [units, str(area), str(amount)] == live
