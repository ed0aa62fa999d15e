"""房屋档案: the roster rules — units, their owners and residents, and finding them."""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import Occupancy, Person, PersonPhone, Unit
from frontdesk.db.models.roster import HANDED_OVER, NOT_HANDED_OVER
from frontdesk.db.soft_delete import live
from frontdesk.errors import ConflictError, DomainError, NotFound, ValidationError, ValueProblem
from frontdesk.services import authz, clock, limits
from frontdesk.services.money import parse_amount
from frontdesk.services.text import clean_phone, normalize, phone_problem, pinyin_initials
from frontdesk.services.unit_codes import UnitCode, parse_unit_code, parse_unit_pattern

HANDOVER_STATES = (HANDED_OVER, NOT_HANDED_OVER)


@dataclass
class OccupantInput:
    name: str
    phones: list[str] = field(default_factory=list)
    relation: str = "业主"
    person_id: int | None = None


@dataclass
class UnitInput:
    code: str
    area: str | Decimal
    handover_state: str = NOT_HANDED_OVER
    handover_date: date | None = None
    remark: str = ""
    occupants: list[OccupantInput] = field(default_factory=list)


@dataclass
class UnitRow:
    id: int
    code: str
    phase: int
    building: int
    area: Decimal
    handover_state: str
    handover_date: date | None
    owners: str
    phones: str


@dataclass
class UnitFilter:
    phase: int | None = None
    building: int | None = None
    query: str = ""


# ---- validation -------------------------------------------------------------------------


MAX_AREA = Decimal("99999.99")


def parse_area(raw, field: str = "area") -> Decimal:
    """建筑面积 in square metres (㎡ / 平方米 / 平米 after the number allowed)."""
    text = normalize("" if raw is None else str(raw)) if not isinstance(raw, float | int | Decimal) else raw
    if isinstance(text, str):
        text = text.removesuffix("平方米").removesuffix("平米").removesuffix("㎡").removesuffix("m²").strip()
    return parse_amount(text, max=MAX_AREA, label="建筑面积", field=field, example="89.50（平方米）")


def _parse_area(raw: str | Decimal, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_area(raw)
    except ValueProblem as exc:
        errors.update(exc.errors)
        return None


def _validate_occupants(occupants: list[OccupantInput], errors: dict[str, str]) -> list[OccupantInput]:
    cleaned = []
    for index, occ in enumerate(occupants):
        name = normalize(occ.name)
        phones = [p for p in (clean_phone(p) for p in occ.phones) if p]
        if not name and not phones:
            continue  # an empty row of the form
        if not name:
            errors[f"occupants.{index}.name"] = f"第 {index + 1} 位住户缺少姓名，请填写姓名"
        elif len(name) > limits.limit_of(Person, "name"):
            errors[f"occupants.{index}.name"] = limits.too_long(f"第 {index + 1} 位住户的姓名", name,
                                                                limits.limit_of(Person, "name"))
        for raw in occ.phones:
            problem = phone_problem(raw)
            if problem:
                errors[f"occupants.{index}.phones"] = f"第 {index + 1} 位住户的{problem}"
                break
        cleaned.append(OccupantInput(name=name, phones=list(dict.fromkeys(phones)),
                                     relation=occ.relation or "业主", person_id=occ.person_id))
    return cleaned


def validate(session: Session, data: UnitInput, unit_id: int | None = None):
    errors: dict[str, str] = {}
    code: UnitCode | None = None
    try:
        code = parse_unit_code(data.code)
    except ValidationError as exc:
        errors.update(exc.errors)
    area = _parse_area(data.area, errors)
    if data.handover_state not in HANDOVER_STATES:
        errors["handover_state"] = "收房状态只能是“已收房”或“未收房”"
    elif data.handover_state == HANDED_OVER and data.handover_date is None:
        errors["handover_date"] = "已收房的房屋请填写收房日期（保修期从这一天算起）"
    if data.handover_date and data.handover_date > clock.today():
        errors["handover_date"] = "收房日期不能晚于今天，请检查日期"
    if code is not None and "code" not in errors:
        clash = session.scalar(select(Unit.id).where(Unit.code == code.code, Unit.id != (unit_id or 0)))
        if clash is not None:
            errors["code"] = f"房号 {code.code} 已经存在，不能重复登记；请在列表中找到它后修改"
    occupants = _validate_occupants(data.occupants, errors)
    if errors:
        raise ValidationError(errors)
    return code, area, occupants


# ---- writing ----------------------------------------------------------------------------


def _person_for(session: Session, occ: OccupantInput) -> Person:
    """Reuse the same person across units: by id, or by the same name with a shared phone."""
    if occ.person_id:
        person = session.get(Person, occ.person_id)
        if person is None:
            raise NotFound("要关联的住户已不存在，请重新选择")
        return person
    if occ.phones:
        found = session.scalar(
            select(Person).join(PersonPhone).where(Person.name == occ.name, PersonPhone.phone.in_(occ.phones))
            .limit(1)
        )
        if found is not None:
            return found
    person = Person(name=occ.name, name_initials=pinyin_initials(occ.name))
    session.add(person)
    return person


def _apply_person(person: Person, occ: OccupantInput) -> None:
    if person.name != occ.name:
        person.name = occ.name
        person.name_initials = pinyin_initials(occ.name)
    existing = {p.phone for p in person.phones}
    for phone in occ.phones:
        if phone not in existing:
            person.phones.append(PersonPhone(phone=phone))
    # Phones removed in the unit form are removed from the person as well.
    for kept in list(person.phones):
        if kept.phone not in occ.phones:
            person.phones.remove(kept)


def save_unit(session: Session, data: UnitInput, unit_id: int | None = None,
              expected_version: int | None = None) -> int:
    authz.require(session, "units")
    code, area, occupants = validate(session, data, unit_id)
    if unit_id is None:
        unit = Unit()
        session.add(unit)
    else:
        found = session.get(Unit, unit_id, options=[selectinload(Unit.occupancies)])
        if found is None:
            raise NotFound("这套房屋已被删除，请刷新列表")
        unit = found
        if expected_version is not None and unit.version != expected_version:
            raise ConflictError(f"房屋 {unit.code} 已被 {unit.updated_by} 修改，请重新打开后再改")
    unit.phase, unit.building, unit.entrance, unit.room = code.phase, code.building, code.entrance, code.room
    unit.code = code.code
    unit.area = area
    unit.handover_state = data.handover_state
    unit.handover_date = data.handover_date
    unit.remark = normalize(data.remark)

    kept: list[Occupancy] = []
    for occ in occupants:
        person = _person_for(session, occ)
        _apply_person(person, occ)
        link = next((o for o in unit.occupancies if o.person is person), None)
        if link is None:
            link = Occupancy(person=person, relation=occ.relation)
            unit.occupancies.append(link)
        link.relation = occ.relation
        kept.append(link)
    for link in list(unit.occupancies):
        if link not in kept:
            unit.occupancies.remove(link)
    session.flush()
    return unit.id


def delete_unit(session: Session, unit_id: int) -> None:
    authz.require(session, "units")
    from frontdesk.db.models import Contact

    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("这套房屋已被删除")
    used = session.scalar(select(func.count()).select_from(Contact).where(Contact.unit_id == unit_id))
    if used:
        raise DomainError(f"房屋 {unit.code} 已有 {used} 条来电来访记录，不能删除；如已不再管理，请在备注中说明")
    session.delete(unit)


# ---- reading ----------------------------------------------------------------------------


def get_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(
        Unit, unit_id,
        options=[selectinload(Unit.occupancies).selectinload(Occupancy.person).selectinload(Person.phones)],
    )
    if unit is None:
        raise NotFound("这套房屋已被删除，请刷新列表")
    return unit


def unit_input_of(unit: Unit) -> UnitInput:
    return UnitInput(
        code=unit.code, area=unit.area, handover_state=unit.handover_state,
        handover_date=unit.handover_date, remark=unit.remark,
        occupants=[
            OccupantInput(name=o.person.name, phones=[p.phone for p in o.person.phones],
                          relation=o.relation, person_id=o.person_id)
            for o in unit.occupancies
        ],
    )


def building_tree(session: Session) -> list[tuple[int, int, int]]:
    """(phase, building, number of units), in order."""
    rows = session.execute(
        select(Unit.phase, Unit.building, func.count(Unit.id))
        .group_by(Unit.phase, Unit.building).order_by(Unit.phase, Unit.building)
    ).all()
    return [(int(p), int(b), int(n)) for p, b, n in rows]


_UNITS, _PERSONS = Unit.__table__, Person.__table__
_PHONES, _OCCUPANCIES = PersonPhone.__table__, Occupancy.__table__
UNIT_PATTERN_PARTS = ("phase", "building", "entrance", "room")


def _escaped(text: str) -> str:
    """As `contains(autoescape=True)` escapes: `/` before `/`, `%` and `_`."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _like(column, name: str):
    return column.like(bindparam(name), escape="/")


def named_like(persons) -> ColumnElement[bool]:
    """A person whose name holds what was typed or one of whose readings' initials start with it
    (Person.name_initials holds every reading, "zlj clj"): the values bound as `named_params` gives them."""
    return or_(_like(persons.c.name, "name"), _like(persons.c.name_initials, "initials_start"),
               _like(persons.c.name_initials, "initials_word"))


def named_params(text: str) -> dict[str, str]:
    key = text.lower()
    return {"name": "%" + _escaped(text) + "%", "initials_start": _escaped(key) + "%",
            "initials_word": "%" + _escaped(" " + key) + "%"}


def matches_people(query: str) -> bool:
    """Are units matched by their people's names and initials for this query (anything but bare digits)?"""
    text = normalize(query)
    return bool(text) and not text.isdigit()


@functools.cache
def _matching_statement(pattern_parts: tuple[str, ...] | None, by_phone: bool, by_room: bool,
                        by_person: bool, phone_people_known: bool = False,
                        named_people_known: bool = False, code_ranges: int = 0) -> CompoundSelect:
    """The ids of the units matching what was typed, for one shape of input (the values are bound at
    each search): built once per shape, because the global search and the 房号 box ask on every keystroke.
    Core, so it names the soft-delete rule itself (`live`) where it reaches through people; the units
    found are filtered live by the query they go into (`_filtered`, the ORM's criterion in `suggest`).
    So the units' own conditions read the narrow unique indexes (code; phase, building, entrance,
    room) instead of the whole table: the global search reads less on every keystroke."""
    conditions: list[Select] = []
    if pattern_parts is not None:
        conditions.append(select(_UNITS.c.id).where(
            *(_UNITS.c[part] == bindparam(f"pattern_{part}") for part in pattern_parts)))
    if by_phone:
        # The phones are scanned once and the occupancies looked up by person (joined the other
        # way round, SQLite scanned every occupancy and looked up its phones: twice the time); or the
        # caller has scanned them already (`phone_people`, the global search).
        by_phones = (_OCCUPANCIES.c.person_id.in_(bindparam("phone_people", expanding=True)) if phone_people_known
                     else _OCCUPANCIES.c.person_id.in_(select(_PHONES.c.person_id).where(_like(_PHONES.c.phone, "phone"))))
        conditions.append(select(_OCCUPANCIES.c.unit_id).where(by_phones))
    if by_room:
        conditions.append(select(_UNITS.c.id).where(_UNITS.c.room == bindparam("room")))
    by_code = [_like(_UNITS.c.code, "code")]
    if code_ranges:
        # The codes starting with the text lie in one or two ranges of the codes (`_code_ranges`): the
        # index of the codes is read there only, not whole.
        by_code.append(or_(*(and_(_UNITS.c.code >= bindparam(f"code_from_{i}"), _UNITS.c.code < bindparam(f"code_to_{i}"))
                             for i in range(code_ranges))))
    conditions.append(select(_UNITS.c.id).where(*by_code))
    if by_person:
        # Person.name_initials holds every reading ("zlj clj"): any of them may start with what was typed.
        # The people are scanned once and their occupancies looked up (scanning the occupancies and
        # looking up each one's person read both tables whole); or the caller has found them already
        # (`named_people`, the global search, which lists them too).
        by_names = (_OCCUPANCIES.c.person_id.in_(bindparam("named_people", expanding=True)) if named_people_known
                    else _OCCUPANCIES.c.person_id.in_(select(_PERSONS.c.id).where(named_like(_PERSONS), live(_PERSONS))))
        conditions.append(select(_OCCUPANCIES.c.unit_id).where(by_names))
    return union(*conditions)


def phone_digits(query: str) -> str | None:
    """The digits a unit's people's phones are matched by (4 or more typed), else None."""
    digits = normalize(query).replace("-", "")
    return digits if digits.isdigit() and len(digits) >= 4 else None


def _after(text: str) -> str | None:
    """The first text after every text starting with this one, byte by byte as SQLite compares (UTF-8
    keeps the order of the characters): its last character the next one. None where there is none."""
    last = ord(text[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # no character there: the next one is past the surrogates
        last = 0xE000
    return text[:-1] + chr(last) if last <= 0x10FFFF else None


def _code_ranges(text: str) -> list[tuple[str, str]] | None:
    """The ranges of codes holding every code SQLite's `code LIKE 'text%'` finds: LIKE folds only the
    case of Latin letters, so a code found starts with the text up to its first Latin letter, or, where
    the text starts with one, with that letter in either case. None where no range can be told."""
    fixed = text
    for index, char in enumerate(text):
        if char in string.ascii_letters:
            fixed = text[:index]
            break
    ranges = []
    for start in [fixed] if fixed else [text[0].lower(), text[0].upper()]:
        end = _after(start)
        if end is None:
            return None
        ranges.append((start, end))
    return ranges


def _matching_unit_ids(query: str, phone_people: list[int] | None = None,
                       named_people: list[int] | None = None,
                       codes_in_order: bool = False) -> tuple[CompoundSelect, dict] | None:
    """Units whose code, owner name, pinyin initials or phone match what was typed: the statement and
    the values it binds. Where the caller has found them already, `phone_people` are the people whose
    phones hold `phone_digits(query)`, `named_people` the live people `named_like` the query.
    `codes_in_order`: the database compares the codes byte by byte (SQLite), so a code's start is
    looked up in its index (`_code_ranges`)."""
    text = normalize(query)
    if not text:
        return None
    params: dict = {"code": _escaped(text) + "%"}
    code_ranges = _code_ranges(text) if codes_in_order else None
    for i, (start, end) in enumerate(code_ranges or ()):
        params[f"code_from_{i}"], params[f"code_to_{i}"] = start, end
    pattern = parse_unit_pattern(text)
    parts = None
    if pattern is not None:
        parts = tuple(part for part in UNIT_PATTERN_PARTS if getattr(pattern, part) is not None)
        params.update({f"pattern_{part}": getattr(pattern, part) for part in parts})
    digits = text.replace("-", "")
    by_phone = digits.isdigit() and len(digits) >= 4
    by_room = digits.isdigit() and len(digits) <= 4
    if by_phone and phone_people is not None:
        params["phone_people"] = phone_people
    elif by_phone:
        params["phone"] = "%" + _escaped(digits) + "%"
    if by_room:
        params["room"] = digits.zfill(4)
    by_person = not text.isdigit()
    if by_person and named_people is not None:
        params["named_people"] = named_people
    elif by_person:
        params.update(named_params(text))
    return _matching_statement(parts, by_phone, by_room, by_person, by_phone and phone_people is not None,
                               by_person and named_people is not None, len(code_ranges or ())), params


def _filtered(filt: UnitFilter, *columns, phone_people: list[int] | None = None,
              named_people: list[int] | None = None) -> tuple[Select, dict]:
    stmt = select(*(columns or (_UNITS.c.id,))).where(live(_UNITS))
    if filt.phase is not None:
        stmt = stmt.where(_UNITS.c.phase == filt.phase)
    if filt.building is not None:
        stmt = stmt.where(_UNITS.c.building == filt.building)
    matching = _matching_unit_ids(filt.query, phone_people, named_people)
    if matching is None:
        return stmt, {}
    statement, params = matching
    return stmt.where(_UNITS.c.id.in_(statement)), params


def count_units(session: Session, filt: UnitFilter) -> int:
    stmt, params = _filtered(filt)
    return session.connection().execute(select(func.count()).select_from(stmt.subquery()), params).scalar() or 0


UNIT_SORT_KEYS = {
    "code": (_UNITS.c.phase, _UNITS.c.building, _UNITS.c.entrance, _UNITS.c.room),
    "area": (_UNITS.c.area,),
    "handover_state": (_UNITS.c.handover_state,),
    "handover_date": (_UNITS.c.handover_date,),
}

_ROW_COLUMNS = (_UNITS.c.id, _UNITS.c.code, _UNITS.c.phase, _UNITS.c.building, _UNITS.c.area,
                _UNITS.c.handover_state, _UNITS.c.handover_date)


@functools.cache
def _page_statement(matching: CompoundSelect | None, by_phase: bool, by_building: bool, sort: str,
                    descending: bool) -> Select:
    """A page of units (`offset`, `limit`) matching one shape of input (`_matching_statement`, cached
    too, so the same object for the same shape), the filter's phase and building, in one order."""
    stmt = select(*_ROW_COLUMNS).where(live(_UNITS))
    if by_phase:
        stmt = stmt.where(_UNITS.c.phase == bindparam("phase"))
    if by_building:
        stmt = stmt.where(_UNITS.c.building == bindparam("building"))
    if matching is not None:
        stmt = stmt.where(_UNITS.c.id.in_(matching))
    order = [c.desc() if descending else c.asc() for c in UNIT_SORT_KEYS[sort]] + [_UNITS.c.id]
    return stmt.order_by(*order).offset(bindparam("offset")).limit(bindparam("limit"))


def list_units(session: Session, filt: UnitFilter, offset: int = 0, limit: int = 200,
               sort: str = "code", descending: bool = False, phone_people: list[int] | None = None,
               named_people: list[int] | None = None) -> list[UnitRow]:
    """A page of units; `phone_people` and `named_people` as `_matching_unit_ids` takes them."""
    # Plain columns read with Core, and the occupants of the whole page in one more query: loading
    # Unit, Occupancy, Person and PersonPhone objects for a page cost ten times the SQL, and running
    # the statements through the ORM half again (the global search and the 房号 box list units on
    # every keystroke). The page's statement is built once per shape, as the matching is.
    matching = _matching_unit_ids(filt.query, phone_people, named_people,
                                  codes_in_order=session.get_bind().dialect.name == "sqlite")
    statement, params = matching if matching is not None else (None, {})
    params = {**params, "phase": filt.phase, "building": filt.building, "offset": offset, "limit": limit}
    page = _page_statement(statement, filt.phase is not None, filt.building is not None,
                           sort if sort in UNIT_SORT_KEYS else "code", descending)
    found = session.connection().execute(page, params).all()
    owners, phones = _occupants_of(session, [row.id for row in found])
    return [UnitRow(id=row.id, code=row.code, phase=row.phase, building=row.building, area=row.area,
                    handover_state=row.handover_state, handover_date=row.handover_date,
                    owners="、".join(owners.get(row.id, ())), phones="、".join(phones.get(row.id, ())))
            for row in found]


_OCCUPANTS = (
    select(_OCCUPANCIES.c.id, _OCCUPANCIES.c.unit_id, _OCCUPANCIES.c.relation, _PERSONS.c.name, _PHONES.c.phone)
    .join(_PERSONS, and_(_PERSONS.c.id == _OCCUPANCIES.c.person_id, live(_PERSONS)))
    .outerjoin(_PHONES, _PHONES.c.person_id == _PERSONS.c.id)
    .where(_OCCUPANCIES.c.unit_id.in_(bindparam("unit_ids", expanding=True)))
    .order_by(_OCCUPANCIES.c.id, _PHONES.c.id))


def _occupants_of(session: Session, unit_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Per unit, its occupants as listed (name, with the relation unless 业主) and their phones, in the
    order of the occupancies and of each person's phones."""
    owners: dict[int, list[str]] = {}
    phones: dict[int, list[str]] = {}
    if not unit_ids:
        return owners, phones
    rows = session.connection().execute(_OCCUPANTS, {"unit_ids": unit_ids}).all()
    last_occupancy = None
    for occupancy_id, unit_id, relation, name, phone in rows:
        if occupancy_id != last_occupancy:
            last_occupancy = occupancy_id
            owners.setdefault(unit_id, []).append(name if relation == "业主" else f"{name}（{relation}）")
        if phone is not None:
            phones.setdefault(unit_id, []).append(phone)
    return owners, phones


def find_unit_by_code(session: Session, text: str) -> Unit | None:
    try:
        code = parse_unit_code(text)
    except ValidationError:
        return None
    return session.scalar(select(Unit).where(Unit.code == code.code))


@dataclass(frozen=True)
class Suggestion:
    """One line of the unit completer: a unit and, where known, the person and phone."""

    unit_id: int
    unit_code: str
    person_id: int | None
    person_name: str
    phone: str
    relation: str

    @property
    def label(self) -> str:
        who = f"{self.person_name}（{self.relation}）" if self.person_name else "（无住户登记）"
        return f"{self.unit_code}  {who}  {self.phone}".rstrip()


SUGGEST_LIMIT = 50


def _initials_exact(typed: str):
    return (literal(" ") + Person.name_initials + literal(" ")).contains(f" {typed.lower()} ", autoescape=True)


def _best_unit_ids(text: str, digits: str) -> CompoundSelect:
    """Units with an exact hit — the whole name, all the initials, a phone, the room — listed first."""
    conditions = [select(Occupancy.unit_id).join(Person, Person.id == Occupancy.person_id)
                  .where(or_(Person.name == text, _initials_exact(text)))]
    if digits.isdigit() and len(digits) >= 4:
        conditions.append(select(Occupancy.unit_id).join(PersonPhone, PersonPhone.person_id == Occupancy.person_id)
                          .where(PersonPhone.phone.contains(digits, autoescape=True)))
    if digits.isdigit() and len(digits) <= 4:
        conditions.append(select(Unit.id).where(Unit.room == digits.zfill(4)))
    return union(*conditions)


def suggest(session: Session, text: str, limit: int = 12) -> list[Suggestion]:
    """Units and people matching a code, a name, pinyin initials or a phone, for the completer.

    Exact hits (the whole name, all the initials, a phone number, the room) come first, then the rest
    by unit code, so `wx` lists 魏霞 even where a hundred units start with a w-name.
    """
    matching = _matching_unit_ids(text)
    if matching is None:
        return []
    statement, params = matching
    needle = normalize(text)
    digits = clean_phone(text)
    best = case((Unit.id.in_(_best_unit_ids(needle, digits)), 0), else_=1)
    units = session.scalars(
        select(Unit).where(Unit.id.in_(statement))
        .order_by(best, Unit.phase, Unit.building, Unit.entrance, Unit.room).limit(limit)
        .options(selectinload(Unit.occupancies).selectinload(Occupancy.person).selectinload(Person.phones)),
        params).all()
    found: list[Suggestion] = []
    for unit in units:
        if not unit.occupancies:
            found.append(Suggestion(unit.id, unit.code, None, "", "", ""))
            continue
        for occ in unit.occupancies:
            phones = [p.phone for p in occ.person.phones]
            # When a phone or a name was typed, show the person it belongs to first.
            phone = next((p for p in phones if digits and len(digits) >= 4 and digits in p), phones[0] if phones else "")
            found.append(Suggestion(unit.id, unit.code, occ.person_id, occ.person.name, phone, occ.relation))
    def rank(s: Suggestion) -> int:
        if digits and len(digits) >= 4 and digits in s.phone:
            return 0
        if s.person_name and (needle == s.person_name or needle.lower() in pinyin_initials(s.person_name).split()):
            return 0
        if digits.isdigit() and len(digits) <= 4 and s.unit_code.endswith("-" + digits.zfill(4)):
            return 0
        if s.person_name and (needle in s.person_name or any(
                key.startswith(needle.lower()) for key in pinyin_initials(s.person_name).split())):
            return 1
        return 2

    found.sort(key=rank)
    return found[:limit]


def reindex_initials(session: Session) -> int:
    """Recompute every person's pinyin initials (all readings); for databases indexed before that rule."""
    authz.require(session, "units")
    changed = 0
    for person in session.scalars(select(Person)):
        initials = pinyin_initials(person.name)
        if person.name_initials != initials:
            person.name_initials = initials
            changed += 1
    return changed


def phones_of(session: Session, person_id: int) -> list[str]:
    return list(session.scalars(select(PersonPhone.phone).where(PersonPhone.person_id == person_id)))
