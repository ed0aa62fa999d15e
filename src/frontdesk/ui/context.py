"""What every screen needs: the database and who is signed in.

This is the one place in ui/ that opens database sessions: every session carries the signed-in
person's name and role (services check the role; the audit trail records the name). Only the
sign-in dialog, before anyone is signed in, uses `sign_in_session`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.services.staff import StaffRef


class Topic(Enum):
    """What kind of data a screen changed; only topics some screen listens to are listed."""

    CONTACTS = "contacts"  # calls, visits and the complaints they open
    UNITS = "units"
    REPAIRS = "repairs"
    VIOLATIONS = "violations"
    PAYMENTS = "payments"
    COLLECTION_ACTIONS = "collection_actions"
    BILLS = "bills"
    TRAINING = "training"
    STAFF = "staff"
    SLOGANS = "slogans"
    SETTINGS = "settings"
    VENDORS = "vendors"  # vendors, their 月会, problems and one-off jobs
    ANNOUNCEMENTS = "announcements"  # the notice board
    USER = "user"  # another person signed in


class DataEvents(QObject):
    """Tabs announce what they changed so the others refresh (e.g. a call creates a complaint)."""

    changed = Signal(Topic)
    saved = Signal(object)  # a save_notice.Saved: the status bar says what was just stored


@dataclass
class AppContext:
    db: Database
    user: StaffRef
    events: DataEvents

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session(self.user.name, self.user.role) as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """For long reads (statistics, exports): never holds up the desk's saves."""
        with self.db.session(self.user.name, self.user.role, read_only=True) as session:
            yield session

    def session_opener(self, read_only: bool = False) -> Callable[..., AbstractContextManager[Session]]:
        """Sessions for a background task, bound to the person who started it (a later 切换用户
        does not change whose name the task's records carry)."""
        db, name, role = self.db, self.user.name, self.user.role
        always_read_only = read_only

        def open_session(read_only: bool = False) -> AbstractContextManager[Session]:
            return db.session(name, role, read_only=read_only or always_read_only)

        return open_session


@contextmanager
def sign_in_session(db: Database, actor: str = "登录") -> Iterator[Session]:
    """Before anyone is signed in: reading the names to sign in with, checking a password, setting up
    the first administrator. The system's own session (nothing else may use it in ui/)."""
    with db.session(actor, system=True) as session:
        yield session
