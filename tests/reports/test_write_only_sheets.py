"""A sheet streamed in write-only mode reads back as the same sheet written cell by cell: typed text stays
text, dates stay dates, money keeps two decimals, the header is styled and frozen, widths fit."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter

import openpyxl
from openpyxl import Workbook

from frontdesk.reports.excel import Column, write_only_sheet, write_sheet

ROWS = [
    ("=1+1", datetime(2026, 3, 5, 9, 30), date(2026, 3, 6), Decimal("1234.50"), 0.256, "业主反映楼上漏水，已派维修工上门查看"),
    ("#N/A", None, None, None, None, "第二行\n第二行的第二行"),
    ("@张三", datetime(2026, 3, 7, 18, 0), date(2026, 3, 8), Decimal("0.00"), None, ""),
]
COLUMNS = [Column(h, itemgetter(i), "0.00%" if i == 4 else None)
           for i, h in enumerate(("来电人", "时间", "日期", "欠费", "收费率", "内容"))]


def _sheet_as_seen(path) -> dict:
    ws = openpyxl.load_workbook(path).active
    return {
        "cells": [[(c.value, c.data_type, c.number_format) for c in row] for row in ws.iter_rows()],
        "header": [(c.font.b, c.fill.fgColor.rgb, c.alignment.horizontal) for c in ws[1]],
        "frozen": ws.freeze_panes, "filter": ws.auto_filter.ref,
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
    }


def test_a_write_only_sheet_reads_back_as_the_sheet_written_cell_by_cell(tmp_path):
    streamed, built = tmp_path / "streamed.xlsx", tmp_path / "built.xlsx"
    book = Workbook(write_only=True)
    assert write_only_sheet(book.create_sheet("清单"), COLUMNS, ROWS) == 3
    book.save(streamed)
    book = Workbook()
    write_sheet(book.active, COLUMNS, ROWS)
    book.save(built)

    seen = _sheet_as_seen(streamed)
    assert seen == _sheet_as_seen(built)
    first, second = seen["cells"][1], seen["cells"][2]
    assert first[0] == ("=1+1", "s", "General") and second[0] == ("#N/A", "s", "General")  # text, not a formula
    assert first[1] == (datetime(2026, 3, 5, 9, 30), "d", "yyyy-mm-dd hh:mm")
    assert first[2][2] == "yyyy-mm-dd" and first[3] == (1234.5, "n", "#,##0.00") and first[4][2] == "0.00%"
    assert second[4][2] == "0.00%"  # an empty rate keeps its column's format
    assert seen["header"][0] == (True, "00DDEBF7", "center")
    assert seen["frozen"] == "A2" and seen["filter"] == "A1:F4"
    assert seen["widths"]["F"] == 2 + 2 * len("业主反映楼上漏水，已派维修工上门查看")
