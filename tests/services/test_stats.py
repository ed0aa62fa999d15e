"""Every figure of `frontdesk stats --json` equals the hand count of a small ledger made through the services."""

import json

import pytest

from frontdesk import cli
from frontdesk.services import clock, stats
from frontdesk.services.stats import records, staff
from stats.ledger import EXPECTED, NOW, build


@pytest.fixture
def ledger(db):
    people = build(db)
    yield db, people
    clock.freeze(None)


def test_every_json_figure_is_the_hand_count(ledger, monkeypatch, capsys):
    db, _people = ledger
    monkeypatch.setenv("FRONTDESK_DB", db.location.url)
    assert cli.main(["stats", "--month", "2026-03", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key, value in EXPECTED.items():
        assert figures[key] == value, key
    assert figures["previous"]["period"] == "2026-02" and figures["previous"]["calls"] == 1
    assert figures["same_period_last_year"]["period"] == "2025-03"
    assert figures["same_period_last_year"]["calls"] == 0
    assert figures["same_period_last_year"]["collection_rate"] is None


def test_the_records_behind_a_figure_are_the_ones_counted(ledger):
    db, _people = ledger
    period = stats.parse_month("2026-03")
    with db.session(system=True) as s:
        assert records.records_behind(s, period, "calls").total == 3
        assert records.records_behind(s, period, "category:投诉").total == 2
        assert records.records_behind(s, period, "repairs_repeat").total == 1
        assert len(records.records_behind(s, period, "satisfaction_rate").rows) == 4
        assert records.records_behind(s, period, "notices_issued").total == 2
        assert [r[0] for r in records.records_behind(s, period, "collection_rate").rows] == [
            "1-1-1-0101", "1-1-1-0102", "2-1-1-0101"]
        assert records.notices_past_deadline(s).total == 1


def test_staff_figures_per_receptionist(ledger):
    db, people = ledger
    with db.session(system=True) as s:
        month = staff.staff_month(s, "2026-03")
    zhang, wang = month[people["张丽"]], month[people["王芳"]]
    # 张丽: 咨询 closed at once, the 报修 call closed by its return visit, the 投诉 C2 open past its deadline.
    assert (zhang.contacts, zhang.calls, zhang.matters_due, zhang.closed_on_time) == (3, 3, 3, 2)
    assert (zhang.rated_visits, zhang.satisfied) == (1, 1)  # order A came from her call
    assert (wang.contacts, wang.calls, wang.matters_due, wang.closed_on_time) == (1, 0, 1, 1)
    assert wang.satisfaction_rate == 1.0


def test_periods_and_their_comparisons(ledger):
    db, _people = ledger
    quarter = stats.quarter_period(2026, 1)
    assert (quarter.previous().key, quarter.year_ago().key) == ("2025-Q4", "2025-Q1")
    ranged = stats.range_period(quarter.start, quarter.end)
    assert ranged.previous().end.isoformat() == "2025-12-31"
    with db.session(system=True) as s:
        assert stats.compute(s, quarter).value("calls") == 4  # February's call too
        assert stats.compute(s, ranged).value("calls") == 4
        assert stats.compute(s, stats.parse_year("2026")).value("repairs") == 4
    assert clock.now() == NOW


@pytest.mark.parametrize("bad", ["2026-13", "26-03", "三月", "1899-12"])
def test_a_bad_month_exits_2_with_a_chinese_message(ledger, monkeypatch, capsys, bad):
    db, _people = ledger
    monkeypatch.setenv("FRONTDESK_DB", db.location.url)
    assert cli.main(["stats", "--month", bad]) == 2
    assert "月份" in capsys.readouterr().err


def test_a_report_of_only_some_figures_reads_just_their_sources_and_completes_to_the_whole(ledger):
    from frontdesk.services.stats.report import complete_report

    db, _people = ledger
    month = stats.parse_month("2026-03")
    with db.session(system=True) as s:
        whole = stats.report(s, month)
        shown = stats.report(s, month, with_year_ago=False, only=("calls", "collection_rate"))
        assert shown.current.value("calls") == EXPECTED["calls"]
        assert shown.previous.value("collection_rate") == whole.previous.value("collection_rate")
        assert "collectors" not in shown.current.data  # 未收 figures were not asked for
        with pytest.raises(LookupError, match="未收金额"):
            shown.current.value("arrears_amount")
        with pytest.raises(LookupError):
            shown.year_ago.value("calls")
        done = complete_report(s, shown)
    assert done.current.data["bills_by_unit"] is shown.current.data["bills_by_unit"]  # kept as shown, not re-read
    assert not shown.current.computed and done.current.computed
    assert [stats.to_json(f) for f in (done.current, done.previous, done.year_ago)] == \
        [stats.to_json(f) for f in (whole.current, whole.previous, whole.year_ago)]
    assert done.kpi_lines() == whole.kpi_lines() and done.year_ago.complete == whole.year_ago.complete


def test_a_previous_period_the_log_does_not_cover_prints_a_dash_not_its_part(demo_db):
    """The demo desk's log began this autumn: the yearly PDF's 上期 printed last year's few weeks
    (统计天数 365, 来电 …) where the Excel and the cards leave it empty."""
    with demo_db.session(system=True) as s:
        year = stats.report(s, stats.year_period(clock.today().year))
    assert not year.previous.complete
    lines = {name: (now, before) for name, now, before, _change, _ago in year.kpi_lines()}
    assert any(before == "—" for _now, before in lines.values())
    for key, name, _now, _before, _ago in year.rows():
        if not year.previous.covers(key):
            assert lines[name][1] == "—", name
