"""Indexes for the tabs at ten years (open matters, a repair owner's alerts, public repair places),
and words in complaints for the global search (FTS5 trigram on SQLite)

Counting the open contacts, finding the orders flagged for the person who took them, and listing
the public places for the repair form's completer each read the whole table (85,000 orders,
280,000 contacts at ten years); these indexes answer them from a few entries or from the index alone.
The search read every complaint's cause, solution and summary for each query (2–3 ms at ten years,
growing with every year); words of three characters or more now come from a trigram index, as the
contacts' and repair orders' words do. PostgreSQL keeps its substring match.

Revision ID: 0018
Revises: 0013
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_contacts_status_occurred", "contacts", ["status", "occurred_at"]),
    ("ix_repair_orders_unit_location", "repair_orders", ["unit_id", "location", "deleted_at"]),
    ("ix_repair_orders_alert_owner", "repair_orders", ["alert", "owner_id"]),
)


# What a complaint says in its own words, besides the call it came from (which contacts_fts holds).
COMPLAINT_COLUMNS = "cause, solution, summary"
NEW = "new.id, new.cause, new.solution, new.summary"
OLD = "'delete', old.id, old.cause, old.solution, old.summary"
TRIGGERS = ("complaints_fts_ai", "complaints_fts_ad", "complaints_fts_au")


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE complaints_fts USING fts5({COMPLAINT_COLUMNS}, "
            "content='complaints', content_rowid='id', tokenize='trigram')"
        )
        op.execute("INSERT INTO complaints_fts(complaints_fts) VALUES ('rebuild')")  # the complaints there are
        op.execute(
            "CREATE TRIGGER complaints_fts_ai AFTER INSERT ON complaints BEGIN "
            f"INSERT INTO complaints_fts(rowid, {COMPLAINT_COLUMNS}) VALUES ({NEW}); END"
        )
        op.execute(
            "CREATE TRIGGER complaints_fts_ad AFTER DELETE ON complaints BEGIN "
            f"INSERT INTO complaints_fts(complaints_fts, rowid, {COMPLAINT_COLUMNS}) VALUES ({OLD}); END"
        )
        op.execute(
            f"CREATE TRIGGER complaints_fts_au AFTER UPDATE OF {COMPLAINT_COLUMNS} ON complaints BEGIN "
            f"INSERT INTO complaints_fts(complaints_fts, rowid, {COMPLAINT_COLUMNS}) VALUES ({OLD}); "
            f"INSERT INTO complaints_fts(rowid, {COMPLAINT_COLUMNS}) VALUES ({NEW}); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS complaints_fts")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
