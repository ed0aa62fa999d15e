"""Figures of periods already over, kept once computed (closed_figures)

A closed month's 收费率 figures read all its bills and the old arrears at its start (≈ 40 ms a month at
ten years, twelve months on the statistics tab's chart); they change only when a bill of that month or
before, or money dated within it, changes. Kept here once computed; the writers drop what they touch
(db/closed_figures.py). Empty at first: filled as the statistics are read.

Revision ID: 0025
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_figures",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "start_on", "end_on", name=op.f("pk_closed_figures")),
    )
    op.create_index(op.f("ix_closed_figures_end_on"), "closed_figures", ["end_on"], unique=False)
    op.create_table(
        "closed_figures_epoch",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closed_figures_epoch")),
    )
    op.execute("INSERT INTO closed_figures_epoch (id, epoch) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("closed_figures_epoch")
    op.drop_index(op.f("ix_closed_figures_end_on"), table_name="closed_figures")
    op.drop_table("closed_figures")
