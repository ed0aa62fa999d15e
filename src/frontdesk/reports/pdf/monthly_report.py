"""月度统计报表 (A4 PDF): KPI table with comparisons, charts, staff, the supervisor's lists, definitions."""

from __future__ import annotations

from pathlib import Path

from frontdesk.reports.pdf import stats_layout as layout
from frontdesk.services.stats.report import StatsReport


def story(rep: StatsReport, title: str) -> list:
    st = layout.styles()
    parts = layout.title_block(rep, title, st)
    parts.append(layout.para(rep.summary(), st["body"]))
    parts += layout.kpi_table(rep, st, "一")
    parts += layout.category_and_phase_tables(rep, st, "二")
    parts += layout.charts(rep, st, False, "三")
    parts += layout.staff_table(rep, st, "四")
    parts += layout.lists(rep, st, "五")
    parts += layout.definitions(st, "六")
    return parts


def title_and_footer(rep: StatsReport) -> tuple[str, str]:
    title = f"{rep.period.label}客服前台统计报表"
    return title, f"{rep.company}　{title}"


def write_monthly_pdf(rep: StatsReport, out: str | Path) -> Path:
    """A month's (or a quarter's, or a date range's) report."""
    title, footer = title_and_footer(rep)
    return layout.build(out, story(rep, title), title, footer)


def write_report_pdf(rep: StatsReport, out: str | Path) -> Path:
    """The yearly report for a year, the monthly layout for anything shorter."""
    if rep.period.kind == "年":
        from frontdesk.reports.pdf.yearly_report import write_yearly_pdf

        return write_yearly_pdf(rep, out)
    return write_monthly_pdf(rep, out)
