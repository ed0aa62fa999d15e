"""The calls ledger's and the repair orders' counts from the index alone

Counting every call ever logged (the 来电来访 ledger with no date limit) read each of the 280,000
rows at ten years to see whether it was voided (≈ 110 ms); with `deleted_at` beside `occurred_at`
in the index, the count and the first page are answered from the index (≈ 17 ms). The same for the
报修维修 tab, which opens on every order ever reported (85,000 rows scanned, ≈ 20–45 ms → 3 ms).

Revision ID: 0022
Revises: 0018
"""

from alembic import op

revision = "0022"
down_revision = "0018"
branch_labels = None
depends_on = None


INDEXES = (("ix_contacts_occurred", "contacts", "occurred_at"), ("ix_repair_orders_reported", "repair_orders", "reported_at"))


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column, "deleted_at"], unique=False)


def downgrade() -> None:
    for name, table, column in INDEXES:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], unique=False)
