import pytest

from frontdesk.errors import ValidationError
from frontdesk.services.unit_codes import UnitPattern, parse_unit_code, parse_unit_pattern


@pytest.mark.parametrize("typed", ["2-5-1-0302", "2-5-1-302", "2期5栋1单元302", "二期5栋1单元302室",
                                   "２－５－１－３０２", " 2-5-1-0302 ", "2期5号楼1单元0302"])
def test_accepted_forms_give_the_canonical_code(typed):
    assert parse_unit_code(typed).code == "2-5-1-0302"


@pytest.mark.parametrize("typed", ["", "abc", "2-5-0302", "2期5栋302", "0-5-1-0302", "2-5-1-0000"])
def test_unparseable_codes_say_how_to_write_them(typed):
    with pytest.raises(ValidationError) as info:
        parse_unit_code(typed)
    assert "code" in info.value.errors
    assert "2-5-1-0302" in info.value.errors["code"] or "大于 0" in info.value.errors["code"]


def test_partial_forms_typed_at_the_desk():
    assert parse_unit_pattern("3-2-1502") == UnitPattern(building=3, entrance=2, room="1502")
    assert parse_unit_pattern("3栋1502") == UnitPattern(building=3, room="1502")
    assert parse_unit_pattern("1期3栋") == UnitPattern(phase=1, building=3)
    assert parse_unit_pattern("张三") is None
