"""Lengths and limits are the services' business: a too-long value gets a Chinese message naming the field
and its limit, on SQLite and PostgreSQL alike (where the database would otherwise refuse the whole save)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from frontdesk.db.models import Contact, Staff
from frontdesk.errors import ValidationError
from frontdesk.services import calls, limits, staff, units, violations

LONG_NAME = "欧阳" * 30  # 60 characters


def _errors(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.errors


def test_limits_come_from_the_model_columns():
    assert limits.limit_of(Contact, "caller_name") == 40
    assert limits.limit_of(Staff, "name") == 40
    assert limits.limit_of(Contact, "content") == limits.TEXT_LIMIT


def test_a_long_name_or_content_is_refused_with_the_field_and_its_limit(demo_db):
    with demo_db.session("张丽", "前台客服") as s:
        me = staff.find_by_name(s, "张丽").id
        before = s.scalar(select(func.count()).select_from(Contact))
        errors = _errors(lambda: calls.log_contact(
            s, calls.ContactInput(content="报修" * 2500, caller_name=LONG_NAME), me))
    assert errors["content"].startswith("内容最多 2000 个字") and "5000" in errors["content"]
    assert errors["caller_name"].startswith("来电人最多 40 个字") and "60" in errors["caller_name"]
    with demo_db.session("张丽", "前台客服") as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == before
        errors = _errors(lambda: violations.record_violation(s, violations.ViolationInput(
            kind="私搭乱建", description="阳台搭建", found_by=LONG_NAME, location="2期5栋楼顶")))
        assert errors["found_by"].startswith("发现人最多 40 个字")
        errors = _errors(lambda: units.save_unit(s, units.UnitInput(
            code="9-9-1-0101", area="88", occupants=[units.OccupantInput(name=LONG_NAME, phones=[])])))
        assert "住户的姓名最多 40 个字" in errors["occupants.0.name"]
    with demo_db.session("吴海燕", "客服主管") as s:
        assert _errors(lambda: staff.add_staff(s, LONG_NAME, "前台客服"))["name"].startswith("员工姓名最多 40 个字")


def test_names_at_the_limit_are_saved(demo_db):
    with demo_db.session("吴海燕", "客服主管") as s:
        ref = staff.add_staff(s, "欧" * 40, "前台客服")
    with demo_db.session(system=True) as s:
        assert s.get(Staff, ref.id).name == "欧" * 40
