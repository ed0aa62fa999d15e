"""Engine factory and short per-action sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from frontdesk import config
from frontdesk.config import DbLocation
from frontdesk.db import audit, closed_figures, soft_delete
from frontdesk.errors import ConflictError, DatabaseBusy, DatabaseReplaced

SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_ONLY_OPTION = "frontdesk_read_only"


class GenerationGuard:
    """Stops a desk whose database was restored by someone else since it first opened it.

    A restore raises the file's `PRAGMA user_version` (db/backup.py). Every transaction reads it
    right after BEGIN and refuses to go on when it changed, so a desk never goes on saving on top
    of a database it no longer knows (its screens, numbers and sign-in belong to the old one).
    """

    def __init__(self, registration=None):
        self.expected: int | None = None
        self.registration = registration

    def forget(self) -> None:
        """This process restored the database itself: accept the new generation on next use."""
        self.expected = None

    def check(self, cursor) -> None:
        """`cursor`: a DBAPI cursor of the connection, inside the transaction just begun."""
        current = cursor.execute("PRAGMA user_version").fetchone()[0]
        if self.expected is None:
            self.expected = current
        elif current != self.expected:
            cursor.execute("ROLLBACK")
            raise DatabaseReplaced(
                "数据库已由管理员从备份恢复（或在另一台电脑上被替换），这台电脑上的前台系统需要重新打开。"
                "本次操作没有保存，请关闭前台系统后重新打开，再核对刚才的内容。"
            )
        if self.registration is not None:
            self.registration.touch()


def _private_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def _configure_sqlite(engine: Engine, private: Path | None = None, guard: GenerationGuard | None = None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        if private is not None:
            # Owners' names, phones and money: this user's only (SQLite gives its -wal/-shm the same mode).
            for file in _private_files(private):
                config.make_private(file)
        # pysqlite's own transaction handling is disabled so BEGIN is ours (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # On the DBAPI cursor: every session begins here, and the engine's statement machinery cost
        # more than the two statements themselves.
        # A report or export reads a snapshot (WAL) and must not hold up the desk's saves; a writer
        # takes the write lock up front (IMMEDIATE), so two desks never deadlock mid-transaction.
        statement = "BEGIN" if conn.get_execution_options().get(READ_ONLY_OPTION) else "BEGIN IMMEDIATE"
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.execute(statement)
            if guard is not None:
                guard.check(cursor)
        except conn.dialect.loaded_dbapi.OperationalError as exc:  # busy or locked: as the engine reports it
            raise OperationalError(statement, None, exc) from exc
        finally:
            cursor.close()


def _is_sqlite_busy(exc: OperationalError) -> bool:
    """SQLite gave up waiting for another desk's write lock ("database is locked" / "busy")."""
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def make_engine(url: str, guard: GenerationGuard | None = None) -> Engine:
    location = DbLocation(url)
    if location.is_sqlite:
        private = None
        if location.sqlite_path is not None:
            location.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            path = location.sqlite_path
            # Ours to protect: a file this program creates, or any in the data directory.
            if not path.exists() or path.resolve().parent == config.data_dir().resolve():
                private = path
        # One connection kept between sessions: a desk's sessions follow one another on the GUI thread.
        # Another one, opened while it is in use (a report computing in the background), is closed when
        # its session ends instead of staying idle with its page cache and parsed schema (≈ 2 MB).
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, pool_size=1)
        _configure_sqlite(engine, private, guard)
        return engine
    from frontdesk.db import models
    from frontdesk.db.base import partial_indexes_on_postgresql

    partial_indexes_on_postgresql(models.Base.metadata)
    engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "connect", _without_jit)
    return engine


def _without_jit(dbapi_connection, _record) -> None:
    """PostgreSQL's JIT compilation (on by default since 12) costs more than the desk's statements run
    for: ≈ 60 ms compiling a month's figures of five estates that take ≈ 300 ms. Off for our own
    connections, where the server knows the setting; the rest of the server is left as it is."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', 'off', false) WHERE current_setting('jit', true) IS NOT NULL")
    dbapi_connection.commit()


class Database:
    """One database: its engine and a factory of short sessions, one per user action."""

    def __init__(self, url: str):
        from frontdesk.db.desks import Registration

        self.location = DbLocation(url)
        path = self.location.sqlite_path
        self.registration = Registration(path) if path is not None else None
        self.generation = GenerationGuard(self.registration) if path is not None else None
        self.engine = make_engine(url, self.generation)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        soft_delete.install(self._factory)
        audit.install(self._factory)
        closed_figures.install(self._factory)

    @property
    def url(self) -> str:
        return self.location.url

    @property
    def is_sqlite(self) -> bool:
        return self.location.is_sqlite

    @contextmanager
    def session(self, actor: str = "系统", role: str | None = None, read_only: bool = False,
                system: bool = False) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error.

        `role` is the signed-in person's role; services check it (services/authz.py). A session
        with neither a role nor `system=True` may do nothing guarded (permissions fail closed);
        the command line, demo data, migrations and backups say `system=True` explicitly.
        `read_only` sessions (long reports and exports) never take the write lock on SQLite, so the
        desk can go on saving while they run.
        """
        session = self._factory()
        audit.attach(session, actor)
        session.info["role"] = role
        session.info["system"] = bool(system)
        if read_only and self.is_sqlite:
            session.connection(execution_options={READ_ONLY_OPTION: True})
        try:
            yield session
            session.commit()
            closed_figures.store_pending(self.engine, session.info)
        except OperationalError as exc:
            session.rollback()
            if self.is_sqlite and _is_sqlite_busy(exc):
                raise DatabaseBusy() from exc
            raise
        except StaleDataError as exc:
            # Another desk saved the same record between our read and our write (version column).
            session.rollback()
            raise ConflictError("这条记录刚被另一台电脑上的同事修改过，您的修改没有保存。请重新打开后再改。") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def opener(self, actor: str = "系统", role: str | None = None, read_only: bool = False,
               system: bool = False):
        """A callable opening sessions like `session(...)`, for services that open their own (imports);
        `opener()(read_only=True)` opens a snapshot read."""
        always_read_only = read_only

        def open_session(read_only: bool = False):
            return self.session(actor, role, read_only=read_only or always_read_only, system=system)

        return open_session

    def dispose(self) -> None:
        self.engine.dispose()
        if self.registration is not None:
            self.registration.remove()
