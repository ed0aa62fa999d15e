"""A unit's latest calls and repair orders from an index alone

The global search lists the latest calls and repair orders of the units it found; each unit's index
entries were followed to the table only to see whether the record was voided, a page read per
record among 280,000 calls and 85,000 orders at ten years (≈ 0.5–1 ms of a search). Partial indexes
of the live records of units answer it from the index. Partial, so that a query naming no unit
(the words of every call) never takes one for a list of all the live records.

On SQLite the search's FTS5 indexes are also merged into one segment each ('optimize'): written a
record at a time over the years, each word was looked up in dozens of segments (a phone number's
ten pairs ≈ 0.9 ms in the calls' index, 0.3–0.5 ms once merged). New records go to small segments
again, which FTS5 merges as they accumulate.

Revision ID: 0023
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0024"
branch_labels = None
depends_on = None


LIVE_OF_A_UNIT = sa.text("unit_id IS NOT NULL AND deleted_at IS NULL")
INDEXES = (
    ("ix_contacts_unit_live", "contacts", ["unit_id"]),
    ("ix_repair_orders_unit_live", "repair_orders", ["unit_id", "reported_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False, sqlite_where=LIVE_OF_A_UNIT,
                        postgresql_where=LIVE_OF_A_UNIT)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for (index,) in bind.execute(sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'")):
            op.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
