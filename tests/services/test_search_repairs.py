"""Global search finds repair orders: by number, phone, unit, and words of the report or place,
through the FTS5 trigram index on SQLite (LIKE for short words) and ILIKE on PostgreSQL."""

from datetime import datetime

from sqlalchemy import or_, select

from frontdesk.db.models import RepairOrder, Staff, Unit
from frontdesk.services import clock, repair_edit, repairs, search

NOW = datetime(2026, 11, 25, 10, 30)


def _ids(results):
    return [hit.id for hit in results.groups["repair"]]


def test_orders_are_found_by_number_phone_unit_and_words(demo_db):
    clock.freeze(NOW)
    with demo_db.session("张丽", "前台客服") as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房").order_by(Unit.id.desc())).first()
        home = repairs.create_order(s, repairs.RepairInput(description="阳台晾衣架脱落砸到花盆", trade="其他",
                                                           unit_id=unit.id, reporter="钱女士"), owner)
        public = repairs.create_order(s, repairs.RepairInput(
            description="车位照明不亮", trade="公共设施", scope="公共", location="5期9栋地下车库B区",
            reporter="童先生", phone="139-1234-5678"), owner)
        code = unit.code

    with demo_db.session(system=True) as s:
        assert home.id in _ids(search.search(s, home.number))
        assert home.id in _ids(search.search(s, home.number.lower()))
        assert home.id in _ids(search.search(s, home.number[3:])), "the number without BX-"
        assert home.id in _ids(search.search(s, code))
        assert home.id in _ids(search.search(s, "晾衣架"))
        assert home.id in _ids(search.search(s, "晾衣")), "a two-character word"
        assert public.id in _ids(search.search(s, "地下车库B区"))
        assert public.id in _ids(search.search(s, "13912345678"))
        assert public.id in _ids(search.search(s, "1234 5678")), "typed with a space"
        assert public.id in _ids(search.search(s, "童先生"))
        hit = next(h for h in search.search(s, "晾衣架").groups["repair"] if h.id == home.id)
        assert home.number in hit.title and code in hit.title and "晾衣架" in hit.detail
        assert list(search.search(s, "晾衣架").groups) == ["unit", "person", "contact", "repair", "complaint"]
        assert _ids(search.search(s, "没有这种报修内容的词")) == []

    with demo_db.session(system=True) as s:
        data = repair_edit.details_of(s.get(RepairOrder, home.id))
        version = s.get(RepairOrder, home.id).version
    data.description = "阳台升降晾杆卡住"
    with demo_db.session(system=True) as s:
        repair_edit.update_details(s, home.id, data, version, "张丽")
    with demo_db.session(system=True) as s:
        assert home.id in _ids(search.search(s, "升降晾杆")), "a corrected description is found"
        assert home.id not in repairs_found_by_words(s, "砸到花盆"), "and the old words are gone"


def repairs_found_by_words(session, words):
    return search.repair_ids_with_words(session, words, limit=100_000)


def test_the_index_and_the_substring_scan_agree(demo_db):
    with demo_db.session(system=True) as s:
        for word in ("声控灯", "渗水", "2期1栋", "BX-"):
            found = set(repairs_found_by_words(s, word))
            columns = (RepairOrder.number, RepairOrder.description, RepairOrder.location, RepairOrder.reporter,
                       RepairOrder.phone)
            expected = set(s.scalars(select(RepairOrder.id).where(or_(*(c.contains(word) for c in columns)))))
            assert found == expected and found, word
