"""来电来访, 回访 and 投诉 figures of a period, each one SQL aggregate."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Complaint, Contact, ReturnVisit
from frontdesk.db.models.contacts import CATEGORIES
from frontdesk.services import clock, return_visit_counts
from frontdesk.services.sqlfun import as_date, day_of
from frontdesk.services.stats.period import Period

SATISFIED = ("满意", "基本满意")
RATED = ("满意", "基本满意", "不满意")
VISIT_RESULTS = ("满意", "基本满意", "不满意", "无法联系")


def in_period(column, period: Period):
    return and_(column >= period.first_moment, column < period.after_moment)


def live_contacts(period: Period):
    return in_period(Contact.occurred_at, period)


def channel_and_category_counts(session: Session, period: Period) -> tuple[dict[str, int], dict[str, int]]:
    """Contacts per channel, and calls, visits and other contacts per category (return visits are the
    desk calling out, not counted by category): one pass over the period's contacts."""
    channels: dict[str, int] = {}
    categories = dict.fromkeys(CATEGORIES, 0)
    for channel, category, count in session.execute(
            select(Contact.channel, Contact.category, func.count()).where(live_contacts(period))
            .group_by(Contact.channel, Contact.category)):
        channels[channel] = channels.get(channel, 0) + count
        if channel != "回访":
            categories[category] = categories.get(category, 0) + count
    return channels, categories


def made_visits(period: Period):
    """Return-visit records finished in the period (a result recorded, 无法联系 after the last try included)."""
    return return_visit_counts.visits_made(period.first_moment, period.after_moment)


def unlogged_visits(period: Period):
    """Return-visit records of the period not also logged as a 回访 contact (return_visit_counts)."""
    return return_visit_counts.visits_not_logged(period.first_moment, period.after_moment)


def return_visit_count(session: Session, period: Period, logged_as_contacts: int) -> int:
    """回访 made: the 回访 contacts, plus the repair/complaint return visits not logged as a contact too."""
    return return_visit_counts.return_visits_made(session, period.first_moment, period.after_moment,
                                                  logged_as_contacts)


def per_day(session: Session, period: Period) -> list[tuple[date, int, int, int]]:
    """(day, calls, visits, return visits) for every day of the period up to today."""
    day = day_of(Contact.occurred_at)
    rows = session.execute(
        select(day, func.sum(case((Contact.channel == "电话", 1), else_=0)),
               func.sum(case((Contact.channel == "来访", 1), else_=0)),
               func.sum(case((Contact.channel == "回访", 1), else_=0)))
        .where(live_contacts(period)).group_by(day)).all()
    counts = {as_date(d): [int(c or 0), int(v or 0), int(r or 0)] for d, c, v, r in rows}
    visit_day = day_of(ReturnVisit.visited_at)
    for d, n in session.execute(select(visit_day, func.count()).where(unlogged_visits(period)).group_by(visit_day)):
        counts.setdefault(as_date(d), [0, 0, 0])[2] += n
    last = min(period.end, clock.today())
    result, day_cursor = [], period.start
    while day_cursor <= last:
        c, v, r = counts.get(day_cursor, (0, 0, 0))
        result.append((day_cursor, c, v, r))
        day_cursor += timedelta(days=1)
    return result


def complaint_figures(session: Session, period: Period) -> tuple[int, int, int, int]:
    """(complaints received, 有效, closed by the deadline, due or closed) for complaints received in the period."""
    now = clock.now()
    on_time = and_(Complaint.closed_at.is_not(None), Complaint.closed_at <= Complaint.close_due)
    due = Complaint.closed_at.is_not(None) | (Complaint.close_due < now)
    row = session.execute(
        select(func.count(), func.sum(case((Complaint.effective == "有效", 1), else_=0)),
               func.sum(case((on_time, 1), else_=0)), func.sum(case((due, 1), else_=0)))
        .select_from(Complaint).join(Contact, Contact.id == Complaint.contact_id)
        .where(live_contacts(period))).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)


def visit_results(session: Session, period: Period) -> dict[str, int]:
    """Return visits (repairs and complaints) finished in the period, per result."""
    rows = session.execute(select(ReturnVisit.result, func.count()).where(made_visits(period))
                           .group_by(ReturnVisit.result)).all()
    counts = dict.fromkeys(VISIT_RESULTS, 0)
    counts.update({result: n for result, n in rows if result in counts})
    return counts
