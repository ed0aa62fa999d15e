"""来电记录 and 来电弹屏: who is calling (matched by the number on file), what the desk should know before
answering, and what became of every ring (已接, 未接, 已回拨)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Contact, Occupancy, Person, PersonPhone, Unit
from frontdesk.db.models.rings import ANSWERED, CALLED_BACK, MISSED, WITHHELD, Ring
from frontdesk.errors import ValidationError
from frontdesk.services import authz, call_lists, clock, settings

ANSWER_TARGET_SECONDS = 15  # 铃响三声之内接起电话: about three rings


@dataclass
class CallerMatch:
    unit_id: int
    unit_code: str
    person_id: int | None
    name: str
    relation: str


@dataclass
class RingInfo:
    """What the pop-up shows: the number, the matched owners and units, arrears, open matters, the
    last three contacts."""

    ring_id: int
    number: str
    rang_at: datetime
    line: int
    withheld: bool = False
    matches: list[CallerMatch] = field(default_factory=list)
    arrears: Decimal = Decimal("0.00")
    open_matters: list[str] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return bool(self.matches)

    @property
    def best(self) -> CallerMatch | None:
        return self.matches[0] if self.matches else None


def matches_for(session: Session, number: str) -> list[CallerMatch]:
    """Owners first, then other residents, of every unit whose people have this number on file."""
    if not number or number == WITHHELD:
        return []
    rows = session.execute(
        select(Unit.id, Unit.code, Person.id, Person.name, Occupancy.relation)
        .join(Occupancy, Occupancy.person_id == Person.id).join(Unit, Unit.id == Occupancy.unit_id)
        .join(PersonPhone, PersonPhone.person_id == Person.id)
        .where(PersonPhone.phone == number).order_by(Occupancy.relation != "业主", Unit.code)).all()
    return [CallerMatch(u, code, p, name, relation) for u, code, p, name, relation in rows]


def record_ring(session: Session, number: str, line: int = 1, at: datetime | None = None, source: str = "",
                name: str = "") -> RingInfo:
    """Keep the ring (as 未接 until someone takes it) and gather what the pop-up shows."""
    authz.require(session, "contacts")
    now = clock.now()
    rang_at = min(at or now, now)
    matches = matches_for(session, number)
    best = matches[0] if matches else None
    ring = Ring(rang_at=rang_at, number=number[:20], line=line, source=source[:10],
                unit_id=best.unit_id if best else None, caller_name=(best.name if best else name)[:40],
                status=MISSED)
    session.add(ring)
    session.flush()
    return _info(session, ring, matches)


def preview_ring(session: Session, number: str, line: int = 1) -> RingInfo:
    """What the pop-up would show for this number, without keeping a ring (the settings' 测试)."""
    authz.require(session, "contacts")
    matches = matches_for(session, number)
    best = matches[0] if matches else None
    ring = Ring(id=0, rang_at=clock.now(), number=number[:20], line=line, unit_id=best.unit_id if best else None)
    return _info(session, ring, matches)


def _info(session: Session, ring: Ring, matches: list[CallerMatch]) -> RingInfo:

    info = RingInfo(ring.id, ring.number, ring.rang_at, ring.line, withheld=ring.number == WITHHELD,
                    matches=matches)
    if ring.number == WITHHELD:
        return info
    history = call_lists.caller_history(session, unit_id=ring.unit_id, phone=ring.number)
    info.arrears = history.arrears
    info.open_matters = [f"{r.occurred_at:%m-%d} {r.category} {r.content}（{r.owner}）" for r in history.open_matters[:5]]
    if len(history.open_matters) > 5:  # a list cut says so
        info.open_matters.append(f"……另有 {len(history.open_matters) - 5} 件未办结")
    info.recent = [f"{r.occurred_at:%m-%d %H:%M} {r.channel} {r.category} {r.content}" for r in history.recent[:3]]
    return info


def ring_info(session: Session, ring_id: int) -> RingInfo:
    ring = session.get(Ring, ring_id)
    if ring is None:
        raise ValidationError({"ring": "找不到这条来电记录，可能已被清理"})
    return _info(session, ring, matches_for(session, ring.number))


def mark_answered(session: Session, ring_id: int, contact_id: int | None = None) -> None:
    """The signed-in person took the call (and, when they logged it, which contact it became)."""
    authz.require(session, "contacts")
    ring = session.get(Ring, ring_id)
    if ring is None:
        return
    ring.status = CALLED_BACK if ring.status == CALLED_BACK else ANSWERED
    if ring.answered_at is None:
        ring.answered_at = clock.now()
        ring.answered_by = str(session.info.get("actor", ""))[:40]
    if contact_id is not None:
        ring.contact_id = contact_id


def mark_called_back(session: Session, ring_id: int, contact_id: int | None = None) -> None:
    """A missed call returned from the 未接来电 list."""
    authz.require(session, "contacts")
    ring = session.get(Ring, ring_id)
    if ring is None:
        return
    ring.status = CALLED_BACK
    ring.answered_by = str(session.info.get("actor", ""))[:40]
    ring.answered_at = ring.answered_at or clock.now()
    if contact_id is not None:
        ring.contact_id = contact_id


@dataclass
class RingRow:
    id: int
    rang_at: datetime
    number: str
    line: int
    unit_code: str
    caller_name: str
    status: str
    answered_by: str


def _rows():
    return (select(Ring.id, Ring.rang_at, Ring.number, Ring.line, func.coalesce(Unit.code, ""), Ring.caller_name,
                   Ring.status, Ring.answered_by).outerjoin(Unit, Unit.id == Ring.unit_id))


def _filtered(missed_only: bool, day_from: date | None, day_to: date | None):
    stmt = _rows()
    if missed_only:
        stmt = stmt.where(Ring.status == MISSED)
    if day_from:
        stmt = stmt.where(Ring.rang_at >= datetime.combine(day_from, datetime.min.time()))
    if day_to:
        stmt = stmt.where(Ring.rang_at < datetime.combine(day_to + timedelta(days=1), datetime.min.time()))
    return stmt


def count_rings(session: Session, missed_only: bool = False, day_from: date | None = None,
                day_to: date | None = None) -> int:
    stmt = _filtered(missed_only, day_from, day_to)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def list_rings(session: Session, missed_only: bool = False, day_from: date | None = None, day_to: date | None = None,
               offset: int = 0, limit: int = 200) -> list[RingRow]:
    stmt = _filtered(missed_only, day_from, day_to).order_by(Ring.rang_at.desc(), Ring.id.desc())
    return [RingRow(*row) for row in session.execute(stmt.offset(offset).limit(limit))]


@dataclass
class RingFigures:
    rings: int
    answered: int
    missed: int
    answered_in_time: int


def ring_figures(session: Session, first: datetime, after: datetime) -> RingFigures:
    """Rings in [first, after): answered (taken at the desk or called back), missed (never returned),
    answered within the target (about three rings)."""
    target = timedelta(seconds=int(settings.get(session, "ring_answer_target_seconds")))
    rows = session.execute(select(Ring.status, Ring.rang_at, Ring.answered_at)
                           .where(Ring.rang_at >= first, Ring.rang_at < after)).all()
    answered = sum(1 for status, _at, _ans in rows if status == ANSWERED)
    in_time = sum(1 for status, at, ans in rows if status == ANSWERED and ans is not None and ans - at <= target)
    return RingFigures(len(rows), answered, sum(1 for status, _a, _b in rows if status == MISSED), in_time)


def today_counts(session: Session) -> tuple[int, int]:
    """(rings today, missed today): the counters' line."""
    start = datetime.combine(clock.today(), datetime.min.time())
    figures = ring_figures(session, start, start + timedelta(days=1))
    return figures.rings, figures.missed


def contact_exists(session: Session, contact_id: int) -> bool:
    return session.get(Contact, contact_id) is not None
