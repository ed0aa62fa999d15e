"""Indexes for the tabs at ten years: open matters, a repair owner's alerts, public repair places

Counting the open contacts, finding the orders flagged for the person who took them, and listing
the public places for the repair form's completer each read the whole table (85,000 orders,
280,000 contacts at ten years); these indexes answer them from a few entries or from the index alone.

Revision ID: 0018
Revises: 0013
"""

from alembic import op

revision = "0018"
down_revision = "0013"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_contacts_status_occurred", "contacts", ["status", "occurred_at"]),
    ("ix_repair_orders_unit_location", "repair_orders", ["unit_id", "location", "deleted_at"]),
    ("ix_repair_orders_alert_owner", "repair_orders", ["alert", "owner_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
