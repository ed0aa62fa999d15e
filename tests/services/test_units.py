from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from frontdesk.db.models import AuditEntry, Person, Unit
from frontdesk.errors import ConflictError, DomainError, ValidationError
from frontdesk.services import units
from frontdesk.services.units import OccupantInput, UnitFilter, UnitInput


def _unit(code="1-2-1-0301", **extra):
    values = dict(code=code, area="89.5", handover_state="已收房", handover_date=date(2020, 5, 1),
                  occupants=[OccupantInput("张三丰", ["138 0000 1111", "0513-88886666"])])
    values.update(extra)
    return UnitInput(**values)


def test_a_unit_is_saved_with_its_owner_phones_and_initials(db):
    with db.session("张丽", system=True) as s:
        unit_id = units.save_unit(s, _unit())
    with db.session(system=True) as s:
        unit = units.get_unit(s, unit_id)
        assert unit.code == "1-2-1-0301"
        assert unit.area == Decimal("89.50")
        person = unit.occupancies[0].person
        assert person.name == "张三丰" and person.name_initials == "zsf"
        assert sorted(p.phone for p in person.phones) == ["051388886666", "13800001111"]
        assert unit.created_by == "张丽"
        audit = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "units")).all()
        assert [a.action for a in audit] == ["create"] and audit[0].actor == "张丽"


@pytest.mark.parametrize("change, field, words", [
    (dict(code="5栋302"), "code", "无法识别"),
    (dict(area="0"), "area", "大于 0"),
    (dict(area="-3"), "area", "大于 0"),
    (dict(area="八十"), "area", "不是数字"),
    (dict(handover_date=None), "handover_date", "收房日期"),
    (dict(occupants=[OccupantInput("李四", ["138abc0000"])]), "occupants.0.phones", "非数字"),
    (dict(occupants=[OccupantInput("", ["13800001111"])]), "occupants.0.name", "姓名"),
])
def test_bad_input_is_refused_at_the_field(db, change, field, words):
    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        units.save_unit(s, _unit(**change))
    assert words in info.value.errors[field]
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0


def test_a_duplicate_unit_is_refused(db):
    with db.session(system=True) as s:
        units.save_unit(s, _unit())
    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        units.save_unit(s, _unit(code="1期2栋1单元301"))
    assert "已经存在" in info.value.errors["code"]


def test_one_person_holds_two_units(db):
    with db.session(system=True) as s:
        units.save_unit(s, _unit())
        units.save_unit(s, _unit(code="1-2-1-0302"))
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def test_editing_keeps_the_owner_and_detects_a_conflict(db):
    with db.session(system=True) as s:
        unit_id = units.save_unit(s, _unit())
    with db.session(system=True) as s:
        unit = units.get_unit(s, unit_id)
        data, version = units.unit_input_of(unit), unit.version
    data.area = "101"
    data.occupants[0].phones.append("13900002222")
    with db.session(system=True) as s:
        units.save_unit(s, data, unit_id, version)
    with db.session(system=True) as s:
        unit = units.get_unit(s, unit_id)
        assert unit.area == Decimal("101.00")
        assert len(unit.occupancies[0].person.phones) == 3
    with pytest.raises(ConflictError), db.session(system=True) as s:
        units.save_unit(s, data, unit_id, version)


def test_search_by_code_name_initials_and_phone(demo_db):
    with demo_db.session(system=True) as s:
        some = units.list_units(s, UnitFilter(), limit=400)
        target = next(u for u in some if u.phones)
        owner = target.owners.split("、")[0].split("（")[0]
        phone = target.phones.split("、")[0]
        assert target.id in [u.id for u in units.list_units(s, UnitFilter(query=target.code))]
        assert target.id in [u.id for u in units.list_units(s, UnitFilter(query=owner), limit=400)]
        assert target.id in [u.id for u in units.list_units(s, UnitFilter(query=phone[-6:]), limit=400)]
        initials = units.pinyin_initials(owner).split()[-1]  # any reading finds the owner
        assert target.id in [u.id for u in units.list_units(s, UnitFilter(query=initials), limit=400)]


def test_tree_and_filter_by_building(demo_db):
    with demo_db.session(system=True) as s:
        tree = units.building_tree(s)
        phase, building, count = tree[0]
        assert units.count_units(s, UnitFilter(phase=phase, building=building)) == count
        assert sum(n for _p, _b, n in tree) == units.count_units(s, UnitFilter())


def test_a_unit_with_calls_cannot_be_deleted(demo_db):
    from frontdesk.db.models import Contact

    with demo_db.session(system=True) as s:
        unit_id = s.scalar(select(Contact.unit_id).where(Contact.unit_id.is_not(None)).limit(1))
    with pytest.raises(DomainError), demo_db.session(system=True) as s:
        units.delete_unit(s, unit_id)
