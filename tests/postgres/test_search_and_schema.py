"""The PostgreSQL path of search finds what SQLite finds; the schema there has its trigram indexes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.db.transfer import copy_database
from frontdesk.services import search

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


def test_schema_on_the_server_is_current_with_trigram_indexes(pg_templates, pg_database):
    db = Database(pg_database(pg_templates["empty"]))
    try:
        assert migrate.is_current(db)
        with db.engine.connect() as conn:
            indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'contacts'")).scalars())
            assert conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
        assert {"ix_contacts_content_trgm", "ix_contacts_handling_trgm"} <= indexes
    finally:
        db.dispose()
