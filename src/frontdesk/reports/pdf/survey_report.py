"""满意度调查结果报告 on A4, for the supervisor to print and hand on: the response, the satisfaction of
each service area against last quarter and a year ago (table and chart), each phase and building, and
the owners' comments by area with whether each was taken up as a complaint or suggestion. The same
figures as the 调查结果 screen and its workbook."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from frontdesk.db.models.surveys import SCALE
from frontdesk.reports.pdf import stats_charts
from frontdesk.reports.pdf.stats_layout import WIDTH, build, para, styles, table
from frontdesk.services import number_format
from frontdesk.services.survey_results import AreaResult, SurveyResults, Tally
from frontdesk.services.surveys import OVERALL

LEVELS = (5, 4, 3, 2, 1)


def _rate(value: float | None) -> str:
    return number_format.percent(value) if value is not None else "—"


def _mean(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "—"


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "—"
    points = (now - before) * 100
    return f"{points:+.1f} 个百分点"


def _area(tally: Tally, area: str) -> AreaResult | None:
    return tally.overall if area == OVERALL else tally.areas.get(area)


def _earlier(result: SurveyResults, which: str, area: str) -> float | None:
    other = result.previous if which == "previous" else result.year_ago
    found = _area(other.tally, area) if other is not None else None
    return found.satisfaction if found is not None else None


def summary_text(result: SurveyResults) -> str:
    t = result.tally
    text = (f"本次调查（{result.number}，{result.label}）抽样 {t.units} 户，已答 {t.answered} 户，"
            f"回答率 {_rate(t.response_rate)}；拒访 {t.refused} 户，无法联系 {t.unreachable} 户")
    if t.pending:
        text += f"，尚有 {t.pending} 户未调查"
    text += f"。总体满意率 {_rate(t.satisfaction)}"
    for which, name, other in (("previous", "上季度", result.previous), ("year_ago", "去年同期", result.year_ago)):
        if other is None:
            text += f"；{name}没有调查"
            continue
        before = _earlier(result, which, OVERALL)
        text += f"；{name}（{other.label}）{_rate(before)}，{_change(t.satisfaction, before)}"
    low = [a for a in result.areas if (r := t.areas[a].satisfaction) is not None and r < (t.satisfaction or 0)]
    if low:
        text += f"。低于总体的服务项目：{'、'.join(low)}"
    return text + "。"


def _area_rows(result: SurveyResults) -> list[list[object]]:
    rows: list[list[object]] = []
    for area in [*result.areas, OVERALL]:
        now = _area(result.tally, area)
        assert now is not None
        rows.append([area, now.responses, _rate(now.satisfaction), _mean(now.mean),
                     _rate(_earlier(result, "previous", area)), _rate(_earlier(result, "year_ago", area)),
                     *(now.counts[level] for level in LEVELS)])
    return rows


def _chart(result: SurveyResults):
    labels = [*result.areas, "总体"]
    now = [_area(result.tally, a) for a in [*result.areas, OVERALL]]
    names, series = ["本次"], [[((r.satisfaction if r is not None else None) or 0) * 100 for r in now]]
    for which, name, other in (("previous", "上季度", result.previous), ("year_ago", "去年同期", result.year_ago)):
        if other is not None:
            names.append(name)
            series.append([(_earlier(result, which, a) or 0) * 100 for a in [*result.areas, OVERALL]])
    return stats_charts.area_satisfaction_chart(labels, series, names)


def _group_rows(groups: list[tuple[str, Tally]]) -> list[list[object]]:
    return [[name, t.units, t.answered, t.refused, t.unreachable, _rate(t.response_rate), _rate(t.satisfaction),
             _mean(t.overall.mean)] for name, t in groups]


def render_survey_results(result: SurveyResults, company: str, out: Path | str) -> Path:
    st = styles()
    story: list = [
        para(company, st["company"]), Spacer(1, 1 * mm), para("业主满意度调查结果报告", st["title"]),
        para(f"{result.label}　调查编号 {result.number}", st["subtitle"]), Spacer(1, 4 * mm),
        para("一、概况", st["heading"]), para(summary_text(result), st["body"]),
        para("二、各服务项目满意度", st["heading"]),
        para("满意率 = 评“满意”或“非常满意”的户数 ÷ 回答该项的户数；均分按 5 分制（非常满意 5 分 … 非常不满意 1 分）。",
             st["small"]),
    ]
    headers = ["服务项目", "回答", "满意率", "均分", "上季度", "去年同期", *(SCALE[level] for level in LEVELS)]
    shares = (0.14, 0.07, 0.09, 0.07, 0.09, 0.09, 0.09, 0.08, 0.08, 0.09, 0.11)
    story += [table(headers, _area_rows(result), [WIDTH * s for s in shares], st), Spacer(1, 4 * mm), _chart(result)]
    story += [para("三、各期与楼栋", st["heading"])]
    group_headers = ["期/楼栋", "抽样", "已答", "拒访", "无法联系", "回答率", "总体满意率", "均分"]
    group_shares = (0.19, 0.1, 0.1, 0.1, 0.11, 0.13, 0.15, 0.12)
    story.append(table(group_headers, _group_rows([*result.by_phase, *result.by_building]),
                       [WIDTH * s for s in group_shares], st))
    story.append(para("四、意见与建议（评“不满意”及以下的列在该项目下；已转办的在“来电来访”中跟进）", st["heading"]))
    if not result.comments:
        story.append(para("本次调查没有收到书面意见。", st["body"]))
    comment_shares = (0.2, 0.1, 0.19, 0.43, 0.08)
    for area, comments in result.comments.items():
        story.append(para(f"{area}（{len(comments)} 条）", st["small"]))
        story.append(table(["房屋", "受访人", "不满意的项目", "意见与建议", "转办"],
                           [[c.place, c.respondent, c.low, c.text, "已转办" if c.followed_up else ""] for c in comments],
                           [WIDTH * s for s in comment_shares], st))
        story.append(Spacer(1, 3 * mm))
    title = f"{result.label}业主满意度调查结果报告"
    return build(out, story, title, f"{company}　{title}")
