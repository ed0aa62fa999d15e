"""回访 made in a span of time, counted one way everywhere (the day's counter on 来电来访 and the
statistics): the 回访 contacts logged, plus the return visits recorded on a repair order or a complaint
that were not also logged as a 回访 contact on the same day about the same unit or order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from frontdesk.db.models import Complaint, Contact, RepairOrder, ReturnVisit
from frontdesk.services.sqlfun import day_of, next_day_of


def _target_unit():
    """The unit a return visit was about: the repair order's, or the complaint's call's."""
    repair_unit = (select(RepairOrder.unit_id).where(RepairOrder.id == ReturnVisit.target_id)
                   .correlate(ReturnVisit).scalar_subquery())
    complained = aliased(Contact)
    complaint_unit = (select(complained.unit_id).join(Complaint, Complaint.contact_id == complained.id)
                      .where(Complaint.id == ReturnVisit.target_id).correlate(ReturnVisit).scalar_subquery())
    return case((ReturnVisit.target_kind == "repair", repair_unit), else_=complaint_unit)


def visits_made(first: datetime, after: datetime):
    """Return-visit records finished from `first` until before `after` (a result recorded, 无法联系 after
    the last try included)."""
    return and_(ReturnVisit.visited_at.is_not(None), ReturnVisit.visited_at >= first, ReturnVisit.visited_at < after)


def visits_not_logged(first: datetime, after: datetime):
    """Return-visit records not also logged as a 回访 contact on the same day, about the same unit
    or (a public repair has no unit) linked to the same repair order."""
    logged = aliased(Contact)
    # Two EXISTS with plain ranges rather than one OR of expressions, so each can use an index.
    same_day = and_(logged.channel == "回访", logged.occurred_at >= day_of(ReturnVisit.visited_at),
                    logged.occurred_at < next_day_of(ReturnVisit.visited_at))
    same_order = exists(select(logged.id).where(
        ReturnVisit.target_kind == "repair", logged.repair_order_id == ReturnVisit.target_id, same_day))
    same_unit = exists(select(logged.id).where(logged.unit_id == _target_unit(), same_day))
    return and_(visits_made(first, after), ~same_order, ~same_unit)


def return_visits_made(session: Session, first: datetime, after: datetime, logged_as_contacts: int) -> int:
    """回访 made: the 回访 contacts (counted by the caller with its other contacts), plus the repair and
    complaint return visits not logged as a contact too."""
    recorded = session.scalar(select(func.count()).select_from(ReturnVisit)
                              .where(visits_not_logged(first, after))) or 0
    return logged_as_contacts + recorded
