"""The PDF and the Excel file hold the same figures as `frontdesk stats --json`, for the hand-made ledger."""

import json
import subprocess
from decimal import Decimal

import openpyxl
from pypdf import PdfReader

from frontdesk import cli
from frontdesk.services.stats import catalog
from frontdesk.services.stats.figures import display


def _json(capsys, *args) -> dict:
    assert cli.main(["stats", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_monthly_pdf_and_excel_hold_the_json_figures(ledger, tmp_path, capsys):
    figures = _json(capsys, "--month", "2026-03")
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    assert cli.main(["report", "monthly", "--month", "2026-03", "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    text = _pdf_text(pdf)
    assert "天元物业服务有限公司" in text and "2026年3月客服前台统计报表" in text
    assert "第 1 页 / 共" in text and "附录：指标口径" in text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for key, name in ((f.key, f.label) for f in catalog.figures()):  # each KPI row: 指标, then 本期 in the next cell
        value = Decimal(figures[key]) if isinstance(figures[key], str) else figures[key]
        assert lines[lines.index(name) + 1] == display(key, value), name
    assert lines[lines.index("来电（电话）") + 2] == "1"  # 上期: February's call
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYiMicroHei" in fonts and " yes yes " in fonts

    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == "汇总"
    sheet = wb["汇总"]
    assert [c.value for c in sheet[1]] == ["指标", "本期", "上期", "环比", "去年同期", "同比"]
    assert sheet.freeze_panes == "A2"
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2) if row[0].value in {f.label for f in catalog.figures()}}
    for key, name in ((f.key, f.label) for f in catalog.figures()):
        value, cell = figures[key], cells[name][1]
        if isinstance(value, str):  # money
            assert cell.value == float(value) and cell.number_format == "#,##0.00", name
        elif value is None:
            assert cell.value is None, name
        elif isinstance(value, float):  # a rate: the cell holds it whole (Excel rounds it once, for show)
            assert round(cell.value, 4) == value, name
        else:
            assert cell.value == value, name
    assert cells["来电（电话）"][2].value == figures["previous"]["calls"] == 1
    assert cells["收费率"][1].number_format == "0.00%"
    assert {"来电来访", "报修", "收费", "员工", "指标口径"} <= set(wb.sheetnames)
    per_day = wb["来电来访"]
    assert per_day.max_row == 1 + 31 and sum(r[1].value for r in per_day.iter_rows(min_row=2)) == figures["calls"]


def test_yearly_pdf_opens_with_the_summary_in_the_desk_s_words(ledger, tmp_path, capsys):
    figures = _json(capsys, "--year", "2026")
    pdf = tmp_path / "y.pdf"
    assert cli.main(["report", "yearly", "--year", "2026", "--pdf", str(pdf)]) == 0
    first_page = PdfReader(str(pdf)).pages[0].extract_text().replace("\n", "")
    assert "年度工作总结" in first_page
    assert f"本年度前台共接听电话{figures['calls']}次，接待报修{figures['repairs']}次" in first_page
    assert f"其中业主日常报修{figures['repairs_household']}次、公共报修{figures['repairs_public']}次" in first_page


def test_report_needs_an_output_and_a_good_year(ledger, tmp_path, capsys):
    assert cli.main(["report", "yearly", "--year", "2026"]) == 2
    assert "--pdf" in capsys.readouterr().err
    assert cli.main(["report", "yearly", "--year", "二〇二六", "--pdf", str(tmp_path / "y.pdf")]) == 2
    assert "年份" in capsys.readouterr().err
    assert not (tmp_path / "y.pdf").exists()
    assert cli.main(["report", "monthly", "--month", "2026-03", "--pdf", "/proc/nowhere/m.pdf"]) == 1


def test_a_section_heading_never_ends_a_page_alone(ledger, tmp_path):
    """Wherever a page runs out, 图表 and 待督办事项 start on the page that shows their first chart or list."""
    from reportlab.platypus import Spacer

    from frontdesk.reports.pdf import stats_layout as layout
    from frontdesk.services.stats.period import parse_month
    from frontdesk.services.stats.report import report

    with ledger.session("吴海燕", system=True) as s:
        rep = report(s, parse_month("2026-03"))
    assert rep.lists and rep.lists[0].rows
    st = layout.styles()
    sections = (("图表", layout.charts(rep, st, False, "四"), "来电"),
                ("待督办事项", layout.lists(rep, st, "五"), rep.lists[0].title))
    frame = layout.A4[1] - layout.MARGIN - layout.BOTTOM_MARGIN
    for heading, flowables, first_item in sections:
        for left in (12, 30, 60):  # millimetres left on the page when the section begins
            pdf = layout.build(tmp_path / f"{left}.pdf", [Spacer(1, frame - left * 2.835), *flowables], "t", "f")
            pages = [page.extract_text() for page in PdfReader(str(pdf)).pages]
            [page] = [text for text in pages if heading in text]
            assert first_item in page, (heading, left)
