"""来电记录: the rings the caller-ID box or the phone system reported.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rang_at", sa.DateTime(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("caller_name", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=4), nullable=False),
        sa.Column("answered_by", sa.String(length=40), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_rings_contact_id_contacts")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_rings_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rings")),
    )
    op.create_index("ix_rings_rang_at", "rings", ["rang_at"], unique=False)
    op.create_index("ix_rings_number", "rings", ["number"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_rings_number", table_name="rings")
    op.drop_index("ix_rings_rang_at", table_name="rings")
    op.drop_table("rings")
