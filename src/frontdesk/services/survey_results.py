"""满意度调查 results: response rate, satisfaction per area (share 满意+非常满意 and mean score),
per phase and building, against last quarter and the same quarter a year ago, and the comments by area.

`tally` counts any set of answers; the survey's results screen and PDF, and the statistics of a
period (`stats.survey_figures`), read the same tally, so a rate is defined once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Survey, SurveyScore, SurveyUnit, Unit
from frontdesk.db.models.surveys import SCALE, STATUS_ANSWERED, STATUS_REFUSED, STATUS_UNREACHABLE
from frontdesk.services.surveys import OVERALL, Quarter, areas_of, find_survey, get_survey, parse_quarter

SATISFIED = (4, 5)  # 满意, 非常满意
UNHAPPY = 2
OTHER_COMMENTS = "其他意见"


def fraction(part: int, whole: int) -> float | None:
    """A rate kept whole: it is rounded once, where it is shown (86.05% … of 74/86 shows as 86.0%, not
    86.1% from a value rounded to four places first) or written (`stats --json`: four places)."""
    return part / whole if whole else None


@dataclass
class Answer:
    """One sampled unit as the results read it."""

    id: int
    survey_id: int
    phase: int
    building: int
    entrance: int
    room: str
    status: str
    respondent: str
    method: str
    answered_on: date | None
    overall: int | None
    comment: str
    followup_contact_id: int | None
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def place(self) -> str:
        return f"{self.phase}期{self.building}栋{self.entrance}单元{self.room.lstrip('0') or '0'}室"


@dataclass
class AreaResult:
    area: str
    counts: dict[int, int] = field(default_factory=lambda: {s: 0 for s in SCALE})

    def add(self, score: int) -> None:
        self.counts[score] += 1

    @property
    def responses(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(self.counts[s] for s in SATISFIED)

    @property
    def satisfaction(self) -> float | None:
        return fraction(self.satisfied, self.responses)

    @property
    def mean(self) -> float | None:
        total = sum(score * n for score, n in self.counts.items())
        return round(total / self.responses, 2) if self.responses else None


@dataclass
class Tally:
    areas: dict[str, AreaResult]
    overall: AreaResult
    units: int = 0
    answered: int = 0
    refused: int = 0
    unreachable: int = 0

    @property
    def pending(self) -> int:
        return self.units - self.answered - self.refused - self.unreachable

    @property
    def response_rate(self) -> float | None:
        return fraction(self.answered, self.units)

    @property
    def satisfaction(self) -> float | None:
        """The overall share: 总体满意度 answered 满意 or 非常满意, of those who scored it."""
        return self.overall.satisfaction


def tally(answers: list[Answer], areas: list[str]) -> Tally:
    result = Tally({a: AreaResult(a) for a in areas}, AreaResult(OVERALL))
    for answer in answers:
        result.units += 1
        if answer.status == STATUS_REFUSED:
            result.refused += 1
        elif answer.status == STATUS_UNREACHABLE:
            result.unreachable += 1
        elif answer.status == STATUS_ANSWERED:
            result.answered += 1
            for area, score in answer.scores.items():
                result.areas.setdefault(area, AreaResult(area)).add(score)
            if answer.overall is not None:
                result.overall.add(answer.overall)
    return result


def load_answers(session: Session, survey_ids: list[int]) -> list[Answer]:
    if not survey_ids:
        return []
    rows = session.execute(
        select(SurveyUnit.id, SurveyUnit.survey_id, Unit.phase, Unit.building, Unit.entrance, Unit.room,
               SurveyUnit.status, SurveyUnit.respondent, SurveyUnit.method, SurveyUnit.answered_on,
               SurveyUnit.overall, SurveyUnit.comment, SurveyUnit.followup_contact_id)
        .join(Unit, Unit.id == SurveyUnit.unit_id).where(SurveyUnit.survey_id.in_(survey_ids))
        .order_by(Unit.phase, Unit.building, Unit.entrance, Unit.room)).all()
    answers = {row[0]: Answer(*row) for row in rows}  # type: ignore[call-arg]  # the row's columns in field order
    for unit_id, area, score in session.execute(
            select(SurveyScore.survey_unit_id, SurveyScore.area, SurveyScore.score)
            .join(SurveyUnit, SurveyUnit.id == SurveyScore.survey_unit_id)
            .where(SurveyUnit.survey_id.in_(survey_ids)).order_by(SurveyScore.id)):
        if unit_id in answers:
            answers[unit_id].scores[area] = score
    return list(answers.values())


# ---- one survey's results ----------------------------------------------------------------------


@dataclass
class Comment:
    survey_unit_id: int
    place: str
    respondent: str
    low: str  # 保洁 不满意、收费 非常不满意
    text: str
    followed_up: bool
    can_follow_up: bool


@dataclass
class Comparison:
    number: str
    label: str
    tally: Tally


@dataclass
class SurveyResults:
    number: str
    label: str
    areas: list[str]
    tally: Tally
    by_phase: list[tuple[str, Tally]]
    by_building: list[tuple[str, Tally]]
    previous: Comparison | None
    year_ago: Comparison | None
    comments: dict[str, list[Comment]]


def _comment(answer: Answer) -> Comment:
    low = [(a, s) for a, s in answer.scores.items() if s <= UNHAPPY]
    if answer.overall is not None and answer.overall <= UNHAPPY:
        low.append((OVERALL, answer.overall))
    text = "、".join(f"{a}{SCALE[s]}" for a, s in low)
    return Comment(answer.id, answer.place, answer.respondent, text, answer.comment.strip(),
                   answer.followup_contact_id is not None,
                   bool(low) and answer.followup_contact_id is None)


def comments_by_area(answers: list[Answer], areas: list[str]) -> dict[str, list[Comment]]:
    """A comment is listed under every area its writer scored 不满意 or lower; the rest under 其他意见."""
    result: dict[str, list[Comment]] = {a: [] for a in [*areas, OTHER_COMMENTS]}
    for answer in answers:
        if answer.status != STATUS_ANSWERED or not answer.comment.strip():
            continue
        low = [a for a in areas if answer.scores.get(a, 5) <= UNHAPPY]
        for area in low or [OTHER_COMMENTS]:
            result[area].append(_comment(answer))
    return {a: rows for a, rows in result.items() if rows}


def _compare(session: Session, quarter: Quarter) -> Comparison | None:
    survey = find_survey(session, quarter)
    if survey is None:
        return None
    return Comparison(survey.number, quarter.label, tally(load_answers(session, [survey.id]), areas_of(survey)))


def results(session: Session, number: str) -> SurveyResults:
    survey = get_survey(session, number)
    areas = areas_of(survey)
    answers = load_answers(session, [survey.id])
    by_phase: dict[int, list[Answer]] = defaultdict(list)
    by_building: dict[tuple[int, int], list[Answer]] = defaultdict(list)
    for answer in answers:
        by_phase[answer.phase].append(answer)
        by_building[(answer.phase, answer.building)].append(answer)
    quarter = parse_quarter(survey.quarter)
    return SurveyResults(
        survey.number, quarter.label, areas, tally(answers, areas),
        [(f"{p}期", tally(rows, areas)) for p, rows in sorted(by_phase.items())],
        [(f"{p}期{b}栋", tally(rows, areas)) for (p, b), rows in sorted(by_building.items())],
        _compare(session, quarter.previous()), _compare(session, quarter.year_ago()),
        comments_by_area(answers, areas))


def surveys_between(session: Session, first: date, last: date) -> list[Survey]:
    """The surveys of the quarters that overlap [first, last] (a month reads its quarter's survey)."""
    found = []
    for survey in session.scalars(select(Survey).order_by(Survey.quarter)):
        quarter = parse_quarter(survey.quarter)
        if quarter.first_day <= last and quarter.last_day >= first:
            found.append(survey)
    return found

