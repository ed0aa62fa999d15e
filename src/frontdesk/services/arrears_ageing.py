"""欠费账龄: what each unit owes as of a day, aged ≤3 / 3–12 / >12 months by the bill's month.

A unit owes on a day what its bills past their due date still have open that day. As of today (no
payment dated later) that is read from the per-unit summary (`unit_arrears`, kept with the bills):
its open amount less the bills not yet due (a month's bills at most), its oldest open month, and
the ages from the last twelve months' open bills only — everything older is "over 12 months". So
a query costs the units in arrears and a year of bills, not the whole history. A day in the past
with payments after it is worked out from the bills themselves (`open_lines`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from frontdesk.db.models import Allocation, Charge, Payment, UnitArrears
from frontdesk.services.billing import period_of

AGED_COLUMNS = ("within3", "within12", "over12")
_CHUNK = 1000  # units per IN list


def period_shift(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def money_of(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _age_limits(as_of: date) -> tuple[str, str]:
    """The first month counted "within 3 months" and the first "within 12 months"."""
    now_period = period_of(as_of)
    return period_shift(now_period, -3), period_shift(now_period, -12)


def paid_after(session: Session, as_of: date) -> bool:
    """Whether money was taken after `as_of` (then what was open that day differs from today)."""
    return session.scalar(select(Payment.id).where(Payment.paid_on > as_of).limit(1)) is not None


# ---- from the bills themselves (any day) ----------------------------------------------------


def per_charge(column=Allocation.charge_id):
    """An allocation's charge_id to group by: as an expression, so that SQLite sums a range of the
    allocations' date index (sorting the few) instead of walking every allocation ever made in charge
    order to save the sort."""
    return (column + literal_column("0")).label("charge_id")


def reversed_charges() -> Select:
    """The bills a reversal has touched. Only these can have been paid, on a past day, less than nothing
    or more than their amount (a payment reversed, then the bill paid again with an earlier date), so
    only these are worked out bill by bill when a past day's figures are summed per unit."""
    # Written as the partial index's own condition (a literal 0, not a bound value), so SQLite reads it.
    return select(Allocation.charge_id).where(Allocation.amount < literal_column("0"))


def _paid_after(as_of: date):
    """What payments dated after `as_of` put on each charge: nothing, as of today; a little, a month back."""
    # A common table expression: the bills still open and those settled later read it once between them.
    charge_id = per_charge()
    return (select(charge_id, func.sum(Allocation.amount).label("later"))
            .where(Allocation.paid_on > as_of).group_by(charge_id).cte("paid_after"))


def open_lines(session: Session, as_of: date):
    """Overdue charges still (partly) open on `as_of`: unit_id, item, period, open amount.

    What was paid on `as_of` is the charge's paid amount less the payments dated later. A charge open
    then is open now (read from the open-charges index alone) or was settled by one of those later
    payments. As of today there are none, and the open charges are the whole answer."""
    live: tuple[ColumnElement[bool], ...] = (Charge.due_date < as_of,)
    if not paid_after(session, as_of):
        return (select(Charge.id.label("charge_id"), Charge.unit_id, Charge.item, Charge.period,
                       (Charge.amount - Charge.paid).label("open"))
                .where(Charge.paid < Charge.amount, *live).subquery())
    later = _paid_after(as_of)
    paid_then = Charge.paid - func.coalesce(later.c.later, 0)
    columns = (Charge.id.label("charge_id"), Charge.unit_id, Charge.item, Charge.period,
               (Charge.amount - paid_then).label("open"))
    live = (*live, Charge.amount > paid_then)
    open_now = select(*columns).outerjoin(later, later.c.charge_id == Charge.id).where(Charge.paid < Charge.amount, *live)
    settled_later = select(*columns).join(later, later.c.charge_id == Charge.id).where(Charge.paid >= Charge.amount, *live)
    return union_all(open_now, settled_later).subquery()


def _aged_from_lines(session: Session, as_of: date) -> Subquery:
    lines = open_lines(session, as_of)
    recent, year_ago = _age_limits(as_of)
    bucket = lambda cond: func.sum(case((cond, lines.c.open), else_=0))  # noqa: E731
    return (select(lines.c.unit_id,
                   func.sum(lines.c.open).label("total"),
                   bucket(lines.c.period >= recent).label("within3"),
                   bucket(and_(lines.c.period < recent, lines.c.period >= year_ago)).label("within12"),
                   bucket(lines.c.period < year_ago).label("over12"),
                   func.min(lines.c.period).label("oldest"),
                   func.count().label("lines"))
            .group_by(lines.c.unit_id).subquery())


# ---- from the per-unit summary (today) --------------------------------------------------------


def _owing_from_summary(as_of: date) -> Subquery:
    """unit_id of the units with a bill past due (its open bills' earliest due date has passed)."""
    return select(UnitArrears.unit_id).where(UnitArrears.oldest_due < as_of).subquery()


def _owed_from_summary(as_of: date) -> Subquery:
    """unit_id, total, oldest, lines of the units with a bill past due: the summary less the bills not yet due.

    The bills not yet due are normally those of the unit's latest due date (this month's, between the bill
    run and the due day), which the summary counts apart. Only a unit with open bills of two due dates
    still ahead (an import can give any due date) has its own open bills read."""
    s = UnitArrears
    nothing_ahead = s.last_due < as_of
    only_last_ahead = or_(s.due_before_last.is_(None), s.due_before_last < as_of)
    unit_bills = (Charge.unit_id == s.unit_id, Charge.paid < Charge.amount)

    def not_due(kept, read):
        return case((nothing_ahead, 0), (only_last_ahead, kept),
                    else_=select(read).where(*unit_bills, Charge.due_date >= as_of).scalar_subquery())

    # The oldest open month is the oldest owed unless a bill of that month is not due yet.
    oldest = case(
        (or_(nothing_ahead, and_(only_last_ahead, s.last_due_first_period > s.oldest_period)), s.oldest_period),
        else_=select(func.min(Charge.period)).where(*unit_bills, Charge.due_date < as_of).scalar_subquery())
    return (select(s.unit_id,
                   func.round(s.open_amount - not_due(s.last_due_open, func.sum(Charge.amount - Charge.paid)),
                              2).label("total"),
                   oldest.label("oldest"),
                   (s.open_charges - not_due(s.last_due_charges, func.count())).label("lines"))
            .where(s.oldest_due < as_of)  # the earliest due date of its open bills has passed
            .subquery())


def _recent_ages(as_of: date, units, per_unit: bool = True) -> Select:
    """The overdue open amount of the last three months and of the nine before them (within3, within12), of
    `units` (ids, or a select of them), per unit (with its unit_id) or summed. Only these twelve months'
    open bills are read (by unit and month, from the open-bills index); anything older is "over 12"."""
    recent, year_ago = _age_limits(as_of)
    open_amount = Charge.amount - Charge.paid
    stmt = (select(func.sum(case((Charge.period >= recent, open_amount), else_=0)).label("within3"),
                   func.sum(case((Charge.period < recent, open_amount), else_=0)).label("within12"))
            .where(Charge.unit_id.in_(units), Charge.paid < Charge.amount, Charge.period >= year_ago,
                   Charge.due_date < as_of))
    return stmt.add_columns(Charge.unit_id).group_by(Charge.unit_id) if per_unit else stmt


def _aged_from_summary(as_of: date) -> Subquery:
    owed = _owed_from_summary(as_of)
    ages = _recent_ages(as_of, select(_owing_from_summary(as_of).c.unit_id)).subquery()
    within3, within12 = func.coalesce(ages.c.within3, 0), func.coalesce(ages.c.within12, 0)
    return (select(owed.c.unit_id, owed.c.total, func.round(within3, 2).label("within3"),
                   func.round(within12, 2).label("within12"),
                   func.round(owed.c.total - within3 - within12, 2).label("over12"), owed.c.oldest, owed.c.lines)
            .outerjoin(ages, ages.c.unit_id == owed.c.unit_id).subquery())


# ---- what the services read ---------------------------------------------------------------


def arrears_by_unit(session: Session, as_of: date) -> Subquery:
    """One row per unit in arrears: total, the three age buckets, the oldest open period, how many bills."""
    return _aged_from_lines(session, as_of) if paid_after(session, as_of) else _aged_from_summary(as_of)


def owing_units(session: Session, as_of: date) -> Subquery:
    """Only the unit_id of the units in arrears: the cheapest read (for counting them)."""
    return _aged_from_lines(session, as_of) if paid_after(session, as_of) else _owing_from_summary(as_of)


def owed_by_unit(session: Session, as_of: date) -> Subquery:
    """As arrears_by_unit without the age buckets (unit_id, total, oldest, lines): the cheap read."""
    return _aged_from_lines(session, as_of) if paid_after(session, as_of) else _owed_from_summary(as_of)


def owed_totals(session: Session, as_of: date) -> Subquery:
    """unit_id, total owed on `as_of` on bills past their due date, per unit (a unit whose total is not
    above zero owes nothing): the cheapest read, without the oldest month, the count or the ages.

    A past day with payments after it: what the bills due by then owe now (the summary less the open bills
    due since), plus what payments dated after it put on them (the allocations' date index: no payment
    or bill is read). A bill's paid amount on a
    past day lies between nothing and its amount unless a reversal touched it, so the few such bills
    whose figure fell outside are set right one by one (what they owed is never below nothing)."""
    if not paid_after(session, as_of):
        return _owed_from_summary(as_of)
    # What the bills due by then owe now: each unit's open bills as summed in unit_arrears, less its open
    # bills falling due from that day on (a range of the open bills' due-date index; the unit + 0 keeps
    # SQLite on that range instead of walking every open bill in unit order to save the sort).
    open_now = select(UnitArrears.unit_id, UnitArrears.open_amount.label("owed"))
    due_since = (select(Charge.unit_id + literal_column("0"), -func.sum(Charge.amount - Charge.paid))
                 .where(Charge.paid < Charge.amount, Charge.due_date >= as_of)
                 .group_by(Charge.unit_id + literal_column("0")))
    paid_later = (select(Allocation.unit_id, func.sum(Allocation.amount))
                  .where(Allocation.paid_on > as_of, Allocation.charge_due_date < as_of).group_by(Allocation.unit_id))
    charge_id = per_charge()
    later = (select(charge_id, func.sum(Allocation.amount).label("later"))
             .where(Allocation.paid_on > as_of, Allocation.charge_id.in_(reversed_charges())).group_by(charge_id)
             .subquery())
    owed_then = Charge.amount - Charge.paid + func.coalesce(later.c.later, 0)
    below_nothing = (select(Charge.unit_id, -owed_then)
                     .outerjoin(later, later.c.charge_id == Charge.id)
                     .where(Charge.id.in_(reversed_charges()), Charge.due_date < as_of, owed_then < 0))
    parts = union_all(open_now, due_since, paid_later, below_nothing).subquery()
    return (select(parts.c.unit_id, func.round(func.sum(parts.c.owed), 2).label("total"))
            .group_by(parts.c.unit_id).subquery())


def age_totals(session: Session, as_of: date, units: Subquery) -> tuple[Decimal, Decimal] | None:
    """(within3, within12) summed over `units` (unit_id, total as owed_by_unit gives them), read from the
    last twelve months' open bills only; None where `as_of` needs the bills' history (then age per unit)."""
    if paid_after(session, as_of):
        return None
    within3, within12 = session.execute(_recent_ages(as_of, select(units.c.unit_id), per_unit=False)).one()
    return money_of(within3), money_of(within12)


def ages_of(session: Session, as_of: date, owed: dict[int, Decimal]) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """(within3, within12, over12) of these units (unit_id -> total owed as of today), from their recent bills."""
    found: dict[int, tuple[Decimal, Decimal]] = {}
    ids = sorted(owed)
    for start in range(0, len(ids), _CHUNK):
        found.update((unit_id, (money_of(w3), money_of(w12)))
                     for w3, w12, unit_id in session.execute(_recent_ages(as_of, ids[start:start + _CHUNK])))
    result = {}
    for unit_id, total in owed.items():
        within3, within12 = found.get(unit_id, (Decimal("0.00"), Decimal("0.00")))
        result[unit_id] = (within3, within12, total - within3 - within12)
    return result


def arrears_of_unit(session: Session, unit_id: int, as_of: date) -> Decimal:
    """What one unit owes on `as_of` on bills past their due date."""
    if paid_after(session, as_of):
        lines = open_lines(session, as_of)
        return money_of(session.scalar(select(func.sum(lines.c.open)).where(lines.c.unit_id == unit_id)))
    owed = session.scalar(select(UnitArrears.open_amount).where(UnitArrears.unit_id == unit_id))
    if owed is None:
        return money_of(0)
    not_due = session.scalar(select(func.sum(Charge.amount - Charge.paid)).where(
        Charge.unit_id == unit_id, Charge.paid < Charge.amount, Charge.due_date >= as_of))
    return money_of(Decimal(str(owed)) - Decimal(str(not_due or 0)))
