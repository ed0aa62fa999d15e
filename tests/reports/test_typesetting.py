"""Documents a company signs: amounts in capitals, Chinese line breaks, units in words, page counts per letter."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from frontdesk.reports.fonts import register_pdf_font
from frontdesk.reports.pdf.typesetting import CANNOT_END, CANNOT_START
from frontdesk.services.money import capital_amount
from frontdesk.services.unit_codes import unit_in_words


@pytest.mark.parametrize(("amount", "words"), [
    ("0.00", "零元整"), ("0.05", "伍分"), ("0.50", "伍角"), ("10.00", "壹拾元整"), ("10.05", "壹拾元零伍分"),
    ("100010.50", "壹拾万零壹拾元伍角"), ("1000000.01", "壹佰万元零壹分"), ("100000000.00", "壹亿元整"),
    ("12345.60", "壹万贰仟叁佰肆拾伍元陆角"), ("1001.00", "壹仟零壹元整"),
])
def test_amounts_in_capitals(amount, words):
    assert capital_amount(Decimal(amount)) == words


def test_a_negative_amount_in_capitals_is_refused():
    with pytest.raises(ValueError):
        capital_amount(Decimal("-1.00"))


def _lines(text: str, width: float) -> list[str]:
    style = ParagraphStyle("t", fontName=register_pdf_font(), fontSize=11.5, leading=18, wordWrap="CJK")
    paragraph = Paragraph(text, style)
    paragraph.wrap(width, 2000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return ["".join(words) for _space, words in lines]
    return ["".join(w.text for w in line.words) for line in lines]


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation():
    text = ("您好！感谢您一直以来对我们物业服务工作的理解和支持。经核对，截至 2025年07月10日，您名下天元花园"
            "1期1栋1单元302室房屋尚有以下物业服务费用未缴纳：依据《中华人民共和国民法典》第九百四十四条及"
            "《物业管理条例》第四十一条，业主应当按照物业服务合同的约定按时足额交纳物业服务费用。")
    for width in range(150, 480, 7):  # many widths, so every mark meets a line end somewhere
        lines = _lines(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines[1:]:
            assert line[0] not in CANNOT_START, (width, line)
        for line in lines[:-1]:
            assert line[-1] not in CANNOT_END, (width, line)


def test_units_are_written_in_words_for_owners():
    assert unit_in_words("3-4-1-1302") == "3期4栋1单元1302室"
    assert unit_in_words("公共：3栋楼顶平台") == "公共：3栋楼顶平台"


def test_each_owner_s_letter_counts_its_own_pages(demo_db, tmp_path, monkeypatch):
    from frontdesk import cli

    monkeypatch.setenv("FRONTDESK_DB", demo_db.location.url)
    out = tmp_path / "letters.pdf"
    assert cli.main(["letters", "--overdue-months", "1", str(out)]) == 0
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    assert len(pages) > 1
    for text in pages:
        assert "第 1 页 / 共 1 页" in text
        assert re.search(r"\d+期\d+栋\d+单元\d+室", text)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert not any(line.strip().startswith(("，", "。", "、")) for line in text.splitlines())


def test_the_violations_export_says_the_notice_and_the_state(demo_db, tmp_path, monkeypatch):
    from frontdesk import cli

    monkeypatch.setenv("FRONTDESK_DB", demo_db.location.url)
    out = tmp_path / "v.xlsx"
    assert cli.main(["export", "violations", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    assert headers[-2:] == ["通知书编号", "状态"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert any(str(r[-2] or "").startswith(f"ZG-{date.today().year}") or str(r[-2] or "").startswith("ZG-")
               for r in rows)
    assert all(r[-1] for r in rows)
    # …and the file still imports as it was exported (the two columns are ignored).
    assert cli.main(["import", "violations", str(out), "--dry-run"]) in (0, 2)


def test_bills_not_yet_due_are_not_counted_as_unpaid(demo_db):
    from datetime import datetime

    from frontdesk.services import clock, stats

    with clock.frozen_at(datetime(2026, 11, 10, 9, 0)), demo_db.session("测试", read_only=True, system=True) as s:
        november = stats.compute(s, stats.parse_month("2026-11"))  # the month's bills fall due on the 15th
        october = stats.compute(s, stats.parse_month("2026-10"))
    assert november.value("charged") == 0 and november.value("household_collection_rate") is None
    assert october.value("household_collection_rate") and october.value("household_collection_rate") > 0.1


def test_the_workbook_holds_every_row_the_screen_cuts(demo_db, tmp_path):
    from frontdesk.reports.stats_excel import write_stats_workbook
    from frontdesk.services import stats
    from frontdesk.services.stats.report import report_lists

    with demo_db.session("测试", read_only=True, system=True) as s:
        period = stats.parse_month("2026-11")
        shown = stats.report(s, period, list_limit=2)
        complete = report_lists(s, period, None)
    cut = [t for t in shown.lists if t.total > len(t.rows)]
    assert cut, "the demo month has a list longer than two rows"
    out = write_stats_workbook(shown.__class__(**{**shown.__dict__, "lists": complete}), tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(out)
    for table in cut:
        sheet = wb[table.title[:31]]
        assert sheet.max_row - 1 == table.total
        assert sheet.auto_filter.ref
