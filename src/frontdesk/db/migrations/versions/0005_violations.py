"""violations, rectification notices, deliveries, re-inspections, photos and history

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


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
        "violations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("found_date", sa.Date(), nullable=False),
        sa.Column("found_by", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reported_to", sa.String(length=40), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        *_tracked(),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_violations_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violations")),
    )
    op.create_index(op.f("ix_violations_unit_id"), "violations", ["unit_id"])
    op.create_index("ix_violations_found", "violations", ["found_date"])
    op.create_index("ix_violations_status_kind", "violations", ["status", "kind"])

    op.create_table(
        "violation_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("violation_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("caption", sa.String(length=100), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["violation_id"], ["violations.id"],
                                name=op.f("fk_violation_photos_violation_id_violations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violation_photos")),
    )
    op.create_index(op.f("ix_violation_photos_violation_id"), "violation_photos", ["violation_id"])

    op.create_table(
        "rectification_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("violation_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("issued_date", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.Column("addressee", sa.String(length=60), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("voided_reason", sa.String(length=200), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["violation_id"], ["violations.id"],
                                name=op.f("fk_rectification_notices_violation_id_violations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_notices")),
        sa.UniqueConstraint("number", name=op.f("uq_rectification_notices_number")),
    )
    op.create_index(op.f("ix_rectification_notices_violation_id"), "rectification_notices", ["violation_id"])
    op.create_index(op.f("ix_rectification_notices_deadline"), "rectification_notices", ["deadline"])

    op.create_table(
        "notice_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("delivered_by", sa.String(length=40), nullable=False),
        sa.Column("signed_by", sa.String(length=40), nullable=False),
        sa.Column("posted_at", sa.String(length=100), nullable=False),
        sa.Column("photo_file", sa.String(length=200), nullable=False),
        sa.Column("tracking_number", sa.String(length=40), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["notice_id"], ["rectification_notices.id"],
                                name=op.f("fk_notice_deliveries_notice_id_rectification_notices"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_deliveries")),
    )
    op.create_index(op.f("ix_notice_deliveries_notice_id"), "notice_deliveries", ["notice_id"])

    op.create_table(
        "reinspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("violation_id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("result", sa.String(length=8), nullable=False),
        sa.Column("inspector", sa.String(length=40), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["notice_id"], ["rectification_notices.id"],
                                name=op.f("fk_reinspections_notice_id_rectification_notices")),
        sa.ForeignKeyConstraint(["violation_id"], ["violations.id"],
                                name=op.f("fk_reinspections_violation_id_violations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reinspections")),
    )
    op.create_index(op.f("ix_reinspections_violation_id"), "reinspections", ["violation_id"])
    op.create_index(op.f("ix_reinspections_notice_id"), "reinspections", ["notice_id"])
    op.create_index(op.f("ix_reinspections_due_date"), "reinspections", ["due_date"])

    op.create_table(
        "violation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("violation_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["violation_id"], ["violations.id"],
                                name=op.f("fk_violation_events_violation_id_violations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violation_events")),
    )
    op.create_index(op.f("ix_violation_events_violation_id"), "violation_events", ["violation_id"])


def downgrade() -> None:
    op.drop_table("violation_events")
    op.drop_table("reinspections")
    op.drop_table("notice_deliveries")
    op.drop_table("rectification_notices")
    op.drop_table("violation_photos")
    op.drop_table("violations")
