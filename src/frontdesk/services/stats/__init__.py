"""统计报表: every figure of a month, quarter, year or date range, computed once with SQL aggregates,
with the previous period and the same period a year earlier.

`report(session, period)` is what the screen, the PDF, the Excel file and `frontdesk stats` show;
`staff.staff_figures` is the per-receptionist part (the training desk's monthly assessment can use it);
`records.records_behind` lists the records behind any figure.
"""

from frontdesk.services.stats.figures import DEFINITIONS, FIGURES, LABELS, Figures, compute, to_json
from frontdesk.services.stats.period import (
    Period,
    month_period,
    parse_month,
    parse_year,
    quarter_period,
    range_period,
    year_period,
)
from frontdesk.services.stats.report import StatsReport, report

__all__ = [
    "DEFINITIONS", "FIGURES", "LABELS", "Figures", "Period", "StatsReport", "compute", "month_period", "parse_month",
    "parse_year", "quarter_period", "range_period", "report", "to_json", "year_period",
]
