"""Every test gets a fresh data directory and database; Qt runs offscreen; warnings are errors."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("FRONTDESK_DB", None)

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.services import clock, demo, settings, staff

# The demo data of the tests is made once per run at a fixed moment, then copied per test.
DEMO_NOW = datetime(2026, 11, 25, 10, 30)


def _copy_sqlite(src: Path, dest: Path) -> None:
    source = sqlite3.connect(str(src))
    target = sqlite3.connect(str(dest))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _fill_template(db: Database, with_demo: bool) -> None:
    migrate.upgrade(db)
    with db.session("测试", system=True) as session:
        settings.seed_lists(session)
        if with_demo:
            clock.freeze(DEMO_NOW)
            try:
                demo.fill(session, DEMO_NOW.year, demo.SMALL)
            finally:
                clock.freeze(None)
        else:
            staff.ensure_admin(session)
            # A desk whose administrator has filled in the company at the first start (a brand-new
            # install without it: tests/services/test_company.py).
            for key, value in demo.DEMO_COMPANY.items():
                settings.put(session, key, value)
    db.dispose()


def _make_template(path: Path, with_demo: bool) -> Path:
    _fill_template(Database(f"sqlite:///{path}"), with_demo)
    return path


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {
        "empty": _make_template(folder / "empty.db", with_demo=False),
        "demo": _make_template(folder / "demo.db", with_demo=True),
    }


# ---- PostgreSQL: one throw-away server per run; a fresh database per test from a template ----

# Tests in these folders that use `db`, `demo_db` or `blank_db_url` run on both backends.
BOTH_BACKENDS = ("services", "cli")


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    parts = Path(metafunc.definition.path).relative_to(Path(__file__).parent).parts
    if parts and parts[0] in BOTH_BACKENDS:
        metafunc.parametrize("backend", ["sqlite", "postgres"], indirect=True)


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server on localhost for this run (skipped where the binaries are missing; never in CI)."""
    import pgserver

    reason = pgserver.unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = pgserver.PgServer().start()
    # A run stopped with SIGTERM (a time limit) still tears down, so the server does not outlive it.
    previous = signal.signal(signal.SIGTERM, pgserver.interrupt)
    yield server
    signal.signal(signal.SIGTERM, previous)
    server.stop()


@pytest.fixture(scope="session")
def pg_templates(pg_server) -> dict[str, str]:
    names = {}
    for kind in ("empty", "demo"):
        names[kind] = pg_server.create_database(name=f"template_{kind}")
        _fill_template(Database(pg_server.url(names[kind])), with_demo=kind == "demo")
    return names


@pytest.fixture
def pg_database(pg_server):
    """Make fresh PostgreSQL databases (a copy of a template, or blank); dropped after the test."""
    made = []

    def make(template: str = "template0") -> str:
        made.append(pg_server.create_database(template))
        return pg_server.url(made[-1])

    yield make
    for name in made:
        pg_server.drop_database(name)


@pytest.fixture
def backend(request) -> str:
    """"sqlite" or "postgres" (parametrized for the service and CLI suites)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("FRONTDESK_HOME", str(home))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # never the tester's own keyring
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    clock.freeze(None)
    yield home
    clock.freeze(None)


def _database(request, kind: str, home: Path) -> Database:
    if request.getfixturevalue("backend") == "postgres":
        templates = request.getfixturevalue("pg_templates")
        return Database(request.getfixturevalue("pg_database")(templates[kind]))
    path = home / "frontdesk.db"
    number = 1
    while path.exists():  # a test may use two databases (e.g. export from one, import into another)
        number += 1
        path = home / f"frontdesk-{number}.db"
    _copy_sqlite(request.getfixturevalue("templates")[kind], path)
    return Database(f"sqlite:///{path}")


@pytest.fixture
def db(request, backend, data_home):
    """An empty, migrated database with only the administrator."""
    database = _database(request, "empty", data_home)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(request, backend, data_home):
    """A database with the small demo set (two buildings per phase, 30 days of contacts)."""
    database = _database(request, "demo", data_home)
    yield database
    database.dispose()


@pytest.fixture
def blank_db_url(request, backend, data_home, monkeypatch) -> str:
    """A database without any table yet, made the default of every command (FRONTDESK_DB)."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_database")()
    else:
        url = f"sqlite:///{data_home / 'frontdesk.db'}"
    monkeypatch.setenv("FRONTDESK_DB", url)
    return url


@pytest.fixture
def frozen_now():
    """Pin the clock to the moment the demo data was made."""
    clock.freeze(DEMO_NOW)
    yield DEMO_NOW
    clock.freeze(None)


class Answers:
    """Records what the UI told the user and answers its questions."""

    def __init__(self):
        self.shown: list[tuple[str, str]] = []
        self.confirm_answer = True
        self.text_answer: str | None = ""
        self.item_answer: str | None = None
        self.folder_answer = False  # 打开所在文件夹 when no viewer opened a file

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self.shown if kind is None or k == kind]


@pytest.fixture
def answers(monkeypatch) -> Answers:
    from frontdesk.ui import messages

    recorded = Answers()
    for kind in ("info", "warning", "error"):
        monkeypatch.setattr(messages, kind, lambda _parent, text, k=kind: recorded.shown.append((k, text)))

    def confirm(_parent, text):
        recorded.shown.append(("confirm", text))
        return recorded.confirm_answer

    def ask_text(_parent, label, text=""):
        recorded.shown.append(("ask_text", label))
        return recorded.text_answer

    def ask_item(_parent, label, items, current=0):
        recorded.shown.append(("ask_item", label))
        return recorded.item_answer

    def offer_folder(_parent, text):
        recorded.shown.append(("offer_folder", text))
        return recorded.folder_answer

    monkeypatch.setattr(messages, "offer_folder", offer_folder)
    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "ask_text", ask_text)
    monkeypatch.setattr(messages, "ask_item", ask_item)
    return recorded


@pytest.fixture
def window(qtbot, demo_db, answers, frozen_now):
    """The real main window on the demo database, signed in as the first receptionist."""
    from frontdesk import app

    app.create_application()
    main = app.build_main_window(demo_db)
    qtbot.addWidget(main)
    main.show()
    main.load_first_tab()
    qtbot.waitExposed(main)
    yield main
    main.close()
    _close_windows_left_open()


def _close_windows_left_open() -> None:
    """A preview or dialog a test left open (window-modal, non-blocking) would keep the activation from
    the next test's window: every window still shown goes with the test."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()


def new_session(database: Database, actor: str = "测试"):
    return database.session(actor, system=True)


def copy_file(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


def type_text(qtbot, widget, text: str) -> None:
    """Type like a person: ASCII as key presses, Chinese as an input-method commit (as a real IME does)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    chunk = ""
    for ch in text + "\0":
        if ch != "\0" and ord(ch) < 128:
            if chunk:
                event = QInputMethodEvent()
                event.setCommitString(chunk)
                QCoreApplication.sendEvent(widget, event)
                chunk = ""
            qtbot.keyClicks(widget, ch)
        elif ch != "\0":
            chunk += ch
        elif chunk:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QCoreApplication.sendEvent(widget, event)


@pytest.fixture
def typist(qtbot):
    return lambda widget, text: type_text(qtbot, widget, text)
