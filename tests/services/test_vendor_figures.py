"""The 外包方与宣传栏 figures against a hand-made month: raised, fixed on time, overdue, posted."""

import json
from datetime import date, datetime

from frontdesk import cli
from frontdesk.services import board, clock, stats, vendor_issues, vendors
from frontdesk.services.stats import records


def _make_june(db):
    """Five problems raised in June 2025: 2 fixed on time, 1 fixed late, 1 carried over, 1 still open and due
    later; one from May (not counted); three announcements in June, one of them voided."""
    clock.freeze(datetime(2025, 6, 10, 9, 0))
    with db.session("张丽", system=True) as s:
        v = vendors.save_vendor(s, vendors.VendorInput(company="洁美保洁", service="保洁"))
        may = vendor_issues.raise_issue(s, vendor_issues.IssueInput(v, "车库", "积水", date(2025, 5, 20), "周",
                                                                    raised_on=date(2025, 5, 15)))
        ids = [vendor_issues.raise_issue(s, vendor_issues.IssueInput(v, f"位置{n}", f"问题{n}", deadline, "周",
                                                                     raised_on=date(2025, 6, 2)))
               for n, deadline in enumerate([date(2025, 6, 5), date(2025, 6, 6), date(2025, 6, 4),
                                             date(2025, 6, 7), date(2025, 6, 30)])]
    with db.session("周", system=True) as s:
        vendor_issues.recheck(s, may, "已整改", date(2025, 5, 20))
        vendor_issues.recheck(s, ids[0], "已整改", date(2025, 6, 5))
        vendor_issues.recheck(s, ids[1], "已整改", date(2025, 6, 4))
        vendor_issues.recheck(s, ids[2], "已整改", date(2025, 6, 6))  # two days late
        vendor_issues.recheck(s, ids[3], "未整改", date(2025, 6, 7))
        for n, title in enumerate(("停水通知", "端午节温馨提示", "错贴的通知")):
            number = board.post(s, board.AnnouncementInput("通知", title, "正文", date(2025, 6, 1 + n)))
        board.void(s, number, "贴错")
        board.post(s, board.AnnouncementInput("公示", "五月公示", "正文", date(2025, 5, 30)))
    clock.freeze(datetime(2025, 6, 20, 9, 0))


def test_the_figures_of_a_hand_made_month(db):
    _make_june(db)
    with db.session(read_only=True, system=True) as s:
        period = stats.parse_month("2025-06")
        figures = stats.compute(s, period)
        assert figures.value("vendor_issues_raised") == 5
        assert figures.value("vendor_issues_fixed_on_time_rate") == 0.5  # 2 on time of 4 fixed or past due
        assert figures.value("vendor_issues_overdue") == 2  # the late one and the carried one
        assert figures.value("announcements_posted") == 2
        overdue = records.records_behind(s, period, "vendor_issues_overdue")
        assert overdue.total == 2 and {r[3] for r in overdue.rows} == {"位置2", "位置3"}
        assert records.records_behind(s, period, "announcements_posted").total == 2
        [card] = vendor_issues.scorecard(s, period.start, period.end)
        assert (card.raised, card.fixed, card.fixed_on_time, card.overdue, card.carried) == (5, 3, 2, 2, 1)
        assert card.on_time_rate == 0.5
    clock.freeze(None)


def test_stats_json_carries_the_four_keys(db, monkeypatch, capsys):
    _make_june(db)
    monkeypatch.setenv("FRONTDESK_DB", str(db.engine.url.render_as_string(hide_password=False)))
    assert cli.main(["stats", "--month", "2025-06", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["vendor_issues_raised"], result["vendor_issues_fixed_on_time_rate"],
            result["vendor_issues_overdue"], result["announcements_posted"]) == (5, 0.5, 2, 2)
    clock.freeze(None)
