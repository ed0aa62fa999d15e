"""A long report reads a snapshot and never holds up the desk's saves (SQLite WAL)."""

import threading
import time

from sqlalchemy import func, select

from frontdesk.db.models import Contact
from frontdesk.services import calls


def test_a_save_goes_through_while_a_long_read_is_open(demo_db, frozen_now):
    inside, release = threading.Event(), threading.Event()
    seen = {}

    def long_report():
        with demo_db.session("报表", read_only=True, system=True) as s:
            seen["before"] = s.scalar(select(func.count()).select_from(Contact))
            inside.set()
            release.wait(10)
            seen["snapshot"] = s.scalar(select(func.count()).select_from(Contact))

    reader = threading.Thread(target=long_report)
    reader.start()
    assert inside.wait(10)
    started = time.monotonic()
    with demo_db.session("张丽", system=True) as s:  # would wait for the lock if the report held it
        calls.log_contact(s, calls.ContactInput(content="报表运行时登记的来电"), 1)
    waited = time.monotonic() - started
    release.set()
    reader.join(10)
    assert waited < 3, f"the save waited {waited:.1f} s for the report"
    assert seen["snapshot"] == seen["before"]
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == seen["before"] + 1
