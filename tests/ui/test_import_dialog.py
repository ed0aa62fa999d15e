import openpyxl
from sqlalchemy import select

from frontdesk.db.models import Unit
from frontdesk.services import imports
from frontdesk.ui.dialogs.import_dialog import ImportDialog


def _units_file(path, area):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(imports.KINDS["units"].headers())
    ws.append([3, 9, 2, "0808", area, "未收房", None, "", "", ""])
    wb.save(path)
    return path


def test_check_then_import_in_the_background(window, qtbot, tmp_path, demo_db):
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


def test_export_from_the_dialog(window, qtbot, tmp_path, answers):
    dialog = ImportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "units.xlsx"
    dialog.export_to(out)
    qtbot.waitUntil(lambda: any("已导出" in t for t in answers.texts("info")), timeout=10_000)
    ws = openpyxl.load_workbook(out).active
    assert ws.max_row > 10 and ws["A1"].value == "期"
