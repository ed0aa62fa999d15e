"""Demo sign-in accounts: every demo colleague signs in with the password README lists."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from frontdesk.db.models import Staff, UserAccount
from frontdesk.services import clock
from frontdesk.services.demo_marks import DEMO_MAKER, DEMO_PASSWORD
from frontdesk.services.users import hash_password


def make_accounts(session: Session, staff: list[Staff]) -> None:
    now = clock.now()
    shared_hash = hash_password(DEMO_PASSWORD)  # one hash for all: the same password, and a quick demo
    session.execute(insert(UserAccount), [
        dict(staff_id=person.id, password_hash=shared_hash, failed_attempts=0, must_change_password=False,
             created_at=now, created_by=DEMO_MAKER, updated_at=now, updated_by=DEMO_MAKER, version=1)
        for person in staff
    ])
