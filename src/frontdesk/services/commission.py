"""提成制: the collector's scheme (base pay, commission by the collection rate of their buildings, a bonus
for arrears older than 12 months recovered), effective from a month, and the collector's month.

Commission of a month = collected × (the band's amount per ¥100) / 100
                      + arrears older than 12 months recovered × (amount per ¥100) / 100
- collected: the money the collector took in the month (their 日结 totals: receipts less reversals);
- the band: the highest band whose lower bound (%) the 收费率 of the collector's buildings reaches
  (the month's bills, as collection_rates defines it); no buildings or no bills: no band commission;
- old arrears recovered: what the collector's payments of the month put on bills more than 12 months
  older than the month.
A month uses the scheme effective then (the latest effective-from month not after it), so a scheme
changed this year leaves last year's commission as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import (
    Allocation,
    BuildingCollector,
    CollectionAction,
    CollectorMonth,
    CommissionBand,
    CommissionScheme,
    Payment,
    Staff,
)
from frontdesk.db.models.collections import PAYMENT
from frontdesk.errors import ValidationError
from frontdesk.services import authz, clock, collection_rates
from frontdesk.services.collections import money_of, period_shift
from frontdesk.services.letters import LETTER_KINDS
from frontdesk.services.text import normalize
from frontdesk.services.training.common import month_bounds, month_of, parse_month

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
OLD_MONTHS = 12


@dataclass
class Band:
    min_rate: Decimal  # % of the collection rate from which the band applies
    per_100: Decimal  # ¥ per ¥100 collected


@dataclass
class Scheme:
    effective_from: str
    base: Decimal
    bands: list[Band]
    old_arrears_per_100: Decimal
    remark: str = ""

    def band_for(self, rate: Decimal | None) -> Band | None:
        if rate is None:
            return None
        reached = [b for b in self.bands if rate >= b.min_rate]
        return max(reached, key=lambda b: b.min_rate) if reached else None

    def describe(self) -> str:
        bands = sorted(self.bands, key=lambda b: b.min_rate)
        parts = []
        for index, band in enumerate(bands):
            upper = f"{bands[index + 1].min_rate.normalize():f}%" if index + 1 < len(bands) else "以上"
            span = f"{band.min_rate.normalize():f}%–{upper}" if index + 1 < len(bands) else \
                f"{band.min_rate.normalize():f}%以上"
            parts.append(f"{span} 每百元 {band.per_100:.2f} 元")
        return (f"{self.effective_from} 起：底薪 {self.base:,.2f} 元；收费率 " + "，".join(parts)
                + f"；收回一年以上欠费每百元 {self.old_arrears_per_100:.2f} 元")


def _scheme(row: CommissionScheme) -> Scheme:
    return Scheme(row.effective_from, Decimal(row.base), [Band(Decimal(b.min_rate), Decimal(b.per_100)) for b in row.bands],
                  Decimal(row.old_arrears_per_100), row.remark)


def schemes(session: Session) -> list[Scheme]:
    """Every scheme, the newest first."""
    authz.require(session, "dayend")
    return [_scheme(r) for r in session.scalars(
        select(CommissionScheme).where(CommissionScheme.deleted_at.is_(None))
        .options(selectinload(CommissionScheme.bands)).order_by(CommissionScheme.effective_from.desc()))]


def scheme_for(session: Session, month: str) -> Scheme | None:
    row = session.scalar(select(CommissionScheme).where(CommissionScheme.effective_from <= month,
                                                        CommissionScheme.deleted_at.is_(None))
                         .options(selectinload(CommissionScheme.bands))
                         .order_by(CommissionScheme.effective_from.desc()).limit(1))
    return None if row is None else _scheme(row)


def _number(raw, label: str, field_name: str, errors: dict, upper: Decimal) -> Decimal:
    try:
        value = Decimal(normalize(str(raw)).replace(",", "").replace("，", "").rstrip("%％") or "x")
    except InvalidOperation:
        errors[field_name] = f"{label}“{raw}”不是数字"
        return ZERO
    if not value.is_finite() or value < 0 or value > upper:
        errors[field_name] = f"{label}应在 0 到 {upper} 之间"
        return ZERO
    return value


def save_scheme(session: Session, effective_from: str, base, bands: list[tuple], old_arrears_per_100,
                remark: str = "") -> Scheme:
    """Set the scheme from a month on (replacing one of the same month); bands are (from %, per ¥100)."""
    authz.require(session, "settings")
    month = parse_month(effective_from, "effective_from")
    errors: dict[str, str] = {}
    base_value = _number(base, "底薪", "base", errors, Decimal("99999")).quantize(CENT)
    old_value = _number(old_arrears_per_100, "收回一年以上欠费每百元提成", "old_arrears_per_100", errors,
                        Decimal("100")).quantize(CENT)
    parsed = []
    for index, (low, per_100) in enumerate(bands, start=1):
        if not normalize(str(low)) and not normalize(str(per_100)):
            continue
        parsed.append(Band(_number(low, f"第 {index} 档的收费率下限", "bands", errors, Decimal("100")).quantize(Decimal("0.1")),
                           _number(per_100, f"第 {index} 档的每百元提成", "bands", errors, Decimal("100")).quantize(CENT)))
    if not parsed and "bands" not in errors:
        errors["bands"] = "请至少填一档：收费率从多少起，每收 100 元提成多少"
    lows = [b.min_rate for b in parsed]
    if len(set(lows)) != len(lows) and "bands" not in errors:
        errors["bands"] = "各档的收费率下限不能相同"
    confirmed = session.scalar(select(func.max(CollectorMonth.month)).where(
        CollectorMonth.confirmed_at.is_not(None), CollectorMonth.deleted_at.is_(None)))
    if confirmed is not None and confirmed >= month:
        errors["effective_from"] = (f"{confirmed} 的收费员考核已确认，已确认月份的提成不再改变；"
                                    f"新方案请从 {period_shift(confirmed, 1)} 或以后生效")
    if errors:
        raise ValidationError(errors)
    row = session.scalar(select(CommissionScheme).where(CommissionScheme.effective_from == month)
                         .options(selectinload(CommissionScheme.bands)))
    if row is None:
        row = CommissionScheme(effective_from=month)
        session.add(row)
    row.base, row.old_arrears_per_100, row.remark, row.deleted_at = base_value, old_value, normalize(remark), None
    row.bands = [CommissionBand(min_rate=b.min_rate, per_100=b.per_100) for b in sorted(parsed, key=lambda b: b.min_rate)]
    session.flush()
    return _scheme(row)


# ---- the collector's month -----------------------------------------------------------------------


@dataclass
class CollectorFigures:
    staff_id: int
    name: str
    buildings: str = ""
    collection_rate: Decimal | None = None  # % (one place) of the buildings' bills of the month
    previous_rate: Decimal | None = None
    collected: Decimal = ZERO
    receipts: int = 0
    old_arrears_recovered: Decimal = ZERO
    actions: int = 0
    letters_sent: int = 0
    letters_paid: int = 0
    scheme_from: str = ""
    base: Decimal = ZERO
    commission: Decimal = ZERO
    confirmed_at: datetime | None = None
    confirmed_by: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def rate_change(self) -> Decimal | None:
        if self.collection_rate is None or self.previous_rate is None:
            return None
        return self.collection_rate - self.previous_rate


def _per_collector(session: Session, stmt) -> dict[int, tuple]:
    return {row[0]: tuple(row[1:]) for row in session.execute(stmt)}


def _money_taken(session: Session, first: date, last: date) -> dict[int, tuple[Decimal, int]]:
    in_range = and_(Payment.paid_on.between(first, last), Payment.deleted_at.is_(None))
    return {c: (money_of(total), int(receipts or 0)) for c, (total, receipts) in _per_collector(session, select(
        Payment.collector_id, func.sum(Payment.amount), func.sum(case((Payment.kind == PAYMENT, 1), else_=0)))
        .where(in_range).group_by(Payment.collector_id)).items()}


def old_arrears_recovered(session: Session, first: date, last: date) -> dict[int, Decimal]:
    """Per collector: what their payments dated in the range put on bills more than 12 months older.

    Read from the allocations' copies of the receipt's date and the bill's month (a range of their date
    index); the payment is looked up only for its collector."""
    cutoff = period_shift(month_of(first), -OLD_MONTHS)
    rows = session.execute(
        select(Payment.collector_id, func.sum(Allocation.amount)).select_from(Allocation)
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Allocation.paid_on.between(first, last), Allocation.charge_period < cutoff)
        .group_by(Payment.collector_id))
    return {c: money_of(total) for c, total in rows}


def _actions(session: Session, first: date, last: date) -> dict[int, tuple[int, int]]:
    """Per collector: (calls, visits and messages logged; letters sent) in the range."""
    rows = session.execute(
        select(CollectionAction.collector_id, CollectionAction.method, func.count())
        .where(CollectionAction.acted_on.between(first, last), CollectionAction.deleted_at.is_(None))
        .group_by(CollectionAction.collector_id, CollectionAction.method))
    result: dict[int, list[int]] = {}
    for collector_id, method, count in rows:
        result.setdefault(collector_id, [0, 0])[1 if method in LETTER_KINDS else 0] += count
    return {c: (a, b) for c, (a, b) in result.items()}


def _letters_paid(session: Session, first: date, last: date) -> dict[int, int]:
    """Per sender: units written to in the range that paid from their first letter until the range's end."""
    until = min(last, clock.today())
    letters = (select(CollectionAction.collector_id, CollectionAction.unit_id,
                      func.min(CollectionAction.acted_on).label("first"))
               .where(CollectionAction.method.in_(LETTER_KINDS), CollectionAction.acted_on.between(first, last),
                      CollectionAction.deleted_at.is_(None))
               .group_by(CollectionAction.collector_id, CollectionAction.unit_id).subquery())
    paid = (select(letters.c.collector_id, letters.c.unit_id).join(Payment, Payment.unit_id == letters.c.unit_id)
            .where(Payment.paid_on >= letters.c.first, Payment.paid_on <= until, Payment.deleted_at.is_(None))
            .group_by(letters.c.collector_id, letters.c.unit_id).having(func.sum(Payment.amount) > 0).subquery())
    return dict(session.execute(select(paid.c.collector_id, func.count()).group_by(paid.c.collector_id)).all())


def _buildings(session: Session) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for phase, building, collector_id in session.execute(
            select(BuildingCollector.phase, BuildingCollector.building, BuildingCollector.collector_id)
            .where(BuildingCollector.deleted_at.is_(None)).order_by(BuildingCollector.phase, BuildingCollector.building)):
        result.setdefault(collector_id, []).append(f"{phase}期{building}栋")
    return result


def _people(session: Session, ids: set[int]) -> list[Staff]:
    return list(session.scalars(select(Staff).where(
        Staff.deleted_at.is_(None), (Staff.id.in_(ids)) | ((Staff.role == authz.COLLECTOR) & Staff.active.is_(True)))
        .order_by(Staff.id)))


def commission_of(scheme: Scheme | None, fig: CollectorFigures) -> Decimal:
    if scheme is None:
        return ZERO
    band = scheme.band_for(fig.collection_rate)
    earned = max(fig.collected, ZERO) * (band.per_100 if band else ZERO) / 100
    earned += max(fig.old_arrears_recovered, ZERO) * scheme.old_arrears_per_100 / 100
    return earned.quantize(CENT, ROUND_HALF_UP)


def compute_month(session: Session, month: str) -> list[CollectorFigures]:
    """Each collector's month as the records say now (not the stored, confirmed figures)."""
    month = parse_month(month)
    return compute_months(session, [month])[month]


def compute_months(session: Session, months: list[str]) -> dict[str, list[CollectorFigures]]:
    """`compute_month` for several months (a year's statistics): the collection rates of all of them and
    the months before them read in one query, the buildings and people once."""
    months = [parse_month(m) for m in months]
    if not months:
        return {}
    previous = {month: period_shift(month, -1) for month in months}
    # The 收费率 of each month and the month before it, from those months' bills alone.
    rates = collection_rates.monthly_collector_rates(session, sorted(set(months) | set(previous.values())))
    buildings = _buildings(session)
    result = {}
    for month in months:
        first, last = month_bounds(month)
        taken = _money_taken(session, first, last)
        old = old_arrears_recovered(session, first, last)
        actions = _actions(session, first, last)
        paid_letters = _letters_paid(session, first, last)
        scheme = scheme_for(session, month)
        rows = []
        for person in _people(session, set(taken) | set(buildings)):
            fig = CollectorFigures(person.id, person.name, "、".join(buildings.get(person.id, [])))
            if person.id in buildings:
                fig.collection_rate = rates.get((month, person.name))
                fig.previous_rate = rates.get((previous[month], person.name))
            fig.collected, fig.receipts = taken.get(person.id, (ZERO, 0))
            fig.old_arrears_recovered = old.get(person.id, ZERO)
            fig.actions, fig.letters_sent = actions.get(person.id, (0, 0))
            fig.letters_paid = paid_letters.get(person.id, 0)
            if scheme is None:
                fig.notes.append(f"{month} 没有生效的提成方案，提成按 0 计；请在“日结与提成”页设置方案")
            else:
                fig.scheme_from, fig.base = scheme.effective_from, scheme.base
                fig.commission = commission_of(scheme, fig)
                if fig.collection_rate is None:  # a bill counts once due (collection_rates)
                    fig.notes.append("分管楼栋本月还没有到期的账单，暂无收费率提成" if person.id in buildings
                                     else "未分管楼栋，没有收费率提成")
            rows.append(fig)
        result[month] = rows
    return result


def _from_stored(row: CollectorMonth) -> CollectorFigures:
    return CollectorFigures(row.staff_id, row.staff.name, row.buildings, row.collection_rate, row.previous_rate,
                            Decimal(row.collected), row.receipts, Decimal(row.old_arrears_recovered), row.actions,
                            row.letters_sent, row.letters_paid, row.scheme_from, Decimal(row.base),
                            Decimal(row.commission), row.confirmed_at, row.confirmed_by)


def month_figures(session: Session, month: str) -> list[CollectorFigures]:
    """The collector's part of 月度考核: as confirmed (stored), or computed now while unconfirmed."""
    authz.require(session, "dayend")
    return figures_of_month(session, month)


def figures_of_month(session: Session, month: str) -> list[CollectorFigures]:
    """`month_figures` for the statistics, which every desk may read (their figures are totals)."""
    month = parse_month(month)
    return figures_of_months(session, [month])[month]


def figures_of_months(session: Session, months: list[str]) -> dict[str, list[CollectorFigures]]:
    """`figures_of_month` for several months: the confirmed ones as stored (one read), the others computed
    together."""
    months = [parse_month(m) for m in months]
    stored: dict[str, list[CollectorFigures]] = {}
    for row in session.scalars(select(CollectorMonth).where(
            CollectorMonth.month.in_(months), CollectorMonth.confirmed_at.is_not(None),
            CollectorMonth.deleted_at.is_(None))
            .options(selectinload(CollectorMonth.staff)).order_by(CollectorMonth.month, CollectorMonth.staff_id)):
        stored.setdefault(row.month, []).append(_from_stored(row))
    computed = compute_months(session, [m for m in months if m not in stored])
    return {month: stored[month] if month in stored else computed[month] for month in months}


def confirm_month(session: Session, month: str, confirmed_by: str, at: datetime) -> int:
    """Store the collectors' month with the supervisor's confirmation (called by 月度考核's confirm)."""
    authz.require(session, "assessments")
    month = parse_month(month)
    existing = {r.staff_id: r for r in session.scalars(select(CollectorMonth).where(CollectorMonth.month == month))}
    rows = compute_month(session, month)
    for fig in rows:
        record = existing.get(fig.staff_id) or CollectorMonth(month=month, staff_id=fig.staff_id)
        if fig.staff_id not in existing:
            session.add(record)
        for name in ("buildings", "collection_rate", "previous_rate", "collected", "receipts", "old_arrears_recovered",
                     "actions", "letters_sent", "letters_paid", "scheme_from", "base", "commission"):
            setattr(record, name, getattr(fig, name))
        record.confirmed_at, record.confirmed_by, record.deleted_at = at, confirmed_by, None
    session.flush()
    return len(rows)
