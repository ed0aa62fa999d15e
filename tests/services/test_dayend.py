"""日结: a collector's day slip, closing it, what a closed day refuses, and the slip against the export."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from dayend_ledger import TODAY, build, pay

from frontdesk import cli
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import clock, dayend, payments

D = Decimal


@pytest.fixture
def ledger(db):
    ids, staff = build(db)
    yield db, ids, staff
    clock.freeze(None)


def test_the_slip_lists_the_days_receipts_and_totals_by_method_then_the_day_closes(ledger):
    db, ids, staff = ledger
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", TODAY)
    pay(db, ids, staff, "2-1-1-0101", "120.00", "刘洋", TODAY, method="微信")
    pay(db, ids, staff, "1-1-1-0101", "120.00", "赵敏", TODAY)  # another collector's day
    with db.session("刘洋", "收费员") as s:
        slip = dayend.day_slip(s, staff["刘洋"], TODAY)
        assert [(r.unit_code, r.amount, r.method) for r in slip.receipts] == [
            ("1-1-1-0102", D("60.00"), "现金"), ("2-1-1-0101", D("120.00"), "微信")]
        assert slip.receipts[0].payer == "李四" and slip.receipts[0].items == "物业费 2024-06"
        assert slip.by_method["现金"] == D("60.00") and slip.by_method["微信"] == D("120.00")
        assert slip.by_method["POS"] == D("0.00") and slip.total == D("180.00") and slip.cash_to_hand_over == D("60.00")
        assert not slip.closed
    with db.session("赵敏", "收费员") as s, pytest.raises(PermissionDenied, match="只能日结自己"):
        dayend.close_day(s, staff["刘洋"], TODAY)
    with db.session("刘洋", "收费员") as s:
        closed = dayend.close_day(s, staff["刘洋"], TODAY, receiver="财务 钱晓红")
    assert closed.closing.receiver == "财务 钱晓红" and closed.closing.closed_by == "刘洋"
    assert closed.closing.total == D("180.00") and closed.closing.cash_to_hand_over == D("60.00")
    assert closed.closing.receipts == 2
    with db.session("刘洋", "收费员") as s, pytest.raises(ValidationError, match="不需要再结"):
        dayend.close_day(s, staff["刘洋"], TODAY)
    with db.session("吴海燕", "客服主管") as s:
        open_days = dayend.unclosed_days(s)
    assert [(d.collector, d.day, d.total) for d in open_days] == [("赵敏", TODAY, D("120.00"))]


def test_a_closed_day_takes_no_payment_and_a_reversal_waits_for_the_supervisor_the_next_day(ledger):
    db, ids, staff = ledger
    first = pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", TODAY)
    with db.session("刘洋", "收费员") as s:
        dayend.close_day(s, staff["刘洋"], TODAY)
    for actor, role in (("刘洋", "收费员"), ("吴海燕", "客服主管")):
        with pytest.raises(ValidationError, match="已日结交款") as refused:
            pay(db, ids, staff, "1-1-1-0101", "120.00", "刘洋", TODAY, actor=actor, role=role)
        assert refused.value.field == "paid_on" and "不能再登记收款" in refused.value.message
        # today closed: what came in after the close goes on tomorrow's slip (not "today's", which is closed)
        assert "明天按明天的日期登记" in refused.value.message and "按今天的日期" not in refused.value.message
    pay(db, ids, staff, "1-1-1-0101", "120.00", "刘洋", TODAY - timedelta(days=1))  # yesterday is still open
    with db.session("吴海燕", "客服主管") as s:  # said before a reason is typed
        assert "下一个工作日" in payments.reversal_refusal(s, first.id)
    with db.session("吴海燕", "客服主管") as s, pytest.raises(ValidationError, match="下一个工作日"):
        payments.reverse_payment(s, first.id, "收错了房号")
    clock.freeze(datetime.combine(TODAY + timedelta(days=1), datetime.min.time().replace(hour=9)))
    with db.session("刘洋", "收费员") as s, pytest.raises(PermissionDenied):
        payments.reverse_payment(s, first.id, "收错了房号")
    with db.session("吴海燕", "客服主管") as s:
        reversal = payments.reverse_payment(s, first.id, "收错了房号")
        assert reversal.paid_on == TODAY + timedelta(days=1) and reversal.approved_by == "吴海燕"
    with db.session("吴海燕", "客服主管") as s:
        closed_day = dayend.day_slip(s, staff["刘洋"], TODAY)
        next_day = dayend.day_slip(s, staff["刘洋"], TODAY + timedelta(days=1))
    assert closed_day.total == closed_day.closing.total == D("60.00")  # the closed slip stays as handed over
    assert [r.receipt_no for r in closed_day.receipts] == [first.receipt_no] and not closed_day.reversals
    assert [(r.amount, r.method) for r in next_day.reversals] == [(D("-60.00"), "现金")]
    assert first.receipt_no in next_day.reversals[0].note and next_day.cash_to_hand_over == D("-60.00")


def _export_total(db, day: date, collector: str, tmp_path) -> tuple[Decimal, int]:
    out = tmp_path / f"payments-{day}.xlsx"
    assert cli.main(["export", "payments", str(out), "--from", str(day), "--to", str(day), "--db", db.url]) == 0
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    mine = [r for r in rows if r["收费员"] == collector]
    return sum((D(str(r["实收金额"])) for r in mine), D("0")).quantize(D("0.01")), len({r["收据号"] for r in mine})


def test_the_slip_totals_equal_the_collectors_payments_of_the_day_in_the_export(ledger, tmp_path):
    db, ids, staff = ledger
    pay(db, ids, staff, "1-1-1-0101", "360.00", "赵敏", TODAY, method="POS")  # three months in one receipt
    wrong = pay(db, ids, staff, "1-1-1-0102", "60.00", "赵敏", TODAY, method="支付宝")
    pay(db, ids, staff, "2-1-1-0101", "240.00", "赵敏", TODAY, method="现金")
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", TODAY, method="现金")
    with db.session("吴海燕", "客服主管") as s:
        payments.reverse_payment(s, wrong.id, "重复收款")  # the same day: on the slip and out of the export
    total, receipts = _export_total(db, TODAY, "赵敏", tmp_path)
    with db.session("赵敏", "收费员") as s:
        slip = dayend.close_day(s, staff["赵敏"], TODAY)
    assert slip.total == slip.closing.total == total == D("600.00")
    assert len(slip.receipts) - len(slip.reversals) == receipts == 2
    assert slip.by_method["支付宝"] == D("0.00") and slip.closing.by_method["POS"] == D("360.00")
    assert slip.cash_to_hand_over == D("240.00")


def test_a_payment_and_a_close_at_the_same_moment_either_land_on_the_slip_or_are_refused(ledger):
    """Two desks at once: the payment holds the collector-day until it commits, the close waits for it."""
    db, ids, staff = ledger
    taken, release, results = threading.Event(), threading.Event(), {}

    def take():
        with db.session("刘洋", "收费员") as s:
            payments.take_payment(s, payments.PaymentInput(unit_id=ids["1-1-1-0101"], amount=D("120.00"),
                                                           paid_on=TODAY, collector_id=staff["刘洋"]))
            taken.set()
            release.wait(10)

    def close():
        taken.wait(10)
        with db.session("吴海燕", "客服主管") as s:
            results["slip"] = dayend.close_day(s, staff["刘洋"], TODAY)

    threads = [threading.Thread(target=take), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    assert taken.wait(10)
    time.sleep(0.5)
    assert "slip" not in results  # the close waits for the payment's transaction
    release.set()
    for thread in threads:
        thread.join(20)
    assert results["slip"].closing.receipts == 1 and results["slip"].closing.total == D("120.00")

    # The other order: a close holding the day makes a payment wait, then refuses it.
    day = TODAY - timedelta(days=1)
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", day)
    errors, _waited = _paid_while_held(db, ids, staff, lambda s: dayend.close_day(s, staff["刘洋"], day), day)
    assert errors and "已日结交款" in errors[0]
    with db.session(system=True) as s:
        assert dayend.day_slip(s, staff["刘洋"], day).total == D("60.00")


def _paid_while_held(db, ids, staff, hold, paid_on) -> tuple[list[str], bool]:
    """The supervisor's desk does `hold(session)` and keeps its transaction open half a second; 刘洋's desk
    takes ¥60 for 1-1-1-0102 dated `paid_on` meanwhile. Its refusals, and whether it waited."""
    holding, release, done, errors = threading.Event(), threading.Event(), threading.Event(), []

    def hold_first():
        with db.session("吴海燕", "客服主管") as s:
            hold(s)
            holding.set()
            release.wait(10)

    def pay_meanwhile():
        holding.wait(10)
        try:
            pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", paid_on)
        except ValidationError as exc:
            errors.append(exc.message)
        done.set()

    threads = [threading.Thread(target=hold_first), threading.Thread(target=pay_meanwhile)]
    for thread in threads:
        thread.start()
    assert holding.wait(10)
    waited = not done.wait(0.5)
    release.set()
    for thread in threads:
        thread.join(20)
    return errors, waited


def test_a_payment_arriving_while_its_month_is_confirmed_waits_and_is_refused(ledger):
    """Another desk confirming the 月度考核 of the month just over holds it: a payment dated into it
    waits, then sees the month confirmed and is refused (the confirmed rate and commission stay)."""
    from frontdesk.services.training import assessment

    db, ids, staff = ledger
    clock.freeze(datetime(2026, 12, 1, 9, 0))  # November is over: its 月度考核 may be confirmed
    errors, waited = _paid_while_held(db, ids, staff, lambda s: assessment.confirm_month(s, "2026-11", "吴海燕"),
                                      TODAY)
    assert waited  # the payment waits for the confirmation's transaction
    assert errors and "月度考核已确认" in errors[0]
    with db.session(system=True) as s:
        assert dayend.day_slip(s, staff["刘洋"], TODAY).total == D("0.00")


def test_the_months_hand_over_summary_and_the_days_not_closed(ledger):
    db, ids, staff = ledger
    first, second = date(2026, 11, 3), date(2026, 11, 4)
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", first)
    pay(db, ids, staff, "1-1-1-0101", "120.00", "刘洋", second, method="微信")
    pay(db, ids, staff, "2-1-1-0101", "120.00", "赵敏", second)
    with db.session("刘洋", "收费员") as s:
        dayend.close_day(s, staff["刘洋"], first, receiver="财务")
    with db.session("吴海燕", "客服主管") as s:
        rows = {r.collector: r for r in dayend.month_summary(s, "2026-11")}
        open_days = [(d.collector, d.day) for d in dayend.unclosed_days(s, date(2026, 11, 1), TODAY)]
    assert open_days == [("刘洋", second), ("赵敏", second)]
    liu = rows["刘洋"]
    assert (liu.days, liu.closed_days, liu.receipts, liu.total) == (2, 1, 2, D("180.00"))
    assert liu.handed_over_cash == D("60.00") and liu.open_total == D("120.00") and liu.by_method["微信"] == D("120.00")
    assert rows["合计"].total == D("300.00") and rows["合计"].open_days == 2


def test_an_import_does_not_add_payments_to_a_closed_day(ledger, tmp_path):
    from frontdesk.services import imports

    db, ids, staff = ledger
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", TODAY)
    with db.session("刘洋", "收费员") as s:
        dayend.close_day(s, staff["刘洋"], TODAY)
    path = tmp_path / "payments.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(imports.KINDS["payments"].headers())
    for day, receipt in ((TODAY, "SK-IMP-0001"), (TODAY - timedelta(days=1), "SK-IMP-0002")):
        sheet.append(["2-1-1-0101", "物业费", "2024-06" if receipt.endswith("1") else "2024-07", 120, day, "现金",
                      receipt, "刘洋"])
    book.save(path)
    result = imports.run_import(db.opener("测试", system=True), "payments", path)
    assert not result.ok and len(result.problems) == 1
    assert "已日结交款" in result.problems[0].line() and "收款日期" in result.problems[0].line()


def test_a_month_paid_in_part_is_named_as_such_on_the_slip_as_on_the_receipt(ledger):
    """The slip and the payments list must not show a part-paid month as settled (the receipt never did)."""
    db, ids, staff = ledger
    pay(db, ids, staff, "1-1-1-0102", "25.50", "刘洋", TODAY)
    with db.session("刘洋", "收费员") as s:
        slip = dayend.day_slip(s, staff["刘洋"], TODAY)
        assert slip.receipts[0].items == "物业费 2024-06（部分 25.50）"
        assert payments.unit_payments(s, ids["1-1-1-0102"])[0].periods == "物业费 2024-06（部分 25.50）"
    pay(db, ids, staff, "1-1-1-0102", "34.50", "刘洋", TODAY)  # the rest of that month
    with db.session("刘洋", "收费员") as s:
        assert dayend.day_slip(s, staff["刘洋"], TODAY).receipts[-1].items == "物业费 2024-06（部分 34.50）"
