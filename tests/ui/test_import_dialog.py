import openpyxl
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import Unit
from frontdesk.services import imports
from frontdesk.ui.dialogs.import_dialog import ImportDialog


def _as_supervisor(window, demo_db):
    from frontdesk.db.models import Staff
    from frontdesk.services.staff import StaffRef

    with demo_db.session(system=True) as s:
        chief = s.scalar(select(Staff).where(Staff.name == "吴海燕"))
        window.ctx.user = StaffRef(chief.id, chief.name, chief.role)


def _units_file(path, area):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(imports.KINDS["units"].headers())
    ws.append([3, 9, 2, "0808", area, "未收房", None, "", "", ""])
    wb.save(path)
    return path


def test_check_then_import_in_the_background(window, qtbot, tmp_path, demo_db):
    _as_supervisor(window, demo_db)
    dialog = ImportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(_units_file(tmp_path / "bad.xlsx", "大")))
    dialog.start(dry_run=False)
    qtbot.waitUntil(lambda: dialog.problems.rowCount() == 1, timeout=10_000)
    assert dialog.problem_rows()[0][:3] == ["2", "建筑面积", "大"]
    report = tmp_path / "report.xlsx"
    dialog.save_report(report)
    assert report.exists()
    dialog.file_edit.setText(str(_units_file(tmp_path / "good.xlsx", 99)))
    # another file: the last file's problems are not shown beside its name
    assert dialog.problems.rowCount() == 0 and "发现" not in dialog.status.text()
    assert not dialog.report_button.isEnabled()
    qtbot.keyClick(dialog.file_edit, Qt.Key_Return)  # Enter in 文件 checks it (it opened 选择文件)
    qtbot.waitUntil(lambda: "检查通过" in dialog.status.text(), timeout=10_000)
    dialog.start(dry_run=False)
    qtbot.waitUntil(lambda: "已导入 1 条" in dialog.status.text(), timeout=10_000)
    with demo_db.session(system=True) as s:
        assert s.scalar(select(Unit.id).where(Unit.code == "3-9-2-0808")) is not None


def test_export_from_the_dialog(window, qtbot, tmp_path, answers, demo_db):
    _as_supervisor(window, demo_db)
    dialog = ImportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "units.xlsx"
    dialog.export_to(out)
    qtbot.waitUntil(lambda: any("已导出" in t for t in answers.texts("info")), timeout=10_000)
    ws = openpyxl.load_workbook(out).active
    assert ws.max_row > 10 and ws["A1"].value == "期"


def _ledger(path):
    """A hand-kept roster: a title row, its own header names, one column the template does not know."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["阳光花园业主花名册"])
    ws.append(["楼号", "第几期", "单元", "门号", "平米", "状态", "交房日", "户主", "手机", "车牌"])
    ws.append(["9栋", "3期", "2单元", "808", "99.5", "已交房", "2020年6月30日", "周八", "13800008888", "苏F1"])
    ws.append(["9栋", "3期", "2单元", "809", "八十", "已交房", "2020年6月30日", "吴九", "13800009999", ""])
    ws.append(["9栋", "3期", "2单元", "810", "76", "未交房", None, None, None, None])
    wb.save(path)
    return path


def test_a_file_with_other_headers_goes_through_the_mapping_step_which_is_remembered(
        window, qtbot, tmp_path, demo_db, answers):
    _as_supervisor(window, demo_db)
    dialog = ImportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(_ledger(tmp_path / "花名册.xlsx")))
    dialog.start(dry_run=True)
    qtbot.waitUntil(lambda: dialog.mapping_dialog is not None and dialog.mapping_dialog.isVisible(), timeout=10_000)
    step = dialog.mapping_dialog
    assert step.preview.rowCount() == 3 and step.preview.item(0, 3).text() == "808"  # the file's first rows
    assert step.choices["楼栋"].currentData() == "楼号" and step.choices["单元"].currentData() == "单元"  # found
    assert step.choices["收房状态"].currentData() is None  # not found: the user picks
    assert step.choices["期"].currentData() == ""  # optional and not found: left out unless picked
    step.accept()  # refused while columns are unchosen
    assert step.isVisible() and "收房状态" in answers.texts("warning")[-1]
    for header, file_header in (("期", "第几期"), ("房号", "门号"), ("建筑面积", "平米"), ("收房状态", "状态"),
                                ("收房日期", "交房日"), ("业主姓名", "户主"), ("联系电话", "手机"), ("备注", "")):
        step.choose(header, file_header)
    step.accept()
    qtbot.waitUntil(lambda: dialog.problems.rowCount() == 1, timeout=10_000)
    assert dialog.problem_rows()[0][:3] == ["4", "建筑面积", "八十"]
    assert "车牌" in dialog.status.text()  # the column nobody took is named
    dialog.problems.sortItems(1)
    report = tmp_path / "问题.xlsx"
    dialog.save_report(report)
    listing = openpyxl.load_workbook(report)["问题清单"]
    assert [c.value for c in listing[2]][:3] == [4, "建筑面积", "八十"]

    again = ImportDialog(window.ctx, window)  # the next file of this kind: the mapping is remembered
    qtbot.addWidget(again)
    again.file_edit.setText(str(_ledger(tmp_path / "花名册2.xlsx")))
    again.start(dry_run=False)
    qtbot.waitUntil(lambda: dialog.mapping_dialog is not None and again.problems.rowCount() == 1, timeout=10_000)
    assert again.mapping_dialog is None
    with demo_db.session(system=True) as s:
        assert s.scalar(select(Unit.id).where(Unit.code == "3-9-2-0808")) is None  # all or nothing


def test_a_technician_may_not_import_from_the_window(window, tmp_path, demo_db):
    """Once a 维修工 could bulk-import the roster through 工具 → 导入: refused, and the buttons say who may."""
    from frontdesk.db.models import Staff
    from frontdesk.errors import PermissionDenied
    from frontdesk.services.staff import StaffRef

    with demo_db.session(system=True) as s:
        tech = s.scalar(select(Staff).where(Staff.role == "维修工"))
        window.ctx.user = StaffRef(tech.id, tech.name, tech.role)
    dialog = ImportDialog(window.ctx, window)
    assert not dialog.import_button.isEnabled() and "客服主管" in dialog.import_button.toolTip()
    path = _units_file(tmp_path / "good.xlsx", 99)
    try:
        imports.run_import(window.ctx.session_opener(), "units", path)
    except PermissionDenied as exc:
        assert "维修工" in exc.message
    else:
        raise AssertionError("a technician imported units")
    with demo_db.session(system=True) as s:
        assert s.scalar(select(Unit.id).where(Unit.code == "3-9-2-0808")) is None
