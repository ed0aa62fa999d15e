"""The unit lookup: every reading of a name (surname readings included), exact hits ranked first."""

from datetime import date

import pytest

from frontdesk.services import units
from frontdesk.services.text import pinyin_initials, pinyin_initials_all
from frontdesk.services.units import OccupantInput, UnitInput


@pytest.mark.parametrize("name, keys", [
    ("曾丽娟", {"zlj", "clj"}), ("单田芳", {"stf", "dtf"}), ("解放", {"xf", "jf"}), ("仇英", {"qy", "cy"}),
    ("区志明", {"ozm", "qzm"}), ("朴树", {"ps"}), ("查良镛", {"zly", "cly"}), ("翟天临", {"ztl", "dtl"}),
    ("盖聂", {"gn"}), ("覃海", {"qh", "th"}), ("缪可", {"mk"}), ("尉迟恭", {"ycg"}),
])
def test_every_reading_of_a_name_is_indexed_with_the_surname_reading_first(name, keys):
    assert keys <= set(pinyin_initials_all(name))
    assert len(pinyin_initials(name)) <= 40


def _unit(code: str, name: str, phone: str) -> UnitInput:
    return UnitInput(code=code, area="80", handover_state="已收房", handover_date=date(2020, 5, 1),
                     occupants=[OccupantInput(name, [phone])])


def test_both_readings_find_the_owner_and_exact_hits_come_first(db):
    with db.session(system=True) as s:
        for number in range(1, 31):  # thirty units whose owners start with w, listed before 魏霞 by code
            units.save_unit(s, _unit(f"1-1-1-{number:02d}01", f"王{'一二三四五六七八九十'[number % 10]}伟", f"1390000{number:04d}"))
        units.save_unit(s, _unit("9-9-1-0101", "魏霞", "13812345678"))
        units.save_unit(s, _unit("9-9-1-0102", "曾丽娟", "13987654321"))
    with db.session(system=True) as s:
        assert units.suggest(s, "wx")[0].person_name == "魏霞"
        assert units.suggest(s, "zlj")[0].person_name == "曾丽娟"
        assert units.suggest(s, "clj")[0].person_name == "曾丽娟"
        assert units.suggest(s, "曾丽娟")[0].unit_code == "9-9-1-0102"
        assert units.suggest(s, "4321")[0].person_name == "曾丽娟"
        assert units.suggest(s, "0102")[0].unit_code == "9-9-1-0102"
        assert len(units.suggest(s, "w", limit=units.SUGGEST_LIMIT)) == 31  # the list goes on past 12 lines


def test_a_database_indexed_before_is_reindexed_with_every_reading(db):
    from sqlalchemy import select

    from frontdesk.db.models import Person

    with db.session(system=True) as s:
        units.save_unit(s, _unit("9-9-1-0102", "曾丽娟", "13987654321"))
    with db.session(system=True) as s:
        s.scalar(select(Person).where(Person.name == "曾丽娟")).name_initials = "clj"  # the old, one-reading key
    with db.session(system=True) as s:
        assert not units.suggest(s, "zlj")
        assert units.reindex_initials(s) == 1
    with db.session(system=True) as s:
        assert units.suggest(s, "zlj")[0].person_name == "曾丽娟"
