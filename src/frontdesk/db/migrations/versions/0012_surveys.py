"""满意度调查: surveys, their sampled units (with the answer) and the per-area scores

Revision ID: 0012
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0009"
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
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("quarter", sa.String(length=6), nullable=False),
        sa.Column("areas", sa.Text(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("per_building", sa.Integer(), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("number", name=op.f("uq_surveys_number")),
        sa.UniqueConstraint("quarter", name=op.f("uq_surveys_quarter")),
    )
    op.create_table(
        "survey_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("owner_name", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=6), nullable=False),
        sa.Column("respondent", sa.String(length=40), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("method", sa.String(length=6), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=40), nullable=False),
        sa.Column("followup_contact_id", sa.Integer(), nullable=True),
        *_tracked(),
        sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_survey_units_survey_id_surveys")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_survey_units_unit_id_units")),
        sa.ForeignKeyConstraint(["followup_contact_id"], ["contacts.id"],
                                name=op.f("fk_survey_units_followup_contact_id_contacts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_units")),
        sa.UniqueConstraint("survey_id", "unit_id", name="uq_survey_units_survey_unit"),
    )
    op.create_index(op.f("ix_survey_units_survey_id"), "survey_units", ["survey_id"])
    op.create_index("ix_survey_units_unit", "survey_units", ["unit_id"])
    op.create_table(
        "survey_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_unit_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["survey_unit_id"], ["survey_units.id"],
                                name=op.f("fk_survey_scores_survey_unit_id_survey_units"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_scores")),
        sa.UniqueConstraint("survey_unit_id", "area", name="uq_survey_scores_unit_area"),
    )
    op.create_index(op.f("ix_survey_scores_survey_unit_id"), "survey_scores", ["survey_unit_id"])


def downgrade() -> None:
    op.drop_table("survey_scores")
    op.drop_table("survey_units")
    op.drop_table("surveys")
