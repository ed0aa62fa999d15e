"""Words of one and two characters in the global search: on SQLite from the index of character pairs
(migration 0021), found exactly where a substring match finds them, kept right through edits,
voiding and deletion; PostgreSQL's substring match gives the same."""

from sqlalchemy import delete, or_, select

from frontdesk.db.models import Contact, RepairOrder, Staff
from frontdesk.services import calls, repairs, search


def _owner(session) -> int:
    return session.scalar(select(Staff.id).where(Staff.name == "张丽"))


def _log(session, content, **extra) -> int:
    return calls.log_contact(session, calls.ContactInput(content=content, **extra), _owner(session)).id


def _contacts_holding(session, word: str) -> list[int]:
    """What a person would expect: every live call with the word in its content, handling or caller
    name, newest first."""
    return list(session.scalars(
        select(Contact.id).where(or_(Contact.content.contains(word, autoescape=True),
                                     Contact.handling.contains(word, autoescape=True),
                                     Contact.caller_name.contains(word, autoescape=True)))
        .order_by(Contact.id.desc())))


def _contact_hits(session, query: str) -> set[int]:
    return {hit.id for hit in search.search(session, query).groups["contact"]}


def test_a_two_character_word_finds_the_calls_and_orders_holding_it_and_no_others(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        leaking = _log(s, "卫生间顶部漏水，楼上在装修")
        at_the_end = _log(s, "厨房水管漏水")
        in_the_name = _log(s, "咨询停车费", caller_name="漏水")
        apart = _log(s, "漏了，水流到走廊")  # both characters, not side by side
        across = _log(s, "家里有漏", handling="水已关")  # one at the end of a text, one at the start of the next
        order = repairs.create_order(s, repairs.RepairInput(description="阳台地漏返水漏水", trade="水电", scope="公共", location="1期1栋"), _owner(s))
        other_order = repairs.create_order(s, repairs.RepairInput(description="门锁坏了", trade="门窗", scope="公共", location="1期2栋"), _owner(s))

    with demo_db.session(system=True) as s:
        found = _contact_hits(s, "漏水")
        assert {leaking, at_the_end, in_the_name} <= found
        assert apart not in found and across not in found
        assert found == set(_contacts_holding(s, "漏水")[:search.GROUP_LIMIT])
        repair_ids = [hit.id for hit in search.search(s, "漏水").groups["repair"]]
        assert order.id in repair_ids and other_order.id not in repair_ids
        assert search.contact_ids_with_words(s, "漏水", limit=10_000) == _contacts_holding(s, "漏水")


def test_longer_words_and_latin_letters_match_exactly_as_typed(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        wifi = _log(s, "大堂WiFi连不上")
        pieces = _log(s, "WI 说 FI 坏了")

    with demo_db.session(system=True) as s:
        assert wifi in _contact_hits(s, "wifi"), "Latin letters in any case, as LIKE folds them"
        assert wifi in _contact_hits(s, "Fi连不")
        assert pieces not in _contact_hits(s, "wifi")
        assert search.contact_ids_with_words(s, "下水道", limit=10_000) == _contacts_holding(s, "下水道")
        assert search.contact_ids_with_words(s, "%_", limit=10_000) == _contacts_holding(s, "%_")


def test_a_single_character_finds_what_a_substring_match_finds(demo_db, frozen_now, monkeypatch):
    with demo_db.session(system=True) as s:
        rare = _log(s, "电梯里有股霾味")
        ending = _log(s, "垃圾桶满了要清")

    with demo_db.session(system=True) as s:
        for window in (search.SINGLE_CHARACTER_WINDOW, 5):  # the newest calls hold the page, or they do not
            monkeypatch.setattr(search, "SINGLE_CHARACTER_WINDOW", window)
            for character in ("霾", "清", "水", "的", "a"):
                expected = _contacts_holding(s, character)
                assert search.contact_ids_with_words(s, character) == expected[:search.GROUP_LIMIT], character
        assert rare in _contact_hits(s, "霾") and ending in _contact_hits(s, "清")


def test_an_edited_call_is_found_by_its_new_words_only_and_a_voided_or_deleted_one_not_at_all(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        edited = _log(s, "楼道灯不亮")
        voided = _log(s, "楼道灯闪烁")
        deleted = _log(s, "楼道灯太暗")

    with demo_db.session(system=True) as s:
        contact = s.get(Contact, edited)
        data = calls.input_of(contact)
        data.content = "门禁卡失灵"
        calls.update_contact(s, edited, data, contact.version)
        calls.void_contact(s, voided, "重复登记")
        s.execute(delete(Contact).where(Contact.id == deleted))

    with demo_db.session(system=True) as s:
        assert edited in _contact_hits(s, "失灵") and edited in _contact_hits(s, "门禁卡")
        assert edited not in _contact_hits(s, "不亮") and edited not in _contact_hits(s, "楼道灯")
        assert voided not in _contact_hits(s, "闪烁") and voided not in _contact_hits(s, "烁")
        assert deleted not in _contact_hits(s, "太暗")
        assert search.contact_ids_with_words(s, "楼道", limit=10_000) == _contacts_holding(s, "楼道")


def test_an_edited_repair_order_is_found_by_its_new_words(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        order = repairs.create_order(s, repairs.RepairInput(description="窗户漏风", trade="门窗", scope="公共", location="1期2栋"), _owner(s))
    with demo_db.session(system=True) as s:
        s.get(RepairOrder, order.id).description = "窗框松动"

    with demo_db.session(system=True) as s:
        assert order.id in [hit.id for hit in search.search(s, "松动").groups["repair"]]
        assert order.id not in [hit.id for hit in search.search(s, "漏风").groups["repair"]]
