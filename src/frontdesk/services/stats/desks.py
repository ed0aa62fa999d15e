"""整改通知书 and 培训 figures of a period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import RectificationNotice, Reinspection
from frontdesk.db.models.violations import STATUS_DONE
from frontdesk.services.stats.period import Period
from frontdesk.services.training.summary import training_summary


def notices_issued_in(period: Period):
    return (RectificationNotice.voided_reason == "",
            RectificationNotice.issued_date >= period.start, RectificationNotice.issued_date <= period.end)


def rectified_in(period: Period):
    return (Reinspection.result == STATUS_DONE,
            Reinspection.done_on >= period.start, Reinspection.done_on <= period.end)


def notice_figures(session: Session, period: Period) -> tuple[int, int]:
    """(notices issued, matters found rectified at a re-inspection) in the period."""
    issued = session.scalar(select(func.count()).select_from(RectificationNotice)
                            .where(*notices_issued_in(period))) or 0
    rectified = session.scalar(select(func.count(func.distinct(Reinspection.violation_id)))
                               .where(*rectified_in(period))) or 0
    return issued, rectified


@dataclass
class TrainingFigures:
    sessions: int
    hours: Decimal
    tested: int
    passed: int


def training_figures(session: Session, period: Period) -> TrainingFigures:
    """The training desk's own summary: sessions, hours and the first-attempt pass count."""
    summary = training_summary(session, period.start, period.end)
    return TrainingFigures(summary.sessions, Decimal(summary.hours), summary.tests.tested, summary.tests.passed)
