"""统计报表: every figure of a month, quarter, year or date range, computed once with SQL aggregates,
with the previous period and the same period a year earlier.

Figures are declared once in the catalogue (`catalog`); importing this package imports every desk's
declarations, in report order. `report(session, period)` is what the screen, the PDF, the Excel file
and `frontdesk stats` show; `staff.staff_figures` is the per-receptionist part; `records.records_behind`
lists the records behind any figure.
"""

from frontdesk.services.stats import (
    core_figures,  # noqa: F401  (declares the desk's own figures)
    ring_figures,  # noqa: F401  (来电弹屏)
    survey_figures,  # noqa: F401  (满意度调查)
)

# isort: split
from frontdesk.services.stats import collector_figures  # noqa: F401  (after the core: 收费员 figures, by collector)
from frontdesk.services.stats.catalog import definitions, figures, label
from frontdesk.services.stats.figures import Figures, compute, to_json
from frontdesk.services.stats.period import (
    Period,
    month_period,
    parse_month,
    parse_quarter,
    parse_year,
    quarter_period,
    range_period,
    year_period,
)
from frontdesk.services.stats.report import StatsReport, report

__all__ = [
    "Figures", "Period", "StatsReport", "compute", "definitions", "figures", "label", "month_period",
    "parse_month", "parse_quarter", "parse_year", "quarter_period", "range_period", "report", "to_json", "year_period",
]

# Other desks' figures follow the core ones in report order.
from frontdesk.services.stats import vendor_figures  # noqa: F401  (外包方与宣传栏)
