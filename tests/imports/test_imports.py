"""The import contract: templates, all-or-nothing imports with row/column problems, round trips."""

from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from frontdesk import cli
from frontdesk.db.models import AuditEntry, Contact, Staff, Unit
from frontdesk.errors import DomainError
from frontdesk.services import imports
from frontdesk.services.imports.framework import ImportCancelled


def _sheet(path, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


UNIT_HEADERS = imports.KINDS["units"].headers()


def _unit_row(i, **change):
    row = {"期": 1, "楼栋": 20, "单元": 1, "房号": f"{i:04d}", "建筑面积": 88.5, "收房状态": "已收房",
           "收房日期": "2020-05-01", "业主姓名": f"业主{i}", "联系电话": f"1380000{i:04d}", "备注": ""}
    row.update(change)
    return [row[h] for h in UNIT_HEADERS]


def test_template_has_headers_validation_and_a_guide(db, tmp_path):
    out = imports.template(db.opener(system=True), "calls", tmp_path / "calls.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == imports.KINDS["calls"].headers()
    assert ws.freeze_panes == "A2"
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("咨询" in f and "投诉" in f for f in lists)
    assert wb.worksheets[1].title == "说明"
    assert wb.worksheets[1]["A2"].value == "时间"


def test_one_bad_row_among_a_thousand_changes_nothing(db, tmp_path):
    rows = [_unit_row(i) for i in range(1, 1001)]
    rows[536] = _unit_row(537, 建筑面积="八十")
    path = _sheet(tmp_path / "units.xlsx", UNIT_HEADERS, rows)
    result = imports.run_import(db.opener(system=True), "units", path)
    assert not result.applied and len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.row, problem.header, problem.value) == (538, "建筑面积", "八十")
    assert "第 538 行" in problem.line() and "建筑面积" in problem.line()
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0


def test_good_file_imports_once_and_reimport_adds_nothing(db, tmp_path):
    path = _sheet(tmp_path / "units.xlsx", UNIT_HEADERS, [_unit_row(i) for i in range(1, 51)])
    first = imports.run_import(db.opener("张丽", system=True), "units", path)
    assert first.applied and first.added == 50
    again = imports.run_import(db.opener(system=True), "units", path)
    assert again.added == 0 and again.skipped == 50
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 50
        unit = s.scalar(select(Unit).where(Unit.code == "1-20-1-0007"))
        assert unit.occupancies[0].person.name == "业主7"
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "units",
                                                                           AuditEntry.actor == "张丽")) == 50


def test_dry_run_writes_nothing(db, tmp_path):
    path = _sheet(tmp_path / "units.xlsx", UNIT_HEADERS, [_unit_row(1)])
    result = imports.run_import(db.opener(system=True), "units", path, dry_run=True)
    assert result.ok and not result.applied
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0


def test_cancel_writes_nothing(db, tmp_path):
    path = _sheet(tmp_path / "units.xlsx", UNIT_HEADERS, [_unit_row(i) for i in range(1, 401)])
    with pytest.raises(ImportCancelled):
        imports.run_import(db.opener(system=True), "units", path, progress=lambda done, total: False)
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0


@pytest.mark.parametrize("change, header", [
    (dict(房号="30A"), "房号"),
    (dict(收房日期="2025-02-30"), "收房日期"),
    (dict(建筑面积=1e309), "建筑面积"),
    (dict(建筑面积=0.001), "建筑面积"),
    (dict(收房状态="已经交了"), "收房状态"),
    (dict(联系电话="138abc"), "联系电话"),
    (dict(期=None), "期"),
])
def test_each_bad_cell_is_named(db, tmp_path, change, header):
    path = _sheet(tmp_path / "u.xlsx", UNIT_HEADERS, [_unit_row(1, **change)])
    result = imports.run_import(db.opener(system=True), "units", path)
    assert [p.header for p in result.problems] == [header]


def test_a_row_with_several_problems_lists_every_one_the_missing_date_too(db, tmp_path):
    """已收房 without 收房日期 on a row whose 建筑面积 is also wrong: both are listed (the date was left
    out, and came up only on the next check)."""
    path = _sheet(tmp_path / "u.xlsx", UNIT_HEADERS, [_unit_row(1, 建筑面积="八十", 收房日期=None)])
    result = imports.run_import(db.opener(system=True), "units", path)
    assert sorted(p.header for p in result.problems) == ["建筑面积", "收房日期"]


def test_a_duplicate_inside_the_file_is_reported(db, tmp_path):
    path = _sheet(tmp_path / "u.xlsx", UNIT_HEADERS, [_unit_row(1), _unit_row(1)])
    result = imports.run_import(db.opener(system=True), "units", path)
    assert result.problems and "第 2 行" in result.problems[0].expected


def test_unreadable_files_get_a_clear_message(db, tmp_path):
    text_file = tmp_path / "notes.xlsx"
    text_file.write_text("不是表格")
    with pytest.raises(DomainError, match="不是 Excel"):
        imports.run_import(db.opener(system=True), "units", text_file)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(DomainError, match="密码"):
        imports.run_import(db.opener(system=True), "units", locked)
    headless = _sheet(tmp_path / "h.xlsx", ["期", "楼栋"], [[1, 2]])
    with pytest.raises(DomainError, match="缺少列"):
        imports.run_import(db.opener(system=True), "units", headless)


def test_trailing_empty_rows_and_merged_cells(db, tmp_path):
    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(UNIT_HEADERS)
    ws.append(_unit_row(1))
    ws.append(_unit_row(2, 期=None))
    ws.merge_cells("A2:A3")  # 期 merged over both rows: read as 1 for both
    for row in range(4, 50_004):
        ws.cell(row=row, column=10, value=" ")
    wb.save(path)
    result = imports.run_import(db.opener(system=True), "units", path)
    assert result.applied and result.added == 2


def test_calls_round_trip_with_formula_looking_text(demo_db, db, tmp_path, frozen_now):
    from frontdesk.services import calls

    with demo_db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        calls.log_contact(s, calls.ContactInput(content="=1+1", caller_name="@张三", handling="-已处理"), owner)
    units_file, staff_file, calls_file = tmp_path / "u.xlsx", tmp_path / "s.xlsx", tmp_path / "c.xlsx"
    imports.export(demo_db.opener(read_only=True, system=True), "units", units_file)
    imports.export(demo_db.opener(read_only=True, system=True), "staff", staff_file)
    count = imports.export(demo_db.opener(read_only=True, system=True), "calls", calls_file)
    ws = openpyxl.load_workbook(calls_file).active
    formula_row = next(r for r in ws.iter_rows(min_row=2) if r[6].value == "=1+1")
    assert formula_row[6].data_type == "s" and formula_row[4].value == "@张三"
    assert isinstance(formula_row[0].value, datetime)
    for kind, path in (("staff", staff_file), ("units", units_file), ("calls", calls_file)):
        result = imports.run_import(db.opener(system=True), kind, path)
        assert result.ok, [p.line() for p in result.problems[:5]]
    with demo_db.session(system=True) as a, db.session(system=True) as b:
        assert b.scalar(select(func.count()).select_from(Contact)) == count
        assert a.scalar(select(func.count()).select_from(Unit)) == b.scalar(select(func.count()).select_from(Unit))
        original = sorted(a.execute(select(Contact.occurred_at, Contact.content, Contact.status)).all())
        copied = sorted(b.execute(select(Contact.occurred_at, Contact.content, Contact.status)).all())
        assert original == copied


def test_cli_import_exit_codes_and_report(data_home, tmp_path, capsys):
    assert cli.main(["init"]) == 0
    bad = _sheet(tmp_path / "bad.xlsx", UNIT_HEADERS, [_unit_row(1), _unit_row(2, 建筑面积=-5)])
    report = tmp_path / "report.xlsx"
    assert cli.main(["import", "units", str(bad), "--report", str(report)]) == 2
    err = capsys.readouterr().err
    assert "第 3 行" in err and "建筑面积" in err
    wb = openpyxl.load_workbook(report)
    marked = [c for row in wb["原始数据"].iter_rows() for c in row if c.fill.fgColor.rgb.endswith("FFC7CE")]
    assert len(marked) == 1 and marked[0].value == -5
    good = _sheet(tmp_path / "good.xlsx", UNIT_HEADERS, [_unit_row(1)])
    assert cli.main(["import", "units", str(good), "--dry-run"]) == 0
    assert cli.main(["import", "units", str(good)]) == 0
    assert "已导入 1 条" in capsys.readouterr().out
    assert cli.main(["import", "nonsense", str(good)]) == 2
    assert cli.main(["template", "units", str(tmp_path / "t.xlsx")]) == 0


def test_a_phase_the_estate_does_not_have_is_called_out_before_importing(db, tmp_path):
    """第四期 on an estate of three: the check passes (a new phase is allowed) and says so, to be confirmed
    (it was only "2 行将新增")."""
    ok = _sheet(tmp_path / "u1.xlsx", UNIT_HEADERS, [_unit_row(1)])
    assert imports.run_import(db.opener(system=True), "units", ok).applied  # the estate's 1期
    path = _sheet(tmp_path / "u2.xlsx", UNIT_HEADERS, [_unit_row(2), _unit_row(3, 期="第四期")])
    result = imports.run_import(db.opener(system=True), "units", path, dry_run=True)
    assert result.ok and result.notices == ["将新增 4期（现有 1期）：请确认不是期号写错"]
    same = imports.run_import(db.opener(system=True), "units", _sheet(tmp_path / "u3.xlsx", UNIT_HEADERS, [_unit_row(4)]),
                              dry_run=True)
    assert same.notices == []
