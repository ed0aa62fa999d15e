"""报修 figures of a period: orders reported, by scope and trade, completed, on time, repeats."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import RepairOrder
from frontdesk.db.models.repairs import CANCELLED
from frontdesk.services import clock
from frontdesk.services.stats.period import Period


@dataclass
class RepairFigures:
    reported: int
    household: int
    public: int
    completed: int
    on_time: int
    due: int  # finished, or past the target time and not cancelled: the on-time rate's base
    repeats: int


def reported_in(period: Period):
    return and_(RepairOrder.reported_at >= period.first_moment,
                RepairOrder.reported_at < period.after_moment)


def finished():
    return and_(RepairOrder.finished_at.is_not(None), RepairOrder.state != CANCELLED)


def on_time():
    return and_(finished(), RepairOrder.finished_at <= RepairOrder.due_at)


def due_by(now):
    return and_(RepairOrder.state != CANCELLED, finished() | (RepairOrder.due_at < now))


def repair_figures(session: Session, period: Period) -> RepairFigures:
    count_if = lambda cond: func.sum(case((cond, 1), else_=0))  # noqa: E731
    row = session.execute(select(
        func.count(), count_if(RepairOrder.scope == "户内"), count_if(RepairOrder.scope == "公共"),
        count_if(finished()), count_if(on_time()), count_if(due_by(clock.now())),
        count_if(RepairOrder.repeat_of_id.is_not(None))).where(reported_in(period))).one()
    return RepairFigures(*(int(v or 0) for v in row))


def by_trade_and_scope(session: Session, period: Period) -> list[tuple[str, int, int]]:
    """(trade, 户内, 公共) ordered by the busiest trade."""
    total = func.count()
    rows = session.execute(
        select(RepairOrder.trade, func.sum(case((RepairOrder.scope == "户内", 1), else_=0)),
               func.sum(case((RepairOrder.scope == "公共", 1), else_=0)))
        .where(reported_in(period)).group_by(RepairOrder.trade).order_by(total.desc(), RepairOrder.trade)).all()
    return [(trade, int(h or 0), int(p or 0)) for trade, h, p in rows]
