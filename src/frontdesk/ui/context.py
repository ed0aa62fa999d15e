"""What every screen needs: the database and who is signed in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.services.staff import StaffRef


class DataEvents(QObject):
    """Tabs announce what they changed so the others refresh (e.g. a call creates a complaint)."""

    changed = Signal(str)  # "contacts", "units", "complaints", ...
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
