"""Upgrade from every released schema, and refuse a database from a newer version."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.db.models import Unit
from frontdesk.errors import DatabaseTooNew

HERE = Path(__file__).parent
OLD_DATABASES = sorted(HERE.glob("schema_*.db"))


def test_there_is_a_database_of_each_old_schema():
    assert OLD_DATABASES, "tests/migrations/schema_*.db are missing"


@pytest.mark.parametrize("old", OLD_DATABASES, ids=lambda p: p.stem)
def test_upgrade_keeps_the_data_and_backs_up_first(old, tmp_path, data_home):
    path = tmp_path / "old.db"
    shutil.copyfile(old, path)
    db = Database(f"sqlite:///{path}")
    before = migrate.current_revision(db)
    result = migrate.upgrade(db)
    assert result.before == before and result.after == migrate.head_revision()
    if before != migrate.head_revision():  # the newest released schema needs no upgrade until the next one
        assert result.backup_path is not None and result.backup_path.exists()
        assert result.backup_path.parent == data_home / "backups"
    with db.session(system=True) as s:
        codes = s.scalars(select(Unit.code)).all()
    assert "1-1-1-0101" in codes
    assert migrate.is_current(db)
    db.dispose()


def test_a_newer_database_is_refused_untouched(db):
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999')"))
    with pytest.raises(DatabaseTooNew) as info:
        migrate.upgrade(db)
    assert "更新版本" in info.value.message
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE something (id INTEGER)"))
    with pytest.raises(DatabaseTooNew):
        migrate.upgrade(db)


def test_the_quick_revision_list_matches_alembic():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert migrate.head_revisions() == set(script.get_heads())
    assert set(migrate.known_revisions()) == {rev.revision for rev in script.walk_revisions()}


def test_the_migrations_build_exactly_the_models(db):
    """A column added to a model without a migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from frontdesk.db.models import Base

    def is_search_index(op) -> bool:
        # The FTS5 tables and triggers belong to the search, created by SQL in the migrations.
        table = op[1] if isinstance(op, tuple) and len(op) > 1 else None
        name = getattr(table, "name", "") or ""
        return "_fts" in name

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = [d for d in compare_metadata(context, Base.metadata) if not is_search_index(d)]
    assert differences == []


def test_an_upgrade_waits_until_the_other_desks_are_closed(tmp_path, data_home):
    import json
    import os
    import sqlite3

    from frontdesk.db import desks
    from frontdesk.errors import DomainError

    path = tmp_path / "old.db"
    shutil.copyfile(OLD_DATABASES[0], path)
    folder = desks.folder_of(path)
    folder.mkdir()
    other = folder / "前台2号机-4242.json"
    other.write_text(json.dumps({"host": "前台2号机", "pid": 4242, "program": "前台系统窗口",
                                 "started": "2026-11-25 08:00"}, ensure_ascii=False), encoding="utf-8")
    db = Database(f"sqlite:///{path}")
    before = migrate.current_revision(db)
    with pytest.raises(DomainError, match="前台2号机.*4242.*没有改动"):
        migrate.upgrade(db)
    assert migrate.current_revision(db) == before
    old_time = os.stat(other).st_mtime - desks.STALE_S - 60  # that PC was switched off long ago
    os.utime(other, (old_time, old_time))
    migrate.upgrade(db)
    assert migrate.is_current(db)
    db.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # desks of the old version stop
    conn.close()


def test_the_upgrade_fills_each_units_arrears_from_its_bills(tmp_path, data_home):
    from frontdesk.db import arrears_summary
    from frontdesk.db.models import UnitArrears

    path = tmp_path / "old.db"
    shutil.copyfile(HERE / "schema_0009.db", path)
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.session(system=True) as s:
        assert len(s.scalars(select(UnitArrears)).all()) > 0
        assert arrears_summary.disagreements(s) == []
    db.dispose()


def test_the_upgrade_copies_each_payments_date_and_bill_onto_its_allocations(tmp_path, data_home):
    from frontdesk.db import allocation_copies
    from frontdesk.db.models import Allocation, Charge, Payment

    path = tmp_path / "old.db"
    shutil.copyfile(HERE / "schema_0009.db", path)
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.session(system=True) as s:
        rows = s.execute(select(Allocation.paid_on, Allocation.unit_id, Allocation.charge_period,
                                Allocation.charge_due_date, Payment.paid_on, Charge.unit_id, Charge.period,
                                Charge.due_date)
                         .join(Payment, Payment.id == Allocation.payment_id)
                         .join(Charge, Charge.id == Allocation.charge_id)).all()
        assert len(rows) > 1000
        assert all(tuple(row[:4]) == tuple(row[4:]) for row in rows)
        assert allocation_copies.disagreements(s) == []
    db.dispose()
