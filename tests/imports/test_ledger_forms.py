"""Hand-kept ledgers import as they are: the forms desks write, CSV in GBK, old .xls, title rows."""

from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import xlwt
from sqlalchemy import select

from frontdesk.db.models import Occupancy, Person, PersonPhone, Unit
from frontdesk.errors import DomainError
from frontdesk.services import imports
from frontdesk.services.imports.framework import validate_rows
from frontdesk.services.imports.reading import read_sheet

HEADERS = imports.KINDS["units"].headers()

# The template's own form, one unit a row …
TEMPLATE_ROWS = [
    [1, 3, 2, "0501", 89.5, "已收房", date(2020, 6, 30), "张三", "13800001111", ""],
    [2, 5, 1, "0302", 120, "已收房", date(2021, 3, 1), "李四", "13900002222、0513-88886666", ""],
    [1, 3, 2, "1502", 76.25, "未收房", None, "", "", ""],
    [12, 10, 1, "0101", 1280.5, "已收房", date(2019, 12, 31), "王五", "13700003333", ""],
    [3, 7, 3, "0302", 99, "已收房", date(2022, 1, 5), "赵六", "13600004444", ""],
    [2, 8, 2, "0808", 105, "已收房", date(2023, 8, 8), "钱七", "13500005555", ""],
]
# … and the same units as ledgers write them.
MIXED_ROWS = [
    ["1期", "3栋", "2单元", "501室", "89.50㎡", "已交房", "2020年6月30日", "张三", "+86 138-0000-1111", "多出的备注"],
    ["二期", "5号楼", "1", "٣٠٢", "120", "是", "2021/3/1", "李四", "13900002222 / 0513-88886666", ""],
    ["第一期", "3幢", "２", "15-02", "76.25", "未入住", None, None, None, None],
    ["十二期", "10座", "1单元", "0101", "¥1,280.50", "√", 43830, "王五", "13700003333", ""],
    ["３", "7#", "3", " ３０２ ", "99元", "Y", "20220105", "赵六", "13600004444；", ""],
    [2, "8栋", "2单元", "8-08", "105", "已收房", "2023.08.08", "钱七", "+8613500005555", ""],
]


def _xlsx(path, headers, rows, titles=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for title in titles:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _units(db) -> list[tuple]:
    with db.session(system=True) as s:
        owners = {uid: (name, tuple(sorted(s.scalars(select(PersonPhone.phone).where(PersonPhone.person_id == pid)))))
                  for uid, name, pid in s.execute(select(Occupancy.unit_id, Person.name, Person.id)
                                                  .join(Person, Person.id == Occupancy.person_id))}
        return sorted((u.code, Decimal(u.area), u.handover_state, u.handover_date, *owners.get(u.id, ("", ())))
                      for u in s.scalars(select(Unit)))


def _parsed(db, path) -> list:
    kind = imports.kind_for("units")
    sheet = read_sheet(path, kind.headers())
    with db.session(system=True) as s:
        rows, problems, _skipped = validate_rows(s, kind, sheet.records(kind.headers()), len(sheet.rows))
        s.rollback()
    assert problems == []
    return rows


def test_a_roster_mixing_every_form_imports_to_the_same_units_as_the_template_form(db, tmp_path):
    mixed = _xlsx(tmp_path / "mixed.xlsx", HEADERS, MIXED_ROWS)
    result = imports.run_import(db.opener(system=True), "units", mixed)
    assert result.problems == [] and result.added == 6
    stored = _units(db)
    assert stored[0] == ("1-3-2-0501", Decimal("89.50"), "已收房", date(2020, 6, 30), "张三", ("13800001111",))
    assert ("2-5-1-0302", Decimal("120.00"), "已收房", date(2021, 3, 1), "李四",
            ("051388886666", "13900002222")) in stored
    template = _xlsx(tmp_path / "template.xlsx", HEADERS, TEMPLATE_ROWS)
    again = imports.run_import(db.opener(system=True), "units", template)
    assert (again.problems, again.added, again.skipped) == ([], 0, 6)  # the same six units, nothing new
    assert _parsed(db, template) == _parsed(db, mixed)


def _gbk_csv(path, headers, rows):
    lines = [",".join(headers)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def _xls(path, headers, rows, titles=()):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("房屋")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    line = 0
    for title in titles:
        ws.write(line, 0, title)
        line += 1
    for col, header in enumerate(headers):
        ws.write(line, col, header)
    for row in rows:
        line += 1
        for col, value in enumerate(row):
            if isinstance(value, date):
                ws.write(line, col, value, date_style)
            elif value is not None:
                ws.write(line, col, value)
    wb.save(str(path))
    return path


CSV_ROWS = [  # what a desk saves from WPS: text everywhere, Chinese in GBK
    ["1期", "3栋", "2单元", "501", "89.5", "已收房", "2020-06-30", "张三", "13800001111", "东边套"],
    ["2", "5", "1", "302", "120", "已收房", "2021年3月1日", "李四", "13900002222、0513-88886666", ""],
    ["1", "3", "2", "1502", "76.25", "未收房", None, None, None, None],
]


def test_a_gbk_csv_and_an_xls_of_the_same_rows_import_identically(db, tmp_path):
    csv_file = _gbk_csv(tmp_path / "房屋.csv", HEADERS, CSV_ROWS)
    xls_file = _xls(tmp_path / "房屋.xls", HEADERS, [
        [1, 3, 2, 501, 89.5, "已收房", date(2020, 6, 30), "张三", 13800001111, "东边套"],
        [2, 5, 1, "302", 120, "已收房", date(2021, 3, 1), "李四", "13900002222、0513-88886666", ""],
        ["1", "3", "2", 1502, "76.25", "未收房", None, None, None, None]])
    assert _parsed(db, csv_file) == _parsed(db, xls_file)
    first = imports.run_import(db.opener(system=True), "units", csv_file)
    assert (first.problems, first.added) == ([], 3)
    stored = _units(db)
    second = imports.run_import(db.opener(system=True), "units", xls_file)
    assert (second.problems, second.added, second.skipped) == ([], 0, 3)
    assert _units(db) == stored
    assert ("1-3-2-0501", Decimal("89.50"), "已收房", date(2020, 6, 30), "张三", ("13800001111",)) in stored


def test_utf8_csv_with_or_without_bom_and_a_semicolon_or_tab_reads_the_same(db, tmp_path):
    text = "\n".join([",".join(HEADERS), "1,3,2,501,89.5,已收房,2020-06-30,张三,13800001111,"])
    plain = tmp_path / "plain.csv"
    plain.write_text(text, encoding="utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    tabbed = tmp_path / "tabbed.txt"
    tabbed.write_bytes(text.replace(",", "\t").encode("utf-16"))
    assert _parsed(db, plain) == _parsed(db, bom) == _parsed(db, tabbed)


def test_title_rows_above_shuffled_synonym_headers_and_extra_columns_named(db, tmp_path):
    headers = ["序号", "房间号", "单元号", "栋号", "期数", "面积（㎡）", "交房状态", "交房日期", "业主", "联系方式",
               "说明", "车牌号"]
    rows = [[1, "501", "2", "3", "1", "89.5", "已收房", "2020-06-30", "张三", "13800001111", "", "苏F12345"]]
    path = _xlsx(tmp_path / "titled.xlsx", headers, rows, titles=["阳光小区业主信息表", "制表：前台 2024年"])
    result = imports.run_import(db.opener(system=True), "units", path)
    assert result.problems == [] and result.added == 1
    assert result.header_row == 3 and result.ignored == ["序号", "车牌号"]
    assert "序号、车牌号" in result.ignored_line()
    assert _units(db)[0][:2] == ("1-3-2-0501", Decimal("89.50"))
    xls_path = _xls(tmp_path / "titled.xls", headers, rows, titles=["阳光小区业主信息表"])
    assert imports.run_import(db.opener(system=True), "units", xls_path, dry_run=True).skipped == 1


def test_refused_values_name_row_column_value_and_the_accepted_forms(db, tmp_path):
    rows = [["1期", "3栋", "2单元", "5-1", "89.5", "已收房", "2020-06-30", "张三", "13800001111", ""],
            ["一期", "三号院", "2", "501", "8,9.5.0", "也许", "1899-12-25", "李四", "138-0000", ""],
            ["1", "3", "2", "502", "12.345", "已收房", -5, "王五", "13800001111", ""]]
    result = imports.run_import(db.opener(system=True), "units", _xlsx(tmp_path / "bad.xlsx", HEADERS, rows))
    found = {(p.row, p.header): p for p in result.problems}
    assert set(found) == {(2, "房号"), (3, "楼栋"), (3, "建筑面积"), (3, "收房状态"), (3, "收房日期"), (3, "联系电话"),
                          (4, "建筑面积"), (4, "收房日期")}
    line = found[(2, "房号")].line()
    assert "第 2 行" in line and "“房号”列" in line and "5-1" in line and "302室" in line
    assert "3号楼" in found[(3, "楼栋")].line() and "三号院" in found[(3, "楼栋")].line()
    assert "2020年6月30日" in found[(3, "收房日期")].expected
    assert "两位小数" in found[(4, "建筑面积")].expected  # 12.345 is refused, not stored as 12.34
    assert "已收房" in found[(3, "收房状态")].expected
    assert "+86" in found[(3, "联系电话")].expected
    assert not result.applied


def test_dates_times_months_and_amounts_across_kinds(db, tmp_path):
    from frontdesk.services import dates
    from frontdesk.services.imports import cells

    assert cells.moment("2026年3月15日 14点05分") == datetime(2026, 3, 15, 14, 5)
    assert cells.moment("2026/3/15 14:05") == datetime(2026, 3, 15, 14, 5)
    assert cells.period("2025年3月") == cells.period("202503") == cells.period(datetime(2025, 3, 9)) == "2025-03"
    assert cells.amount("￥12,345.60元") == Decimal("12345.60")
    assert cells.yes_no("√") is True and cells.yes_no("n") is False
    assert dates.parse_date(44012) == date(2020, 6, 30)
    for bad in (-1, 0, "-5", "1899-12-25"):
        with pytest.raises(cells.CellError):
            cells.day(bad)


def test_a_directory_or_an_unknown_file_is_refused_with_a_sentence(db, tmp_path):
    with pytest.raises(DomainError, match="文件夹"):
        imports.run_import(db.opener(system=True), "units", tmp_path)
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    with pytest.raises(DomainError, match="CSV"):
        imports.run_import(db.opener(system=True), "units", binary)


def test_a_roster_with_the_whole_code_in_one_column(db, tmp_path):
    headers = ["房号", "面积", "收房状态", "交房日期", "业主"]
    rows = [["2期5栋1单元302", 89.5, "已收房", "2020-06-30", "张三"],
            ["2-5-1-303", 90, "未收房", None, None],
            ["二期5号楼1单元304室", 91, "未收房", None, None]]
    result = imports.run_import(db.opener(system=True), "units", _xlsx(tmp_path / "one_column.xlsx", headers, rows))
    assert result.problems == [] and result.added == 3
    assert [u[0] for u in _units(db)] == ["2-5-1-0302", "2-5-1-0303", "2-5-1-0304"]
    clash = _xlsx(tmp_path / "clash.xlsx", ["期", "楼栋", "单元", *headers],
                  [["3期", "5栋", "", "2期5栋1单元305", 89.5, "未收房", None, None]])
    problems = imports.run_import(db.opener(system=True), "units", clash).problems
    assert [(p.row, p.header) for p in problems] == [(2, "期")] and "2" in problems[0].expected
