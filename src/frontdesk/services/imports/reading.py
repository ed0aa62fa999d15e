"""Reading an import file: the first sheet, the header row (below any title rows), headers by
their synonyms in any order, merged cells, empty rows."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from frontdesk.errors import DomainError
from frontdesk.services.imports import file_formats, synonyms

HEADER_SEARCH_ROWS = 10
NOT_IN_FILE = -1  # column index of an expected header the file does not have
_NO_CELLS: tuple = ()


@dataclass
class Sheet:
    headers: dict[str, int]  # expected header -> column index (0-based)
    rows: list[tuple[int, list[Any]]]  # (sheet row number, cell values), empty rows left out
    header_row: int = 1  # the sheet row number of the headers
    file_headers: list[str] = field(default_factory=list)  # the file's own headers, in its order
    ignored: list[str] = field(default_factory=list)  # the file's columns no expected header took

    def preview(self, count: int = 5) -> list[list[Any]]:
        return [cells for _number, cells in self.rows[:count]]

    def records(self, wanted: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in self.rows:
            yield number, {h: cells[self.headers[h]] if 0 <= self.headers[h] < len(cells) else None for h in wanted}


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


def _xlsx_grid(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

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
        raise DomainError(f"文件 {path.name} 不是完好的 Excel（.xlsx）文件，请在 Excel 中打开后另存再导入。") from None
    _fill_merged(grid, ranges)
    return grid


def read_grid(path: Path) -> list[list[Any]]:
    """Every cell of the first sheet, whatever the file's format (told from its content)."""
    path = Path(path)
    if not path.exists():
        raise DomainError(f"找不到文件 {path}，请检查路径。")
    if path.is_dir():
        raise DomainError(f"{path} 是文件夹，请选择要导入的文件。")
    kind = file_formats.detect(path)
    if kind == file_formats.CSV:
        return file_formats.read_csv(path)
    if kind == file_formats.XLS:
        return file_formats.read_xls(path)
    return _xlsx_grid(path)


def _match_headers(cells: list[Any], expected: list[str]) -> dict[str, int]:
    """Expected header -> column index: the template's word first, then its usual synonyms."""
    keys = [synonyms.header_key(value) for value in cells]
    found: dict[str, int] = {}
    for header in expected:
        if synonyms.header_key(header) in keys:
            found[header] = keys.index(synonyms.header_key(header))
    taken = set(found.values())
    for header in expected:
        if header in found:
            continue
        for name in synonyms.header_names(header)[1:]:
            key = synonyms.header_key(name)
            if key in keys and keys.index(key) not in taken:
                found[header] = keys.index(key)
                taken.add(found[header])
                break
    return found


def _header_row(grid: list[list[Any]], expected: list[str]) -> int:
    """The row (0-based) holding the headers: the one of the first ten matching most of them, so a
    title row or two ("XX小区业主信息表") above the headers is passed over."""
    best, best_count = 0, 0
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        count = len(_match_headers(cells, expected))
        if count > best_count:
            best, best_count = index, count
    return best


def read_sheet(path: Path, expected_headers: list[str], mapping: dict[str, str] | None = None,
               optional: tuple[str, ...] | list[str] = ()) -> Sheet:
    """Read the first sheet; `mapping` (expected header -> the file's header), chosen in the
    column-mapping step, overrides the automatic matching."""
    path = Path(path)
    grid = read_grid(path)
    header_index = _header_row(grid, expected_headers)
    header_cells = grid[header_index] if grid else []
    headers = _match_headers(header_cells, expected_headers)
    if mapping:
        keys = [synonyms.header_key(value) for value in header_cells]
        for header, file_header in mapping.items():
            if header not in expected_headers:
                continue
            if file_header == "":
                headers[header] = NOT_IN_FILE  # the user said the file has no such column: read as empty
            elif synonyms.header_key(file_header) in keys:
                headers[header] = keys.index(synonyms.header_key(file_header))
            elif (unnamed := re.fullmatch(r"第(\d+)列", file_header)) and int(unnamed[1]) <= len(header_cells):
                headers[header] = int(unnamed[1]) - 1  # a column without a header, picked by position
    file_headers = [_clean_header(value) for value in header_cells]
    rows = [(number, values) for number, values in enumerate(grid[header_index + 1:], start=header_index + 2)
            if any(v is not None and str(v).strip() for v in values)]
    used = set(headers.values())
    sheet = Sheet(headers=headers, rows=rows, header_row=header_index + 1, file_headers=file_headers,
                  ignored=[name for index, name in enumerate(file_headers) if name and index not in used])
    for header in optional:
        headers.setdefault(header, NOT_IN_FILE)
    missing = [h for h in expected_headers if h not in headers]
    if missing:
        raise MissingColumns(path, missing, expected_headers, sheet)
    return sheet


class MissingColumns(DomainError):
    """Some expected columns were not found; the window offers the column-mapping step."""

    def __init__(self, path: Path, missing: list[str], expected: list[str], sheet: Sheet):
        super().__init__(
            f"文件 {path.name} 第 {sheet.header_row} 行（表头）缺少列：{'、'.join(missing)}。表头应包含："
            f"{'、'.join(expected)}（顺序不限，也认常用的别名，如 房间号、联系方式）。可以用“导出模板”得到正确的表头，"
            "或在导入窗口中指定各列对应关系。")
        self.missing, self.sheet = missing, sheet
