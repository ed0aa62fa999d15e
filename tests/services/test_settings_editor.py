import pytest

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import settings, settings_editor


def test_values_are_checked_all_before_any_is_saved(db):
    with pytest.raises(ValidationError) as info, db.session("吴海燕", "客服主管") as s:
        settings_editor.save_values(s, {"company_name": "新公司", "daily_target_calls": "七十", "desk_phone": "abc"})
    assert set(info.value.errors) == {"daily_target_calls", "desk_phone"}
    with db.session(system=True) as s:
        assert settings.get(s, "company_name") == "天元物业服务有限公司"
    with db.session("吴海燕", "客服主管") as s:
        settings_editor.save_values(s, {"company_name": "新公司", "daily_target_calls": "80"})
    with db.session(system=True) as s:
        assert settings.get(s, "company_name") == "新公司" and settings.get(s, "daily_target_calls") == 80


def test_a_managed_list_keeps_order_and_deactivates_removed_entries(db):
    with db.session("吴海燕", "客服主管") as s:
        settings_editor.save_list(s, "department", ["客服部", "工程部", "绿化部"])
    with db.session(system=True) as s:
        assert settings.lookup_values(s, "department") == ["客服部", "工程部", "绿化部"]
    with pytest.raises(ValidationError), db.session("吴海燕", "客服主管") as s:
        settings_editor.save_list(s, "department", ["客服部", "客服部"])


def test_a_receptionist_cannot_change_settings(db):
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        settings_editor.save_values(s, {"company_name": "x"})
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        settings_editor.save_list(s, "department", ["x"])


def test_the_inspection_checklist_is_checked_whole_and_the_day_grid_uses_it(db):
    from datetime import date
    from decimal import Decimal

    from frontdesk.services.settings_editor import InspectionItemRow
    from frontdesk.services.training import inspections

    with db.session(system=True) as s:
        rows = settings_editor.current_inspection_items(s)
    assert rows[0] == InspectionItemRow("仪容仪表", "2")
    bad = [InspectionItemRow("仪容仪表", "2"), InspectionItemRow("仪容仪表", "3"),
           InspectionItemRow("", "1"), InspectionItemRow("微笑服务", "二"), InspectionItemRow("着装", "101")]
    with pytest.raises(ValidationError) as info, db.session("吴海燕", "客服主管") as s:
        settings_editor.save_inspection_items(s, bad)
    assert set(info.value.errors) == {"items.1", "items.2", "items.3", "items.4"}
    assert "重复" in info.value.errors["items.1"]
    with db.session(system=True) as s:
        assert [i.name for i in inspections.checklist(s)][0:2] == ["仪容仪表", "站立服务"]
    edited = rows + [InspectionItemRow("微笑服务", "1.5"), InspectionItemRow("", "")]
    with db.session("吴海燕", "客服主管") as s:
        settings_editor.save_inspection_items(s, edited)
    with db.session(system=True) as s:
        grid = inspections.day_grid(s, date(2026, 11, 2))
        assert grid.items[-1] == inspections.ChecklistItem("微笑服务", Decimal("1.5"))
        assert len(grid.items) == len(rows) + 1
        assert settings_editor.current_inspection_items(s)[-1] == InspectionItemRow("微笑服务", "1.5")
    with pytest.raises(ValidationError) as info, db.session("吴海燕", "客服主管") as s:
        settings_editor.save_inspection_items(s, [InspectionItemRow("", "")])
    assert "至少" in info.value.errors["items"]


def test_rectification_deadlines_per_kind_are_used_by_new_notices(db):
    from datetime import date

    from frontdesk.services import violation_notices
    from frontdesk.services.settings_editor import DeadlineSettings

    with db.session(system=True) as s:
        current = settings_editor.current_deadlines(s)
    assert current.per_kind["私拉电线"] == "2" and current.default_days == "7" and current.second_days == "3"
    bad = DeadlineSettings({**current.per_kind, "私拉电线": "0", "违规装修": "一周"}, "400", "3")
    with pytest.raises(ValidationError) as info, db.session("吴海燕", "客服主管") as s:
        settings_editor.save_deadlines(s, bad)
    assert set(info.value.errors) == {"kind.私拉电线", "kind.违规装修", "default_days"}
    with db.session(system=True) as s:
        assert violation_notices.deadline_days(s, "私拉电线") == 2
    good = DeadlineSettings({**current.per_kind, "私拉电线": "5", "其他": ""}, "10", "4")
    with db.session("吴海燕", "客服主管") as s:
        settings_editor.save_deadlines(s, good)
    start = date(2026, 11, 2)
    with db.session(system=True) as s:
        assert violation_notices.default_deadline(s, "私拉电线", start) == date(2026, 11, 7)
        assert violation_notices.default_deadline(s, "其他", start) == date(2026, 11, 12)  # the default now
        assert violation_notices.default_deadline(s, "私搭乱建", start, level=2) == date(2026, 11, 6)
        assert settings_editor.current_deadlines(s).per_kind["其他"] == ""


def test_a_receptionist_cannot_change_the_checklist_or_deadlines(db):
    with db.session(system=True) as s:
        rows, deadlines = settings_editor.current_inspection_items(s), settings_editor.current_deadlines(s)
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        settings_editor.save_inspection_items(s, rows)
    with pytest.raises(PermissionDenied), db.session("张丽", "前台客服") as s:
        settings_editor.save_deadlines(s, deadlines)
