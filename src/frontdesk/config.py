"""Data directory, database URL and the local settings file.

Business settings (company name, lists, targets) live in the database; this file only
holds what a machine needs before it can reach a database.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "frontdesk"
DB_FILE_NAME = "frontdesk.db"


def data_dir() -> Path:
    override = os.environ.get("FRONTDESK_HOME")
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def attachments_dir() -> Path:
    path = data_dir() / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_settings_path() -> Path:
    return data_dir() / "settings.json"


def load_local_settings() -> dict:
    path = local_settings_path()
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # A damaged settings file must not stop the desk from starting.
        return {}


def save_local_settings(values: dict) -> None:
    path = local_settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


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
