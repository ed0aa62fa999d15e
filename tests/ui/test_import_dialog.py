import openpyxl
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
    qtbot.waitUntil(lambda: dialog.problems.count() == 1, timeout=10_000)
    assert "建筑面积" in dialog.problems.item(0).text()
    report = tmp_path / "report.xlsx"
    dialog.save_report(report)
    assert report.exists()
    dialog.file_edit.setText(str(_units_file(tmp_path / "good.xlsx", 99)))
    dialog.start(dry_run=True)
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
