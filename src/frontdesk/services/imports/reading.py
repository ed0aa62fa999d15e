"""Reading an import workbook: the first sheet, headers in row 1, merged cells, empty rows."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from frontdesk.errors import DomainError

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls files and password-protected workbooks
_NO_CELLS: tuple = ()


@dataclass
class Sheet:
    headers: dict[str, int]  # header -> column index (0-based)
    rows: list[tuple[int, list[Any]]]  # (sheet row number, cell values), empty rows left out

    def records(self, wanted: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in self.rows:
            yield number, {h: cells[self.headers[h]] if self.headers[h] < len(cells) else None for h in wanted}


def _clean_header(value: Any) -> str:
    return "" if value is None else str(value).strip().replace("\n", "").replace(" ", "").replace("　", "")


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range, 1-based, from the sheet's XML."""
    from openpyxl.utils.cell import coordinate_to_tuple

    with sheet._get_source() as source:  # the read-only sheet does not keep merged cells itself
        xml = source.read()
    ranges = []
    for first, last in _MERGE_REF.findall(xml):
        (row1, col1), (row2, col2) = coordinate_to_tuple(first.decode()), coordinate_to_tuple(last.decode())
        ranges.append((row1, col1, row2, col2))
    return ranges


def _fill_merged(grid: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    """A merged cell is read as its top-left value in every cell it covers."""
    width = max((len(row) for row in grid), default=0)
    for row1, col1, row2, col2 in ranges:
        col2 = min(col2, width)  # a merge over the whole sheet covers only the cells really there
        if row1 > len(grid) or col1 > col2:
            continue
        top = grid[row1 - 1]
        value = top[col1 - 1] if col1 <= len(top) else None
        for index in range(row1 - 1, min(row2, len(grid))):
            row = grid[index] = list(grid[index])
            if len(row) < col2:
                row.extend([None] * (col2 - len(row)))
            row[col1 - 1:col2] = [value] * (col2 - col1 + 1)


def read_sheet(path: Path, expected_headers: list[str]) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.exists():
        raise DomainError(f"找不到文件 {path}，请检查路径。")
    if path.is_dir():
        raise DomainError(f"{path} 是一个文件夹，请选择其中要导入的 Excel（.xlsx）文件。")
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == OLE_MAGIC:
        raise DomainError(f"文件 {path.name} 有密码保护，或是旧版 .xls 格式。请在 Excel 中取消密码，"
                          "并“另存为” .xlsx 后再导入。")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)  # streaming: ten thousand rows in ~1 s
        try:
            sheet = workbook.worksheets[0]
            # The sheet's own <dimension> may claim A1:XFD1048576 on an 8 KB file: never size rows by
            # it. Rows are then as wide as their last real cell, and empty rows share one tuple.
            sheet.reset_dimensions()
            # Blank rows share one empty tuple: a sheet that claims a million rows costs no memory.
            grid: list[Any] = [list(cells) if any(v is not None for v in cells) else _NO_CELLS
                               for cells in sheet.iter_rows(values_only=True)]
            ranges = _merged_ranges(sheet)
        finally:
            workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError):
        raise DomainError(f"文件 {path.name} 不是 Excel（.xlsx）文件，请用本系统的导入模板填写后再导入。") from None
    _fill_merged(grid, ranges)
    headers = {}
    for index, value in enumerate(grid[0] if grid else ()):
        name = _clean_header(value)
        if name and name not in headers:
            headers[name] = index
    missing = [h for h in expected_headers if h not in headers]
    if missing:
        raise DomainError(
            f"文件 {path.name} 第 1 行缺少列：{'、'.join(missing)}。第 1 行应依次为：{'、'.join(expected_headers)}。"
            "可以用“导出模板”得到正确的表头。"
        )
    rows = [(number, values) for number, values in enumerate(grid[1:], start=2)
            if any(v is not None and str(v).strip() for v in values)]
    return Sheet(headers=headers, rows=rows)
