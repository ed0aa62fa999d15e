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


def _differences_from_the_models(db) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from frontdesk.db import trigram
    from frontdesk.db.models import Base

    def is_search_index(op) -> bool:
        # The search's own indexes, created by SQL in the migrations: SQLite's FTS5 tables (and their
        # triggers), PostgreSQL's pg_trgm indexes (there only where the server has the extension).
        target = op[1] if isinstance(op, tuple) and len(op) > 1 else None
        name = getattr(target, "name", "") or ""
        return "_fts" in name or (op[0] == "remove_index" and name.endswith(trigram.SUFFIX))

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return [d for d in compare_metadata(context, Base.metadata) if not is_search_index(d)]


def test_the_migrations_build_exactly_the_models(db):
    """A column added to a model without a migration (or the reverse) fails here."""
    assert _differences_from_the_models(db) == []


def test_the_migrations_build_exactly_the_models_on_postgresql(pg_templates, pg_database):
    pg = Database(pg_database(pg_templates["empty"]))
    try:
        assert _differences_from_the_models(pg) == []
    finally:
        pg.dispose()


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


def test_the_upgrade_indexes_the_words_of_existing_calls_and_orders(tmp_path, data_home):
    """Calls and repair orders written before the index of character pairs are found by a word of
    one, two or more characters, exactly where a substring match finds them."""
    from sqlalchemy import or_

    from frontdesk.db.models import Contact, RepairOrder
    from frontdesk.services import search

    path = tmp_path / "old.db"
    shutil.copyfile(HERE / "schema_0009.db", path)
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.session(system=True) as s:
        contents = s.scalars(select(Contact.content)).all()
        descriptions = s.scalars(select(RepairOrder.description)).all()
        words = {text[i:i + size] for text in contents[:10] for size in (1, 2, 3) for i in (0, len(text) - size)}
        for word in sorted(words):
            expected = s.scalars(select(Contact.id).where(or_(
                Contact.content.contains(word, autoescape=True), Contact.handling.contains(word, autoescape=True),
                Contact.caller_name.contains(word, autoescape=True))).order_by(Contact.id.desc())).all()
            assert search.contact_ids_with_words(s, word, limit=1000) == expected, word
        for word in sorted({text[-2:] for text in descriptions}):
            expected = s.scalars(select(RepairOrder.id).where(or_(
                RepairOrder.description.contains(word, autoescape=True), RepairOrder.location.contains(word, autoescape=True),
                RepairOrder.reporter.contains(word, autoescape=True))).order_by(RepairOrder.id.desc())).all()
            assert search.repair_ids_with_words(s, word, limit=1000) == expected, word
        assert s.execute(text("SELECT count(*) FROM contacts_bigram_fts WHERE contacts_bigram_fts MATCH :m"),
                         {"m": search._pairs_match(contents[0][:2])}).scalar() > 0, "read from the index itself"
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
