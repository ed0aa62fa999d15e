"""The PostgreSQL path of search finds what SQLite finds; the schema there has its trigram indexes."""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy import event, select, text

from frontdesk.db import migrate, server
from frontdesk.db.engine import Database
from frontdesk.db.models import Staff
from frontdesk.db.transfer import copy_database
from frontdesk.services import calls, search, settings, staff

QUERIES = ["下水道", "漏水", "电梯", "烟味", "物业费", "水", "1-1", "2期1栋", "zl", "138", "张", "WiFi", "%", "_", "无此内容"]


@pytest.fixture
def same_demo_on_both(demo_db, pg_database):
    """The SQLite demo set and its copy on PostgreSQL (made by migrate-to's copy)."""
    pg = Database(pg_database())
    assert copy_database(demo_db, pg).ok
    yield demo_db, pg
    pg.dispose()


def test_search_gives_the_same_hits_on_both_backends(same_demo_on_both, frozen_now):
    lite, pg = same_demo_on_both
    assert lite.is_sqlite and not pg.is_sqlite
    for query in QUERIES:
        with lite.session(system=True) as s:
            expected = search.search(s, query)
            expected_words = search.contact_ids_with_words(s, query, limit=100_000)
        with pg.session(system=True) as s:
            found = search.search(s, query)
            found_words = search.contact_ids_with_words(s, query, limit=100_000)
        for group, hits in expected.groups.items():
            assert [h.id for h in found.groups[group]] == [h.id for h in hits], (query, group)
        assert found_words == expected_words, query
    assert expected_words == [] and found.count() == 0  # the last query matches nothing on either


# Every column the search matches by substring on PostgreSQL has its trigram index.
TRIGRAM_INDEXES = {
    "ix_contacts_content_trgm", "ix_contacts_handling_trgm", "ix_contacts_caller_name_trgm",
    "ix_repair_orders_number_trgm", "ix_repair_orders_description_trgm", "ix_repair_orders_location_trgm",
    "ix_repair_orders_reporter_trgm", "ix_repair_orders_phone_trgm",
    "ix_complaints_cause_trgm", "ix_complaints_solution_trgm", "ix_complaints_summary_trgm",
}


def _trigram_indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%\\_trgm'")).scalars())


def test_schema_on_the_server_is_current_with_trigram_indexes(pg_templates, pg_database):
    db = Database(pg_database(pg_templates["empty"]))
    try:
        assert migrate.is_current(db)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
        assert _trigram_indexes(db) == TRIGRAM_INDEXES
    finally:
        db.dispose()


def test_the_desks_connections_run_without_jit_and_leave_the_server_alone(pg_templates, pg_database):
    """JIT compiling costs the desk's short statistics queries more than it saves: off for the desk's
    own connections (each new one from the pool too), not for the server's other users."""
    db = Database(pg_database(pg_templates["empty"]))
    try:
        with db.engine.connect() as first, db.engine.connect() as second:
            assert first.execute(text("SHOW jit")).scalar() == "off"
            assert second.execute(text("SHOW jit")).scalar() == "off"
            assert first.execute(text("SELECT reset_val FROM pg_settings WHERE name = 'jit'")).scalar() == "on"
    finally:
        db.dispose()


def _log_call(db: Database, **fields) -> int:
    with db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.role == "管理员"))
        return calls.log_contact(s, calls.ContactInput(**fields), owner).id


@pytest.fixture
def chinese_ctype_db(pg_server):
    """A new database migrated from nothing whose LC_CTYPE makes Chinese characters letters (as a
    server set up with a UTF-8 locale has): pg_trgm then makes trigrams of Chinese words."""
    import psycopg

    try:
        name = pg_server.create_database(ctype="C.UTF-8")
    except psycopg.Error as exc:  # the locale is the operating system's
        pytest.skip(f"这台机器的 PostgreSQL 没有 C.UTF-8 区域设置：{exc}")
    db = Database(pg_server.url(name))
    migrate.upgrade(db)
    with db.session("测试", system=True) as s:
        settings.seed_lists(s)
        staff.ensure_admin(s)
    yield db
    db.dispose()
    pg_server.drop_database(name)


def _plan_of_words_query(db: Database, words: str) -> str:
    """The plan of the calls' words query as the search sends it, with the table scans ruled out
    unless nothing else can answer it (so an index that fits is taken, however small the table)."""
    sent = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if "FROM contacts" in statement and "LIKE" in statement:
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.session(system=True) as s:
            assert search.contact_ids_with_words(s, words)
            s.execute(text("SET LOCAL enable_seqscan = off"))
            s.execute(text("SET LOCAL enable_indexscan = off"))
            statement, parameters = sent[-1]
            with s.begin_nested() as inner:
                # In a table of a few rows the date index's deleted_at (a bitmap of the live calls) looks
                # as cheap as any: set aside for the plan, so what remains is whether the words' index serves.
                s.execute(text("DROP INDEX ix_contacts_occurred"))
                plan = s.connection().exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
                inner.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return "\n".join(plan)


def test_a_call_is_found_by_part_of_a_name_phone_or_room_through_the_trigram_indexes(chinese_ctype_db, frozen_now):
    db = chinese_ctype_db
    assert _trigram_indexes(db) == TRIGRAM_INDEXES
    other = _log_call(db, content="电梯按钮失灵", caller_name="王建国")
    call = _log_call(db, content="3栋1201室卫生间漏水", caller_name="欧阳娜娜", handling="已约维修，回电13912345678")

    with db.session(system=True) as s:
        for words in ("阳娜娜", "13912345", "1201室", "卫生间", "欧阳", "12", "漏水"):
            found = search.contact_ids_with_words(s, words)
            assert found == [call], words
            assert call in [hit.id for hit in search.search(s, words).groups["contact"]], words
        assert search.contact_ids_with_words(s, "电梯") == [other]
    # Three characters or more: the trigram indexes answer (the name's, the handling's, the content's).
    for words, index in (("阳娜娜", "ix_contacts_caller_name_trgm"), ("13912345", "ix_contacts_handling_trgm"),
                         ("1201室", "ix_contacts_content_trgm")):
        assert index in _plan_of_words_query(db, words), words


def test_the_database_is_built_without_trigram_indexes_where_pg_trgm_may_not_be_created(
        demo_db, pg_server, pg_database, frozen_now, caplog):
    """A role that owns its tables but may not create extensions (no CREATE on the database):
    migrate-to still builds and fills the database, and the search finds the same as on SQLite."""
    role = "desk_" + uuid.uuid4().hex[:8]
    url = pg_database()
    name = url.rsplit("/", 1)[1]
    pg_server.admin(f"CREATE ROLE {role} LOGIN")
    pg_server.admin(f"GRANT CREATE ON SCHEMA public TO {role}", database=name)
    pg = Database(url.replace("postgres@", f"{role}@"))
    try:
        assert "不能创建 pg_trgm" in server.check_connection(pg.url)  # 测试连接 says so before anything is made
        with caplog.at_level(logging.WARNING, logger="frontdesk.db.trigram"):
            assert copy_database(demo_db, pg).ok
        assert migrate.is_current(pg)
        assert _trigram_indexes(pg) == set()
        assert "CREATE EXTENSION IF NOT EXISTS pg_trgm" in caplog.text  # the warning says how to add them later
        for query in ("下水道", "漏水", "138", "张", "zl"):
            with demo_db.session(system=True) as s:
                expected = search.search(s, query)
            with pg.session(system=True) as s:
                found = search.search(s, query)
            for group, hits in expected.groups.items():
                assert [h.id for h in found.groups[group]] == [h.id for h in hits], (query, group)
    finally:
        pg.dispose()
        pg_server.drop_database(name)
        pg_server.admin(f"DROP ROLE {role}")
