"""满意度调查: planning the quarterly owner-satisfaction survey and reading it back.

A survey (DC-2025Q3) asks each sampled unit one 5-point question per service area, 总体满意度 and
a free-text 意见与建议. The sample is N occupied units per building, so every phase and building is
represented; within a building the draw is spread over the entrances, units surveyed the quarter
before are taken only when a building has too few others, and the seed is recorded so the same
roster gives the same sample again. Answers: `survey_answers`; results: `survey_results`.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import Occupancy, Person, PersonPhone, Survey, SurveyUnit, Unit
from frontdesk.db.models.roster import HANDED_OVER
from frontdesk.db.models.surveys import ANSWER_STATUSES, STATUS_ANSWERED
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, settings

OVERALL = "总体满意度"
COMMENT = "意见与建议"
DEFAULT_PER_BUILDING = 5
MAX_PER_BUILDING = 200
_QUARTER = re.compile(r"^\s*(?:DC-)?(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def number(self) -> str:
        return f"DC-{self.key}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"

    @property
    def first_day(self) -> date:
        return date(self.year, (self.quarter - 1) * 3 + 1, 1)

    @property
    def last_day(self) -> date:
        return _quarter_end(self.year, self.quarter)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def year_ago(self) -> Quarter:
        return Quarter(self.year - 1, self.quarter)


def _quarter_end(year: int, quarter: int) -> date:
    from calendar import monthrange

    month = quarter * 3
    return date(year, month, monthrange(year, month)[1])


def parse_quarter(text: str, field_name: str = "quarter") -> Quarter:
    """2025Q3, 2025-Q3 or the survey number DC-2025Q3."""
    match = _QUARTER.match(str(text or "").upper())
    if not match:
        raise ValidationError({field_name: f"季度“{text}”格式不对，请写成 YYYYQn，例如 2025Q3"})
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise ValidationError({field_name: f"年份 {year} 不在 2000–2100 之间，请检查"})
    return Quarter(year, int(match.group(2)))


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def default_questions(areas: list[str]) -> dict[str, str]:
    return {area: f"您对{area}的服务是否满意？" for area in areas}


def unit_in_words(unit: Unit) -> str:
    """3期4栋1单元1302室: how the questionnaire and the phone script say the unit."""
    room = unit.room.lstrip("0") or "0"
    return f"{unit.phase}期{unit.building}栋{unit.entrance}单元{room}室"


# ---- planning ---------------------------------------------------------------------------------


@dataclass
class PlanInput:
    quarter: str
    per_building: int = DEFAULT_PER_BUILDING
    seed: int | None = None
    areas: list[str] | None = None  # None: the managed list 服务项目 of the settings
    questions: dict[str, str] | None = None  # None: one 5-point question per area
    remark: str = ""


@dataclass
class PlannedSurvey:
    id: int
    number: str
    count: int
    seed: int
    buildings: int


@dataclass(frozen=True)
class Candidate:
    unit_id: int
    phase: int
    building: int
    entrance: int
    owner: str
    phone: str


def candidates(session: Session) -> list[Candidate]:
    """Occupied units (已收房 with someone living there), each with the owner (or first occupant) and a phone."""
    rows = session.execute(
        select(Unit.id, Unit.phase, Unit.building, Unit.entrance, Occupancy.relation, Person.id, Person.name)
        .join(Occupancy, Occupancy.unit_id == Unit.id).join(Person, Person.id == Occupancy.person_id)
        .where(Unit.handover_state == HANDED_OVER)
        .order_by(Unit.id, Occupancy.id)).all()
    best: dict[int, tuple] = {}
    for unit_id, phase, building, entrance, relation, person_id, name in rows:
        if unit_id not in best or (relation == "业主" and best[unit_id][3] != "业主"):
            best[unit_id] = (phase, building, entrance, relation, person_id, name)
    phones = dict(session.execute(
        select(PersonPhone.person_id, func.min(PersonPhone.phone))
        .where(PersonPhone.person_id.in_([b[4] for b in best.values()] or [0]))
        .group_by(PersonPhone.person_id)).all()) if best else {}
    return [Candidate(unit_id, b[0], b[1], b[2], b[5], phones.get(b[4], "")) for unit_id, b in sorted(best.items())]


def _spread_over_entrances(rng: random.Random, pool: list[Candidate]) -> list[Candidate]:
    """Shuffle within each entrance, then take from the entrances in turn (so a sample is not one stair)."""
    by_entrance: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in pool:
        by_entrance[candidate.entrance].append(candidate)
    entrances = sorted(by_entrance)
    rng.shuffle(entrances)
    for entrance in entrances:
        rng.shuffle(by_entrance[entrance])
    order: list[Candidate] = []
    while any(by_entrance[e] for e in entrances):
        for entrance in entrances:
            if by_entrance[entrance]:
                order.append(by_entrance[entrance].pop())
    return order


def draw_sample(pool: list[Candidate], per_building: int, seed: int, avoid: set[int]) -> list[Candidate]:
    """N per building (all when a building has fewer), buildings in phase order, reproducible from the seed."""
    rng = random.Random(seed)
    by_building: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for candidate in sorted(pool, key=lambda c: c.unit_id):
        by_building[(candidate.phase, candidate.building)].append(candidate)
    sample: list[Candidate] = []
    for key in sorted(by_building):
        units = by_building[key]
        fresh = _spread_over_entrances(rng, [c for c in units if c.unit_id not in avoid])
        again = _spread_over_entrances(rng, [c for c in units if c.unit_id in avoid])
        chosen = (fresh + again)[:per_building]
        sample.extend(sorted(chosen, key=lambda c: c.unit_id))
    return sample


def surveyed_unit_ids(session: Session, quarter: Quarter) -> set[int]:
    return set(session.scalars(
        select(SurveyUnit.unit_id).join(Survey, Survey.id == SurveyUnit.survey_id).where(Survey.quarter == quarter.key)))


def _check_plan(session: Session, data: PlanInput) -> tuple[Quarter, list[str], dict[str, str]]:
    errors: dict[str, str] = {}
    quarter = None
    try:
        quarter = parse_quarter(data.quarter)
    except ValidationError as exc:
        errors.update(exc.errors)
    if quarter is not None:
        if quarter.first_day > quarter_of(clock.today()).next().first_day:
            errors["quarter"] = f"{quarter.label}还太远，只能安排本季度或下一季度的调查"
        elif session.scalar(select(Survey.id).where(Survey.quarter == quarter.key)) is not None:
            errors["quarter"] = f"{quarter.label}的调查 {quarter.number} 已经安排过了，请在列表中打开它"
    if not isinstance(data.per_building, int) or not 1 <= data.per_building <= MAX_PER_BUILDING:
        errors["per_building"] = f"每栋抽样户数应为 1–{MAX_PER_BUILDING} 的整数"
    if data.seed is not None and not 0 <= data.seed < 2**31:
        errors["seed"] = "随机种子应为 0–2147483647 的整数"
    areas = [a.strip() for a in (data.areas if data.areas is not None else settings.lookup_values(session, "survey_area"))]
    areas = [a for a in areas if a]
    if not areas:
        errors["areas"] = "至少要调查一个服务项目（可在 设置 → 下拉列表 → 满意度调查服务项目 中维护）"
    elif len(set(areas)) != len(areas):
        errors["areas"] = "服务项目有重复，请删去重复的项目"
    elif any(len(a) > 20 or a in (OVERALL, COMMENT) for a in areas):
        errors["areas"] = f"服务项目名称最长 20 个字，且不能叫“{OVERALL}”或“{COMMENT}”"
    questions = default_questions(areas)
    for area, text in (data.questions or {}).items():
        if area in questions and text.strip():
            questions[area] = text.strip()
    if errors or quarter is None:
        raise ValidationError(errors)
    return quarter, areas, questions


def plan_survey(session: Session, data: PlanInput) -> PlannedSurvey:
    authz.require(session, "surveys")
    quarter, areas, questions = _check_plan(session, data)
    seed = data.seed if data.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    pool = candidates(session)
    if not pool:
        raise ValidationError({"quarter": "房屋档案中没有已收房且有住户的房屋，无法抽样；请先完善房屋档案"})
    sample = draw_sample(pool, data.per_building, seed, surveyed_unit_ids(session, quarter.previous()))
    survey = Survey(number=quarter.number, quarter=quarter.key, areas=json.dumps(areas, ensure_ascii=False),
                    questions=json.dumps(questions, ensure_ascii=False), seed=seed,
                    per_building=data.per_building, remark=data.remark.strip())
    survey.units = [SurveyUnit(unit_id=c.unit_id, owner_name=c.owner, phone=c.phone) for c in sample]
    session.add(survey)
    session.flush()
    return PlannedSurvey(survey.id, survey.number, len(sample), seed, len({(c.phase, c.building) for c in sample}))


# ---- reading -----------------------------------------------------------------------------------


@dataclass
class SurveyRow:
    id: int
    number: str
    quarter: str
    label: str
    units: int
    answered: int
    refused: int
    unreachable: int
    pending: int
    created_at: object
    created_by: str
    seed: int
    per_building: int
    areas: list[str] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return round(self.answered / self.units, 4) if self.units else None


def areas_of(survey: Survey) -> list[str]:
    return list(json.loads(survey.areas))


def questions_of(survey: Survey) -> dict[str, str]:
    return dict(json.loads(survey.questions))


def get_survey(session: Session, number: str) -> Survey:
    quarter = parse_quarter(number, "number")
    survey = session.scalar(select(Survey).where(Survey.quarter == quarter.key).options(
        selectinload(Survey.units).selectinload(SurveyUnit.unit), selectinload(Survey.units).selectinload(SurveyUnit.scores)))
    if survey is None:
        raise NotFound(f"没有调查 {quarter.number}，请先用“安排调查”为{quarter.label}抽样")
    return survey


def find_survey(session: Session, quarter: Quarter) -> Survey | None:
    return session.scalar(select(Survey).where(Survey.quarter == quarter.key))


def list_surveys(session: Session) -> list[SurveyRow]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for survey_id, status, n in session.execute(
            select(SurveyUnit.survey_id, SurveyUnit.status, func.count()).group_by(SurveyUnit.survey_id, SurveyUnit.status)):
        counts[survey_id][status] = n
    rows = []
    for s in session.scalars(select(Survey).order_by(Survey.quarter.desc())):
        c = counts.get(s.id, {})
        quarter = parse_quarter(s.quarter)
        rows.append(SurveyRow(s.id, s.number, s.quarter, quarter.label, sum(c.values()), c.get(STATUS_ANSWERED, 0),
                              c.get(ANSWER_STATUSES[1], 0), c.get(ANSWER_STATUSES[2], 0), c.get(ANSWER_STATUSES[3], 0),
                              s.created_at, s.created_by, s.seed, s.per_building, areas_of(s)))
    return rows
