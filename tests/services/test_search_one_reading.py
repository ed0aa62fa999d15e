"""The global search reads the people and the phones once for several groups: what it lists must be
what each group's own lookup lists (the 房屋档案 tab's search, the people by name or initials)."""

import pytest
from sqlalchemy import select, update

from frontdesk.db.models import Person, PersonPhone, Unit
from frontdesk.services import search, units


def _needles(session) -> list[str]:
    person = session.scalars(select(Person).where(Person.deleted_at.is_(None)).order_by(Person.id)).first()
    phone = session.scalar(select(PersonPhone.phone).order_by(PersonPhone.id))
    code = session.scalar(select(Unit.code).order_by(Unit.id))
    return [person.name, person.name[:1], person.name_initials.split()[0], person.name_initials[:1],
            phone, phone[-4:], f"{phone[:3]}-{phone[3:7]}", code, code[:3], "%", "_", "1/2", "0101", "没有这个人"]


def _ids(results, kind):
    return [hit.id for hit in results.groups[kind]]


def test_the_units_found_are_the_units_tab_s_first_page_for_the_same_words(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        for needle in _needles(s):
            tab = [u.id for u in units.list_units(s, units.UnitFilter(query=needle), limit=search.GROUP_LIMIT)]
            assert _ids(search.search(s, needle), "unit") == tab, needle


def test_the_units_are_the_same_when_too_many_people_are_named_to_hand_on(demo_db, frozen_now, monkeypatch):
    with demo_db.session(system=True) as s:
        needles = _needles(s)
        handed_on = {needle: search.search(s, needle).groups for needle in needles}
    monkeypatch.setattr(search, "NAMED_PEOPLE_HANDED_ON", 0)
    with demo_db.session(system=True) as s:
        for needle in needles:
            assert search.search(s, needle).groups == handed_on[needle], needle


def test_the_people_are_those_whose_name_holds_the_words_or_whose_initials_start_with_the_letters(
        demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        people = s.execute(select(Person.id, Person.name, Person.name_initials)
                           .where(Person.deleted_at.is_(None)).order_by(Person.id)).all()
        phones = s.execute(select(PersonPhone.person_id, PersonPhone.phone)).all()
        for needle in _needles(s):
            digits = needle.replace("-", "")
            by_phone = {pid for pid, phone in phones if digits.isdigit() and len(digits) >= 4 and digits in phone}
            letters = needle.isascii() and needle.isalpha()
            expected = [pid for pid, name, initials in people
                        if needle.lower() in name.lower() or pid in by_phone
                        or (letters and any(word.startswith(needle.lower()) for word in initials.split()))]
            assert _ids(search.search(s, needle), "person") == expected[:search.GROUP_LIMIT], needle


def test_sqlite_s_instr_finds_what_like_finds(demo_db, frozen_now, monkeypatch):
    if demo_db.engine.dialect.name != "sqlite":
        pytest.skip("instr() is SQLite's; PostgreSQL matches with LIKE only")
    with demo_db.session(system=True) as s:
        needles = _needles(s)
        by_position = {needle: search.search(s, needle).groups for needle in needles}
    monkeypatch.setattr(search, "_by_position", lambda _session, _needle: False)
    with demo_db.session(system=True) as s:
        for needle in needles:
            assert search.search(s, needle).groups == by_position[needle], needle


def test_a_code_s_start_finds_the_same_units_from_the_code_index_as_from_every_code(demo_db, frozen_now):
    if demo_db.engine.dialect.name != "sqlite":
        pytest.skip("the codes are read by ranges on SQLite only (byte order; LIKE folding Latin case)")
    with demo_db.session(system=True) as s:
        code = s.scalar(select(Unit.code).order_by(Unit.id.desc()))
        # A code with Latin letters (an old import's), which LIKE finds in either case.
        lettered = s.scalar(select(Unit.id).order_by(Unit.id))
        s.execute(update(Unit).where(Unit.id == lettered).values(code="Ltl-9-9-9999"))
        assert lettered in {u.id for u in units.list_units(s, units.UnitFilter(query="lTL-9"))}
        for needle in (code, code[:-1], code[:1], code[:4], "-", "%", "1_", "9", chr(0xD7FF), chr(0x10FFFF), "栋",
                       "ltl", "L", "lTL-9", "1a", "1-A-"):
            found = []
            for in_order in (False, True):
                statement, params = units._matching_unit_ids(needle, codes_in_order=in_order)
                found.append(set(s.connection().execute(statement, params).scalars()))
            assert found[0] == found[1], needle
        assert code in {u.code for u in units.list_units(s, units.UnitFilter(query=code[:-1]))}


def test_a_number_with_a_page_of_calls_lists_them_before_any_call_that_only_mentions_it(demo_db, frozen_now):
    from frontdesk.db.models import Staff
    from frontdesk.services import calls

    number = "13987654321"
    with demo_db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        mentioned = calls.log_contact(s, calls.ContactInput(content=f"请回电 {number}"), owner).id
        from_number = [calls.log_contact(s, calls.ContactInput(content="咨询停车", phone=number), owner).id
                       for _ in range(search.GROUP_LIMIT + 1)]
    with demo_db.session(system=True) as s:
        assert search.contact_ids_with_words(s, number) == [mentioned]
        listed = _ids(search.search(s, number), "contact")
    assert sorted(listed) == sorted(from_number)[-search.GROUP_LIMIT:]
    assert mentioned not in listed
