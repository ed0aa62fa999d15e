"""统计表 (Excel): 汇总 with every figure (指标 | 数值 | 上期 | 同比 | 去年同期), then one sheet per area with its
detail rows — per day, per category, per trade, per phase and month, per staff member, and the lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from frontdesk.files import atomic_output
from frontdesk.reports.excel import Column, write_only_sheet
from frontdesk.services.stats import catalog
from frontdesk.services.stats.figures import change_value
from frontdesk.services.stats.report import StatsReport

FORMATS = {"rate": "0.00%", "money": "#,##0.00", "number": "#,##0.0", "count": "#,##0"}
CHANGE_FORMAT = '+0.0%;-0.0%;0.0%'
POINTS_FORMAT = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'


def _cell(key: str, value):
    """Rates as fractions (shown as percent), money as numbers with two decimals, unknown as empty."""
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _change(key: str, now, before):
    """环比/同比 as a number: a fraction for counts and money, percentage points for rates."""
    value = change_value(key, now, before)
    if value is None or catalog.kind(key) != "rate":
        return value
    return round(value * 100, 2)


class _Figure:
    def __init__(self, key, name, now, before, ago):
        self.key, self.name, self.now, self.before, self.ago = key, name, now, before, ago


def _amount_format(figure: _Figure) -> str:
    return FORMATS[catalog.kind(figure.key)]


def _change_format(figure: _Figure) -> str:
    return POINTS_FORMAT if catalog.kind(figure.key) == "rate" else CHANGE_FORMAT


def _summary(ws, rep: StatsReport) -> None:
    rows = [_Figure(*r) for r in rep.rows()]
    write_only_sheet(ws, (
        Column("指标", lambda f: f.name),
        Column("本期", lambda f: _cell(f.key, f.now), format_of=_amount_format),
        # A period the records do not cover (the desk's log began later) is left empty, not 0, as the PDF's —.
        Column("上期", lambda f: _cell(f.key, rep.comparable(rep.previous, f.key, f.before)), format_of=_amount_format),
        Column("环比", lambda f: _change(f.key, f.now, rep.comparable(rep.previous, f.key, f.before)),
               format_of=_change_format),
        Column("去年同期", lambda f: _cell(f.key, rep.comparable(rep.year_ago, f.key, f.ago)), format_of=_amount_format),
        Column("同比", lambda f: _change(f.key, f.now, rep.comparable(rep.year_ago, f.key, f.ago)),
               format_of=_change_format)), rows, autofilter=False)
    note = WriteOnlyCell(ws, f"{rep.company}　{rep.period.label}（{rep.period.start:%Y-%m-%d} 至 "
                             f"{rep.period.end:%Y-%m-%d}）；上期 {rep.previous.period.label}，"
                             f"去年同期 {rep.year_ago.period.label}")
    note.font = Font(italic=True)
    ws.append([])  # a blank row between the figures and the notes
    ws.append([note])
    ws.append(["环比、同比：数量与金额为增减幅度；比率为增减的百分点。比较的一期没有数据时留空。"])


def _cell_of(index: int) -> Callable[[Sequence], object]:
    return lambda row: row[index]


def _plain(ws, headers: Sequence[str], rows: Sequence[Sequence], formats: dict[int, str] | None = None) -> None:
    """A sheet of rows under their headers; `formats` gives some columns (0-based) a number format."""
    formats = formats or {}
    write_only_sheet(ws, [Column(h, _cell_of(i), formats.get(i)) for i, h in enumerate(headers)], rows)


def _print_setup(ws) -> None:
    """A4, fitted to the page's width, the header row repeated on every printed page. Set before the
    sheet's first row: a write-only sheet writes its properties ahead of the rows."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.print_title_rows = "1:1"


def build_workbook(rep: StatsReport) -> Workbook:
    """The workbook in write-only mode: every sheet's rows go straight to the file as they are written."""
    wb = Workbook(write_only=True)

    def sheet(title: str):
        ws = wb.create_sheet(title)
        _print_setup(ws)
        return ws

    _summary(sheet("汇总"), rep)
    cur = rep.current
    _plain(sheet("来电来访"), ("日期", "来电", "来访", "回访"), rep.per_day)
    _plain(sheet("来电类别"), ("类别", "本期", "上期", "去年同期"),
           [(k, v, rep.previous.contacts_by_category.get(k, 0), rep.year_ago.contacts_by_category.get(k, 0))
            for k, v in cur.contacts_by_category.items()])
    _plain(sheet("报修"), ("专业", "户内", "公共", "合计"), [(t, h, p, h + p) for t, h, p in rep.by_trade])
    _plain(sheet("回访"), ("结果", "次数"), list(cur.visit_results.items()))
    _plain(sheet("收费"), ("期", "应收", "已收", "收费率", "户收费率"),
           [(p.phase, p.charged, p.collected, p.collection_rate, p.household_collection_rate) for p in cur.by_phase],
           {3: "0.00%", 4: "0.00%"})
    _plain(sheet("分期逐月收费率"), ("月份", "期", "收费率"), rep.phase_rates, {2: "0.00%"})
    _plain(sheet("员工"),
           ("员工", "岗位", "登记来电来访", "其中电话", "应办结事项", "按时办结", "按时办结率", "有评价回访", "满意/基本满意",
            "回访满意率"),
           [(f.name, f.role, f.contacts, f.calls, f.matters_due, f.closed_on_time, f.on_time_rate, f.rated_visits,
             f.satisfied, f.satisfaction_rate) for f in rep.read_staff], {6: "0.00%", 9: "0.00%"})
    for table in rep.read_lists:
        _plain(sheet(table.title[:31]), table.headers, table.rows)
    _plain(sheet("指标口径"), ("指标", "口径"), catalog.definitions())
    return wb


def write_stats_workbook(rep: StatsReport, out: str | Path) -> Path:
    out = Path(out)
    with atomic_output(out) as tmp:
        build_workbook(rep).save(tmp)
    return out
