"""The statistics report's charts as ReportLab vector drawings (crisp in print, text embedded)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm

from frontdesk.reports.axis import NO_DATA, is_empty, value_axis
from frontdesk.reports.fonts import register_pdf_font

PALETTE = [colors.HexColor(c) for c in ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47")]
WIDTH, HEIGHT = 175 * mm, 62 * mm


def _frame(title: str) -> Drawing:
    font = register_pdf_font()
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(String(0, HEIGHT - 10, title, fontName=font, fontSize=10))
    return drawing


def _bars(title: str, labels: list[str], series: list[list[float]], names: list[str] | None = None,
          stacked: bool = False, label_angle: int = 0) -> tuple[Drawing, VerticalBarChart]:
    font = register_pdf_font()
    drawing = _frame(title)
    chart = VerticalBarChart()
    chart.x, chart.y = 32, 28 if label_angle else 18
    chart.width, chart.height = WIDTH - 130 if names else WIDTH - 45, HEIGHT - chart.y - 18
    chart.data = series or [[0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    if label_angle:
        chart.categoryAxis.labels.angle = label_angle
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    peak = max((v for s in series for v in s), default=0)
    if stacked:
        chart.categoryAxis.style = "stacked"
        peak = max((sum(col) for col in zip(*series, strict=True)), default=0) if series else 0
    _round_axis(chart, peak, integers=all(float(v).is_integer() for s in series for v in s))
    if is_empty(series):
        drawing.add(String(WIDTH / 2, HEIGHT / 2, NO_DATA, fontName=font, fontSize=10, textAnchor="middle",
                           fillColor=colors.grey))
    chart.barSpacing = 0.5
    for index in range(len(chart.data)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if names:
        legend = Legend()
        legend.x, legend.y = WIDTH - 90, HEIGHT - 25
        legend.fontName, legend.fontSize = font, 8
        legend.alignment = "right"
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
        drawing.add(legend)
    return drawing, chart


def _round_axis(chart, peak: float, integers: bool) -> None:
    """Ticks at round steps (the same helper as the screen's charts), whole numbers for counts."""
    axis = value_axis(peak, integers=integers)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, axis.top, axis.step
    chart.valueAxis.labelTextFormat = axis.label


def calls_chart(per_day: list[tuple[date, int, int, int]], target: int, by_month: bool) -> Drawing:
    """Calls per day (a month) or the daily average per month (a year), with the daily target line."""
    if by_month:
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for day, calls, _visits, _returns in per_day:
            sums[f"{day.month}月"][0] += calls
            sums[f"{day.month}月"][1] += 1
        labels = list(sums)
        values = [round(s / n, 1) if n else 0 for s, n in sums.values()]
        title = "每月日均来电（虚线为每日目标）"
    else:
        labels = [f"{d.day}" for d, *_ in per_day]
        values = [c for _d, c, _v, _r in per_day]
        title = "每日来电（虚线为每日目标）"
    drawing, chart = _bars(title, labels, [values])
    if target > chart.valueAxis.valueMax:
        _round_axis(chart, target, integers=all(float(v).is_integer() for v in values))
    y = chart.y + chart.height * target / chart.valueAxis.valueMax
    drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=colors.red, strokeDashArray=[3, 2]))
    drawing.add(String(chart.x + chart.width + 2, y - 3, f"目标{target}", fontName=register_pdf_font(), fontSize=7,
                       fillColor=colors.red))
    return drawing


def category_chart(counts: dict[str, int]) -> Drawing:
    return _bars("来电来访类别", list(counts), [list(counts.values())])[0]


def trade_chart(by_trade: list[tuple[str, int, int]]) -> Drawing:
    labels = [t for t, _h, _p in by_trade]
    return _bars("报修专业及范围", labels, [[h for _t, h, _p in by_trade], [p for _t, _h, p in by_trade]],
                 ["户内", "公共"], stacked=True)[0]


def satisfaction_chart(results: dict[str, int]) -> Drawing:
    return _bars("回访结果", list(results), [list(results.values())])[0]


def area_satisfaction_chart(labels: list[str], series: list[list[float]], names: list[str]) -> Drawing:
    """满意率 (percent) per service area, this survey beside the ones it is compared with."""
    drawing, chart = _bars("各服务项目满意率（%）", labels, series, names)
    _round_axis(chart, 100, integers=True)
    return drawing


def phase_rate_chart(phase_rates: list[tuple[str, str, float | None]]) -> Drawing:
    """Collection rate by phase over the months (percent)."""
    font = register_pdf_font()
    drawing = _frame("各期收费率（按月，%）")
    months = sorted({m for m, _p, _r in phase_rates})
    phases = sorted({p for _m, p, _r in phase_rates}, key=lambda p: p.zfill(4))
    value = {(m, p): r for m, p, r in phase_rates}
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 32, 18, WIDTH - 130, HEIGHT - 36
    chart.data = [[(value.get((m, p)) or 0) * 100 for m in months] for p in phases] or [[0]]
    chart.categoryAxis.categoryNames = [f"{m[2:4]}年{int(m[5:])}月" if m[5:] == "01" or i == 0 else f"{int(m[5:])}月"
                                        for i, m in enumerate(months)] or [""]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    _round_axis(chart, 100, integers=True)
    for index in range(len(chart.data)):
        chart.lines[index].strokeColor = PALETTE[index % len(PALETTE)]
        chart.lines[index].strokeWidth = 1.5
        chart.lines[index].symbol = makeMarker("FilledCircle", size=3)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = WIDTH - 90, HEIGHT - 25
    legend.fontName, legend.fontSize = font, 8
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], p) for i, p in enumerate(phases)]
    drawing.add(legend)
    return drawing
