"""Words in repair orders for the global search: FTS5 trigram on SQLite, pg_trgm on PostgreSQL.

A LIKE scan of ten years of orders (~100,000 rows) took ~110 ms for a word that is not there,
more than twice the search's whole budget; the trigram index answers in a few milliseconds.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from frontdesk.db import trigram

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Everything a receptionist may type to find an order: its number, what was reported, where, who, the phone.
COLUMNS = "number, description, location, reporter, phone"
NEW = "new.id, new.number, new.description, new.location, new.reporter, new.phone"
OLD = "'delete', old.id, old.number, old.description, old.location, old.reporter, old.phone"
TRIGGERS = ("repair_orders_fts_ai", "repair_orders_fts_ad", "repair_orders_fts_au")
PG_INDEXED = ("number", "description", "location", "reporter", "phone")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE repair_orders_fts USING fts5({COLUMNS}, "
            "content='repair_orders', content_rowid='id', tokenize='trigram')"
        )
        op.execute("INSERT INTO repair_orders_fts(repair_orders_fts) VALUES ('rebuild')")
        op.execute(
            "CREATE TRIGGER repair_orders_fts_ai AFTER INSERT ON repair_orders BEGIN "
            f"INSERT INTO repair_orders_fts(rowid, {COLUMNS}) VALUES ({NEW}); END"
        )
        op.execute(
            "CREATE TRIGGER repair_orders_fts_ad AFTER DELETE ON repair_orders BEGIN "
            f"INSERT INTO repair_orders_fts(repair_orders_fts, rowid, {COLUMNS}) VALUES ({OLD}); END"
        )
        op.execute(
            f"CREATE TRIGGER repair_orders_fts_au AFTER UPDATE OF {COLUMNS} ON repair_orders BEGIN "
            f"INSERT INTO repair_orders_fts(repair_orders_fts, rowid, {COLUMNS}) VALUES ({OLD}); "
            f"INSERT INTO repair_orders_fts(rowid, {COLUMNS}) VALUES ({NEW}); END"
        )
    elif bind.dialect.name == "postgresql":
        trigram.create_indexes(bind, "repair_orders", PG_INDEXED)  # skipped, with a warning, without pg_trgm


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS repair_orders_fts")
    elif bind.dialect.name == "postgresql":
        trigram.drop_indexes(bind, "repair_orders", PG_INDEXED)
