"""提成: schemes effective from a month, the collector's month and its commission, the stats figures, and the
arrears by units, area and amount with the reasons."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from dayend_ledger import build, pay

from frontdesk import cli
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import arrears_stats, clock, collection_plan, commission, letters
from frontdesk.services.stats import catalog, parse_month
from frontdesk.services.training import assessment

D = Decimal
S1 = [("0", "0"), ("50", "1.00"), ("60", "1.50")]


@pytest.fixture
def ledger(db):
    """刘洋's September and October: old bills paid, a call logged, a letter that brought a payment."""
    ids, staff = build(db)
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", date(2026, 9, 5))  # the 2024-06 bill: over 12 months old
    pay(db, ids, staff, "1-1-1-0101", "3480.00", "刘洋", date(2026, 10, 10))  # 2024-06..2026-10, 16 months of it old
    with db.session("刘洋", "收费员") as s:
        collection_plan.record_action(s, collection_plan.ActionInput(
            unit_id=ids["1-1-1-0102"], method="电话", collector_id=staff["刘洋"], acted_on=date(2026, 10, 12),
            reason="经济困难", result="业主答应月底缴纳"))
        chosen = letters.select_letters(s, 12, as_of=date(2026, 10, 20))
        assert sorted(letter.unit_code for letter in chosen) == ["1-1-1-0102", "2-1-1-0101"]
        letters.record_sent(s, chosen, sent_on=date(2026, 10, 20))  # each from the building's collector
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", date(2026, 10, 25))  # after the letter: 2024-07
    with db.session("吴海燕", "客服主管") as s:
        commission.save_scheme(s, "2026-01", "2000", S1, "5.00", "专职收费员")
    yield db, ids, staff
    clock.freeze(None)


def _figures(db, month: str) -> dict[str, commission.CollectorFigures]:
    with db.session("吴海燕", "客服主管") as s:
        return {f.name: f for f in commission.month_figures(s, month)}


def test_the_collectors_month_and_its_commission_by_the_scheme_of_that_month(ledger):
    db, _ids, _staff = ledger
    october = _figures(db, "2026-10")["刘洋"]
    assert october.buildings == "1期1栋"
    assert (october.collection_rate, october.previous_rate) == (D("66.7"), D("0.0"))  # 120 of 180; September 0
    assert (october.collected, october.receipts, october.old_arrears_recovered) == (D("3540.00"), 2, D("1980.00"))
    assert (october.actions, october.letters_sent, october.letters_paid) == (1, 1, 1)
    assert october.scheme_from == "2026-01" and october.base == D("2000.00")
    assert october.commission == D("152.10")  # 3540 × 1.50 / 100 + 1980 × 5.00 / 100
    assert _figures(db, "2026-09")["刘洋"].commission == D("3.00")  # rate 0 %: only the old bill, 60 × 5 / 100
    assert _figures(db, "2026-10")["赵敏"].commission == D("0.00")


def test_a_new_scheme_counts_from_its_month_and_leaves_earlier_months_and_confirmed_ones_as_they_were(ledger):
    db, _ids, _staff = ledger
    with db.session("刘洋", "收费员") as s, pytest.raises(PermissionDenied):
        commission.save_scheme(s, "2026-10", "3000", [("0", "2")], "0")
    with db.session("吴海燕", "客服主管") as s:
        with pytest.raises(ValidationError, match="至少填一档"):
            commission.save_scheme(s, "2026-10", "3000", [("", "")], "0")
        with pytest.raises(ValidationError, match="不是数字"):
            commission.save_scheme(s, "2026-10", "3000", [("六十", "2")], "0")
        commission.save_scheme(s, "2026-10", "2500", [("0", "0"), ("60", "2.00")], "0")
        assert [x.effective_from for x in commission.schemes(s)] == ["2026-10", "2026-01"]
    assert _figures(db, "2026-10")["刘洋"].commission == D("70.80")  # 3540 × 2.00 / 100, no old-arrears bonus
    assert _figures(db, "2026-09")["刘洋"].commission == D("3.00")  # still the January scheme
    with db.session("吴海燕", "客服主管") as s:
        assessment.confirm_month(s, "2026-10", "吴海燕")
        row = next(r for r in assessment.compute_month(s, "2026-10") if r.name == "刘洋")
        assert row.collector.commission == D("70.80") and row.collector.confirmed_by == "吴海燕"
        with pytest.raises(ValidationError, match="已确认"):
            commission.save_scheme(s, "2026-09", "9999", [("0", "9")], "0")
        commission.save_scheme(s, "2026-11", "2600", [("0", "5.00")], "0")
    assert _figures(db, "2026-10")["刘洋"].commission == D("70.80")  # confirmed: as stored
    assert _figures(db, "2026-11")["刘洋"].scheme_from == "2026-11"


def test_stats_json_by_collector_and_the_arrears_figures(ledger, capsys):
    db, _ids, _staff = ledger
    assert cli.main(["stats", "--month", "2026-10", "--json", "--db", db.url]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["by_collector"]["刘洋"] == {"collected": "3540.00", "receipts": 2, "collection_rate": 0.6667,
                                              "arrears_recovered": "1980.00", "commission": "152.10"}
    assert result["by_collector"]["赵敏"]["collected"] == "0.00" and result["by_collector"]["赵敏"]["collection_rate"] == 0.0
    # On 10-31: 0102 owes 2024-08..2026-10 (27 × 60), 2-0101 everything (29 × 120); 0101 is paid up.
    assert (result["arrears_units"], result["arrears_area"], result["arrears_amount"]) == (2, 130.0, "5100.00")
    with db.session("吴海燕", "客服主管") as s:
        table = catalog.find("arrears_units").records(s, parse_month("2026-10"), "未收户数")
    assert table.total == 2 and [r[0] for r in table.rows] == ["1-1-1-0102", "2-1-1-0101"]


def test_arrears_by_phase_building_and_collector_with_the_reasons(ledger):
    db, _ids, _staff = ledger
    with db.session("吴海燕", "客服主管") as s:
        by_collector = arrears_stats.arrears_statistics(s, "收费员", date(2026, 10, 31))
        by_building = arrears_stats.arrears_statistics(s, "楼栋", date(2026, 10, 31))
        by_phase_now = arrears_stats.arrears_statistics(s, "期")
    assert [(g.group, g.units, g.area, g.amount, g.reasons) for g in by_collector] == [
        ("刘洋", 1, D("50.00"), D("1620.00"), {"经济困难": 1}),
        ("赵敏", 1, D("80.00"), D("3480.00"), {"未登记原因": 1}),
        ("合计", 2, D("130.00"), D("5100.00"), {"经济困难": 1, "未登记原因": 1})]
    assert [g.group for g in by_building] == ["1期1栋", "2期1栋", "合计"]
    # Today (11-25) the November bills are due too: 0101 owes November's 120 again.
    assert [(g.group, g.units, g.amount) for g in by_phase_now] == [
        ("1期", 2, D("120.00") + D("1680.00")), ("2期", 1, D("3600.00")), ("合计", 3, D("5400.00"))]
    clock.freeze(datetime(2026, 11, 25, 10, 0))
    with db.session("刘洋", "前台客服") as s, pytest.raises(PermissionDenied):
        arrears_stats.arrears_statistics(s, "期")


def test_money_dated_into_a_confirmed_month_is_refused_and_today_is_not(ledger):
    db, ids, staff = ledger
    with db.session("吴海燕", "客服主管") as s:
        assessment.confirm_month(s, "2026-10", "吴海燕")
    with pytest.raises(ValidationError) as refused:
        pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", date(2026, 10, 28))
    assert refused.value.field == "paid_on"
    assert "刘洋 2026年10月的月度考核已确认（吴海燕" in refused.value.message and "按今天的日期登记" in refused.value.message
    assert _figures(db, "2026-10")["刘洋"].collected == D("3540.00")  # as confirmed
    pay(db, ids, staff, "1-1-1-0102", "60.00", "刘洋", clock.today())


def test_a_month_whose_bills_are_not_due_yet_says_so_not_that_the_collector_has_no_buildings(ledger):
    """刘洋 is 1期1栋's 楼栋助理: early in a month none of its bills is due yet, so no 收费率; the note
    said 未分管楼栋或本月楼栋无账单, against the plan that lists him there."""
    db, _ids, _staff = ledger
    with db.session("吴海燕", "客服主管") as s:
        december = {f.name: f for f in commission.compute_month(s, "2026-12")}
    assert december["刘洋"].collection_rate is None
    assert "还没有到期的账单" in "；".join(december["刘洋"].notes)
    assert not any("未分管" in note for note in december["刘洋"].notes)
