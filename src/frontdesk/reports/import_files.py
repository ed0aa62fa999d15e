"""Workbooks of the import contract: templates, exports with the same columns, problem reports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from frontdesk.files import atomic_output
from frontdesk.reports.excel import HEADER_FILL, _display_width
from frontdesk.services.imports import synonyms

BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
ACCEPTED_FORMS = (  # the hand-kept forms every import reads (README's import section says the same)
    ("文件", "Excel .xlsx / .xlsm / .xls（97–2003），CSV（UTF-8 带或不带 BOM、GBK/GB18030，自动识别）"),
    ("期、楼栋、单元", "1、1期、一期、第一期；3、3栋、3号楼、3幢、3座、3#；2、2单元"),
    ("房号", "501、0501、501室、5-01（楼层-房间）；全角数字和多余空格也可"),
    ("房屋编号", "2-5-1-0302、2-5-1-302、2期5栋1单元302、二期5号楼1单元302室"),
    ("日期", "Excel 日期或序号、2020-06-30、2020/6/30、2020.06.30、2020年6月30日、20200630（1900 年以前的不收）"),
    ("时间", "2020-06-30 14:05、2020年6月30日14点05分"),
    ("月份", "2025-03、2025/3、2025年3月、202503"),
    ("电话", "可带 +86、空格、短横线；一格多个用 / 、 ， ; 分隔"),
    ("金额", "可带 ¥ ￥ 元 和千位分隔符；最多两位小数（多了不四舍五入，而是报错）"),
    ("是/否", "是/否、√/×、Y/N"),
)
FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "amount": "#,##0.00", "integer": "0"}
TEMPLATE_ROWS = 2000  # rows that carry the drop-down validation


def _save(workbook: Workbook, out: Path) -> Path:
    with atomic_output(out) as tmp:
        workbook.save(tmp)
    return out


def _put(cell, value, number_format: str | None = None) -> None:
    if isinstance(value, str):
        cell.value = value
        cell.data_type = TYPE_STRING  # typed text never becomes a formula
    else:
        cell.value = float(value) if isinstance(value, Decimal) else value
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime):
        cell.number_format = FORMATS["datetime"]
    elif isinstance(value, date):
        cell.number_format = FORMATS["date"]


def _header(ws, columns) -> list[int]:
    widths = []
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        widths.append(max(_display_width(column.header), _display_width(str(column.example))) + 4)
    ws.freeze_panes = "A2"
    return widths


def _fit(ws, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(8, width))


def write_template(kind, out: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = kind.title
    widths = _header(ws, kind.columns)
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        if column.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True,
                                        showErrorMessage=True, errorTitle="输入有误",
                                        error="请从下拉列表中选择：" + "、".join(column.choices))
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        if column.kind in FORMATS:
            for row in range(2, 202):
                ws.cell(row=row, column=index).number_format = FORMATS[column.kind]
        ws.cell(row=1, column=index).comment = Comment(column.explanation, "frontdesk")
    _fit(ws, widths)
    guide = wb.create_sheet("说明")
    guide.append(["列名", "填写说明", "示例", "也认的表头", "也认的写法"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in kind.columns:
        guide.append([column.header, column.explanation, None, "、".join(synonyms.HEADERS.get(column.header, ())),
                      synonyms.value_synonyms_text(column.header)])
        _put(guide.cell(row=guide.max_row, column=3), column.example, FORMATS.get(column.kind))
    guide.append([])
    guide.append(["说明", f"第一张工作表中，表头所在的行（上面可以有一两行标题）之后每行一条记录；列的顺序不限，"
                  f"多出的列会被忽略并在结果中列出。重复导入时，{kind.natural_key}相同的记录不会重复添加。"
                  "任何一行有错时整个文件都不会导入，并列出出错的行、列、内容和可以接受的写法。", None])
    for title, text in ACCEPTED_FORMS:
        guide.append([title, text, None])
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 70
    guide.column_dimensions["C"].width = 28
    guide.column_dimensions["D"].width = 30
    guide.column_dimensions["E"].width = 50
    return _save(wb, out)


def write_export(kind, rows: Iterable[list], out: Path, progress=None) -> int:
    wb = Workbook()
    ws = wb.active
    ws.title = kind.title
    columns = getattr(kind, "export_columns", kind.columns)  # some exports add columns an import ignores
    widths = _header(ws, columns)
    count = 0
    for row_index, values in enumerate(rows, start=2):
        count += 1
        for col_index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _put(ws.cell(row=row_index, column=col_index), value, FORMATS.get(column.kind))
            if isinstance(value, str):
                widths[col_index - 1] = max(widths[col_index - 1], _display_width(value) + 2)
        if progress is not None and count % 1000 == 0:
            progress(count, 0)
    _fit(ws, widths)
    _save(wb, out)
    return count


def write_problem_report(headers: list[str], sheet, problems, out: Path) -> Path:
    """The source rows with every bad cell highlighted and explained, plus a list of problems."""
    wb = Workbook()
    ws = wb.active
    ws.title = "原始数据"
    ws.append(["行号", *headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    bad: dict[int, dict[str, str]] = {}
    for problem in problems:
        bad.setdefault(problem.row, {})[problem.header] = problem.expected
    positions = {}
    for number, cells in sheet.rows:
        if number not in bad:
            continue
        ws.append([number])
        positions[number] = ws.max_row
        for col, header in enumerate(headers, start=2):
            source = sheet.headers[header]
            value = cells[source] if 0 <= source < len(cells) else None
            cell = ws.cell(row=ws.max_row, column=col)
            _put(cell, value)
            if header in bad[number]:
                cell.fill = BAD_FILL
                cell.comment = Comment("应为" + bad[number][header], "frontdesk")
    ws.freeze_panes = "B2"
    listing = wb.create_sheet("问题清单")
    listing.append(["行号", "列", "内容", "应为"])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for problem in problems:
        listing.append([problem.row, problem.header, None, problem.expected])
        _put(listing.cell(row=listing.max_row, column=3), "" if problem.value is None else str(problem.value))
    for sheet_ in (ws, listing):
        for index in range(1, sheet_.max_column + 1):
            sheet_.column_dimensions[get_column_letter(index)].width = 18
    listing.column_dimensions["D"].width = 60
    return _save(wb, out)
