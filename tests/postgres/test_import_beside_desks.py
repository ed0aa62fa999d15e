"""An import while a desk keeps saving calls: both get everything in, no clash of ids, no locked database."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from frontdesk.db import backup
from frontdesk.db.models import Contact, Staff
from frontdesk.services import clock, imports

WORKER = Path(__file__).with_name("desk_worker.py")
IMPORTED_ROWS = 3000
DESK_CONTACTS = 600

both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)


def _calls_file(path: Path, receptionist: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(imports.KINDS["calls"].headers())
    start = datetime(2025, 1, 1, 8, 0)
    for i in range(IMPORTED_ROWS):
        ws.append([start + timedelta(minutes=7 * i), "电话", "咨询", "", "业主", "13900000000",
                   f"历史台账第 {i + 1} 条：咨询停车", "已答复", "已办结", receptionist])
    wb.save(path)
    return path


@both_backends
def test_an_import_beside_a_desk_saving_calls_loses_nothing_and_clashes_with_nothing(demo_db, tmp_path):
    with demo_db.session(system=True) as s:
        receptionist = s.scalar(select(Staff.name).order_by(Staff.id))
        before = s.scalar(select(func.count()).select_from(Contact))
    workbook = _calls_file(tmp_path / "calls.xlsx", receptionist)
    start_at = time.time() + 3
    desk = subprocess.Popen([sys.executable, str(WORKER), demo_db.url, "一期前台", str(DESK_CONTACTS), "0",
                             str(start_at)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second_import: list = []
    time.sleep(max(0.0, start_at - time.time()))
    # A second import of another file at the same moment, as a second office would.
    other = _calls_file(tmp_path / "calls-2.xlsx", receptionist)
    wb = openpyxl.load_workbook(other)
    for row in wb.active.iter_rows(min_row=2):
        row[6].value = "二号文件 " + row[6].value
    wb.save(other)
    clock.freeze(datetime(2026, 11, 25, 10, 30))
    try:
        worker_thread = threading.Thread(target=lambda: second_import.append(imports.run_import(demo_db.opener(system=True), "calls", other)))
        worker_thread.start()
        first = imports.run_import(demo_db.opener(system=True), "calls", workbook)
        worker_thread.join(timeout=300)
    finally:
        clock.freeze(None)
    out, err = desk.communicate(timeout=300)
    assert desk.returncode == 0, err[-3000:]
    saved_by_desk = json.loads(out.strip().splitlines()[-1])["contacts"]

    assert first.applied and first.added == IMPORTED_ROWS
    assert second_import and second_import[0].applied and second_import[0].added == IMPORTED_ROWS
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == before + 2 * IMPORTED_ROWS + DESK_CONTACTS
        assert s.scalar(select(func.count()).select_from(Contact).where(Contact.id.in_(saved_by_desk))) \
            == DESK_CONTACTS
    assert backup.check(demo_db).ok
