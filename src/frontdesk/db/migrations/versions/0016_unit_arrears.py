"""Each unit's arrears kept with its bills (unit_arrears).

The arrears lists aged every open bill on each query (223,000 after ten years); now they read one
row per unit in arrears, take off the bills of its latest due date while those are not yet due, and
age only the last twelve months' open bills of the page's units. Filled here from the bills as they stand.

Revision ID: 0016
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_arrears",
        sa.Column("unit_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("open_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("open_charges", sa.Integer(), nullable=False),
        sa.Column("oldest_period", sa.String(length=7), nullable=False),
        sa.Column("oldest_due", sa.Date(), nullable=False),
        sa.Column("last_due", sa.Date(), nullable=False),
        sa.Column("last_due_open", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("last_due_charges", sa.Integer(), nullable=False),
        sa.Column("last_due_first_period", sa.String(length=7), nullable=False),
        sa.Column("due_before_last", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_arrears_unit_id_units")),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_unit_arrears")),
    )
    # What the open bills add up to, per unit, and those of its latest due date apart (rounded to the
    # cent: SQLite sums money as floating point).
    op.execute(
        "INSERT INTO unit_arrears (unit_id, open_amount, open_charges, oldest_period, oldest_due, last_due,"
        " last_due_open, last_due_charges, last_due_first_period, due_before_last)"
        " SELECT c.unit_id, ROUND(SUM(c.amount - c.paid), 2), COUNT(*), MIN(c.period), MIN(c.due_date), l.last_due,"
        " ROUND(SUM(CASE WHEN c.due_date = l.last_due THEN c.amount - c.paid ELSE 0 END), 2),"
        " SUM(CASE WHEN c.due_date = l.last_due THEN 1 ELSE 0 END),"
        " MIN(CASE WHEN c.due_date = l.last_due THEN c.period END),"
        " MAX(CASE WHEN c.due_date < l.last_due THEN c.due_date END)"
        " FROM charges c JOIN (SELECT unit_id, MAX(due_date) AS last_due FROM charges"
        " WHERE paid < amount AND deleted_at IS NULL GROUP BY unit_id) l ON l.unit_id = c.unit_id"
        " WHERE c.paid < c.amount AND c.deleted_at IS NULL GROUP BY c.unit_id, l.last_due"
    )


def downgrade() -> None:
    op.drop_table("unit_arrears")
