"""Global search (Ctrl+F): phone, room code, name, pinyin initials, or words of what was said.

Words in contents use SQLite FTS5 with the trigram tokenizer (3+ characters), a LIKE scan for
shorter words, and ILIKE backed by pg_trgm indexes on PostgreSQL; repair orders have their own
index of the same kind (number, description, place, reporter, phone: migration 0008). This is
the one module allowed to speak a dialect's own SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from frontdesk.db.models import Complaint, Contact, Person, PersonPhone, RepairOrder, Unit
from frontdesk.services import call_lists, units
from frontdesk.services.text import clean_phone, normalize

GROUP_LIMIT = 50


@dataclass
class SearchHit:
    kind: str  # unit / person / contact / repair / complaint
    id: int
    title: str
    detail: str


@dataclass
class SearchResults:
    query: str
    groups: dict[str, list[SearchHit]] = field(default_factory=dict)

    def count(self) -> int:
        return sum(len(v) for v in self.groups.values())


GROUP_TITLES = {"unit": "房屋", "person": "住户", "contact": "来电来访", "repair": "报修单", "complaint": "投诉"}


def _fts_available(session: Session) -> bool:
    if session.get_bind().dialect.name != "sqlite":
        return False
    return session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='contacts_fts'")
    ).first() is not None


def contact_ids_with_words(session: Session, words: str, limit: int = GROUP_LIMIT) -> list[int]:
    """Contacts whose content, handling or caller name contain the words, newest first."""
    needle = normalize(words)
    if not needle:
        return []
    if len(needle) >= 3 and _fts_available(session):
        phrase = '"' + needle.replace('"', '""') + '"'
        rows = session.execute(
            text("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH :q ORDER BY rowid DESC LIMIT :n"),
            {"q": phrase, "n": limit},
        ).all()
        return [r[0] for r in rows]
    # Short words (1–2 characters) and PostgreSQL: a substring match, newest first.
    columns = (Contact.content, Contact.handling, Contact.caller_name)
    if session.get_bind().dialect.name == "postgresql":
        condition = or_(*(col.icontains(needle, autoescape=True) for col in columns))
    else:
        condition = or_(*(col.contains(needle, autoescape=True) for col in columns))
    return list(session.scalars(
        select(Contact.id).where(condition).order_by(Contact.id.desc()).limit(limit)
    ))


def search(session: Session, query: str) -> SearchResults:
    needle = normalize(query)
    results = SearchResults(query=needle)
    if not needle:
        return results
    unit_rows = units.list_units(session, units.UnitFilter(query=needle), limit=GROUP_LIMIT)
    results.groups["unit"] = [SearchHit("unit", u.id, u.code, f"{u.owners}  {u.phones}".strip()) for u in unit_rows]

    digits = clean_phone(needle)
    person_conditions = [Person.name.contains(needle, autoescape=True)]
    if needle.isascii() and needle.isalpha():
        person_conditions.append(units.initials_start(needle))
    if digits.isdigit() and len(digits) >= 4:
        person_conditions.append(Person.id.in_(
            select(PersonPhone.person_id).where(PersonPhone.phone.contains(digits, autoescape=True))))
    people = session.scalars(
        select(Person).where(or_(*person_conditions)).limit(GROUP_LIMIT)
    ).all()
    results.groups["person"] = [
        SearchHit("person", p.id, p.name, "  ".join(
            [", ".join(ph.phone for ph in p.phones)] + [o.unit.code for o in p.occupancies])) for p in people
    ]

    contact_ids = contact_ids_with_words(session, needle)
    if digits.isdigit() and len(digits) >= 4:
        # Contacts by the full numbers that hold these digits: the people's phones (a small table),
        # and the typed number itself; then the phone index does the rest, even at ten years.
        numbers = set(session.scalars(
            select(PersonPhone.phone).where(PersonPhone.phone.contains(digits, autoescape=True)).limit(200)))
        if len(digits) >= 7:
            numbers.add(digits)
        by_phone = session.scalars(
            select(Contact.id).where(Contact.phone.in_(numbers))
            .order_by(Contact.id.desc()).limit(GROUP_LIMIT)
        ).all() if numbers else []
        contact_ids = list(dict.fromkeys([*by_phone, *contact_ids]))[:GROUP_LIMIT]
    unit_ids = [u.id for u in unit_rows[:5]]
    if unit_ids and len(contact_ids) < GROUP_LIMIT:
        by_unit = session.scalars(
            select(Contact.id).where(Contact.unit_id.in_(unit_ids)).order_by(Contact.id.desc()).limit(GROUP_LIMIT)
        ).all()
        contact_ids = list(dict.fromkeys([*contact_ids, *by_unit]))[:GROUP_LIMIT]
    contact_rows = call_lists.rows_for(session, contact_ids)
    contact_rows.sort(key=lambda r: r.occurred_at, reverse=True)
    results.groups["contact"] = [
        SearchHit("contact", r.id, f"{r.occurred_at:%Y-%m-%d %H:%M} {r.channel} {r.category} {r.unit_code}",
                  f"{r.caller_name} {r.content}") for r in contact_rows
    ]

    results.groups["repair"] = repair_hits(session, needle, unit_ids)

    # The matching complaints are picked first (by contact id, or by scanning the complaints' own
    # texts), then ordered: one OR across both tables made SQLite walk every contact newest first.
    matching = select(Complaint.id).where(Complaint.contact_id.in_(contact_ids)).union(
        select(Complaint.id).where(or_(Complaint.cause.contains(needle, autoescape=True),
                                       Complaint.solution.contains(needle, autoescape=True),
                                       Complaint.summary.contains(needle, autoescape=True))))
    complaint_rows = session.execute(
        select(Complaint.id, Contact.id, Contact.occurred_at, Contact.content, Complaint.summary)
        .join(Contact, Contact.id == Complaint.contact_id)
        .where(Complaint.id.in_(matching))
        .order_by(Contact.occurred_at.desc()).limit(GROUP_LIMIT)
    ).all()
    results.groups["complaint"] = [
        SearchHit("complaint", contact_id, f"{at:%Y-%m-%d} {content}", summary or "处理中")
        for _cid, contact_id, at, content, summary in complaint_rows
    ]
    return results


def _repair_fts_available(session: Session) -> bool:
    if session.get_bind().dialect.name != "sqlite":
        return False
    return session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='repair_orders_fts'")
    ).first() is not None


def repair_ids_with_words(session: Session, words: str, limit: int = GROUP_LIMIT) -> list[int]:
    """Orders whose number, description, location, reporter or phone contain the words, newest first."""
    needle = normalize(words)
    if not needle:
        return []
    if len(needle) >= 3 and _repair_fts_available(session):
        phrase = '"' + needle.replace('"', '""') + '"'
        rows = session.execute(
            text("SELECT rowid FROM repair_orders_fts WHERE repair_orders_fts MATCH :q ORDER BY rowid DESC LIMIT :n"),
            {"q": phrase, "n": limit},
        ).all()
        return [r[0] for r in rows]
    # Short words (1–2 characters) and PostgreSQL (pg_trgm indexes): a substring match, newest first.
    columns = (RepairOrder.number, RepairOrder.description, RepairOrder.location, RepairOrder.reporter,
               RepairOrder.phone)
    if session.get_bind().dialect.name == "postgresql":
        condition = or_(*(col.icontains(needle, autoescape=True) for col in columns))
    else:
        condition = or_(*(col.contains(needle, autoescape=True) for col in columns))
    return list(session.scalars(
        select(RepairOrder.id).where(condition)
        .order_by(RepairOrder.id.desc()).limit(limit)
    ))


def repair_ids(session: Session, needle: str, unit_ids: list[int], limit: int = GROUP_LIMIT) -> list[int]:
    """Orders by number (BX-202611-0012 or part of it), phone, words of the report, place or
    reporter, and then the latest orders of the units the search found."""
    ids = repair_ids_with_words(session, needle, limit)
    digits = clean_phone(needle)
    if digits != needle and digits.isdigit() and len(digits) >= 4 and len(ids) < limit:
        ids = list(dict.fromkeys([*ids, *repair_ids_with_words(session, digits, limit)]))[:limit]
    if unit_ids and len(ids) < limit:
        by_unit = session.scalars(
            select(RepairOrder.id).where(RepairOrder.unit_id.in_(unit_ids))
            .order_by(RepairOrder.reported_at.desc()).limit(limit)
        ).all()
        ids = list(dict.fromkeys([*ids, *by_unit]))[:limit]
    return ids


def repair_hits(session: Session, needle: str, unit_ids: list[int]) -> list[SearchHit]:
    ids = repair_ids(session, needle, unit_ids)
    if not ids:
        return []
    rows = session.execute(
        select(RepairOrder.id, RepairOrder.number, RepairOrder.reported_at, RepairOrder.state, RepairOrder.trade,
               RepairOrder.location, RepairOrder.description, RepairOrder.reporter, Unit.code)
        .outerjoin(Unit, Unit.id == RepairOrder.unit_id).where(RepairOrder.id.in_(ids))
        .order_by(RepairOrder.reported_at.desc(), RepairOrder.id.desc())
    ).all()
    return [SearchHit("repair", r.id, f"{r.number} {r.code or r.location} {r.state}",
                      f"{r.reported_at:%Y-%m-%d} {r.trade} {r.reporter} {r.description}".replace("  ", " "))
            for r in rows]
