"""Import kind of 满意度调查 answers: one row per sampled unit, one score column per service area.

The area columns are the survey's own (in its order), so they vary from survey to survey: a file
must have the fixed columns, and every column between 方式 and 总体满意度 is read as an area. A
unit must be in the survey's sample (plan the survey first); a unit already answered is left as it is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Survey, SurveyUnit, Unit
from frontdesk.db.models.surveys import ANSWER_STATUSES, METHODS, STATUS_PENDING
from frontdesk.errors import ValidationError
from frontdesk.services import settings, survey_answers, survey_results
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader
from frontdesk.services.surveys import COMMENT, OVERALL, areas_of, parse_quarter

SCORE_HELP = "评分 1–5（5 非常满意、4 满意、3 一般、2 不满意、1 非常不满意），没有回答留空"
HEAD = (
    ColumnSpec("调查编号", "已安排的调查，如 DC-2025Q3", "DC-2025Q3"),
    ColumnSpec("房屋编号", "期-楼栋-单元-房号，须在该调查的抽样名单中", "3-4-1-1302"),
    ColumnSpec("受访人", "接受调查的人；空着时记为业主本人", "王秀英"),
    ColumnSpec("日期", "调查日期 YYYY-MM-DD，不早于该季度第一天、不晚于今天；未答可空", date(2025, 8, 12), kind="date"),
    ColumnSpec("方式", "以下之一：" + "、".join(METHODS) + "；未答可空", "上门", choices=METHODS),
)
TAIL = (
    ColumnSpec(OVERALL, SCORE_HELP, 4, kind="integer"),
    ColumnSpec(COMMENT, "业主的原话，不超过 2000 字", "希望加强夜间巡逻"),
    ColumnSpec("状态", "以下之一：" + "、".join(ANSWER_STATUSES) + "；有评分时可空（记为已答）", "已答",
               choices=ANSWER_STATUSES),
)


def _area_column(area: str) -> ColumnSpec:
    return ColumnSpec(area, f"“{area}”的{SCORE_HELP}", 5, kind="integer")


def _score(value) -> int | None:
    try:
        return survey_answers.score_of(value, "score")
    except ValidationError:
        raise cells.CellError("1–5 的整数评分，没有回答留空") from None


class SurveyKind(ImportKind):
    name = "survey"
    title = "满意度调查"
    natural_key = "调查编号和房屋编号（已录入答卷的房屋不会被覆盖）"
    columns = (*HEAD, *(_area_column(a) for a in settings.DEFAULT_LISTS["survey_area"]), *TAIL)

    def required_headers(self) -> list[str]:
        return [c.header for c in (*HEAD, *TAIL)]

    def file_headers(self, found: dict[str, int]) -> list[str]:
        first, last = found["方式"], found[OVERALL]
        self.file_areas = [h for h, i in sorted(found.items(), key=lambda kv: kv[1]) if first < i < last]
        return [*(c.header for c in HEAD), *self.file_areas, *(c.header for c in TAIL)]

    def prepare(self, session: Session) -> None:
        self.surveys = {s.number: s for s in session.scalars(select(Survey))}
        self.sample = {(su.survey_id, code): su for su, code in session.execute(
            select(SurveyUnit, Unit.code).join(Unit, Unit.id == SurveyUnit.unit_id))}
        self.nothing_to_record: set[tuple[str, str]] = set()

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        survey = None
        raw_number = row.get("调查编号", cells.text, True, 20)
        if raw_number:
            try:
                survey = self.surveys.get(parse_quarter(raw_number).number)
            except ValidationError:
                survey = None
            if survey is None:
                row.fail("调查编号", "已安排的调查编号，如 DC-2025Q3（先在“满意度调查”中安排抽样）")
        code = row.get("房屋编号", cells.unit_code)
        su = self.sample.get((survey.id, code)) if survey is not None and code else None
        if survey is not None and code and su is None:
            row.fail("房屋编号", f"{survey.number} 抽样名单中的房屋")
        areas = areas_of(survey) if survey is not None else []
        scores = {}
        for area in getattr(self, "file_areas", []):
            score = row.get(area, _score)
            if score is not None and survey is not None and area not in areas:
                row.fail(area, f"空着（{survey.number} 没有调查“{area}”）")
            elif score is not None:
                scores[area] = score
        data = survey_answers.AnswerInput(
            su.id if su else 0, scores, row.get(OVERALL, _score), row.get("状态", cells.choice, ANSWER_STATUSES, False),
            row.get("受访人", cells.text, False, 40), row.get("日期", cells.day, False),
            row.get("方式", cells.choice, METHODS, False), row.get(COMMENT, cells.text, False, 2000))
        if survey is not None and su is not None and not row.problems:
            headers = {"status": "状态", "answered_on": "日期", "method": "方式", "comment": COMMENT}
            for key, text in survey_answers.check_answer(survey, data, areas).items():
                row.fail(key if key in values else headers.get(key, "状态"), text)
        row.done()
        number = survey.number if survey else ""
        if (data.status or STATUS_PENDING) == STATUS_PENDING and not scores and data.overall is None:
            self.nothing_to_record.add((number, code))  # a blank row of the sample: counted as already there
        return dict(number=number, code=code, answer=data)

    def key(self, parsed: dict) -> tuple:
        return parsed["number"], parsed["code"]

    def existing(self, session: Session, keys: set) -> set:
        numbers = {s.id: n for n, s in self.surveys.items()}
        answered = {(numbers[su.survey_id], code) for (_sid, code), su in self.sample.items()
                    if su.status != STATUS_PENDING}
        return keys & (answered | self.nothing_to_record)

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        return survey_answers.save_answers(session, [r["answer"] for r in rows])

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None) -> list[list]:
        surveys = survey_results.surveys_between(session, date_from or date(2000, 1, 1), date_to or date(2100, 12, 31))
        areas: list[str] = []
        for survey in surveys:
            areas.extend(a for a in areas_of(survey) if a not in areas)
        self.columns = (*HEAD, *(_area_column(a) for a in areas), *TAIL)  # type: ignore[misc]  # this file's areas
        numbers = {s.id: s.number for s in surveys}
        codes = dict(session.execute(select(SurveyUnit.id, Unit.code).join(Unit, Unit.id == SurveyUnit.unit_id)
                                     .where(SurveyUnit.survey_id.in_(list(numbers) or [0]))).all())
        rows = []
        for a in survey_results.load_answers(session, list(numbers)):
            rows.append([numbers[a.survey_id], codes[a.id], a.respondent, a.answered_on, a.method,
                         *(a.scores.get(area) for area in areas), a.overall, a.comment, a.status])
        return sorted(rows, key=lambda r: r[0])  # by survey; within one, by phase, building and room

