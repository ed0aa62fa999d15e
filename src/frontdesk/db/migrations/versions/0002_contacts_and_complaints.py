"""contacts, complaints, hand-overs, return visits and number counters

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from frontdesk.db import trigram

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('number_counters',
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('series', 'period', name=op.f('pk_number_counters'))
    )
    op.create_table('return_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('visited_at', sa.DateTime(), nullable=True),
    sa.Column('staff_name', sa.String(length=40), nullable=False),
    sa.Column('result', sa.String(length=8), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_visits'))
    )
    with op.batch_alter_table('return_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_visits_due_date'), ['due_date'], unique=False)
        batch_op.create_index('ix_return_visits_target', ['target_kind', 'target_id'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=4), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('location', sa.String(length=100), nullable=False),
    sa.Column('caller_name', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=4), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('handling', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=4), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('repair_order_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], name=op.f('fk_contacts_owner_id_staff')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_contacts_person_id_persons')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_contacts_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_occurred', ['occurred_at'], unique=False)
        batch_op.create_index('ix_contacts_owner_status', ['owner_id', 'status'], unique=False)
        batch_op.create_index('ix_contacts_phone', ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_repair_order_id'), ['repair_order_id'], unique=False)
        batch_op.create_index('ix_contacts_unit_occurred', ['unit_id', 'occurred_at'], unique=False)

    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('calm_note', sa.Text(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('regulation', sa.String(length=200), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('carried_out_by', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('effective', sa.String(length=4), nullable=False),
    sa.Column('first_action_due', sa.DateTime(), nullable=False),
    sa.Column('close_due', sa.DateTime(), nullable=False),
    sa.Column('first_action_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_complaints_contact_id_contacts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('contact_id', name=op.f('uq_complaints_contact_id'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_closed_at'), ['closed_at'], unique=False)

    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_name', sa.String(length=40), nullable=False),
    sa.Column('to_staff_id', sa.Integer(), nullable=True),
    sa.Column('to_department', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_handovers_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_staff_id'], ['staff.id'], name=op.f('fk_handovers_to_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers'))
    )
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handovers_contact_id'), ['contact_id'], unique=False)

    _create_text_search()


def _create_text_search() -> None:
    """Substring search over what callers said: FTS5 trigram on SQLite, pg_trgm on PostgreSQL."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE contacts_fts USING fts5("
            "content, handling, caller_name, content='contacts', content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN "
            "INSERT INTO contacts_fts(rowid, content, handling, caller_name) "
            "VALUES (new.id, new.content, new.handling, new.caller_name); END"
        )
        op.execute(
            "CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN "
            "INSERT INTO contacts_fts(contacts_fts, rowid, content, handling, caller_name) "
            "VALUES ('delete', old.id, old.content, old.handling, old.caller_name); END"
        )
        op.execute(
            "CREATE TRIGGER contacts_fts_au AFTER UPDATE OF content, handling, caller_name ON contacts BEGIN "
            "INSERT INTO contacts_fts(contacts_fts, rowid, content, handling, caller_name) "
            "VALUES ('delete', old.id, old.content, old.handling, old.caller_name); "
            "INSERT INTO contacts_fts(rowid, content, handling, caller_name) "
            "VALUES (new.id, new.content, new.handling, new.caller_name); END"
        )
    elif bind.dialect.name == "postgresql":
        trigram.create_indexes(bind, "contacts", ("content", "handling"))  # skipped, with a warning, without pg_trgm


def _drop_text_search() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("contacts_fts_ai", "contacts_fts_ad", "contacts_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS contacts_fts")
    elif bind.dialect.name == "postgresql":
        trigram.drop_indexes(bind, "contacts", ("content", "handling"))


def downgrade() -> None:
    _drop_text_search()
    op.drop_table('number_counters')
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handovers_contact_id'))

    op.drop_table('handovers')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_closed_at'))

    op.drop_table('complaints')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_unit_occurred')
        batch_op.drop_index(batch_op.f('ix_contacts_repair_order_id'))
        batch_op.drop_index('ix_contacts_phone')
        batch_op.drop_index('ix_contacts_owner_status')
        batch_op.drop_index('ix_contacts_occurred')

    op.drop_table('contacts')
    with op.batch_alter_table('return_visits', schema=None) as batch_op:
        batch_op.drop_index('ix_return_visits_target')
        batch_op.drop_index(batch_op.f('ix_return_visits_due_date'))

    op.drop_table('return_visits')
