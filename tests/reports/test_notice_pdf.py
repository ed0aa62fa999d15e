"""The printed 整改通知书: number on the notice and on the receipt, owner, unit, rule, deadline, font embedded."""

import subprocess
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from frontdesk.reports.pdf.notice import write_notice_pdf
from frontdesk.services import clock, units, violations
from frontdesk.services import violation_notices as notices

RULE = "《管理规约》关于不得擅自改变房屋外观、不得私搭乱建的约定"


@pytest.fixture
def notice_number(db):
    clock.freeze(datetime(2026, 3, 2, 9, 0))
    with db.session("张丽", system=True) as s:
        units.save_unit(s, units.UnitInput(code="2-5-1-0302", area="96", occupants=[
            units.OccupantInput(name="欧阳春晓", phones=["13912345678"])]))
        vid = violations.record_violation(s, violations.ViolationInput(
            kind="私搭乱建", description="楼顶露台私自搭建彩钢板小阁楼约 12 平方米", found_by="周建国",
            found_date=date(2026, 3, 1), unit_text="2-5-1-0302"))
        number = notices.issue_notice(s, vid, notices.NoticeInput(rule=RULE, requirement="拆除小阁楼，恢复露台原状"))
    yield number
    clock.freeze(None)


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _compact(text: str) -> str:
    return "".join(text.split())


def test_the_notice_holds_number_twice_owner_unit_rule_and_deadline(db, notice_number, tmp_path):
    out = tmp_path / "notice.pdf"
    with db.session(system=True) as s:
        write_notice_pdf(s, [notice_number], out)
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4
    text = _compact(_text(out))
    assert notice_number == "ZG-2026-0001"
    assert text.count(notice_number) >= 3  # the heading, the page footer and the receipt (twice there)
    receipt = text[text.index("签收回执"):]
    assert notice_number in receipt and "2期5栋1单元302室" in receipt
    for expected in ("整改通知书", "欧阳春晓业主", "2期5栋1单元302室", _compact(RULE), "2026年3月9日", "天元物业服务有限公司",
                     "私搭乱建", "拆除小阁楼"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    font_lines = fonts.splitlines()[2:]
    assert font_lines and all("WenQuanYi" in line and " yes yes " in line for line in font_lines)


def test_two_copies_print_the_owner_copy_and_the_kept_copy(db, notice_number, tmp_path):
    out = tmp_path / "two.pdf"
    with db.session(system=True) as s:
        write_notice_pdf(s, [notice_number], out, copies=2)
    pages = [_compact(p.extract_text()) for p in PdfReader(str(out)).pages]
    assert len(pages) == 2
    assert "业主联" in pages[0] and "存根联" in pages[1]
    assert all("签收回执" in p and notice_number in p for p in pages)


def test_a_long_description_stays_on_the_page(db, notice_number, tmp_path):
    long_text = "阳台外加装彩钢板阳台罩并向外延伸搭建小阁楼，" * 40 + "结尾标记"
    with db.session("张丽", system=True) as s:
        vid = violations.record_violation(s, violations.ViolationInput(
            kind="外置阳台罩", description=long_text, found_by="周建国", found_date=date(2026, 3, 1),
            unit_text="2-5-1-0302"))
        number = notices.issue_notice(s, vid, notices.NoticeInput(rule=RULE, requirement="拆除阳台罩"))
    out = tmp_path / "long.pdf"
    with db.session(system=True) as s:
        write_notice_pdf(s, [number], out)
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    text = _compact(reader.pages[0].extract_text())
    # Everything is there, the end of the description included, and the receipt still follows it.
    assert "结尾标记" in text and text.index("结尾标记") < text.index("签收回执")
    assert "欧阳春晓业主" in text


def test_a_voided_notice_prints_marked_void(db, notice_number, tmp_path):
    with db.session("张丽", system=True) as s:
        notices.void_notice(s, notice_number, "收件人写错")
    out = tmp_path / "void.pdf"
    with db.session(system=True) as s:
        write_notice_pdf(s, [notice_number], out)
    assert "作废" in _text(out)
