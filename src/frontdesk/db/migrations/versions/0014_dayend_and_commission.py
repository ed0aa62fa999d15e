"""日结 and 提成: collectors' closed days, commission schemes with their bands, the collector's month

Revision ID: 0014
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(precision=12, scale=2)


def _tracked() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "day_closings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collector_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *(sa.Column(name, MONEY, nullable=False) for name in
          ("cash", "wechat", "alipay", "bank_transfer", "pos", "total", "reversed_amount", "cash_to_hand_over")),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("reversals", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by", sa.String(length=40), nullable=False),
        sa.Column("receiver", sa.String(length=40), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["collector_id"], ["staff.id"], name=op.f("fk_day_closings_collector_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closings")),
        sa.UniqueConstraint("collector_id", "day", name="uq_day_closings_collector_day"),
    )
    op.create_index(op.f("ix_day_closings_day"), "day_closings", ["day"], unique=False)
    op.create_table(
        "commission_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.String(length=7), nullable=False),
        sa.Column("base", MONEY, nullable=False),
        sa.Column("old_arrears_per_100", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_schemes")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_commission_schemes_effective_from")),
    )
    op.create_table(
        "commission_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("min_rate", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("per_100", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["scheme_id"], ["commission_schemes.id"], ondelete="CASCADE",
                                name=op.f("fk_commission_bands_scheme_id_commission_schemes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_bands")),
    )
    op.create_index(op.f("ix_commission_bands_scheme_id"), "commission_bands", ["scheme_id"], unique=False)
    op.create_table(
        "collector_months",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("buildings", sa.Text(), nullable=False),
        sa.Column("collection_rate", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("previous_rate", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("collected", MONEY, nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("old_arrears_recovered", MONEY, nullable=False),
        sa.Column("actions", sa.Integer(), nullable=False),
        sa.Column("letters_sent", sa.Integer(), nullable=False),
        sa.Column("letters_paid", sa.Integer(), nullable=False),
        sa.Column("scheme_from", sa.String(length=7), nullable=False),
        sa.Column("base", MONEY, nullable=False),
        sa.Column("commission", MONEY, nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=40), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_collector_months_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collector_months")),
        sa.UniqueConstraint("month", "staff_id", name="uq_collector_months_month_staff"),
    )
    op.create_index(op.f("ix_collector_months_month"), "collector_months", ["month"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_collector_months_month"), table_name="collector_months")
    op.drop_table("collector_months")
    op.drop_index(op.f("ix_commission_bands_scheme_id"), table_name="commission_bands")
    op.drop_table("commission_bands")
    op.drop_table("commission_schemes")
    op.drop_index(op.f("ix_day_closings_day"), table_name="day_closings")
    op.drop_table("day_closings")
