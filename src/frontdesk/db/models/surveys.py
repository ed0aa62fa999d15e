"""满意度调查: the quarterly owner-satisfaction survey, its sampled units and their answers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.roster import Unit

# Where one sampled unit stands; a blank grid row is 未答.
STATUS_ANSWERED, STATUS_REFUSED, STATUS_UNREACHABLE, STATUS_PENDING = "已答", "拒访", "无法联系", "未答"
ANSWER_STATUSES = (STATUS_ANSWERED, STATUS_REFUSED, STATUS_UNREACHABLE, STATUS_PENDING)
METHODS = ("上门", "电话", "问卷", "其他")
# The five boxes, score 5 … 1.
SCALE = {5: "非常满意", 4: "满意", 3: "一般", 2: "不满意", 1: "非常不满意"}


class Survey(Tracked, Base):
    """DC-2025Q3: which areas and questions, how the sample was drawn (seed, N per building)."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(12), nullable=False, unique=True)
    quarter: Mapped[str] = mapped_column(String(6), nullable=False, unique=True)  # 2025Q3
    areas: Mapped[str] = mapped_column(Text, nullable=False)  # JSON list, in the questionnaire's order
    questions: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {area: question}
    seed: Mapped[int] = mapped_column(Integer, nullable=False)
    per_building: Mapped[int] = mapped_column(Integer, nullable=False)
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    units: Mapped[list[SurveyUnit]] = relationship(back_populates="survey", order_by="SurveyUnit.id")


class SurveyUnit(Tracked, Base):
    """A sampled unit and its answer (one per unit): who answered, when, how, and the overall score."""

    __tablename__ = "survey_units"
    __table_args__ = (
        UniqueConstraint("survey_id", "unit_id", name="uq_survey_units_survey_unit"),
        Index("ix_survey_units_unit", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), nullable=False, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), nullable=False)
    owner_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")  # as planned
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(6), nullable=False, default=STATUS_PENDING)
    respondent: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    answered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    method: Mapped[str] = mapped_column(String(6), nullable=False, default="")
    overall: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    entered_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # The open matter a dissatisfied answer became (一键转办).
    followup_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), nullable=True)

    survey: Mapped[Survey] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()
    scores: Mapped[list[SurveyScore]] = relationship(
        back_populates="survey_unit", order_by="SurveyScore.id", cascade="all, delete-orphan")


class SurveyScore(Base):
    """One area's score 1–5 of an answered unit (an area left blank has no row)."""

    __tablename__ = "survey_scores"
    __table_args__ = (UniqueConstraint("survey_unit_id", "area", name="uq_survey_scores_unit_area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_unit_id: Mapped[int] = mapped_column(
        ForeignKey("survey_units.id", ondelete="CASCADE"), nullable=False, index=True)
    area: Mapped[str] = mapped_column(String(20), nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False)

    survey_unit: Mapped[SurveyUnit] = relationship(back_populates="scores")
