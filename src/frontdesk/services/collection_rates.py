"""收费率, 户收费率 and 清缴率: defined once here, used by the screen, the reports and the demo check.

- 收费率 = money received (by the end date) toward the charges whose period lies in the range
          ÷ the amount of those charges;
- 户收费率 = units whose charges in the range are fully paid ÷ units charged in the range;
- 清缴率 = money received within the range toward charges of earlier periods
          ÷ what was owed on them at the start of the range.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from frontdesk.db import closed_figures
from frontdesk.db.models import Allocation, BuildingCollector, Charge, Staff, Unit, UnitArrears
from frontdesk.errors import ValidationError
from frontdesk.services import arrears_ageing, clock
from frontdesk.services.billing import period_of
from frontdesk.services.money import CENT, ZERO
from frontdesk.services.sqlfun import month_of

DEFINITIONS = {
    "收费率": "截至期末（未结束的期间截至今天），本期账单（账期在所选范围内、已到缴费期限）已收到的金额 ÷ 本期账单金额",
    "户收费率": "本期已到缴费期限的账单全部缴清的户数 ÷ 本期有已到期账单的户数",
    "清缴率": "所选范围内收回的往期欠费 ÷ 期初往期欠费（账期早于所选范围、期初尚未缴清的金额）",
}
GROUPINGS = ("期", "楼栋", "收费员")
PERIOD_KINDS = ("月", "季", "年")


@dataclass(frozen=True)
class RateRange:
    start: date
    end: date
    label: str

    def previous(self) -> RateRange:
        months = (self.end.year * 12 + self.end.month) - (self.start.year * 12 + self.start.month) + 1
        kind = {1: "月", 3: "季", 12: "年"}.get(months, "月")
        before = self.start - timedelta(days=1)
        first_month = before.year * 12 + before.month - months
        return range_of(kind, first_month // 12, first_month % 12 + 1)


def range_of(kind: str, year: int, month: int = 1) -> RateRange:
    """A month, the quarter holding `month`, or the year."""
    if kind == "年":
        return RateRange(date(year, 1, 1), date(year, 12, 31), f"{year}年")
    if kind == "季":
        quarter = (month - 1) // 3
        first = quarter * 3 + 1
        return RateRange(date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1]),
                         f"{year}年第{quarter + 1}季度")
    if kind == "月":
        return RateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]),
                         f"{year}年{month}月")
    raise ValidationError({"kind": f"统计周期只能是 {'、'.join(PERIOD_KINDS)}"})


@dataclass
class UnitFigures:
    unit_id: int
    phase: int
    building: int
    collector: str
    charged: Decimal = ZERO
    received: Decimal = ZERO
    owed_at_start: Decimal = ZERO
    cleared: Decimal = ZERO

    @property
    def units_charged(self) -> int:
        return int(self.charged > 0)

    @property
    def units_paid(self) -> int:
        return int(self.charged > 0 and self.received >= self.charged)


@dataclass
class GroupFigures:
    """A building's units added up (their phase and collector with them)."""

    phase: int
    building: int
    collector: str
    charged: Decimal
    received: Decimal
    owed_at_start: Decimal
    cleared: Decimal
    units_charged: int
    units_paid: int


@dataclass
class RateRow:
    group: str
    charged: Decimal
    received: Decimal
    units_charged: int
    units_paid: int
    owed_at_start: Decimal
    cleared: Decimal
    previous: RateRow | None = None

    @property
    def collection_rate(self) -> Decimal | None:
        return _ratio(self.received, self.charged)

    @property
    def household_rate(self) -> Decimal | None:
        return _ratio(Decimal(self.units_paid), Decimal(self.units_charged))

    @property
    def clearance_rate(self) -> Decimal | None:
        return _ratio(self.cleared, self.owed_at_start)

    def change(self, rate: str) -> Decimal | None:
        """Percentage points against the previous period (None when either is unknown)."""
        if self.previous is None:
            return None
        now, before = getattr(self, rate), getattr(self.previous, rate)
        return None if now is None or before is None else now - before


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _unit_parts(rng: RateRange):
    """Per unit, in parts to be added up: charged and paid now on the range's bills, what payments after
    the range put on them, the earlier bills still owed at the start and what of them came in within.

    An earlier bill owed at the start what it owes now plus what was paid on it since: the units' arrears
    summary less their open bills from the range's first month on gives the first part, the allocations
    dated from the start on earlier bills the second (their date index alone: no payment or bill is read).
    A bill's paid amount at the start lies between nothing and its amount unless a reversal touched it, so
    the few such bills are set right one by one: one fully paid at the start owed nothing then, and what
    came in on it within the range did not clear an arrear."""
    first, last = period_of(rng.start), period_of(rng.end)
    zero = literal(0)
    # A bill counts from its due date: in a period still running, bills not yet due are not "unpaid".
    due_by = min(rng.end, clock.today())
    own = (select(Charge.unit_id, func.sum(Charge.amount).label("charged"), func.sum(Charge.paid).label("paid_now"),
                  zero.label("paid_after"), zero.label("owed_at_start"), zero.label("cleared"))
           .where(Charge.period >= first, Charge.period <= last, Charge.due_date <= due_by).group_by(Charge.unit_id))
    paid_after = (select(Allocation.unit_id, zero, zero, func.sum(Allocation.amount), zero, zero)
                  .where(Allocation.paid_on > rng.end, Allocation.charge_period >= first,
                         Allocation.charge_period <= last, Allocation.charge_due_date <= due_by)
                  .group_by(Allocation.unit_id))
    # What the earlier bills owe now: each unit's open bills as summed in unit_arrears, less its open bills
    # of the range and after (read unit by unit from the open-bills index: the months since the range
    # began, not the whole history).
    open_since = (select(func.coalesce(func.sum(Charge.amount - Charge.paid), 0))
                  .where(Charge.unit_id == UnitArrears.unit_id, Charge.period >= first, Charge.paid < Charge.amount)
                  .scalar_subquery())
    # A unit whose oldest open bill is of the range or later owes nothing on earlier ones: not read.
    earlier_open = case((UnitArrears.oldest_period >= first, 0), else_=UnitArrears.open_amount - open_since)
    owed_now = select(UnitArrears.unit_id, zero, zero, zero, earlier_open, zero)
    earlier_since = (Allocation.paid_on >= rng.start, Allocation.charge_period < first)
    within = case((Allocation.paid_on <= rng.end, Allocation.amount), else_=0)
    paid_since = (select(Allocation.unit_id, zero, zero, zero, func.sum(Allocation.amount), func.sum(within))
                  .where(*earlier_since).group_by(Allocation.unit_id))
    charge_id = arrears_ageing.per_charge()
    reversed_since = (select(charge_id, func.sum(Allocation.amount).label("since_start"),
                             func.sum(within).label("within"))
                      .where(*earlier_since, Allocation.charge_id.in_(arrears_ageing.reversed_charges()))
                      .group_by(charge_id).subquery())
    paid_at_start = Charge.paid - reversed_since.c.since_start
    settled_at_start = Charge.amount <= paid_at_start
    set_right = (select(Charge.unit_id, zero, zero, zero, func.sum(paid_at_start - Charge.amount),
                        -func.sum(reversed_since.c.within))
                 .join(reversed_since, reversed_since.c.charge_id == Charge.id).where(settled_at_start)
                 .group_by(Charge.unit_id))
    # A unit with only earlier bills, all settled before the range, is still listed (with zeros); one with
    # an open bill is listed by owed_now already, so only the others are looked for.
    listed = (select(Unit.id, zero, zero, zero, zero, zero)
              .where(~select(UnitArrears.unit_id).where(UnitArrears.unit_id == Unit.id).exists(),
                     select(Charge.id).where(Charge.unit_id == Unit.id, Charge.period < first).exists()))
    return union_all(own, paid_after, owed_now, paid_since, set_right, listed).subquery()


def _with_collector(stmt, unit_id=Charge.unit_id):
    """Join a statement (over charges, or per-unit sums) to the unit's building and its collector."""
    return (stmt.join(Unit, Unit.id == unit_id)
            .outerjoin(BuildingCollector, and_(BuildingCollector.phase == Unit.phase,
                                               BuildingCollector.building == Unit.building))
            .outerjoin(Staff, Staff.id == BuildingCollector.collector_id))


def _per_unit(rng: RateRange):
    part = _unit_parts(rng)
    return (select(part.c.unit_id, func.sum(part.c.charged).label("charged"),
                   (func.sum(part.c.paid_now) - func.sum(part.c.paid_after)).label("received"),
                   func.sum(part.c.owed_at_start).label("owed_at_start"), func.sum(part.c.cleared).label("cleared"))
            .group_by(part.c.unit_id).subquery())


def unit_figures(session: Session, rng: RateRange) -> list[UnitFigures]:
    """Each unit's figures (the lists behind a figure)."""
    per_unit = _per_unit(rng)
    rows = session.execute(_with_collector(
        select(per_unit.c.unit_id, Unit.phase, Unit.building, Staff.name, per_unit.c.charged, per_unit.c.received,
               per_unit.c.owed_at_start, per_unit.c.cleared).select_from(per_unit), per_unit.c.unit_id)).all()
    money = _cents()
    return [UnitFigures(u, p, b, c or "", money(ch), money(rc), money(ow), money(cl))
            for u, p, b, c, ch, rc, ow, cl in rows]


def group_figures(session: Session, rng: RateRange) -> list[GroupFigures]:
    """`unit_figures` added up per building (with its phase and collector) in SQL: what the rates group,
    without carrying every unit into Python. Each unit's sums are rounded to the cent before they are
    added up or compared, as `unit_figures` rounds them. A period already over is read once and kept
    (db/closed_figures.py); its collectors are today's, as for a running one."""
    today = clock.today()
    sums = closed_figures.kept(session, closed_figures.Kind.BUILDINGS, rng.start, rng.end, today)
    if sums is None:
        sums = _building_sums(session, rng)
        closed_figures.keep(session, closed_figures.Kind.BUILDINGS, rng.start, rng.end, today, sums)
    collectors = {(phase, building): name for phase, building, name in session.execute(
        select(BuildingCollector.phase, BuildingCollector.building, Staff.name)
        .join(Staff, Staff.id == BuildingCollector.collector_id))}
    return [GroupFigures(p, b, collectors.get((p, b), ""), Decimal(ch), Decimal(rc), Decimal(ow), Decimal(cl), n, paid)
            for p, b, ch, rc, ow, cl, n, paid in sums]


def _building_sums(session: Session, rng: RateRange) -> list[list]:
    """[phase, building, charged, received, owed at start, cleared (money as text, to the cent), units
    charged, units paid] per building."""
    per_unit = _per_unit(rng)
    charged, received = func.round(per_unit.c.charged, 2), func.round(per_unit.c.received, 2)
    billed = charged > 0
    rows = session.execute(
        select(Unit.phase, Unit.building, func.sum(charged), func.sum(received),
               func.sum(func.round(per_unit.c.owed_at_start, 2)), func.sum(func.round(per_unit.c.cleared, 2)),
               func.sum(case((billed, 1), else_=0)), func.sum(case((and_(billed, received >= charged), 1), else_=0)))
        .select_from(per_unit).join(Unit, Unit.id == per_unit.c.unit_id)
        .group_by(Unit.phase, Unit.building).order_by(Unit.phase, Unit.building)).all()
    money = _cents()
    return [[p, b, str(money(ch)), str(money(rc)), str(money(ow)), str(money(cl)), int(n or 0), int(paid or 0)]
            for p, b, ch, rc, ow, cl, n, paid in rows]


def _cents() -> Callable[[object], Decimal]:
    """SQL sums (floating point in SQLite) to the cent; the same few amounts recur unit after unit."""
    seen: dict[object, Decimal] = {}

    def money(value) -> Decimal:
        found = seen.get(value)
        if found is None:
            # + ZERO: a floating-point sum a hair below nothing is 0.00, not -0.00
            found = seen[value] = Decimal(str(value or 0)).quantize(CENT) + ZERO
        return found
    return money


Figures = UnitFigures | GroupFigures


def _group_key(grouping: str) -> Callable[[Figures], tuple]:
    if grouping == "期":
        return lambda f: (f.phase,)
    if grouping == "楼栋":
        return lambda f: (f.phase, f.building)
    if grouping == "收费员":
        return lambda f: (f.collector or "（未分配）",)
    raise ValidationError({"grouping": f"分组只能是 {'、'.join(GROUPINGS)}"})


def _label(grouping: str, key: tuple) -> str:
    if grouping == "期":
        return f"{key[0]}期"
    if grouping == "楼栋":
        return f"{key[0]}期{key[1]}栋"
    return str(key[0])


def _aggregate(figures: Sequence[Figures], grouping: str) -> dict[tuple, RateRow]:
    key_of = _group_key(grouping)
    rows: dict[tuple, RateRow] = {}
    for f in figures:
        for key in (key_of(f), ("合计",)):
            row = rows.setdefault(key, RateRow("", ZERO, ZERO, 0, 0, ZERO, ZERO))
            row.charged += f.charged
            row.received += f.received
            row.owed_at_start += f.owed_at_start
            row.cleared += f.cleared
            row.units_charged += f.units_charged
            row.units_paid += f.units_paid
    return rows


def rates(session: Session, rng: RateRange, grouping: str = "期", with_previous: bool = True) -> list[RateRow]:
    """One row per phase / building / collector and a 合计 row, with the previous period attached."""
    previous = group_figures(session, rng.previous()) if with_previous else None
    return rates_of(group_figures(session, rng), grouping, previous)


def rates_of(figures: Sequence[Figures], grouping: str, previous: Sequence[Figures] | None = None) -> list[RateRow]:
    """`rates` from figures already read, per unit or per building (the statistics read a period's once for
    every grouping)."""
    current = _aggregate(figures, grouping)
    previous_rows = _aggregate(previous, grouping) if previous is not None else {}
    ordered = sorted((k for k in current if k != ("合计",)), key=lambda k: tuple(str(x).zfill(4) for x in k))
    result = []
    for key in [*ordered, ("合计",)]:
        if key not in current:
            continue
        row = current[key]
        row.group = "合计" if key == ("合计",) else _label(grouping, key)
        row.previous = previous_rows.get(key)
        result.append(row)
    return result


def monthly_collector_rates(session: Session, months: list[str]) -> dict[tuple[str, str], Decimal | None]:
    """(month, collector) -> the 收费率 of `rates(range_of("月", ...), "收费员")` for each month, read from
    the months' own bills only (their amounts and paid amounts, less what payments after the month put
    on them) instead of the per-unit figures with their old arrears. Collectors by name as `rates` groups
    them ("（未分配）" for buildings without one)."""
    if not months:
        return {}
    today = clock.today()
    ends = {month: range_of("月", int(month[:4]), int(month[5:7])).end for month in set(months)}
    # A bill counts once due, by the month's end (or today, for a running month).
    counted = or_(*(and_(Charge.period == month, Charge.due_date <= min(end, today)) for month, end in ends.items()))
    own = session.execute(_with_collector(
        select(Charge.period, Staff.name, func.sum(Charge.amount), func.sum(Charge.paid)).select_from(Charge))
        .where(counted).group_by(Charge.period, Staff.name)).all()
    # What payments after each month put on its bills: the allocations' date index, no payment or bill read.
    paid_later = {(month, name): amount for month, name, amount in session.execute(_with_collector(
        select(Allocation.charge_period, Staff.name, func.sum(Allocation.amount)).select_from(Allocation),
        Allocation.unit_id)
        .where(Allocation.paid_on > min(ends.values()),  # a range of the index, then month by month
               or_(*(and_(Allocation.charge_period == month, Allocation.charge_due_date <= min(end, today),
                          Allocation.paid_on > end) for month, end in ends.items())))
        .group_by(Allocation.charge_period, Staff.name))}
    money = _cents()
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for month, name, charged, paid in own:
        row = sums.setdefault((month, name or "（未分配）"), [ZERO, ZERO])
        row[0] += money(charged)
        row[1] += money(paid) - money(paid_later.get((month, name)))
    return {key: _ratio(received, charged) for key, (charged, received) in sums.items()}


def monthly_phase_rates(session: Session, months: list[str]) -> list[tuple[str, int, Decimal, Decimal]]:
    """(month, phase, charged, received) for each month's own bills: the 收费率 of `rates(..., "期")` for
    many months (a bill counts once due, by the month's end or today), the months already over read
    once and kept (db/closed_figures.py), the others in two queries for all of them."""
    if not months:
        return []
    today = clock.today()
    ranges = {month: range_of("月", int(month[:4]), int(month[5:7])) for month in set(months)}
    found: dict[str, list] = {}
    for month, rng in ranges.items():
        kept = closed_figures.kept(session, closed_figures.Kind.PHASES, rng.start, rng.end, today)
        if kept is not None:
            found[month] = kept
    missing = sorted(set(ranges) - set(found))
    computed = _phase_sums(session, {month: ranges[month] for month in missing}, today) if missing else {}
    for month in missing:
        found[month] = computed.get(month, [])
        closed_figures.keep(session, closed_figures.Kind.PHASES, ranges[month].start, ranges[month].end, today, found[month])
    return sorted((month, phase, Decimal(charged), Decimal(received))
                  for month, rows in found.items() for phase, charged, received in rows)


def _phase_sums(session: Session, ranges: dict[str, RateRange], today: date) -> dict[str, list[list]]:
    """{month: [[phase, charged, received (text, to the cent)], …]} for these months' own bills.

    Each query reads its rows once in the order of an index and adds them up per month, a sum per
    phase beside each other (FILTER): grouping by month and phase together would sort every row."""
    phases = session.scalars(select(Unit.phase).distinct().order_by(Unit.phase)).all()
    if not phases:
        return {}
    months = sorted(ranges)
    due_by = {month: min(rng.end, today) for month, rng in ranges.items()}

    def per_phase(amount, phase_of):
        return [func.sum(amount).filter(phase_of == phase) for phase in phases]

    own = session.execute(  # a bill counts once due, by the month's end (or today, for a running month)
        select(Charge.period, *per_phase(Charge.amount, Unit.phase), *per_phase(Charge.paid, Unit.phase))
        .join(Unit, Unit.id == Charge.unit_id)
        .where(Charge.period.in_(months), Charge.due_date <= today,
               or_(*(and_(Charge.period == month, Charge.due_date <= due) for month, due in due_by.items())))
        .group_by(Charge.period)).all()
    # What payments after each month put on its bills: the allocations' date index (which carries the
    # bill's unit, month and due date), no payment or bill read; a unit's phase looked up per row.
    first_end = min(rng.end for rng in ranges.values())
    later = session.execute(
        select(Allocation.charge_period, *per_phase(Allocation.amount, Unit.phase))
        .select_from(Allocation).join(Unit, Unit.id == Allocation.unit_id)
        .where(Allocation.paid_on > first_end, Allocation.charge_due_date <= today,
               Allocation.charge_period.in_(months), month_of(Allocation.paid_on) > Allocation.charge_period,
               or_(*(and_(Allocation.charge_period == month, Allocation.charge_due_date <= due)
                     for month, due in due_by.items())))
        .group_by(Allocation.charge_period)).all()
    paid_later = {(row[0], phase): amount for row in later for phase, amount in zip(phases, row[1:], strict=True)}
    money = _cents()
    count = len(phases)
    return {month: [[phase, str(money(charged)), str(money(paid) - money(paid_later.get((month, phase))))]
                    for phase, charged, paid in zip(phases, sums[:count], sums[count:], strict=True)
                    if charged is not None]
            for month, *sums in own}


def kept_figures_problems(session: Session) -> list[str]:
    """Every kept figure of a period already over that the bills no longer give (`frontdesk check`): one
    Chinese line each. A difference means a writer changed bills or money around the services."""
    today = clock.today()
    problems = []
    for kind, start, end, figures in closed_figures.all_kept(session):
        rng = RateRange(start, end, f"{start}～{end}")
        if kind == closed_figures.Kind.BUILDINGS:
            expected = _building_sums(session, rng)
        elif kind == closed_figures.Kind.PHASES:
            expected = _phase_sums(session, {period_of(start): rng}, today).get(period_of(start), [])
        elif kind == closed_figures.Kind.ARREARS:
            from frontdesk.services import arrears_stats

            expected = [arrears_stats.arrears_sums(session, end)]
            figures = [figures]
        else:
            expected = None
        if _comparable(figures) != _comparable(expected):
            what = {k.value: k.label for k in closed_figures.Kind}.get(kind, kind)
            problems.append(f"保存的 {start}～{end} {what}统计与账单不符（统计结果会算错）")
    if problems:
        problems.append("保存的统计可以清除后重算：运行 frontdesk check --repair 后再检查")
    return problems


def _comparable(rows) -> list | None:
    """Rows with their money as Decimal, so that "1.0" and "1.00" compare equal."""
    if rows is None:
        return None
    return [[Decimal(v) if isinstance(v, str) else v for v in row] for row in rows]
