"""Reading an import workbook: the first sheet, headers in row 1, merged cells, empty rows."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontdesk.errors import DomainError

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls files and password-protected workbooks


@dataclass
class Sheet:
    headers: dict[str, int]  # header -> column index (0-based)
    rows: list[tuple[int, list[Any]]]  # (sheet row number, cell values), empty rows left out

    def records(self, wanted: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in self.rows:
            yield number, {h: cells[self.headers[h]] if self.headers[h] < len(cells) else None for h in wanted}


def _clean_header(value: Any) -> str:
    return "" if value is None else str(value).strip().replace("\n", "").replace(" ", "").replace("　", "")


def read_sheet(path: Path, expected_headers: list[str]) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.exists():
        raise DomainError(f"找不到文件 {path}，请检查路径。")
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == OLE_MAGIC:
        raise DomainError(f"文件 {path.name} 有密码保护，或是旧版 .xls 格式。请在 Excel 中取消密码，"
                          "并“另存为” .xlsx 后再导入。")
    try:
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise DomainError(f"文件 {path.name} 不是 Excel（.xlsx）文件，请用本系统的导入模板填写后再导入。") from None
    sheet = workbook.worksheets[0]
    # A merged cell is read as its top-left value in every cell it covers.
    merged_values = {}
    for merged in sheet.merged_cells.ranges:
        top_left = sheet.cell(row=merged.min_row, column=merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                merged_values[(row, col)] = top_left
    all_rows = sheet.iter_rows(values_only=True)
    header_row = next(all_rows, None) or ()
    headers = {}
    for index, value in enumerate(header_row):
        name = _clean_header(merged_values.get((1, index + 1), value))
        if name and name not in headers:
            headers[name] = index
    missing = [h for h in expected_headers if h not in headers]
    if missing:
        raise DomainError(
            f"文件 {path.name} 第 1 行缺少列：{'、'.join(missing)}。第 1 行应依次为：{'、'.join(expected_headers)}。"
            "可以用“导出模板”得到正确的表头。"
        )
    rows = []
    for number, cells in enumerate(all_rows, start=2):
        values = [merged_values.get((number, col + 1), value) for col, value in enumerate(cells)]
        if any(v is not None and str(v).strip() for v in values):
            rows.append((number, values))
    workbook.close()
    return Sheet(headers=headers, rows=rows)
