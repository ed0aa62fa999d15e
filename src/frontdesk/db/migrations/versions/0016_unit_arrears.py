"""Each unit's arrears kept with its bills (unit_arrears), and the open bills indexed by month and by due date.

The arrears lists aged every open bill on each query (223,000 after ten years); now they read one
row per unit in arrears, take off the few bills not yet due and age only the recent months' bills.
Filled here from the bills as they stand.

Revision ID: 0016
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0013"
branch_labels = None
depends_on = None

OPEN = "paid < amount"
OPEN_BY_PERIOD_COLUMNS = ("period", "unit_id", "due_date", "amount", "paid", "deleted_at")
OPEN_BY_DUE_COLUMNS = ("due_date", "unit_id", "period", "amount", "paid", "deleted_at")


def upgrade() -> None:
    op.create_table(
        "unit_arrears",
        sa.Column("unit_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("open_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("open_charges", sa.Integer(), nullable=False),
        sa.Column("oldest_period", sa.String(length=7), nullable=False),
        sa.Column("oldest_due", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_arrears_unit_id_units")),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_unit_arrears")),
    )
    op.create_index("ix_charges_open_by_period", "charges", list(OPEN_BY_PERIOD_COLUMNS), unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_index("ix_charges_open_by_due", "charges", list(OPEN_BY_DUE_COLUMNS), unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    # What the open bills add up to, per unit (rounded to the cent: SQLite sums money as floating point).
    op.execute(
        "INSERT INTO unit_arrears (unit_id, open_amount, open_charges, oldest_period, oldest_due)"
        " SELECT unit_id, ROUND(SUM(amount - paid), 2), COUNT(*), MIN(period), MIN(due_date) FROM charges"
        " WHERE paid < amount AND deleted_at IS NULL GROUP BY unit_id"
    )


def downgrade() -> None:
    op.drop_index("ix_charges_open_by_due", table_name="charges")
    op.drop_index("ix_charges_open_by_period", table_name="charges")
    op.drop_table("unit_arrears")
