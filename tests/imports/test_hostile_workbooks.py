"""Workbooks built to hurt: a claimed whole-sheet size, NaN in number cells, superscript room digits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from frontdesk.services import imports

SRC = str(Path(__file__).resolve().parents[2] / "src")
UNIT = {"期": 1, "楼栋": 20, "单元": 1, "房号": "0302", "建筑面积": 88.5, "收房状态": "已收房",
        "收房日期": "2020-05-01", "业主姓名": "王芳"}


def _units_sheet(path: Path, rows: list[dict], last_cell: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    headers = imports.KINDS["units"].headers()
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    if last_cell:
        ws[last_cell] = "x"
    wb.save(path)
    return path


def _claim_whole_sheet(path: Path) -> Path:
    """Rewrite the sheet's <dimension> to A1:XFD1048576, as a hostile or broken writer does."""
    out = path.with_name("claims-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', data)
            zout.writestr(item, data)
    return out


def test_a_small_workbook_claiming_the_whole_sheet_is_read_by_its_real_cells(db, tmp_path):
    hostile = _claim_whole_sheet(_units_sheet(tmp_path / "u.xlsx", [UNIT], last_cell="XFD1048576"))
    assert hostile.stat().st_size < 16_000
    # In a process with 1.5 GB of address space: sizing rows by the claim would need ~140 GB.
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "from frontdesk.services.imports.reading import read_sheet\n"
        "from frontdesk.services import imports\n"
        "sheet = read_sheet(sys.argv[1], imports.KINDS['units'].headers())\n"
        "print(len(sheet.rows), max(len(cells) for _n, cells in sheet.rows))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(hostile)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": SRC}, timeout=300)
    assert result.returncode == 0, result.stderr
    rows, widest = map(int, result.stdout.split())
    assert rows == 2 and widest == 16384  # the unit's row and the stray cell's row, nothing in between
    outcome = imports.run_import(db.opener(system=True), "units", hostile, dry_run=True)
    assert [p.row for p in outcome.problems][:1] == [1048576]  # the stray row is a row problem
    assert not any(p.row == 2 for p in outcome.problems)


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity", "-Infinity", "1e999999"])
def test_not_a_number_in_a_number_cell_is_a_row_problem(db, tmp_path, value):
    path = _units_sheet(tmp_path / "u.xlsx", [{**UNIT, "楼栋": value}, {**UNIT, "房号": "0303", "建筑面积": value}])
    outcome = imports.run_import(db.opener(system=True), "units", path)
    found = {(p.row, p.header) for p in outcome.problems}
    assert found == {(2, "楼栋"), (3, "建筑面积")} and not outcome.applied


@pytest.mark.parametrize("room", ["³⁰²", "0³02"])
def test_superscript_digits_in_the_room_are_refused_with_a_row_message(db, tmp_path, room):
    outcome = imports.run_import(db.opener(system=True), "units", _units_sheet(tmp_path / "u.xlsx", [{**UNIT, "房号": room}]))
    assert [(p.row, p.header) for p in outcome.problems] == [(2, "房号")]
    assert "数字" in outcome.problems[0].expected and not outcome.applied
