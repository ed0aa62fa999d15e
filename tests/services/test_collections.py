"""收费催缴 rules on a small hand-made ledger where every answer is known."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from frontdesk.db.models import Charge, CollectionAction, Payment, Staff, Unit
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import (
    billing,
    clock,
    collection_plan,
    collection_rates,
    collections,
    letters,
    payments,
    settings,
)
from frontdesk.services.units import OccupantInput, UnitInput, save_unit

NOW = datetime(2026, 11, 25, 10, 0)
D = Decimal


@pytest.fixture
def ledger(db):
    """Three units (1期 100㎡ ×1.20, 1期 50㎡, 2期 80㎡ ×1.50), only 物业费, bills 2026-01..2026-11."""
    clock.freeze(NOW)
    with db.session("测试", system=True) as s:
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.20", "2": "1.50"}}])
        ids = {}
        for code, area, owner in (("1-1-1-0101", "100", "张三"), ("1-1-1-0102", "50", "李四"),
                                  ("2-1-1-0101", "80", "王五")):
            saved = save_unit(s, UnitInput(code=code, area=area, handover_state="已收房",
                                           handover_date=date(2020, 1, 1),
                                           occupants=[OccupantInput(name=owner, phones=["13800000000"])]))
            ids[code] = saved if isinstance(saved, int) else saved.id
        s.add_all([Staff(name="刘洋", role="收费员"), Staff(name="吴海燕", role="客服主管")])
        s.flush()
        staff = dict(s.execute(select(Staff.name, Staff.id)).all())
        billing.generate_bills(s, "2026-01", "2026-11")
    yield db, ids, staff
    clock.freeze(None)


def _pay(db, unit_id, amount, collector, paid_on, charge_ids=None, receipt_no=""):
    with db.session("刘洋", system=True) as s:
        return payments.take_payment(s, payments.PaymentInput(
            unit_id=unit_id, amount=amount, method="微信", paid_on=paid_on, collector_id=collector,
            charge_ids=charge_ids, receipt_no=receipt_no)).id


def test_bill_generation_is_idempotent_and_prices_by_area(ledger):
    db, ids, _staff = ledger
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Charge)) == 33
        again = billing.generate_bills(s, "2026-10", "2026-12")
        assert again.created == 3 and again.skipped_existing == 6
        assert s.scalar(select(func.count()).select_from(Charge)) == 36
        charge = s.scalar(select(Charge).where(Charge.unit_id == ids["1-1-1-0101"], Charge.period == "2026-03"))
        assert charge.amount == D("120.00") and charge.due_date == date(2026, 3, 15)


def test_units_not_received_follow_the_setting(db):
    clock.freeze(NOW)
    with db.session(system=True) as s:
        save_unit(s, UnitInput(code="3-1-1-0101", area="100", handover_state="未收房"))
        settings.put(s, "unreceived_fee_ratio", "0")
        assert billing.generate_bills(s, "2026-01", "2026-01").created == 0
        settings.put(s, "unreceived_fee_ratio", "0.5")
        billing.generate_bills(s, "2026-01", "2026-01")
        assert s.scalar(select(Charge.amount).where(Charge.item == "物业费")) == D("90.00")  # 100 × 1.80 × 0.5


def test_payment_settles_the_oldest_charges_first_and_numbers_the_receipt(ledger):
    db, ids, staff = ledger
    unit = ids["1-1-1-0101"]
    payment_id = _pay(db, unit, "300.00", staff["刘洋"], date(2026, 11, 20))
    with db.session(system=True) as s:
        payment = s.get(Payment, payment_id)
        assert payment.receipt_no == "SK-202611-0001"
        assert [(a.charge.period, a.amount) for a in payment.allocations] == [
            ("2026-01", D("120.00")), ("2026-02", D("120.00")), ("2026-03", D("60.00"))]
        left = payments.open_charges(s, unit)
        assert left[0].period == "2026-03" and left[0].open == D("60.00")


def test_allocation_by_hand_pays_only_the_chosen_charges(ledger):
    db, ids, staff = ledger
    unit = ids["1-1-1-0101"]
    with db.session(system=True) as s:
        chosen = [c.id for c in payments.open_charges(s, unit) if c.period in ("2026-10", "2026-11")]
    _pay(db, unit, "240", staff["刘洋"], date(2026, 11, 20), charge_ids=chosen)
    with db.session(system=True) as s:
        periods = [c.period for c in payments.open_charges(s, unit)]
        assert "2026-10" not in periods and "2026-01" in periods


@pytest.mark.parametrize("amount, message", [
    ("0", "大于 0"), ("-5", "大于 0"), ("12.345", "两位小数"), ("abc", "不是数字"), ("1e3", "不是数字"), ("99999", "不收预存款"),
])
def test_bad_amounts_are_refused_and_nothing_is_saved(ledger, amount, message):
    db, ids, staff = ledger
    with pytest.raises(ValidationError) as info:
        _pay(db, ids["1-1-1-0101"], amount, staff["刘洋"], date(2026, 11, 20))
    assert message in info.value.errors["amount"]
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0


def test_future_date_and_used_receipt_number_are_refused(ledger):
    db, ids, staff = ledger
    with pytest.raises(ValidationError) as info:
        _pay(db, ids["1-1-1-0101"], "10", staff["刘洋"], date(2026, 11, 26))
    assert "晚于今天" in info.value.errors["paid_on"]
    _pay(db, ids["1-1-1-0101"], "10", staff["刘洋"], date(2026, 11, 20), receipt_no="A001")
    with pytest.raises(ValidationError) as info:
        _pay(db, ids["1-1-1-0101"], "10", staff["刘洋"], date(2026, 11, 20), receipt_no="a001")
    assert "已经用过" in info.value.errors["receipt_no"]


def test_a_reversal_restores_the_arrears_and_is_approved_by_the_signed_in_supervisor(ledger):
    db, ids, staff = ledger
    unit = ids["1-1-1-0102"]
    with db.session(system=True) as s:
        before = collections.arrears_of_unit(s, unit)
    assert before == D("660.00")  # 50㎡ × 1.20 × 11 months (November fell due on the 15th)
    payment_id = _pay(db, unit, "240", staff["刘洋"], date(2026, 11, 20))
    with db.session(system=True) as s:
        assert collections.arrears_of_unit(s, unit) == D("420.00")
    with pytest.raises(ValidationError), db.session("吴海燕", "客服主管") as s:
        payments.reverse_payment(s, payment_id, "")
    with db.session("吴海燕", "客服主管") as s:
        reversal = payments.reverse_payment(s, payment_id, "金额录错")
        assert reversal.amount == D("-240.00") and reversal.receipt_no.startswith("CZ-202611-")
        assert reversal.approved_by == "吴海燕" and reversal.reason == "金额录错"
    with db.session(system=True) as s:
        assert collections.arrears_of_unit(s, unit) == before
        assert s.get(Payment, payment_id).amount == D("240.00"), "the payment itself stays on record"
        with pytest.raises(ValidationError):
            payments.reverse_payment(s, payment_id, "再冲一次")


def test_roles_a_receptionist_may_not_take_money_and_a_collector_may_not_reverse(ledger):
    db, ids, staff = ledger
    unit = ids["1-1-1-0101"]
    data = payments.PaymentInput(unit_id=unit, amount="120", method="现金", paid_on=date(2026, 11, 20),
                                 collector_id=staff["刘洋"])
    with pytest.raises(PermissionDenied) as info, db.session("张丽", "前台客服") as s:
        payments.take_payment(s, data)
    assert "前台客服" in info.value.message and "收款" in info.value.message and "收费员" in info.value.message
    with db.session("刘洋", "收费员") as s:
        payment_id = payments.take_payment(s, data).id
    with pytest.raises(PermissionDenied) as info, db.session("刘洋", "收费员") as s:
        payments.reverse_payment(s, payment_id, "金额录错")
    assert "冲正" in info.value.message and "客服主管" in info.value.message
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1, "only the collector's payment, no reversal"


def test_roles_billing_is_the_supervisors_and_collection_work_the_collectors(ledger):
    db, ids, staff = ledger
    with pytest.raises(PermissionDenied, match="生成账单"), db.session("刘洋", "收费员") as s:
        billing.generate_bills(s, "2026-12", "2026-12")
    with pytest.raises(PermissionDenied), db.session("刘洋", "收费员") as s:
        billing.save_fee_items(s, billing.fee_items(s))
    action = collection_plan.ActionInput(unit_id=ids["1-1-1-0101"], method="电话", collector_id=staff["刘洋"])
    with pytest.raises(PermissionDenied, match="登记催缴"), db.session("张丽", "前台客服") as s:
        collection_plan.record_action(s, action)
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        collection_plan.assign_collector(s, 1, 1, staff["刘洋"])
    with pytest.raises(PermissionDenied, match="催缴函"), db.session("张丽", "前台客服") as s:
        letters.record_sent(s, letters.select_letters(s, 1))
    with db.session("刘洋", "收费员") as s:
        collection_plan.record_action(s, action)
        assert letters.record_sent(s, letters.select_letters(s, 1)) == 3
    with db.session("吴海燕", "客服主管") as s:
        assert billing.generate_bills(s, "2026-12", "2026-12").created == 3
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(CollectionAction)) == 4


def test_fee_items_are_checked_field_by_field_and_kept_as_money(ledger):
    db, _ids, _staff = ledger
    items = [billing.FeeItem("物业费", "面积", {1: "1.205", 2: "abc"}), billing.FeeItem("物业费", "每户", {}),
             billing.FeeItem("", "面积", {1: "-1"}), billing.FeeItem("车位费", "按月", {1: "1e309"})]
    with pytest.raises(ValidationError) as info, db.session("吴海燕", "客服主管") as s:
        billing.save_fee_items(s, items)
    errors = info.value.errors
    assert "两位小数" in errors["items.0.1"] and "items.0.2" in errors
    assert "重复" in errors["items.1"] and "名称" in errors["items.2"] and "items.2.1" in errors
    assert "计费方式" in errors["items.3.basis"] and "items.3.1" in errors
    with db.session(system=True) as s:
        assert [i.name for i in billing.fee_items(s)] == ["物业费"], "nothing saved"
    with db.session("吴海燕", "客服主管") as s:
        billing.save_fee_items(s, [billing.FeeItem(" 物业费 ", "面积", {1: "1.3", 2: "1.50"}),
                                   billing.FeeItem("车位费", "登记", {1: "150", 2: "120"})])
    with db.session(system=True) as s:
        saved = billing.fee_items(s)
        assert [(i.name, i.basis) for i in saved] == [("物业费", "面积"), ("车位费", "登记")]
        assert saved[0].prices == {1: D("1.30"), 2: D("1.50")} and billing.enrolled_items(s) == ["车位费"]


def test_units_enrolled_for_parking_are_billed_for_it_until_the_enrolment_ends(ledger):
    db, ids, _staff = ledger
    with db.session("吴海燕", "客服主管") as s:
        billing.save_fee_items(s, [*billing.fee_items(s), billing.FeeItem("车位费", "登记", {1: "150", 2: "120"})])
        with pytest.raises(ValidationError) as info:
            billing.enrol(s, None, "物业费", "x")
        assert set(info.value.errors) == {"unit", "item", "quantity"}
        billing.enrol(s, ids["2-1-1-0101"], "车位费", 2)
        assert [(e.unit_code, e.quantity) for e in billing.enrolments(s, "车位费")] == [("2-1-1-0101", 2)]
        billing.generate_bills(s, "2026-12", "2026-12")
        parking = s.scalar(select(Charge).where(Charge.item == "车位费"))
        assert (parking.unit_id, parking.amount) == (ids["2-1-1-0101"], D("240.00"))
        billing.enrol(s, ids["2-1-1-0101"], "车位费", 0)
        assert billing.enrolments(s) == []


def test_arrears_are_aged_in_three_buckets(db):
    clock.freeze(NOW)
    with db.session(system=True) as s:
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.00"}}])
        save_unit(s, UnitInput(code="1-1-1-0101", area="100", handover_state="已收房", handover_date=date(2020, 1, 1)))
        billing.generate_bills(s, "2024-11", "2025-12")
        billing.generate_bills(s, "2026-01", "2026-11")
        rows = collections.list_arrears(s, collections.ArrearsFilter())
    row = rows[0]
    # 2026-08..2026-11 are within 3 months; 2025-11..2026-07 3–12 months; 2024-11..2025-10 older.
    assert (row.within3, row.within12, row.over12) == (D("400.00"), D("900.00"), D("1200.00"))
    assert row.total == D("2500.00") and row.oldest_period == "2024-11"


def test_the_three_rates_on_a_known_ledger(ledger):
    db, ids, staff = ledger
    a, b, c = ids["1-1-1-0101"], ids["1-1-1-0102"], ids["2-1-1-0101"]
    with db.session(system=True) as s:
        billing.generate_bills(s, "2025-12", "2025-12")  # an earlier period: 120 + 60 + 120 owed
    # Before October: unit b pays its 2025-12 bill (60) on 2026-09-30 — before the range, so not cleared in it.
    _pay(db, b, "60", staff["刘洋"], date(2026, 9, 30))
    # In October: unit a pays 2025-12 (120, cleared) + Jan–Sep + Oct (1200 in all: its whole October bill).
    _pay(db, a, "1320", staff["刘洋"], date(2026, 10, 20))
    # Unit c pays half of its October bill after the month ends: not counted for October.
    with db.session(system=True) as s:
        octo = [ch.id for ch in payments.open_charges(s, c) if ch.period == "2026-10"]
    _pay(db, c, "60", staff["刘洋"], date(2026, 11, 2), charge_ids=octo)
    with db.session(system=True) as s:
        rng = collection_rates.range_of("月", 2026, 10)
        rows = {r.group: r for r in collection_rates.rates(s, rng, "期")}
    total = rows["合计"]
    # October bills: 120 + 60 + 120 = 300; received by 10-31 toward them: 120 (a) -> 40.0 %
    assert (total.charged, total.received, total.collection_rate) == (D("300.00"), D("120.00"), D("40.0"))
    assert (total.units_charged, total.units_paid, total.household_rate) == (3, 1, D("33.3"))
    # Owed at 10-01 on earlier periods (2025-12..2026-09): a 1200, b 540, c 1200 = 2940; cleared in October: 1200 by a.
    assert total.owed_at_start == D("2940.00") and total.cleared == D("1200.00")
    assert total.clearance_rate == D("40.8")
    assert rows["1期"].collection_rate == D("66.7") and rows["2期"].collection_rate == D("0.0")
    assert total.previous is not None and total.change("collection_rate") == D("40.0")


def test_collection_actions_feed_the_arrears_list_and_the_reason_statistics(ledger):
    db, ids, staff = ledger
    with db.session(system=True) as s:
        collection_plan.assign_collector(s, 1, 1, staff["刘洋"])
        collection_plan.record_action(s, collection_plan.ActionInput(
            unit_id=ids["1-1-1-0101"], method="上门", collector_id=staff["刘洋"], reason="房屋质量问题",
            result="业主答应月底缴清", promise_date=date(2026, 11, 30)))
        with pytest.raises(ValidationError) as info:
            collection_plan.record_action(s, collection_plan.ActionInput(
                unit_id=ids["1-1-1-0102"], method="电话", collector_id=staff["刘洋"], reason="其他"))
        assert "备注" in info.value.errors["remark"]
    with db.session(system=True) as s:
        plan = collection_plan.plan_for(s, staff["刘洋"])
        assert [r.unit_code for r in plan] == ["1-1-1-0101", "1-1-1-0102"]  # the larger arrears first
        assert plan[0].promise_date == date(2026, 11, 30) and "上门" in plan[0].last_action
        assert plan[0].owners == "张三" and plan[0].collector == "刘洋"
        stats = collection_plan.reason_statistics(s, date(2026, 11, 1), date(2026, 11, 30))
        assert [(r.reason, r.phase, r.units, r.arrears) for r in stats] == [("房屋质量问题", 1, 1, D("1320.00"))]
        assert s.scalar(select(CollectionAction.arrears)) == D("1320.00")
        assert s.scalar(select(func.count()).select_from(Unit)) == 3
    with db.session(system=True) as s:  # a letter the same day (no reason given), a call entered late for the 10th
        collection_plan.record_action(s, collection_plan.ActionInput(
            unit_id=ids["1-1-1-0101"], method="催缴函", collector_id=staff["刘洋"], result="已发出"))
        collection_plan.record_action(s, collection_plan.ActionInput(
            unit_id=ids["1-1-1-0101"], method="电话", collector_id=staff["刘洋"], reason="服务不满意",
            acted_on=date(2026, 11, 10)))
    with db.session(system=True) as s:
        row = collection_plan.plan_for(s, staff["刘洋"])[0]
        # the latest by its day (the call entered last was made on the 10th); the reason the owner last gave
        # stays (the letter gives none)
        assert row.last_action == "催缴函：已发出" and row.last_reason == "房屋质量问题"


def test_the_call_screen_history_shows_the_units_arrears(ledger):
    from frontdesk.services import call_lists

    db, ids, _staff = ledger
    with db.session(system=True) as s:
        history = call_lists.caller_history(s, unit_id=ids["1-1-1-0102"])
    assert history.arrears == D("660.00")
    assert not history.repeat_caller, "arrears are shown, they are not an open matter"
