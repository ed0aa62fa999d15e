"""欠费: what each unit owes as of a day, aged (≤3 / 3–12 / >12 months), and the unit's whole ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from frontdesk.db.models import (
    BuildingCollector,
    Charge,
    CollectionAction,
    Occupancy,
    Person,
    PersonPhone,
    Staff,
    Unit,
)
from frontdesk.errors import NotFound
from frontdesk.services import arrears_ageing, clock, payments
from frontdesk.services.arrears_ageing import money_of, period_shift
from frontdesk.services.billing import period_of
from frontdesk.services.money import ZERO

AGE_BUCKETS = ("3个月以内", "3–12个月", "12个月以上")

def arrears_of_unit(session: Session, unit_id: int, as_of: date | None = None) -> Decimal:
    """What the unit owes now on bills past their due date (for the call screen's side panel)."""
    return arrears_ageing.arrears_of_unit(session, unit_id, as_of or clock.today())


# ---- the arrears list -------------------------------------------------------------------


@dataclass
class ArrearsFilter:
    as_of: date | None = None
    phase: int | None = None
    building: int | None = None
    collector_id: int | None = None
    older_than_months: int = 0  # only units whose oldest open bill is more than N months old
    handover_state: str = ""
    unit_id: int | None = None


@dataclass
class ArrearsRow:
    unit_id: int
    unit_code: str
    phase: int
    building: int
    handover_state: str
    owners: str
    phones: str
    total: Decimal
    within3: Decimal
    within12: Decimal
    over12: Decimal
    oldest_period: str
    collector: str
    last_action: str = ""
    last_action_on: date | None = None
    last_reason: str = ""
    promise_date: date | None = None


def _filtered(session: Session, filt: ArrearsFilter, read=arrears_ageing.arrears_by_unit) -> Select:
    """The units in arrears that pass the filter, with what `read` gives per unit (the age buckets by default;
    arrears_ageing.owed_by_unit or .owing_units leave out what the caller does not show, for speed)."""
    as_of = filt.as_of or clock.today()
    per_unit = read(session, as_of)
    collector = aliased(Staff)
    stmt = (select(per_unit, Unit.code, Unit.phase, Unit.building, Unit.handover_state, collector.name.label("collector"))
            .join(Unit, Unit.id == per_unit.c.unit_id)
            .outerjoin(BuildingCollector, and_(BuildingCollector.phase == Unit.phase,
                                               BuildingCollector.building == Unit.building))
            .outerjoin(collector, collector.id == BuildingCollector.collector_id))
    if filt.phase is not None:
        stmt = stmt.where(Unit.phase == filt.phase)
    if filt.building is not None:
        stmt = stmt.where(Unit.building == filt.building)
    if filt.collector_id:
        stmt = stmt.where(BuildingCollector.collector_id == filt.collector_id)
    if filt.older_than_months:
        stmt = stmt.where(per_unit.c.oldest < period_shift(period_of(as_of), -filt.older_than_months))
    if filt.handover_state:
        stmt = stmt.where(Unit.handover_state == filt.handover_state)
    if filt.unit_id:
        stmt = stmt.where(Unit.id == filt.unit_id)
    return stmt


def count_arrears(session: Session, filt: ArrearsFilter) -> int:
    read = arrears_ageing.owed_by_unit if filt.older_than_months else arrears_ageing.owing_units
    return session.scalar(select(func.count()).select_from(_filtered(session, filt, read).subquery())) or 0


@dataclass
class ArrearsTotals:
    units: int
    total: Decimal
    within3: Decimal
    within12: Decimal
    over12: Decimal


def arrears_totals(session: Session, filt: ArrearsFilter) -> ArrearsTotals:
    owed = _filtered(session, filt, arrears_ageing.owed_by_unit).subquery()
    units, total = session.execute(select(func.count(), func.sum(owed.c.total))).one()
    ages = arrears_ageing.age_totals(session, filt.as_of or clock.today(), owed)
    if ages is None:  # a day in the past: aged per unit from the bills' history
        sub = _filtered(session, filt).subquery()
        summed = session.execute(select(func.sum(sub.c.within3), func.sum(sub.c.within12))).one()
        ages = money_of(summed[0]), money_of(summed[1])
    within3, within12 = ages
    return ArrearsTotals(units or 0, money_of(total), within3, within12, money_of(total) - within3 - within12)


ARREARS_SORT_KEYS = {"total": "total", "over12": "over12", "oldest_period": "oldest", "unit_code": "code",
                     "within3": "within3", "within12": "within12"}


def list_arrears(session: Session, filt: ArrearsFilter, offset: int = 0, limit: int = 200,
                 sort: str = "total", descending: bool = True) -> list[ArrearsRow]:
    key = ARREARS_SORT_KEYS.get(sort, "total")
    # Sorted by amount, month or room, the page is chosen without ageing and only its units are aged.
    aged = key in arrears_ageing.AGED_COLUMNS
    sub = _filtered(session, filt, arrears_ageing.arrears_by_unit if aged else arrears_ageing.owed_by_unit).subquery()
    column = sub.c[key]
    tie = sub.c.oldest.asc()
    rows = session.execute(select(sub).order_by(column.desc() if descending else column.asc(), tie, sub.c.code)
                           .offset(offset).limit(limit)).all()
    if "within3" in sub.c:
        ages = {r.unit_id: (money_of(r.within3), money_of(r.within12), money_of(r.over12)) for r in rows}
    else:
        ages = arrears_ageing.ages_of(session, filt.as_of or clock.today(), {r.unit_id: money_of(r.total) for r in rows})
    result = [ArrearsRow(
        unit_id=r.unit_id, unit_code=r.code, phase=r.phase, building=r.building, handover_state=r.handover_state,
        owners="", phones="", total=money_of(r.total), within3=ages[r.unit_id][0], within12=ages[r.unit_id][1],
        over12=ages[r.unit_id][2], oldest_period=r.oldest, collector=r.collector or "") for r in rows]
    _add_people(session, result)
    _add_last_actions(session, result)
    return result


def _add_people(session: Session, rows: list[ArrearsRow]) -> None:
    """The owners (else the first occupant) and each one's first phone, read as plain columns."""
    ids = [r.unit_id for r in rows]
    if not ids:
        return
    occupants = session.execute(
        select(Occupancy.unit_id, Occupancy.relation, Person.id, Person.name)
        .join(Person, Person.id == Occupancy.person_id)
        .where(Occupancy.unit_id.in_(ids)).order_by(Occupancy.id)).all()
    first_phone: dict[int, str] = {}
    for person_id, phone in session.execute(
            select(PersonPhone.person_id, PersonPhone.phone)
            .where(PersonPhone.person_id.in_(sorted({o.id for o in occupants}))).order_by(PersonPhone.id)):
        first_phone.setdefault(person_id, phone)
    names: dict[int, list[str]] = {}
    phones: dict[int, list[str]] = {}
    for unit_id, relation, person_id, name in occupants:
        if relation == "业主" or unit_id not in names:
            names.setdefault(unit_id, []).append(name)
            phones.setdefault(unit_id, []).extend([first_phone[person_id]] if person_id in first_phone else [])
    for row in rows:
        row.owners = "、".join(dict.fromkeys(names.get(row.unit_id, [])))
        row.phones = "、".join(dict.fromkeys(phones.get(row.unit_id, [])))


def latest_action_ids(*where):
    """The latest reminder of each unit among those matching `where`: the one of the latest day, then the
    last recorded that day (a door visit entered late for an earlier day is not the latest)."""
    ranked = (select(CollectionAction.id, func.row_number().over(
        partition_by=CollectionAction.unit_id,
        order_by=(CollectionAction.acted_on.desc(), CollectionAction.id.desc())).label("rank"))
        .where(CollectionAction.deleted_at.is_(None), *where).subquery())
    return select(ranked.c.id).where(ranked.c.rank == 1)


def _add_last_actions(session: Session, rows: list[ArrearsRow]) -> None:
    """The latest reminder of each unit, and the latest reason the owner gave (a letter sent since gives
    none: the reason stays the owner's last word, not blanked by the letter)."""
    ids = [r.unit_id for r in rows]
    if not ids:
        return
    in_list = CollectionAction.unit_id.in_(ids)
    actions = {a.unit_id: a for a in session.execute(
        select(CollectionAction.unit_id, CollectionAction.method, CollectionAction.result, CollectionAction.acted_on,
               CollectionAction.promise_date).where(CollectionAction.id.in_(latest_action_ids(in_list))))}
    reasons = dict(session.execute(select(CollectionAction.unit_id, CollectionAction.reason).where(
        CollectionAction.id.in_(latest_action_ids(in_list, CollectionAction.reason != "")))).all())
    for row in rows:
        action = actions.get(row.unit_id)
        if action is not None:
            row.last_action = f"{action.method}：{action.result}" if action.result else action.method
            row.last_action_on = action.acted_on
            row.promise_date = action.promise_date
        row.last_reason = reasons.get(row.unit_id, "")


def owner_names(session: Session, unit_id: int) -> str:
    row = ArrearsRow(unit_id, "", 0, 0, "", "", "", ZERO, ZERO, ZERO, ZERO, "", "")
    _add_people(session, [row])
    return row.owners


# ---- one unit -----------------------------------------------------------------------------


@dataclass
class ChargeLine:
    id: int
    period: str
    item: str
    basis: str
    amount: Decimal
    paid: Decimal
    due_date: date

    @property
    def open(self) -> Decimal:
        return self.amount - self.paid


@dataclass
class ActionRow:
    id: int
    acted_on: date
    method: str
    collector: str
    reason: str
    result: str
    promise_date: date | None
    remark: str
    arrears: Decimal


@dataclass
class UnitLedger:
    unit_id: int
    unit_code: str
    owners: str
    arrears: Decimal
    open_total: Decimal
    charges: list[ChargeLine] = field(default_factory=list)
    payments: list[payments.PaymentRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)


def unit_ledger(session: Session, unit_id: int) -> UnitLedger:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("这套房屋已不存在，请刷新")
    charges = [ChargeLine(i, p, it, b, Decimal(a), money_of(pd), d) for i, p, it, b, a, pd, d in session.execute(
        select(Charge.id, Charge.period, Charge.item, Charge.basis, Charge.amount, Charge.paid, Charge.due_date)
        .where(Charge.unit_id == unit_id)
        .order_by(Charge.period.desc(), Charge.item))]
    return UnitLedger(
        unit_id=unit.id, unit_code=unit.code, owners=owner_names(session, unit.id),
        arrears=arrears_of_unit(session, unit.id), open_total=sum((c.open for c in charges), ZERO),
        charges=charges, payments=payments.unit_payments(session, unit.id), actions=unit_actions(session, unit.id))


def unit_actions(session: Session, unit_id: int) -> list[ActionRow]:
    actions = session.scalars(
        select(CollectionAction).where(CollectionAction.unit_id == unit_id)
        .options(selectinload(CollectionAction.collector))
        .order_by(CollectionAction.acted_on.desc(), CollectionAction.id.desc())).all()
    return [ActionRow(a.id, a.acted_on, a.method, a.collector.name, a.reason, a.result, a.promise_date, a.remark,
                      a.arrears) for a in actions]
