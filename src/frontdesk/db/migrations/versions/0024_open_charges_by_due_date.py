"""The open bills by due date, from the index alone

A past day's arrears (未收户数、面积、金额 of a month or a year already over) were summed from every open
bill due before that day: at ten years, 180,000–250,000 entries of the open-bills index per period
compared. The per-unit summary already holds each unit's open bills; less the open bills falling due
from that day on (one range of this index: the months since) it gives the same, read per unit.

Revision ID: 0024
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0020"
branch_labels = None
depends_on = None

OPEN = "paid < amount"
COLUMNS = ["due_date", "unit_id", "amount", "paid", "deleted_at"]


def upgrade() -> None:
    op.create_index("ix_charges_open_due", "charges", COLUMNS, unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index("ix_charges_open_due", table_name="charges")
