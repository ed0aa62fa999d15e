from sqlalchemy import select

from frontdesk.db.models import Contact, Staff, Unit
from frontdesk.services import calls, search


def _log(session, content, **extra):
    owner = session.scalar(select(Staff.id).where(Staff.name == "张丽"))
    return calls.log_contact(session, calls.ContactInput(content=content, **extra), owner).id


def test_search_finds_by_phone_room_name_initials_and_words(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房")).first()
        person = unit.occupancies[0].person
        phone = person.phones[0].phone
        contact_id = _log(s, "地下车库的卷帘门坏了", unit_id=unit.id, phone=phone)
        short_id = _log(s, "楼道有烟味")

    with demo_db.session(system=True) as s:
        by_phone = search.search(s, phone[-5:])
        assert unit.id in [h.id for h in by_phone.groups["unit"]]
        assert contact_id in [h.id for h in by_phone.groups["contact"]]
        assert unit.id in [h.id for h in search.search(s, unit.code).groups["unit"]]
        assert person.id in [h.id for h in search.search(s, person.name).groups["person"]]
        assert person.id in [h.id for h in search.search(s, person.name_initials.split()[-1]).groups["person"]]
        assert contact_id in [h.id for h in search.search(s, "卷帘门坏").groups["contact"]]
        assert short_id in [h.id for h in search.search(s, "烟味").groups["contact"]]
        assert search.search(s, "").count() == 0


def test_fts_and_short_word_paths_agree(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        three = set(search.contact_ids_with_words(s, "下水道", limit=10_000))
        expected = set(s.scalars(select(Contact.id).where(Contact.content.contains("下水道"))))
        assert three == expected and three
