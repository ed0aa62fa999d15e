"""Global search (Ctrl+F): phone, room code, name, pinyin initials, or words of what was said.

Words in what callers said and in complaints come from SQLite FTS5 indexes of overlapping
character pairs (migration 0021): a word of two characters is one token, a longer one the phrase of
its pairs, a single character the pairs it begins. Repair orders (number, description, place,
reporter, phone) have a trigram index for three characters or more (migration 0008: numbers and
phones are long runs of digits) and a pair index for shorter words. The newest matches come first
from the index and the page ends the read, so a search costs the same at twenty years as at one.

PostgreSQL matches with LIKE/ILIKE backed by pg_trgm indexes (calls, repair orders and complaints:
migrations 0002, 0008, 0019; trigrams need 3+ characters, a shorter word is read newest first until
enough are found). There the words' pattern is written into the SQL (`literal_execute`): psycopg
prepares a statement run a few times, and the server's plan for "any pattern" would walk the whole
table newest first; written in, each pattern gets the plan for it (the trigram index for a rare word,
the id order for a common one). A word without upper and lower case (Chinese, digits) is matched there
with LIKE, which gives the same hits as ILIKE and reads a text several times faster: ILIKE lower-cases
every text it tests. This is the one module allowed to speak a dialect's own SQL.

A search runs on every keystroke, so its fixed-shape queries are Core statements built once
(`_statements`) and read as plain rows: building, caching and running ORM statements and loading
objects cost ten times the SQL itself. Being Core, they name the soft-delete rule themselves
(`live(table)`, in the ON clause of a join, where the ORM's criterion goes).

The people and the phones (small tables, but read whole: a substring has no index) are read once
per search and what was found handed to the groups that need it: the phones holding typed digits
serve the units, the people and the calls by number; the people named serve the people's group and
(as ids) the units' lookup. Lookups that depend on the same ids are one statement (a person's phones
and units; the latest calls of the numbers and of the units). On SQLite a needle without Latin
letters is matched there with instr(), which finds what LIKE finds (LIKE folds only Latin case; its
wildcards are escaped) two to three times faster.
"""

from __future__ import annotations

import functools
import string
import weakref
from dataclasses import dataclass, field

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from frontdesk.db.models import Complaint, Contact, Occupancy, Person, PersonPhone, RepairOrder, Unit
from frontdesk.db.soft_delete import live
from frontdesk.services import units
from frontdesk.services.text import clean_phone, normalize

GROUP_LIMIT = 50
# Each group reads one more than it lists: that one says the list was cut (a count of all the matches
# per keystroke would read every one of them).
_READ = GROUP_LIMIT + 1
PHONE_NUMBERS_LIMIT = 200
# The people a search's words name are handed to the units' lookup as a list when there are no more
# than this (a list of a few hundred ids is quicker than reading the people again; a letter of the
# initials names thousands, and the lookup reads them itself).
NAMED_PEOPLE_HANDED_ON = 500


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
    # The groups that found more than GROUP_LIMIT: they list only the first (or newest) GROUP_LIMIT.
    cut: set[str] = field(default_factory=set)

    def count(self) -> int:
        return sum(len(v) for v in self.groups.values())

    def _list(self, kind: str, hits: list[SearchHit], more_found: bool) -> None:
        self.groups[kind] = hits
        if more_found:
            self.cut.add(kind)


GROUP_TITLES = {"unit": "房屋", "person": "住户", "contact": "来电来访", "repair": "报修单", "complaint": "投诉"}

_TEXT_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _has_text_index(session: Session, table: str) -> bool:
    """Does this SQLite database have the FTS5 table? Asked once per engine: migrations create it
    before a desk opens the database, and a search per keystroke should not ask again."""
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return False
    known = _TEXT_INDEXES.setdefault(engine, {})
    if table not in known:
        known[table] = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:name"), {"name": table}
        ).first() is not None
    return known[table]


# The SQLite indexes of the words (migrations 0008 and 0021).
CONTACT_PAIRS = "contacts_bigram_fts"
COMPLAINT_PAIRS = "complaints_bigram_fts"
REPAIR_PAIRS = "repair_orders_bigram_fts"
REPAIR_TRIGRAMS = "repair_orders_fts"
# A single character is looked for in the newest records first (a common one fills the page there);
# only when they hold too few does the pair index give the rest, at the cost of reading every pair
# the character begins.
SINGLE_CHARACTER_WINDOW = 2000
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _substring(needle: str) -> str:
    """A LIKE pattern matching the needle anywhere (`/` escapes, as `contains(autoescape=True)` does)."""
    return "%" + needle.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def _prefix(needle: str) -> str:
    return needle.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def _phrase(needle: str) -> str:
    """An FTS5 phrase matching the needle as typed (the trigram index finds it anywhere in a text)."""
    return '"' + needle.replace('"', '""') + '"'


def _pairs_match(needle: str) -> str:
    """An FTS5 query of a pair index finding the needle anywhere in a text. The pairs are written as
    the triggers of migration 0021 write them: ASCII lowered (as LIKE folds case), each pair the hex
    of its UTF-8 bytes; a single character is every pair it begins (a text's last character stands
    alone, so it is found there too)."""
    folded = needle.translate(_ASCII_LOWER)
    if len(folded) == 1:
        return folded.encode().hex() + "*"
    return '"' + " ".join(folded[i:i + 2].encode().hex() for i in range(len(folded) - 1)) + '"'


def _like(column, name: str):
    return column.like(bindparam(name), escape="/")


def _ids(name: str):
    return bindparam(name, expanding=True)


def _holds(column, name: str, by_position: bool) -> ColumnElement[bool]:
    """The column holds the text bound as `name`: a LIKE of the pattern `name` (`_substring`), or where
    that gives the same (`_by_position`) SQLite's instr() of the text itself (`name`_text)."""
    if by_position:
        return func.instr(column, bindparam(f"{name}_text")) > 0
    return _like(column, name)


def _starts_with(column, name: str, by_position: bool) -> ColumnElement[bool]:
    """As `_holds`, for a text at the start (`_prefix`)."""
    if by_position:
        return func.instr(column, bindparam(f"{name}_text")) == 1
    return _like(column, name)


def _by_position(session: Session, needle: str) -> bool:
    """May LIKE's matches of this needle be found with SQLite's instr() instead? On SQLite, for a needle
    without ASCII letters (LIKE folds only their case; its wildcards are escaped): the same rows, found
    two to three times faster in a scan of the people's names and phones (a phone's digits: LIKE tries
    each position in turn). PostgreSQL keeps its LIKE."""
    return session.get_bind().dialect.name == "sqlite" and not any(c in string.ascii_letters for c in needle)


def _text_params(needle: str, digits: str) -> dict[str, str]:
    """The values the people's and phones' statements bind, as LIKE patterns and as plain texts."""
    key = needle.lower()
    return {"name": _substring(needle), "name_text": needle,
            "initials_start": _prefix(key), "initials_start_text": key,
            "initials_word": _substring(" " + key), "initials_word_text": " " + key,
            "digits": _substring(digits), "digits_text": digits}


@functools.cache
def _statements() -> dict:
    """The search's fixed-shape queries, built once (parameters bound at each search)."""
    units_t, persons, phones, occupancies = Unit.__table__, Person.__table__, PersonPhone.__table__, Occupancy.__table__
    contacts, orders = Contact.__table__, RepairOrder.__table__
    phone_owner = persons.c.id.in_(_ids("phone_people"))
    people, named_people, phone_matches = {}, {}, {}
    for by_position in (False, True):
        name_holds = _holds(persons.c.name, "name", by_position)
        initials = or_(_starts_with(persons.c.name_initials, "initials_start", by_position),
                       _holds(persons.c.name_initials, "initials_word", by_position))
        for by_initials in (False, True):
            for by_phone in (False, True):
                conditions = [name_holds, *([initials] if by_initials else []), *([phone_owner] if by_phone else [])]
                # Ordered as the table is scanned (by id): the same people whole rows gave.
                people[by_initials, by_phone, by_position] = (
                    select(persons.c.id, persons.c.name).where(or_(*conditions), live(persons))
                    .order_by(persons.c.id).limit(_READ))
        # The people the units' lookup matches by name or initials (`units.named_like`: all of them, by
        # id), and whether the name itself matched: the people's group is the first of them, the units'
        # lookup takes them all.
        named_people[by_position] = (select(persons.c.id, persons.c.name, name_holds.label("by_name"))
                                     .where(or_(name_holds, initials), live(persons)).order_by(persons.c.id))
        # Every phone holding the typed digits, read once for the units, the people and the calls
        # (put in the phone index's order by the caller: sorting the few found is quicker than reading
        # the index in its order).
        phone_matches[by_position] = (select(phones.c.phone, phones.c.id, phones.c.person_id)
                                      .where(_holds(phones.c.phone, "digits", by_position)))
    unit_live = and_(units_t.c.id == contacts.c.unit_id, live(units_t))
    contacts_by_unit = (select(contacts.c.id).where(contacts.c.unit_id.in_(_ids("unit_ids")), live(contacts))
                        .order_by(contacts.c.id.desc()).limit(_READ))
    latest_by_phone = (select(contacts.c.id).where(contacts.c.phone.in_(_ids("numbers")), live(contacts))
                       .order_by(contacts.c.id.desc()).limit(_READ).subquery())
    latest_by_unit = contacts_by_unit.subquery()
    return {
        "people": people,
        "named_people": named_people,
        # The people's phones (kind 0, in the order of the phones) and the codes of their units (kind 1,
        # in the order of the occupancies): one statement for both.
        "people_details": union_all(
            select(literal_column("0").label("kind"), phones.c.person_id, phones.c.phone.label("text"),
                   phones.c.id.label("seq")).where(phones.c.person_id.in_(_ids("ids"))),
            select(literal_column("1"), occupancies.c.person_id, units_t.c.code, occupancies.c.id)
            .join(units_t, and_(units_t.c.id == occupancies.c.unit_id, live(units_t)))
            .where(occupancies.c.person_id.in_(_ids("ids")))),
        "phone_matches": phone_matches,
        "contacts_by_unit": contacts_by_unit,
        # The latest calls from the numbers (kind 0) and of the units (kind 1), in one statement.
        "contacts_by_phone_and_unit": union_all(
            select(literal_column("0").label("kind"), latest_by_phone.c.id),
            select(literal_column("1"), latest_by_unit.c.id)),
        # Listed as the ledger lists them (a removed 首问负责人 does not hide the matter), with the unit's code.
        "contact_rows": select(contacts.c.id, contacts.c.occurred_at, contacts.c.channel, contacts.c.category,
                               contacts.c.location, contacts.c.caller_name, contacts.c.content, units_t.c.code)
        .select_from(contacts.outerjoin(units_t, unit_live))
        .where(contacts.c.id.in_(_ids("ids")), live(contacts)),
        "repairs_by_unit": select(orders.c.id).where(orders.c.unit_id.in_(_ids("unit_ids")), live(orders))
        .order_by(orders.c.reported_at.desc()).limit(_READ),
        "repair_rows": select(orders.c.id, orders.c.number, orders.c.reported_at, orders.c.state, orders.c.trade,
                              orders.c.location, orders.c.description, orders.c.reporter, units_t.c.code)
        .select_from(orders.outerjoin(units_t, and_(units_t.c.id == orders.c.unit_id, live(units_t))))
        .where(orders.c.id.in_(_ids("ids")), live(orders))
        .order_by(orders.c.reported_at.desc(), orders.c.id.desc()),
        # The matching complaints are picked first (by contact id, or by the complaints' own texts: the
        # pair index on SQLite, pg_trgm on PostgreSQL, else a scan), then ordered: one OR across both
        # tables made SQLite walk every contact newest first.
        "complaints": {way: _complaints(way) for way in ("pairs", "scan", "pg like", "pg ilike")},
    }


def _words_match(column, way: str):
    """The column holds the bound LIKE pattern `words`: "scan" (SQLite's LIKE, case-blind for ASCII), or
    on PostgreSQL "pg like" / "pg ilike" with the pattern written into the SQL (each needle its own plan)."""
    if way == "scan":
        return _like(column, "words")
    words: BindParameter[str] = bindparam("words", literal_execute=True)
    return column.ilike(words, escape="/") if way == "pg ilike" else column.like(words, escape="/")


def _words_way(session: Session, needle: str) -> str:
    """How a LIKE scan matches the needle here (see `_words_match`)."""
    if session.get_bind().dialect.name != "postgresql":
        return "scan"
    return "pg ilike" if needle.lower() != needle.upper() else "pg like"


def _complaints(way: str):
    """Complaints by SQLite's pair index ("pairs"), else by their texts (`_words_match`; pg_trgm on PostgreSQL)."""
    complaints, contacts = Complaint.__table__, Contact.__table__
    in_own_words: ColumnElement[bool]
    if way == "pairs":
        in_own_words = complaints.c.id.in_(select(literal_column("rowid")).select_from(table(COMPLAINT_PAIRS))
                                           .where(text(f"{COMPLAINT_PAIRS} MATCH :match")))
    else:
        in_own_words = or_(*(_words_match(column, way)
                             for column in (complaints.c.cause, complaints.c.solution, complaints.c.summary)))
    return (select(complaints.c.id, contacts.c.id, contacts.c.occurred_at, contacts.c.content, complaints.c.summary)
            .select_from(complaints.join(contacts, and_(contacts.c.id == complaints.c.contact_id, live(contacts))))
            .where(complaints.c.id.in_(union(
                select(complaints.c.id).where(complaints.c.contact_id.in_(_ids("contact_ids")), live(complaints)),
                select(complaints.c.id).where(in_own_words, live(complaints)))),
                   live(complaints))
            .order_by(contacts.c.occurred_at.desc()).limit(_READ))


@functools.cache
def _words_scan(records, columns: tuple[str, ...], way: str, above_floor: bool = False):
    """Ids of live records (with `above_floor`, only those above id `floor`) whose columns hold the words
    (`words`, a LIKE pattern), newest first, at most `limit`. On PostgreSQL each column itself is
    matched, as its trigram index serves it, and the limit too is written in: planned for "any limit",
    a rare word would walk the whole table as well."""
    match = [_words_match(records.c[name], way) for name in columns]
    if above_floor:
        match = [and_(or_(*match), records.c.id > bindparam("floor", type_=Integer))]
    return (select(records.c.id).where(*match if above_floor else [or_(*match)], live(records))
            .order_by(records.c.id.desc()).limit(bindparam("limit", type_=Integer, literal_execute=way != "scan")))


@functools.cache
def _by_index(records: str, index: str):
    """Ids of live records whose index matches `match`, newest first, at most `limit`: the index is
    read newest first and stops at the page."""
    return text(f"SELECT i.rowid FROM {index} AS i JOIN {records} AS r ON r.id = i.rowid "
                f"WHERE i.{index} MATCH :match AND r.deleted_at IS NULL ORDER BY i.rowid DESC LIMIT :limit")


def _ids_with_words(session: Session, records, columns: tuple[str, ...], needle: str, limit: int,
                    pairs: str, trigrams: str | None = None) -> list[int]:
    """Live records whose columns contain the needle, newest first, at most `limit`: from the
    SQLite indexes, or a substring match (PostgreSQL, or a database without the index)."""
    conn = session.connection()
    if trigrams is not None and len(needle) >= 3 and _has_text_index(session, trigrams):
        return list(conn.execute(_by_index(records.name, trigrams), {"match": _phrase(needle), "limit": limit}).scalars().all())
    way = _words_way(session, needle)
    if not _has_text_index(session, pairs):
        return list(conn.execute(_words_scan(records, columns, way), {"words": _substring(needle), "limit": limit}).scalars().all())
    if len(needle) == 1:
        newest = conn.execute(select(func.max(records.c.id))).scalar() or 0
        found = list(conn.execute(_words_scan(records, columns, way, above_floor=True), {
            "words": _substring(needle), "floor": newest - SINGLE_CHARACTER_WINDOW, "limit": limit}).scalars().all())
        if len(found) == limit:
            return found
    return list(conn.execute(_by_index(records.name, pairs), {"match": _pairs_match(needle), "limit": limit}).scalars().all())


def contact_ids_with_words(session: Session, words: str, limit: int = GROUP_LIMIT) -> list[int]:
    """Live contacts whose content, handling or caller name contain the words, newest first."""
    needle = normalize(words)
    if not needle:
        return []
    return _ids_with_words(session, Contact.__table__, ("content", "handling", "caller_name"), needle, limit,
                           CONTACT_PAIRS)


def search(session: Session, query: str) -> SearchResults:
    needle = normalize(query)
    results = SearchResults(query=needle)
    if not needle:
        return results
    sql = _statements()
    conn = session.connection()
    digits = clean_phone(needle)
    by_phone = digits.isdigit() and len(digits) >= 4
    by_position = _by_position(session, needle)
    params = _text_params(needle, digits)
    phone_matches = sorted(conn.execute(sql["phone_matches"][by_position], params).all()) if by_phone else []
    phone_people = sorted({person_id for _phone, _id, person_id in phone_matches})

    # The people are read once for the units and the people's group (one scan of them instead of two).
    named = conn.execute(sql["named_people"][by_position], params).all() if units.matches_people(needle) else None

    unit_rows = units.list_units(session, units.UnitFilter(query=needle), limit=_READ, phone_people=(
        phone_people if by_phone and units.phone_digits(needle) == digits else None), named_people=(
        [person_id for person_id, _name, _by_name in named] if named is not None
        and len(named) <= NAMED_PEOPLE_HANDED_ON else None))
    results._list("unit", [SearchHit("unit", u.id, u.code, f"{u.owners}  {u.phones}".strip())
                           for u in unit_rows[:GROUP_LIMIT]], len(unit_rows) > GROUP_LIMIT)

    by_initials = needle.isascii() and needle.isalpha()
    people: list[tuple[int, str]]
    if named is not None and not by_phone:
        # By name, or by initials where letters were typed: as the people's own query matches them.
        people = [(person_id, name) for person_id, name, by_name in named if by_name or by_initials][:_READ]
    else:
        people = [(person_id, name) for person_id, name in conn.execute(
            sql["people"][by_initials, by_phone, by_position], {**params, "phone_people": phone_people}).all()]
    results._list("person", _person_hits(conn, sql, people[:GROUP_LIMIT]), len(people) > GROUP_LIMIT)

    # Contacts by the full numbers that hold these digits: the people's phones (a small table),
    # and the typed number itself; then the phone index does the rest, even at ten years.
    numbers = {phone for phone, _id, _person_id in phone_matches[:PHONE_NUMBERS_LIMIT]}
    if by_phone and len(digits) >= 7:
        numbers.add(digits)
    unit_ids = [u.id for u in unit_rows[:5]]
    found: list[int] = []
    by_unit: list[int] | None = None
    if by_phone and numbers:
        by_unit = []
        for kind, contact_id in conn.execute(sql["contacts_by_phone_and_unit"], {
                "numbers": list(numbers), "unit_ids": unit_ids}).all():
            (by_unit if kind else found).append(contact_id)
        found.sort(reverse=True)  # each newest first, as its own query lists them
        by_unit.sort(reverse=True)
    # The calls by number come first: a page of them leaves no room for the calls by words. Each way
    # reads one over the page: when they find more than a page together, the list is cut.
    words = contact_ids_with_words(session, needle, _READ) if len(found) < _READ else []
    read = list(dict.fromkeys([*found, *words]))[:_READ]
    if unit_ids and len(read) < _READ:
        if by_unit is None:
            by_unit = list(conn.execute(sql["contacts_by_unit"], {"unit_ids": unit_ids}).scalars().all())
        read = list(dict.fromkeys([*read, *by_unit]))[:_READ]
    contact_ids = read[:GROUP_LIMIT]
    results._list("contact", _contact_hits(conn, sql, contact_ids), len(read) > GROUP_LIMIT)

    repair_ids_read = repair_ids(session, needle, unit_ids, _READ)
    results._list("repair", repair_hits(session, repair_ids_read[:GROUP_LIMIT]), len(repair_ids_read) > GROUP_LIMIT)

    way = _words_way(session, needle)
    if way == "scan" and _has_text_index(session, COMPLAINT_PAIRS):
        way = "pairs"
    complaint_rows = conn.execute(sql["complaints"][way], {
        "contact_ids": contact_ids, "words": _substring(needle), "match": _pairs_match(needle)}).all()
    results._list("complaint", [
        SearchHit("complaint", contact_id, f"{at.date().isoformat()} {content}", summary or "处理中")
        for _cid, contact_id, at, content, summary in complaint_rows[:GROUP_LIMIT]
    ], len(complaint_rows) > GROUP_LIMIT)
    return results


def _person_hits(conn, sql: dict, people: list[tuple[int, str]]) -> list[SearchHit]:
    """Each person (id, name) with their phones and the codes of the units they live in (one query for all)."""
    ids = [person_id for person_id, _name in people]
    if not ids:
        return []
    phones: dict[int, list[str]] = {}
    codes: dict[int, list[str]] = {}
    for kind, person_id, value, _seq in sorted(conn.execute(sql["people_details"], {"ids": ids}).all(),
                                               key=lambda r: r[3]):
        (codes if kind else phones).setdefault(person_id, []).append(value)
    return [SearchHit("person", person_id, name, "  ".join([", ".join(phones.get(person_id, ())),
                                                              *codes.get(person_id, ())]))
            for person_id, name in people]


def _contact_hits(conn, sql: dict, contact_ids: list[int]) -> list[SearchHit]:
    """The contacts found, newest first (ties in the order they were found)."""
    if not contact_ids:
        return []
    found = {row[0]: row for row in conn.execute(sql["contact_rows"], {"ids": contact_ids}).all()}
    rows = sorted((found[cid] for cid in contact_ids if cid in found), key=lambda r: r[1], reverse=True)
    # isoformat: the same text as strftime("%Y-%m-%d %H:%M"), at a fifth of its cost (a list per keystroke).
    return [SearchHit("contact", contact_id, f"{at.isoformat(' ', 'minutes')} {channel} {category} {code or location}",
                      f"{caller_name} {content}")
            for contact_id, at, channel, category, location, caller_name, content, code in rows]


def repair_ids_with_words(session: Session, words: str, limit: int = GROUP_LIMIT) -> list[int]:
    """Live orders whose number, description, location, reporter or phone contain the words, newest first."""
    needle = normalize(words)
    if not needle:
        return []
    return _ids_with_words(session, RepairOrder.__table__, ("number", "description", "location", "reporter", "phone"),
                           needle, limit, REPAIR_PAIRS, trigrams=REPAIR_TRIGRAMS)


def repair_ids(session: Session, needle: str, unit_ids: list[int], limit: int = GROUP_LIMIT) -> list[int]:
    """Orders by number (BX-202611-0012 or part of it), phone, words of the report, place or
    reporter, and then the latest orders of the units the search found."""
    ids = repair_ids_with_words(session, needle, limit)
    digits = clean_phone(needle)
    if digits != needle and digits.isdigit() and len(digits) >= 4 and len(ids) < limit:
        ids = list(dict.fromkeys([*ids, *repair_ids_with_words(session, digits, limit)]))[:limit]
    if unit_ids and len(ids) < limit:
        by_unit = session.connection().execute(_statements()["repairs_by_unit"], {"unit_ids": unit_ids}).scalars().all()
        ids = list(dict.fromkeys([*ids, *list(by_unit)[:limit]]))[:limit]
    return ids


def repair_hits(session: Session, ids: list[int]) -> list[SearchHit]:
    """The orders of these ids, latest reported first."""
    if not ids:
        return []
    rows = session.connection().execute(_statements()["repair_rows"], {"ids": ids}).all()
    return [SearchHit("repair", order_id, f"{number} {code or location} {state}",
                      f"{reported_at.date().isoformat()} {trade} {reporter} {description}".replace("  ", " "))
            for order_id, number, reported_at, state, trade, location, description, reporter, code in rows]
