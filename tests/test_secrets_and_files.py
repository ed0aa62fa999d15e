"""The server password is never in settings.json; the data directory and its files are this user's only;
a demo database says so on screen."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend
from PIL import Image

from frontdesk import config, credentials
from frontdesk.db import backup, migrate
from frontdesk.db.engine import Database
from frontdesk.services import demo, violations

SERVER_URL = "postgresql+psycopg://desk:S3cret%40pw@192.168.1.10:5432/frontdesk"
PASSWORD = "S3cret@pw"

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


class MemoryKeyring(KeyringBackend):
    """A credential store as Windows/macOS/Secret Service would give (kept in memory for the test)."""

    priority = 5

    def __init__(self):
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.values[(service, username)] = password

    def get_password(self, service, username):
        return self.values.get((service, username))

    def delete_password(self, service, username):
        self.values.pop((service, username), None)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_password_goes_to_the_credential_store_not_the_settings_file(data_home, monkeypatch):
    store = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", store)
    assert config.save_local_settings({"db_url": SERVER_URL, "last_user": "张丽"}) is None
    text = config.local_settings_path().read_text(encoding="utf-8")
    assert PASSWORD not in text and "S3cret" not in text and "192.168.1.10" in text
    assert store.values == {("frontdesk", "desk@192.168.1.10:5432/frontdesk"): PASSWORD}
    assert not (data_home / credentials.FALLBACK_FILE).exists()
    assert config.resolve_db_url() == SERVER_URL  # the next start reaches the server with it


@posix_only
def test_without_a_credential_store_the_password_is_in_a_private_file_with_a_warning(data_home, caplog):
    warning = config.save_local_settings({"db_url": SERVER_URL})
    assert warning and "credentials.json" in warning and "只有当前登录的系统用户能读取" in warning
    assert any("credentials.json" in r.getMessage() for r in caplog.records)  # and in the log
    assert PASSWORD not in config.local_settings_path().read_text(encoding="utf-8")
    kept = data_home / credentials.FALLBACK_FILE
    assert json.loads(kept.read_text(encoding="utf-8")) == {"desk@192.168.1.10:5432/frontdesk": PASSWORD}
    assert _mode(kept) == 0o600 and _mode(config.local_settings_path()) == 0o600
    assert config.resolve_db_url() == SERVER_URL


def test_an_old_settings_file_with_the_password_is_migrated_on_reading(data_home):
    config.local_settings_path().write_text(json.dumps({"db_url": SERVER_URL, "last_user": "张丽"}), encoding="utf-8")
    assert config.load_local_settings()["db_url"] == SERVER_URL
    rewritten = json.loads(config.local_settings_path().read_text(encoding="utf-8"))
    assert rewritten == {"db_url": "postgresql+psycopg://desk@192.168.1.10:5432/frontdesk", "last_user": "张丽"}
    assert config.resolve_db_url() == SERVER_URL


@posix_only
def test_the_data_directory_and_its_files_are_this_users_only(data_home, tmp_path):
    os.chmod(data_home, 0o755)  # as an older version left it
    db = Database(config.default_db_url())
    migrate.upgrade(db)
    with db.session(system=True) as s:
        violation_id = _a_violation(s)
    photo = tmp_path / "photo.png"
    Image.new("RGB", (8, 8), "red").save(photo)
    with db.session(system=True) as s:
        violations.attach_photo(s, violation_id, photo)
    saved = backup.backup_sqlite(db, backup.default_backup_path())
    config.save_local_settings({"last_user": "张丽"})
    db.dispose()

    assert _mode(config.data_dir()) == 0o700 and _mode(config.backups_dir()) == 0o700
    assert _mode(config.attachments_dir()) == 0o700
    database = Path(db.location.sqlite_path)
    files = [database, saved, config.local_settings_path(), *[p for p in config.attachments_dir().rglob("*")
                                                               if p.is_file()]]
    assert len(files) == 4
    for file in files:
        assert _mode(file) == 0o600, file
    for journal in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        assert not journal.exists() or _mode(journal) == 0o600


def _a_violation(session) -> int:
    from frontdesk.db.models import Staff
    from frontdesk.services import staff, units

    staff.ensure_admin(session)
    units.save_unit(session, units.UnitInput(code="1-1-1-0101", area="88.50", handover_state="未收房"))
    session.flush()
    finder = session.query(Staff).first().name
    return violations.record_violation(session, violations.ViolationInput(
        kind="私搭乱建", description="阳台加建", found_by=finder, unit_text="1-1-1-0101"))


def test_a_demo_database_is_marked_and_a_real_one_is_not(demo_db, db):
    with demo_db.session(system=True) as s:
        assert demo.is_demo(s)
    with db.session(system=True) as s:
        assert not demo.is_demo(s)


def test_the_window_on_demo_data_says_so_in_title_and_status_bar(window):
    assert "演示数据" in window.windowTitle()
    assert "演示数据" in window.db_label.text()
