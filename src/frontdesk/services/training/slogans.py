"""每周服务口号: one slogan per week (named by its Monday), shown in the status bar that week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import WeeklySlogan
from frontdesk.db.soft_delete import SHOW_VOIDED
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, settings
from frontdesk.services.training.common import free_text

MAX_LENGTH = 100


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class SloganRow:
    id: int
    week_start: date
    slogan: str

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def week_label(self) -> str:
        return f"{self.week_start:%Y-%m-%d} 至 {self.week_end:%m-%d}"


def _clean(text: str) -> str:
    slogan = free_text(text)
    if not slogan:
        raise ValidationError({"slogan": "请填写本周的服务口号，例如“微笑、问候、规范”"})
    if len(slogan) > MAX_LENGTH:
        raise ValidationError({"slogan": f"口号太长（{len(slogan)} 字），请控制在 {MAX_LENGTH} 字以内"})
    return slogan


def _of_week(session: Session, monday: date) -> WeeklySlogan | None:
    return session.scalar(select(WeeklySlogan).where(WeeklySlogan.week_start == monday))


def add_slogan(session: Session, day: date | None, text: str) -> int:
    authz.require(session, "training")
    if day is None:
        raise ValidationError({"week": "请选择口号所在的周"})
    slogan = _clean(text)
    monday = week_start(day)
    existing = _of_week(session, monday)
    if existing is not None:
        raise ValidationError({"week": f"{monday:%Y-%m-%d} 这一周已有口号“{existing.slogan}”，"
                                       "每周只能有一个口号；要换口号请在列表中修改它"})
    record = session.scalar(select(WeeklySlogan).where(WeeklySlogan.week_start == monday)
                            .execution_options(**SHOW_VOIDED))
    if record is None:  # a deleted one is brought back rather than duplicated
        record = WeeklySlogan(week_start=monday)
        session.add(record)
    record.slogan, record.deleted_at = slogan, None
    session.flush()
    return record.id


def update_slogan(session: Session, slogan_id: int, text: str) -> None:
    authz.require(session, "training")
    record = session.get(WeeklySlogan, slogan_id)
    if record is None or record.deleted_at is not None:
        raise NotFound("这条口号已不存在，请刷新列表")
    record.slogan = _clean(text)


def delete_slogan(session: Session, slogan_id: int) -> None:
    authz.require(session, "training")
    record = session.get(WeeklySlogan, slogan_id)
    if record is not None:
        record.deleted_at = clock.now()


def list_slogans(session: Session, year: int | None = None) -> list[SloganRow]:
    stmt = select(WeeklySlogan).order_by(WeeklySlogan.week_start.desc())
    if year:
        stmt = stmt.where(WeeklySlogan.week_start.between(date(year - 1, 12, 26), date(year, 12, 31)))
    return [SloganRow(s.id, s.week_start, s.slogan) for s in session.scalars(stmt)]


def slogan_for(session: Session, day: date) -> str | None:
    record = _of_week(session, week_start(day))
    return record.slogan if record else None


def current_slogan(session: Session) -> str:
    """This week's slogan; without one, the standing slogan from settings (may be empty)."""
    return slogan_for(session, clock.today()) or (settings.get(session, "weekly_slogan") or "")
