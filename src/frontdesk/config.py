"""Data directory, database URL and the local settings file.

Business settings (company name, lists, targets) live in the database; this file only
holds what a machine needs before it can reach a database.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "frontdesk"
DB_FILE_NAME = "frontdesk.db"


PRIVATE_DIR_MODE = 0o700  # POSIX: the data directory and its folders are this user's alone
PRIVATE_FILE_MODE = 0o600


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    make_private(path, PRIVATE_DIR_MODE)
    return path


def make_private(path: Path, mode: int = PRIVATE_FILE_MODE) -> None:
    """POSIX: readable by this user only (the database, backups, settings and attachments hold
    owners' names, phones and money). Best effort: a file on a share may not allow it."""
    if os.name != "posix":
        return
    try:
        if path.exists() and (path.stat().st_mode & 0o777) != mode:
            path.chmod(mode)
    except OSError:
        pass


def write_private_text(path: Path, text: str) -> None:
    """Write a file atomically, created 0600 on POSIX (never readable by others, not even for a moment)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())  # on disk before it replaces the old file: a power cut leaves one or the other
    make_private(tmp)
    tmp.replace(path)


def data_dir() -> Path:
    override = os.environ.get("FRONTDESK_HOME")
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    return _private_dir(path)


def backups_dir() -> Path:
    return _private_dir(data_dir() / "backups")


def attachments_dir() -> Path:
    return _private_dir(data_dir() / "attachments")


def local_settings_path() -> Path:
    return data_dir() / "settings.json"


def load_local_settings() -> dict:
    """The settings, with the server password put back into `db_url` from the credential store.

    A file written by an older version with the password in `db_url` is rewritten without it."""
    path = local_settings_path()
    if not path.exists():
        return {}
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # A damaged settings file must not stop the desk from starting.
        return {}
    if not isinstance(values, dict):
        return {}
    url = values.get("db_url")
    if isinstance(url, str) and _password_of(url):
        try:
            save_local_settings(values)  # moves the plain-text password out of the file
        except OSError:
            logging.getLogger("frontdesk").warning("settings.json 中的数据库密码未能移出（文件不可写）", exc_info=True)
        return values
    if isinstance(url, str) and url.startswith("postgresql"):
        values["db_url"] = _with_stored_password(url)
    return values


def save_local_settings(values: dict) -> str | None:
    """Write the settings; a server password goes to the credential store (returns a warning if
    only a private file could keep it)."""
    stored = dict(values)
    warning = None
    url = stored.get("db_url")
    password = _password_of(url) if isinstance(url, str) else None
    if password and isinstance(url, str):
        bare = _without_password(url)
        from frontdesk import credentials

        warning = credentials.store(_account_of(bare), password)
        stored["db_url"] = bare
    write_private_text(local_settings_path(), json.dumps(stored, ensure_ascii=False, indent=2))
    return warning


def _password_of(url: str) -> str | None:
    if not url.startswith("postgresql"):
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password or None
    except ArgumentError:
        return None


def _without_password(url: str) -> str:
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)  # URL.set(password=None) would keep it: build the URL without one
    return URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database,
                      parsed.query).render_as_string(hide_password=False)


def _account_of(bare_url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(bare_url)
    return f"{parsed.username or ''}@{parsed.host or ''}:{parsed.port or 5432}/{parsed.database or ''}"


def _with_stored_password(bare_url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from frontdesk import credentials

    try:
        parsed = make_url(bare_url)
    except ArgumentError:
        return bare_url
    password = credentials.load(_account_of(bare_url))
    return parsed.set(password=password).render_as_string(hide_password=False) if password else bare_url


def normalize_db_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain path to a SQLite file."""
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def default_db_url() -> str:
    return normalize_db_url(str(data_dir() / DB_FILE_NAME))


def resolve_db_url(explicit: str | None = None) -> str:
    """--db beats FRONTDESK_DB beats the local settings file beats the embedded default."""
    if explicit:
        return normalize_db_url(explicit)
    env = os.environ.get("FRONTDESK_DB")
    if env:
        return normalize_db_url(env)
    stored = load_local_settings().get("db_url")
    if stored:
        return normalize_db_url(stored)
    return default_db_url()


@dataclass(frozen=True)
class DbLocation:
    url: str

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        raw = self.url.split(":///", 1)[1] if ":///" in self.url else ""
        return Path(raw) if raw and raw != ":memory:" else None

    def display(self) -> str:
        """The URL with any password hidden, for the status bar and 关于."""
        if self.is_sqlite:
            return str(self.sqlite_path or self.url)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)
