"""vendors, vendor_issues and announcements: template, export → import round trip, bad cells named, nothing twice."""

import openpyxl
from sqlalchemy import func, select

from frontdesk.db.models import Announcement, VendorIssue, VendorMeeting
from frontdesk.services import imports

KINDS = ("vendors", "vendor_issues", "announcements")


def _rows(path) -> list[tuple]:
    return [tuple(c.value for c in row) for row in openpyxl.load_workbook(path).active.iter_rows()]


def test_template_headers_are_the_contract(db, tmp_path):
    expected = {
        "vendor_issues": ["会议日期", "外包方", "位置", "问题描述", "限期", "跟进人", "复查日期", "复查结果", "状态"],
        "announcements": ["编号", "类型", "标题", "正文", "张贴楼栋", "张贴日期", "撤下日期", "发布人"],
    }
    for kind, headers in expected.items():
        out = imports.template(db.opener(system=True), kind, tmp_path / f"{kind}.xlsx")
        assert list(_rows(out)[0][:len(headers)]) == headers


def test_round_trip_from_the_demo_into_an_empty_database(demo_db, db, tmp_path, frozen_now):
    for kind in ("units", "staff", *KINDS):
        path = tmp_path / f"{kind}.xlsx"
        assert imports.export(demo_db.opener(read_only=True, system=True), kind, path) > 0 or kind != "vendor_issues"
        result = imports.run_import(db.opener("张丽", system=True), kind, path)
        assert result.ok and result.applied, [p.line() for p in result.problems[:5]]
        if kind not in KINDS:
            continue
        again = tmp_path / f"{kind}-again.xlsx"
        imports.export(db.opener(read_only=True, system=True), kind, again)
        assert _rows(again) == _rows(path), kind
        repeat = imports.run_import(db.opener("张丽", system=True), kind, path)
        assert repeat.ok and repeat.added == 0 and repeat.skipped == result.added, kind
    with db.session(system=True) as s, demo_db.session(system=True) as d:
        for model in (VendorIssue, Announcement):
            assert s.scalar(select(func.count()).select_from(model)) == d.scalar(
                select(func.count()).select_from(model).where(model.deleted_at.is_(None)))
        assert s.scalar(select(func.count()).select_from(VendorMeeting)) > 0
        carried = s.scalar(select(func.count()).select_from(VendorIssue).where(VendorIssue.status == "未整改"))
        assert carried == s.scalar(select(func.count()).select_from(VendorIssue).where(
            VendorIssue.status == "未整改", VendorIssue.carry_overs == 1))


def test_a_take_down_before_posting_names_the_row_and_writes_nothing(db, tmp_path, frozen_now):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(imports.KINDS["announcements"].headers())
    ws.append(["", "通知", "停水通知", "6月12日停水", "全部楼栋", "2026-11-20", "2026-11-22", "张丽"])
    ws.append(["GG-2026-007", "温馨提示", "防汛提示", "关好门窗", "9期9栋", "2026-11-20", "2026-11-19", "张丽"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    result = imports.run_import(db.opener(system=True), "announcements", path)
    lines = [p.line() for p in result.problems]
    assert not result.applied
    assert any(line.startswith("第 3 行，“撤下日期”列") and "早于张贴日期" in line for line in lines), lines
    assert any(line.startswith("第 3 行，“张贴楼栋”列") for line in lines), lines
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Announcement)) == 0
    ws.delete_rows(3)
    ws.append(["GG-2026-007", "温馨提示", "防汛提示", "关好门窗", "全部楼栋", "2026-11-20", "", "张丽"])
    wb.save(path)
    assert imports.run_import(db.opener(system=True), "announcements", path).applied
    with db.session(system=True) as s:
        numbers = sorted(s.scalars(select(Announcement.number)))
    assert numbers == ["GG-2026-007", "GG-2026-008"]  # the numbered one kept its number; new ones follow it
