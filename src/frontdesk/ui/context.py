"""What every screen needs: the database and who is signed in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
    USER = "user"  # another person signed in


class DataEvents(QObject):
    """Tabs announce what they changed so the others refresh (e.g. a call creates a complaint)."""

    changed = Signal(Topic)


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
