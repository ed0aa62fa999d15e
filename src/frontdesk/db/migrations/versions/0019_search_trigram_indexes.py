"""The rest of the global search's words on PostgreSQL: trigram indexes on the caller's name and
on what a complaint says (cause, solution, summary).

The calls' words are one `content OR handling OR caller_name ILIKE '%…%'`: PostgreSQL can answer an
OR from indexes only when every branch has one, and the caller's name had none, so a name, a phone
or a room number that is not in the calls read all 280,000 of them (≈ 0.2 s at ten years) — as did
the complaints' words (small today, growing with every year). SQLite has its FTS5 tables (0002, 0018).
Skipped, with a warning, where pg_trgm cannot be created (frontdesk.db.trigram); a warning, too, when
the database's LC_CTYPE leaves Chinese words without trigrams.

Revision ID: 0019
Revises: 0021
"""

from alembic import op

from frontdesk.db import trigram

revision = "0019"
down_revision = "0021"
branch_labels = None
depends_on = None

INDEXED = (
    ("contacts", ("caller_name",)),
    ("complaints", ("cause", "solution", "summary")),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    created = [trigram.create_indexes(bind, table, columns) for table, columns in INDEXED]
    if all(created):
        trigram.warn_unless_chinese_is_indexed(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, columns in reversed(INDEXED):
        trigram.drop_indexes(bind, table, columns)
