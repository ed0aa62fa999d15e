import pytest

from frontdesk.services import clock

from .ledger import build


@pytest.fixture
def ledger(db, monkeypatch):
    """The hand-made ledger, with the command line pointed at it."""
    build(db)
    monkeypatch.setenv("FRONTDESK_DB", db.location.url)
    yield db
    clock.freeze(None)
