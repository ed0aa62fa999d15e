"""满意度调查结果 as a workbook: 服务项目 (rates as percentages, against last quarter and a year ago),
期与楼栋, and 意见与建议 by area — the same figures as the 调查结果 screen."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from frontdesk.reports.excel import Column, write_sheet
from frontdesk.services.survey_results import OVERALL, SurveyResults

PERCENT, MEAN = "0.0%", "0.00"


def _area_rows(result: SurveyResults) -> list[dict]:
    rows = []
    for area in [*result.areas, OVERALL]:
        now = result.tally.overall if area == OVERALL else result.tally.areas[area]
        row = {"area": area, "now": now}
        for key, other in (("previous", result.previous), ("year_ago", result.year_ago)):
            found = None if other is None else (other.tally.overall if area == OVERALL else other.tally.areas.get(area))
            row[key] = found.satisfaction if found else None
        rows.append(row)
    return rows


def _count_of(score: int):
    return lambda r: r["now"].counts[score]


AREA_COLUMNS = (
    Column("服务项目", lambda r: r["area"]),
    Column("回答户数", lambda r: r["now"].responses),
    Column("满意率", lambda r: r["now"].satisfaction, PERCENT),
    Column("均分", lambda r: r["now"].mean, MEAN),
    Column("上季度满意率", lambda r: r["previous"], PERCENT),
    Column("去年同期满意率", lambda r: r["year_ago"], PERCENT),
    *(Column(label, _count_of(score)) for score, label in
      ((5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "非常不满意"))),
)
GROUP_COLUMNS = (
    Column("期/楼栋", lambda g: g[0]),
    Column("抽样户数", lambda g: g[1].units),
    Column("已答", lambda g: g[1].answered),
    Column("拒访", lambda g: g[1].refused),
    Column("无法联系", lambda g: g[1].unreachable),
    Column("回答率", lambda g: g[1].response_rate, PERCENT),
    Column("总体满意率", lambda g: g[1].satisfaction, PERCENT),
    Column("总体均分", lambda g: g[1].overall.mean, MEAN),
)
COMMENT_COLUMNS = (
    Column("服务项目", lambda c: c[0]),
    Column("房屋", lambda c: c[1].place),
    Column("受访人", lambda c: c[1].respondent),
    Column("不满意的项目", lambda c: c[1].low),
    Column("意见与建议", lambda c: c[1].text),
    Column("转办", lambda c: "已转办" if c[1].followed_up else ""),
)


def write_survey_results(result: SurveyResults, out: Path | str) -> Path:
    out = Path(out)
    wb = Workbook()
    ws = wb.active
    ws.title = "服务项目"
    write_sheet(ws, AREA_COLUMNS, _area_rows(result))
    t = result.tally
    ws.append([])
    for label, value, fmt in (("调查", f"{result.number}（{result.label}）", None), ("抽样户数", t.units, None),
                              ("已答", t.answered, None), ("回答率", t.response_rate, PERCENT),
                              ("总体满意率", t.satisfaction, PERCENT)):
        ws.append([label, value])
        if fmt:
            ws.cell(row=ws.max_row, column=2).number_format = fmt
    write_sheet(wb.create_sheet("期与楼栋"), GROUP_COLUMNS, [*result.by_phase, *result.by_building])
    write_sheet(wb.create_sheet("意见与建议"), COMMENT_COLUMNS,
                [(area, c) for area, comments in result.comments.items() for c in comments])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    return out
