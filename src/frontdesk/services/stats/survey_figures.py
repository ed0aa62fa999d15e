"""满意度调查 figures: the sampled units, answers, response rate, overall satisfaction and the per-area table.

A period reads the surveys of the quarters it overlaps (a month shows its quarter's survey, a year
its four surveys pooled); the rates are those of `services.survey_results`, defined once there.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.db.models.surveys import SCALE
from frontdesk.services import survey_results
from frontdesk.services.stats.catalog import Figure, Section, Source, declare, declare_section, declare_source
from frontdesk.services.stats.period import Period
from frontdesk.services.stats.records import RecordTable
from frontdesk.services.surveys import areas_of

HEADERS = ("调查编号", "房屋", "状态", "受访人", "日期", "方式", "总体满意度", "意见与建议")


def gather(session: Session, period: Period) -> survey_results.Tally:
    surveys = survey_results.surveys_between(session, period.start, period.end)
    areas: list[str] = []
    for survey in surveys:
        areas.extend(a for a in areas_of(survey) if a not in areas)
    return survey_results.tally(survey_results.load_answers(session, [s.id for s in surveys]), areas)


def _records(answered_only: bool):
    def listing(session: Session, period: Period, title: str) -> RecordTable:
        surveys = survey_results.surveys_between(session, period.start, period.end)
        numbers = {s.id: s.number for s in surveys}
        answers = survey_results.load_answers(session, list(numbers))
        rows = [(numbers[a.survey_id], a.place, a.status, a.respondent, a.answered_on, a.method,
                 SCALE.get(a.overall, "") if a.overall else "", a.comment)
                for a in answers if not answered_only or a.status == "已答"]
        return RecordTable(title, HEADERS, rows, len(rows))
    return listing


declare_source(Source("surveys", gather))

_SCOPE = "统计期所在季度（统计期跨几个季度时为这几个季度）的满意度调查"

declare(
    Figure("survey_units", "满意度调查抽样户数", "count", f"{_SCOPE}抽中的房屋户数。",
           lambda f: f.data["surveys"].units, _records(False)),
    Figure("survey_responses", "满意度调查答卷", "count", f"{_SCOPE}中状态为“已答”的户数（拒访、无法联系、未答不计）。",
           lambda f: f.data["surveys"].answered, _records(True)),
    Figure("survey_response_rate", "满意度调查回答率", "rate", "满意度调查答卷 ÷ 抽样户数。",
           lambda f: f.data["surveys"].response_rate, _records(False)),
    Figure("survey_satisfaction", "业主满意度", "rate",
           "“总体满意度”答“满意”或“非常满意”的户数 ÷ 回答了总体满意度的户数（满意度调查）。",
           lambda f: f.data["surveys"].satisfaction, _records(True), card=True),
)

declare_section(Section("survey_by_area", lambda f: {
    area: {"satisfaction": result.satisfaction, "mean": result.mean, "responses": result.responses}
    for area, result in f.data["surveys"].areas.items()}))
