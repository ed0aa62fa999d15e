"""A new install prints no made-up company: notices and letters wait until the administrator names it."""

from datetime import date

import pytest

from frontdesk.errors import DomainError, PermissionDenied, ValidationError
from frontdesk.services import company, demo, letters, settings, units, violations
from frontdesk.services import violation_notices as notices

REAL = company.CompanyProfile("江海物业服务有限公司", "南通市工农路 1 号", "0513-85550000")


@pytest.fixture
def new_install(db):
    """The test desk with the company forgotten, as on the first start of a new install."""
    with db.session(system=True) as s:
        for key in ("company_name", "company_address", "desk_phone", "company_logo", "project_name"):
            settings.put(s, key, settings.DEFAULTS[key])
    return db


def test_the_defaults_invent_no_company():
    assert all(settings.DEFAULTS[key] == "" for key in ("company_name", "company_address", "desk_phone"))
    assert not set(demo.DEMO_COMPANY.values()) & {str(v) for v in settings.DEFAULTS.values()}


def test_notices_and_letters_wait_for_the_company(new_install, frozen_now, tmp_path):
    db = new_install
    with db.session("吴海燕", "客服主管") as s:
        units.save_unit(s, units.UnitInput(code="1-1-1-0101", area="96"))
        vid = violations.record_violation(s, violations.ViolationInput(
            kind="外置阳台罩", description="阳台罩", found_by="周建国", found_date=date(2026, 11, 20), unit_text="1-1-1-0101"))
        assert company.missing(s) == ["公司名称", "地址", "电话"]
    data = notices.NoticeInput(rule="《管理规约》", requirement="拆除", addressee="业主/住户")
    for attempt in (lambda s: notices.issue_notice(s, vid, data), lambda s: notices.preview(s, vid, data),
                    lambda s: letters.send_letters(s, lambda _letters, _head: tmp_path / "x.pdf", 1)):
        with pytest.raises(DomainError) as info, db.session("吴海燕", "客服主管") as s:
            attempt(s)
        assert "还没有填写公司名称、地址、电话" in info.value.message and "工具 → 设置" in info.value.message
    with db.session("管理员", "管理员") as s:
        company.save_profile(s, REAL)
    with db.session("吴海燕", "客服主管") as s:
        number = notices.issue_notice(s, vid, data)
        document = notices.document(s, number)
    assert (document.company, document.address, document.phone) == (REAL.name, REAL.address, REAL.phone)
    assert "江海物业服务有限公司" in document.body and "0513-85550000" in document.body
    assert document.place == "1-1-1-0101", "no estate name is invented either"


def test_the_company_is_checked_whole_and_kept_by_the_supervisor(new_install, tmp_path):
    db = new_install
    with pytest.raises(ValidationError) as info, db.session("管理员", "管理员") as s:
        company.save_profile(s, company.CompanyProfile("", "", "12", str(tmp_path / "logo.txt")))
    assert set(info.value.errors) == {"company_name", "company_address", "desk_phone", "company_logo"}
    with db.session(system=True) as s:
        assert not company.is_set(s), "nothing is saved while anything is wrong"
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        company.save_profile(s, REAL)


def test_the_demo_brings_its_own_company(demo_db):
    with demo_db.session(system=True) as s:
        assert company.profile(s).name == demo.DEMO_COMPANY["company_name"] and company.is_set(s)
