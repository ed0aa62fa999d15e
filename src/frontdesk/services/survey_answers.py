"""满意度调查 answers: entering them (the grid, a phone call, an import) and turning a complaint into a matter.

One answer per sampled unit. A row with any score is 已答; a blank row stays 未答; 拒访 and 无法联系
carry no scores. The grid saves all its rows at once: every row is checked first, errors are keyed
`<row>.<field>` so the screen can point at the cell, and nothing is written while any row is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from frontdesk.db.models import Survey, SurveyScore, SurveyUnit
from frontdesk.db.models.surveys import (
    ANSWER_STATUSES,
    METHODS,
    SCALE,
    STATUS_ANSWERED,
    STATUS_PENDING,
)
from frontdesk.errors import ConflictError, NotFound, ValidationError
from frontdesk.services import authz, calls, clock
from frontdesk.services.surveys import OVERALL, areas_of, parse_quarter, unit_in_words

UNHAPPY = 2  # 不满意 (2) and 非常不满意 (1) can become a matter to follow up


@dataclass
class AnswerInput:
    survey_unit_id: int
    scores: dict[str, int | None] = field(default_factory=dict)
    overall: int | None = None
    status: str = ""  # blank: 已答 when anything is scored, else 未答
    respondent: str = ""
    answered_on: date | None = None
    method: str = ""
    comment: str = ""


def score_of(value, label: str) -> int | None:
    """A cell of the grid or the sheet: 1–5, or empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        number = 0.5
    if number != int(number) or not 1 <= number <= 5:
        raise ValidationError({label: f"“{value}”不是 1–5 的评分（5 非常满意 … 1 非常不满意，不答留空）"})
    return int(number)


def check_answer(survey: Survey, data: AnswerInput, areas: list[str]) -> dict[str, str]:
    """Every problem of one answer, keyed by field (an area's name for its score); empty when it is right."""
    errors: dict[str, str] = {}
    unknown = [a for a, v in data.scores.items() if a not in areas and v is not None]
    if unknown:
        errors["scores"] = f"{survey.number} 没有调查“{'、'.join(unknown)}”，请检查服务项目"
    for area, value in [*data.scores.items(), (OVERALL, data.overall)]:
        if value is not None and value not in SCALE:
            errors[area] = f"{area}的评分应为 1–5"
    scored = any(v is not None for v in data.scores.values()) or data.overall is not None
    status = data.status or (STATUS_ANSWERED if scored else STATUS_PENDING)
    if status not in ANSWER_STATUSES:
        errors["status"] = f"状态只能是 {'、'.join(ANSWER_STATUSES)}"
    elif status != STATUS_ANSWERED and scored:
        errors["status"] = f"状态为“{status}”的房屋不能有评分：请删去评分，或把状态改为“已答”"
    elif status == STATUS_ANSWERED and not scored:
        errors["status"] = "状态为“已答”时至少要有一项评分；没有问到的请把状态留空（未答）"
    if status != STATUS_PENDING:
        if data.method and data.method not in METHODS:
            errors["method"] = f"方式只能是 {'、'.join(METHODS)}"
        day = data.answered_on or clock.today()
        quarter = parse_quarter(survey.quarter)
        if day > clock.today():
            errors["answered_on"] = f"日期 {day} 晚于今天，请填写实际调查的日期"
        elif day < quarter.first_day:
            errors["answered_on"] = f"日期 {day} 早于{quarter.label}开始（{quarter.first_day}），请检查"
    if len(data.comment) > 2000:
        errors["comment"] = "意见与建议最长 2000 字，请精简"
    return errors


def _apply(su: SurveyUnit, data: AnswerInput, actor: str) -> None:
    scored = {a: v for a, v in data.scores.items() if v is not None}
    status = data.status or (STATUS_ANSWERED if scored or data.overall is not None else STATUS_PENDING)
    su.status = status
    if status == STATUS_PENDING:
        su.respondent, su.answered_on, su.method, su.overall, su.comment = "", None, "", None, data.comment.strip()
        su.scores = []
        return
    su.respondent = data.respondent.strip() or su.owner_name
    su.answered_on = data.answered_on or clock.today()
    su.method = data.method or "上门"
    su.overall = data.overall if status == STATUS_ANSWERED else None
    su.comment = data.comment.strip()
    su.entered_by = actor
    existing = {s.area: s for s in su.scores}
    su.scores = [existing[a] if a in existing else SurveyScore(area=a) for a in scored]
    for score in su.scores:
        score.score = scored[score.area]


def save_answers(session: Session, rows: list[AnswerInput]) -> int:
    """Check every row, then save them all (errors keyed `<index in rows>.<field>`); returns rows changed."""
    authz.require(session, "survey_answers")
    errors: dict[str, str] = {}
    checked: list[tuple[SurveyUnit, AnswerInput]] = []
    for index, data in enumerate(rows):
        su = session.get(SurveyUnit, data.survey_unit_id)
        if su is None:
            errors[f"{index}.unit"] = "这户已不在调查样本中，请刷新"
            continue
        problems = check_answer(su.survey, data, areas_of(su.survey))
        errors.update({f"{index}.{key}": text for key, text in problems.items()})
        checked.append((su, data))
    if errors:
        raise ValidationError(errors)
    actor = session.info.get("actor", "系统")
    for su, data in checked:
        _apply(su, data, actor)
    session.flush()
    return len(checked)


def save_answer(session: Session, data: AnswerInput) -> None:
    """One unit (a phone call entered while talking)."""
    try:
        save_answers(session, [data])
    except ValidationError as exc:
        raise ValidationError({key.split(".", 1)[1]: text for key, text in exc.errors.items()}) from None


# ---- 一键转办: a dissatisfied answer with a comment becomes an open matter --------------------------


def unhappy_areas(su: SurveyUnit) -> list[tuple[str, int]]:
    low = [(s.area, s.score) for s in su.scores if s.score <= UNHAPPY]
    if su.overall is not None and su.overall <= UNHAPPY:
        low.append((OVERALL, su.overall))
    return low


def can_follow_up(su: SurveyUnit) -> bool:
    return (su.status == STATUS_ANSWERED and bool(su.comment.strip()) and bool(unhappy_areas(su))
            and su.followup_contact_id is None)


def follow_up(session: Session, survey_unit_id: int, owner_id: int, category: str = "投诉") -> int:
    """Open a 投诉/建议 contact owned by the signed-in person; returns the contact's id."""
    authz.require(session, "survey_answers")
    if category not in ("投诉", "建议"):
        raise ValidationError({"category": "转办类别只能是“投诉”或“建议”"})
    su = session.get(SurveyUnit, survey_unit_id)
    if su is None:
        raise NotFound("这户已不在调查样本中，请刷新")
    if su.followup_contact_id is not None:
        raise ConflictError("这条意见已经转办过了，请在来电来访中跟进")
    if not can_follow_up(su):
        raise ValidationError({"followup": "只有评了“不满意”或“非常不满意”并留下意见的答卷才能转办"})
    low = "、".join(f"{area}{SCALE[score]}" for area, score in unhappy_areas(su))
    content = (f"满意度调查 {su.survey.number}（{unit_in_words(su.unit)}，{su.method}）：{low}。"
               f"业主意见：{su.comment.strip()}")
    saved = calls.log_contact(session, calls.ContactInput(
        content=content, channel="其他", category=category, status="处理中", unit_id=su.unit_id,
        caller_name=su.respondent or su.owner_name, phone=su.phone), owner_id)
    su.followup_contact_id = saved.id
    return saved.id


# ---- the entry grid's rows --------------------------------------------------------------------


@dataclass
class EntryRow:
    survey_unit_id: int
    place: str
    code: str
    owner: str
    phone: str
    status: str
    scores: dict[str, int]
    overall: int | None
    comment: str
    respondent: str
    method: str
    answered_on: date | None
    followed_up: bool


def entry_rows(session: Session, number: str) -> tuple[list[str], list[EntryRow]]:
    """The survey's areas and one row per sampled unit, in phase, building, entrance and room order."""
    from frontdesk.services.surveys import get_survey

    survey = get_survey(session, number)
    units = sorted(survey.units, key=lambda su: (su.unit.phase, su.unit.building, su.unit.entrance, su.unit.room))
    return areas_of(survey), [
        EntryRow(su.id, unit_in_words(su.unit), su.unit.code, su.owner_name, su.phone, su.status,
                 {s.area: s.score for s in su.scores}, su.overall, su.comment, su.respondent, su.method,
                 su.answered_on, su.followup_contact_id is not None)
        for su in units]
