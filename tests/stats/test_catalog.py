"""A figure is declared once: the JSON, the cards, the PDF, the Excel file and 指标口径 all read the declaration."""

from __future__ import annotations

import json

import openpyxl

from frontdesk import cli
from frontdesk.services import stats
from frontdesk.services.stats import catalog
from frontdesk.services.stats.catalog import Figure


def test_every_figure_is_complete_and_unique():
    keys = [f.key for f in catalog.figures()]
    assert len(keys) == len(set(keys)) and len(keys) >= 30
    labels = [f.label for f in catalog.figures()]
    assert len(labels) == len(set(labels))
    for figure in catalog.figures():
        assert figure.kind in ("count", "rate", "money", "number"), figure.key
        assert figure.definition.endswith("。") and len(figure.definition) > 8, figure.key
    assert {f.key for f in catalog.cards()} >= {"calls", "collection_rate", "satisfaction_rate"}


def test_a_declared_figure_reaches_json_excel_and_definitions(ledger, tmp_path, capsys, monkeypatch):
    """Declaring one figure is all it takes: it appears in stats --json, the 汇总 sheet and 指标口径."""
    extra = Figure("calls_twice", "来电两倍（测试）", "count", "来电的两倍，只用于检查声明的测试。",
                   lambda f: f.value("calls") * 2)
    monkeypatch.setitem(catalog._FIGURES, extra.key, extra)
    assert cli.main(["stats", "--month", "2026-03", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["calls_twice"] == 2 * result["calls"]
    out = tmp_path / "m.xlsx"
    assert cli.main(["report", "monthly", "--month", "2026-03", "--xlsx", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    summary = {row[0].value: row[1].value for row in wb["汇总"].iter_rows(min_row=2)}
    assert summary["来电两倍（测试）"] == 2 * result["calls"]
    口径 = {row[0].value: row[1].value for row in wb["指标口径"].iter_rows(min_row=2)}
    assert 口径["来电两倍（测试）"] == "来电的两倍，只用于检查声明的测试。"


def test_records_behind_come_from_the_declaration(ledger):
    with ledger.session("测试", read_only=True, system=True) as s:
        period = stats.parse_month("2026-03")
        figures = stats.compute(s, period)
        for figure in catalog.figures():
            if figure.records is None or figure.kind != "count" or figure.key == "days":
                continue
            table = figure.records(s, period, figure.label)
            if figure.key.startswith(("letters_paid", "notices_rectified")):
                continue  # counted per unit or per matter, listed per letter or re-inspection
            assert table.total == figures.value(figure.key), figure.key


def test_stats_for_a_quarter(ledger, capsys):
    assert cli.main(["stats", "--quarter", "2026Q1", "--json"]) == 0
    quarter = json.loads(capsys.readouterr().out)
    months = []
    for month in ("2026-01", "2026-02", "2026-03"):
        assert cli.main(["stats", "--month", month, "--json"]) == 0
        months.append(json.loads(capsys.readouterr().out))
    assert quarter["period"] == "2026-Q1"
    assert quarter["calls"] == sum(m["calls"] for m in months)
    assert cli.main(["stats", "--quarter", "2026Q5", "--json"]) == 2
    assert "季度" in capsys.readouterr().err


def test_a_period_the_records_do_not_cover_is_not_compared(ledger):
    from frontdesk.services import stats

    with ledger.session("测试", read_only=True, system=True) as s:
        year = stats.report(s, stats.parse_year("2026"), with_lists=False)
        march = stats.report(s, stats.parse_month("2026-03"), with_lists=False)
    assert not year.previous.complete  # the ledger starts in 2026: 2025 holds nothing to compare with
    assert all(line[3] == "—" for line in year.kpi_lines())
    calls = next(line for line in march.kpi_lines() if line[0] == "来电（电话）")
    assert march.previous.complete and calls[3] != "—"
