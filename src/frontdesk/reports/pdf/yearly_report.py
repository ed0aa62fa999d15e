"""年度统计报表 (A4 PDF): opens with the year's summary paragraph in the desk's words, then the figures,
a month-by-month table, the charts, staff, the lists and the definitions."""

from __future__ import annotations

from pathlib import Path

from frontdesk.reports.pdf import stats_layout as layout
from frontdesk.services.stats.report import StatsReport


def _month_table(rep: StatsReport, st) -> list:
    months: dict[int, list[int]] = {}
    for day, calls, visits, returns in rep.per_day:
        row = months.setdefault(day.month, [0, 0, 0, 0])
        row[0] += calls
        row[1] += visits
        row[2] += returns
        row[3] += 1
    rows = [(f"{m}月", f"{c:,}", f"{v:,}", f"{r:,}", f"{c / n:.1f}" if n else "—") for m, (c, v, r, n) in months.items()]
    width = layout.WIDTH / 5
    return [layout.para("二、逐月来电来访", st["heading"]),
            layout.table(("月份", "来电", "来访", "回访", "日均来电"), rows, [width] * 5, st)]


def story(rep: StatsReport, title: str) -> list:
    st = layout.styles()
    parts = layout.title_block(rep, title, st)
    parts.append(layout.para("年度工作总结", st["heading"]))
    parts.append(layout.para(rep.summary(), st["body"]))
    parts += layout.kpi_table(rep, st, "一")
    parts += _month_table(rep, st)
    parts += layout.category_and_phase_tables(rep, st, "三")
    parts += layout.charts(rep, st, True, "四")
    parts += layout.staff_table(rep, st, "五")
    parts += layout.lists(rep, st, "六")
    parts += layout.definitions(st, "七")
    return parts


def write_yearly_pdf(rep: StatsReport, out: str | Path) -> Path:
    title = f"{rep.period.label}客服前台统计报表"
    return layout.build(out, story(rep, title), title, f"{rep.company}　{title}")
