"""Reads the statistics bound by what they ask for: the open matters by their status.

超时未办结事项 (the statistics' list of open contacts past their deadline) read every contact to find
the few dozen still open; an index on the status, then the time, finds them directly.

Revision ID: 0019
Revises: 0017
"""

from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contacts_status_occurred", "contacts", ["status", "occurred_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_contacts_status_occurred", table_name="contacts")
