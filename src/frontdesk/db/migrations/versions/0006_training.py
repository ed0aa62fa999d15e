"""training sessions, attendance and materials, daily inspections, weekly slogans, monthly assessments

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
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
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("courses", sa.String(length=400), nullable=False),
        sa.Column("trainer", sa.String(length=40), nullable=False),
        sa.Column("hours", sa.Numeric(4, 1), nullable=False),
        sa.Column("place", sa.String(length=60), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    op.create_index(op.f("ix_training_sessions_held_on"), "training_sessions", ["held_on"])

    op.create_table(
        "training_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=4), nullable=False),
        sa.Column("score", sa.Numeric(5, 1), nullable=True),
        sa.Column("retest_score", sa.Numeric(5, 1), nullable=True),
        sa.Column("retest_on", sa.Date(), nullable=True),
        *_tracked(),
        sa.ForeignKeyConstraint(["session_id"], ["training_sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_training_attendance_session_id_training_sessions")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_training_attendance_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attendance")),
        sa.UniqueConstraint("session_id", "staff_id", name="uq_training_attendance_session_staff"),
    )
    op.create_index(op.f("ix_training_attendance_staff_id"), "training_attendance", ["staff_id"])

    op.create_table(
        "training_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("stored_name", sa.String(length=260), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["session_id"], ["training_sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_training_materials_session_id_training_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_materials")),
    )
    op.create_index(op.f("ix_training_materials_session_id"), "training_materials", ["session_id"])

    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("inspector", sa.String(length=40), nullable=False),
        sa.Column("deduction", sa.Numeric(5, 1), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_inspections_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
        sa.UniqueConstraint("inspected_on", "staff_id", name="uq_inspections_day_staff"),
    )
    op.create_index(op.f("ix_inspections_inspected_on"), "inspections", ["inspected_on"])
    op.create_index(op.f("ix_inspections_staff_id"), "inspections", ["staff_id"])

    op.create_table(
        "inspection_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("deduction", sa.Numeric(4, 1), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"], ondelete="CASCADE",
                                name=op.f("fk_inspection_marks_inspection_id_inspections")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_marks")),
    )
    op.create_index(op.f("ix_inspection_marks_inspection_id"), "inspection_marks", ["inspection_id"])

    op.create_table(
        "weekly_slogans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("slogan", sa.String(length=100), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_slogans")),
        sa.UniqueConstraint("week_start", name=op.f("uq_weekly_slogans_week_start")),
    )

    op.create_table(
        "monthly_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("test_average", sa.Numeric(5, 1), nullable=True),
        sa.Column("attendance_rate", sa.Numeric(5, 1), nullable=True),
        sa.Column("deduction", sa.Numeric(5, 1), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("complaints", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Numeric(5, 1), nullable=True),
        sa.Column("score", sa.Numeric(5, 1), nullable=False),
        sa.Column("grade", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=40), nullable=False),
        *_tracked(),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_monthly_assessments_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_assessments")),
        sa.UniqueConstraint("month", "staff_id", name="uq_monthly_assessments_month_staff"),
    )
    op.create_index(op.f("ix_monthly_assessments_month"), "monthly_assessments", ["month"])


def downgrade() -> None:
    op.drop_table("monthly_assessments")
    op.drop_table("weekly_slogans")
    op.drop_table("inspection_marks")
    op.drop_table("inspections")
    op.drop_table("training_materials")
    op.drop_table("training_attendance")
    op.drop_table("training_sessions")
