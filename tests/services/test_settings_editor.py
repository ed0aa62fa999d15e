import pytest

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import settings, settings_editor


def test_values_are_checked_all_before_any_is_saved(db):
    with pytest.raises(ValidationError) as info, db.session("吴海燕", "客服主管") as s:
        settings_editor.save_values(s, {"company_name": "新公司", "daily_target_calls": "七十", "desk_phone": "abc"})
    assert set(info.value.errors) == {"daily_target_calls", "desk_phone"}
    with db.session() as s:
        assert settings.get(s, "company_name") == "天元物业服务有限公司"
    with db.session("吴海燕", "客服主管") as s:
        settings_editor.save_values(s, {"company_name": "新公司", "daily_target_calls": "80"})
    with db.session() as s:
        assert settings.get(s, "company_name") == "新公司" and settings.get(s, "daily_target_calls") == 80


def test_a_managed_list_keeps_order_and_deactivates_removed_entries(db):
    with db.session("吴海燕", "客服主管") as s:
        settings_editor.save_list(s, "department", ["客服部", "工程部", "绿化部"])
    with db.session() as s:
        assert settings.lookup_values(s, "department") == ["客服部", "工程部", "绿化部"]
    with pytest.raises(ValidationError), db.session("吴海燕", "客服主管") as s:
        settings_editor.save_list(s, "department", ["客服部", "客服部"])


def test_a_receptionist_cannot_change_settings(db):
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        settings_editor.save_values(s, {"company_name": "x"})
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        settings_editor.save_list(s, "department", ["x"])
