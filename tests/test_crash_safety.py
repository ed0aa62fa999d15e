"""kill -9 in the middle of a burst of saves and of a large import: nothing saved is lost, nothing is half-done."""

import os
import signal
import subprocess
import sys
import time

import openpyxl
import pytest
from sqlalchemy import func, select

from frontdesk.db import backup
from frontdesk.db.models import Contact, Unit
from frontdesk.services import imports

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is a POSIX signal")

SAVER = """
import sys
from frontdesk.db.engine import Database
from frontdesk.services import calls
db = Database(sys.argv[1])
n = 0
while True:
    with db.session("张丽", system=True) as s:
        calls.log_contact(s, calls.ContactInput(content=f"连续保存 {n}"), 1)
    n += 1
    print(n, flush=True)
"""

IMPORTER = """
import sys
from frontdesk.db.engine import Database
from frontdesk.services import imports
print("start", flush=True)
imports.run_import(Database(sys.argv[1]).opener(system=True), "units", sys.argv[2])
print("done", flush=True)
"""


def _count(db, model, *where):
    with db.session(system=True) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_kill_during_a_burst_of_saves_loses_nothing_acknowledged(db):
    for trial in range(3):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, db.url], stdout=subprocess.PIPE, text=True)
        acknowledged = 0
        for line in proc.stdout:
            acknowledged = int(line)
            if acknowledged >= 20 + trial * 7:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        saved = _count(db, Contact, Contact.content.like("连续保存 %"))
        assert backup.check(db).ok
        assert saved >= acknowledged, f"trial {trial}: {acknowledged} acknowledged, {saved} in the database"
        with db.session(system=True) as s:
            s.query(Contact).delete()


def test_kill_during_a_large_import_leaves_the_database_as_before(db, tmp_path):
    path = tmp_path / "units.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(imports.KINDS["units"].headers())
    for i in range(1, 6001):
        ws.append([1, 30 + i // 1000, 1, f"{i % 1000 + 1:04d}", 90, "未收房", None, f"业主{i}", "", ""])
    wb.save(path)
    before = _count(db, Unit)
    for delay in (0.5, 1.5, 3.0):
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, db.url, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "start"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        after = _count(db, Unit)
        assert after in (before, before + 6000), f"half an import: {after - before} units"
        assert backup.check(db).ok
        before = after
