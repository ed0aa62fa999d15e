"""Each charge keeps what has been paid on it (charges.paid), and an index of the open charges.

The arrears list, the letters and the collection rates summed every allocation (1.3 million after
ten years) on each call; with the paid amount on the charge they read only the open charges
(a partial index where paid < amount, on (unit_id, period) and the columns the arrears read) and the few recent payments.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OPEN = "paid < amount"
OPEN_CHARGE_COLUMNS = ("unit_id", "period", "item", "amount", "paid", "due_date", "deleted_at")


def upgrade() -> None:
    with op.batch_alter_table("charges") as batch:
        batch.add_column(sa.Column("paid", sa.Numeric(precision=12, scale=2), nullable=False, server_default="0"))
    # Back-fill from the allocations, rounded to the cent (SQLite sums money as floating point).
    op.execute(
        "UPDATE charges SET paid = (SELECT ROUND(COALESCE(SUM(allocations.amount), 0), 2) FROM allocations"
        " WHERE allocations.charge_id = charges.id)"
        " WHERE EXISTS (SELECT 1 FROM allocations WHERE allocations.charge_id = charges.id)"
    )
    op.create_index("ix_charges_open", "charges", list(OPEN_CHARGE_COLUMNS), unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index("ix_charges_open", table_name="charges")
    with op.batch_alter_table("charges") as batch:
        batch.drop_column("paid")
