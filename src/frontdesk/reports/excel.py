"""Excel exports: header frozen, CJK-fitted widths, dates as dates, typed text kept as text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, TYPE_STRING, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from frontdesk.files import atomic_output

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center")
MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    number_format: str | None = None
    format_of: Callable[[Any], str | None] | None = None  # a format that depends on the row (write_only_sheet)


WIDE = re.compile("[\u2e81-\U0010ffff]")


def _display_width(text: str) -> int:
    # A CJK character takes two columns of Excel's width unit.
    return len(text) if text.isascii() else len(text) + len(WIDE.findall(text))


def _value_format(value: Any, column: Column, item: Any) -> tuple[Any, str | None]:
    """The value as Excel holds it and the number format it is shown with (None: Excel's own)."""
    number_format = column.format_of(item) if column.format_of is not None else column.number_format
    if number_format is None:
        if isinstance(value, datetime):
            number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            number_format = "yyyy-mm-dd"
        elif isinstance(value, Decimal):
            number_format = "#,##0.00"
    return (float(value) if isinstance(value, Decimal) else value), number_format


def _width_text(value: Any) -> str:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return text.split("\n", 1)[0]


def write_only_sheet(ws, columns: Sequence[Column], rows: Iterable[Any], autofilter: bool = True) -> int:
    """`write_sheet` for a sheet of a write-only workbook (rows streamed to the file as they are
    appended, no cell objects kept): the same header, frozen header, fitted widths, filter buttons,
    number formats and typed text. Widths are measured on every row first, as a write-only sheet writes
    its column widths before its first row."""
    items = list(rows)
    table = [[column.value(item) for column in columns] for item in items]
    widths = [_display_width(c.header) for c in columns]
    for values in table:
        for index, value in enumerate(values):
            width = min(MAX_WIDTH, _display_width(_width_text(value)))
            if width > widths[index]:
                widths[index] = width
    ws.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    if autofilter and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(items) + 1}"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header.append(cell)
    ws.append(header)
    for item, values in zip(items, table, strict=True):
        out = []
        for column, value in zip(columns, values, strict=True):
            value, number_format = _value_format(value, column, item)
            if number_format is not None:
                cell = WriteOnlyCell(ws, value)
                cell.number_format = number_format
            elif isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
                cell = WriteOnlyCell(ws, value)  # a caller's "=1+1" stays text, never a formula
            else:
                out.append(value)
                continue
            if isinstance(value, str):
                cell.data_type = TYPE_STRING
            out.append(cell)
        ws.append(out)
    return len(items)


def write_sheet(ws, columns: Sequence[Column], rows: Iterable[Any], autofilter: bool = True) -> int:
    """Header, rows, frozen header, widths fitted to CJK text (8–60) and, for a list, the filter buttons."""
    widths = [_display_width(c.header) for c in columns]
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    count = 0
    for row_index, item in enumerate(rows, start=2):
        count += 1
        for col_index, column in enumerate(columns, start=1):
            value = column.value(item)
            cell = ws.cell(row=row_index, column=col_index)
            if isinstance(value, str):
                # Assign as a typed string: a caller's "=1+1" must stay text, never a formula.
                cell.value = value
                cell.data_type = TYPE_STRING
            else:
                cell.value = float(value) if isinstance(value, Decimal) else value
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            text = value if isinstance(value, str) else ("" if value is None else str(value))
            widths[col_index - 1] = max(widths[col_index - 1], min(MAX_WIDTH, _display_width(text.split("\n")[0])))
    ws.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    if autofilter and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


CONTACT_COLUMNS = (
    Column("时间", lambda r: r.occurred_at),
    Column("方式", lambda r: r.channel),
    Column("房号/位置", lambda r: r.unit_code),
    Column("来电人", lambda r: r.caller_name),
    Column("电话", lambda r: r.phone),
    Column("类别", lambda r: r.category),
    Column("内容", lambda r: r.content),
    Column("处理情况", lambda r: r.handling),
    Column("状态", lambda r: r.status),
    Column("首问负责人", lambda r: r.owner),
    Column("当前经办", lambda r: r.handled_by),
)


Progress = Callable[[int, int], bool | None]


def export_paged(title: str, columns: Sequence[Column], total: int,
                 fetch: Callable[[int, int], list[Any]], out: Path | str, page: int = 2000,
                 progress: Progress | None = None) -> int:
    """A filtered list, page by page, to one sheet; `progress(done, total)` returning False cancels."""

    def rows():
        offset = 0
        while offset < total:
            batch = fetch(offset, page)
            if not batch:
                return
            yield from batch
            offset += len(batch)
            if progress is not None and progress(min(offset, total), total) is False:
                raise ExportCancelled()

    wb = Workbook()
    ws = wb.active
    ws.title = title
    count = write_sheet(ws, columns, rows())
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return count


def export_contacts(session: Session, filt, out: Path, page: int = 2000, progress: Progress | None = None) -> int:
    """The filtered ledger, newest first."""
    from frontdesk.services import call_lists

    return export_paged("来电来访", CONTACT_COLUMNS, call_lists.count_contacts(session, filt),
                        lambda offset, limit: call_lists.list_contacts(session, filt, offset=offset, limit=limit),
                        out, page, progress)


class ExportCancelled(Exception):
    pass
