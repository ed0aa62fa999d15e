"""Every database opened gets its sessions' listeners (audit, voided records hidden, kept statistics
dropped by their writers), however many were opened and closed before it in the same process."""

import gc

from frontdesk.db import audit, closed_figures, soft_delete
from frontdesk.db.engine import Database


def test_each_database_opened_after_another_has_its_listeners(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    missing = []
    gc.freeze()  # what exists already is not searched 40 times: each collection walks only the new objects
    try:
        for attempt in range(40):  # an earlier database's session class, collected, leaves its id to the next
            db = Database(url)
            with db.session(system=True) as session:
                listening = (audit._before_flush in list(session.dispatch.before_flush),
                             soft_delete._hide_voided in list(session.dispatch.do_orm_execute),
                             closed_figures._after_flush in list(session.dispatch.after_flush))
            if not all(listening):
                missing.append((attempt, listening))
            db.dispose()
            del db, session
            gc.collect()
    finally:
        gc.unfreeze()
    assert missing == []
