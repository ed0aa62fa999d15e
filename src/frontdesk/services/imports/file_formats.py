"""Which kind of file an import is, told from its first bytes, and the readers of .csv and .xls.

The .xlsx/.xlsm reader stays with the workbook-reading layer (reading.py); this module only decides
which reader a file goes to and reads the two other formats into the same grid of cell values.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from frontdesk.errors import DomainError

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls files (and password-protected workbooks)
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx / .xlsm
XLSX, XLS, CSV = "xlsx", "xls", "csv"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".et")
ACCEPTED = "Excel（.xlsx、.xlsm、.xls）或 CSV（UTF-8 或 GBK 编码）"


def detect(path: Path) -> str:
    """xlsx, xls or csv, by content first (a renamed file still reads), then by name."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return XLSX
    if head.startswith(OLE_MAGIC):
        if path.suffix.lower() in (".xlsx", ".xlsm"):  # an encrypted workbook is an OLE container
            raise DomainError(f"文件 {path.name} 有密码保护。请在 Excel 中取消密码后再导入。")
        return XLS
    if path.suffix.lower() in EXCEL_SUFFIXES:
        raise DomainError(f"文件 {path.name} 不是 Excel 文件（内容已损坏或只是改了扩展名），请在 Excel 中打开后另存再导入。")
    if path.suffix.lower() in TEXT_SUFFIXES or _looks_like_text(path):
        return CSV
    raise DomainError(f"文件 {path.name} 不是可以导入的表格，请用{ACCEPTED}。")


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    return bool(sample) and b"\x00" not in sample.lstrip(b"\xff\xfe")


# ---- CSV ---------------------------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's “Unicode text”), else GB18030 —
    the superset of GBK that Excel and WPS on Chinese Windows save."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", "\t", ";", "，")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(path: Path) -> list[list[Any]]:
    text = decode_text(path.read_bytes())
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    return [[cell if cell.strip() else None for cell in row] for row in reader]


# ---- .xls (Excel 97–2003) ------------------------------------------------------------------------

def read_xls(path: Path) -> list[list[Any]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower() or "xlsx" in str(exc).lower():
            raise DomainError(f"文件 {path.name} 有密码保护。请在 Excel 中取消密码后再导入。") from None
        raise DomainError(f"文件 {path.name} 有密码保护或已损坏，请在 Excel 中取消密码、“另存为” .xlsx 后再导入。") from None
    except (OSError, ValueError, AssertionError, IndexError, KeyError):
        raise DomainError(f"文件 {path.name} 不是完好的 .xls 文件，请在 Excel 中打开后“另存为” .xlsx 再导入。") from None
    try:
        sheet = book.sheet_by_index(0)
        grid = [[_xls_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        for row1, row2, col1, col2 in sheet.merged_cells:  # a merged cell reads as its top-left value
            value = grid[row1][col1]
            for r in range(row1, min(row2, len(grid))):
                for c in range(col1, min(col2, len(grid[r]))):
                    grid[r][c] = value
    finally:
        book.release_resources()
    return grid


def _xls_value(cell, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value  # the date parser names it as a bad date
        return moment.date() if moment.time() == moment.min.time() else moment
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#错误")
    return cell.value
