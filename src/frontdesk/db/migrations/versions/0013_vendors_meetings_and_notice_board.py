"""vendors, their monthly meetings, problems and one-off jobs; the notice board and its templates

Revision ID: 0013
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('announcement_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_announcement_templates_name'))
    )
    op.create_table('announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('buildings', sa.String(length=400), nullable=False),
    sa.Column('posted_on', sa.Date(), nullable=False),
    sa.Column('take_down_on', sa.Date(), nullable=True),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements')),
    sa.UniqueConstraint('number', name=op.f('uq_announcements_number'))
    )
    op.create_index(op.f('ix_announcements_posted_on'), 'announcements', ['posted_on'], unique=False)
    op.create_index(op.f('ix_announcements_take_down_on'), 'announcements', ['take_down_on'], unique=False)

    op.create_table('vendors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company', sa.String(length=80), nullable=False),
    sa.Column('service', sa.String(length=20), nullable=False),
    sa.Column('contract_start', sa.Date(), nullable=True),
    sa.Column('contract_end', sa.Date(), nullable=True),
    sa.Column('contact', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendors')),
    sa.UniqueConstraint('company', name=op.f('uq_vendors_company'))
    )
    op.create_table('vendor_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('follower', sa.String(length=40), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('acceptance_result', sa.String(length=10), nullable=False),
    sa.Column('acceptance_remark', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_vendor_jobs_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendor_jobs'))
    )
    op.create_index(op.f('ix_vendor_jobs_start_on'), 'vendor_jobs', ['start_on'], unique=False)
    op.create_index(op.f('ix_vendor_jobs_vendor_id'), 'vendor_jobs', ['vendor_id'], unique=False)

    op.create_table('vendor_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('chaired_by', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_vendor_meetings_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendor_meetings'))
    )
    op.create_index(op.f('ix_vendor_meetings_held_on'), 'vendor_meetings', ['held_on'], unique=False)
    op.create_index('ix_vendor_meetings_vendor_held', 'vendor_meetings', ['vendor_id', 'held_on'], unique=False)

    op.create_table('vendor_issues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('agenda_meeting_id', sa.Integer(), nullable=True),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('location', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('follower', sa.String(length=40), nullable=False),
    sa.Column('recheck_on', sa.Date(), nullable=True),
    sa.Column('recheck_result', sa.String(length=8), nullable=False),
    sa.Column('recheck_remark', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('carry_overs', sa.Integer(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_meeting_id'], ['vendor_meetings.id'], name=op.f('fk_vendor_issues_agenda_meeting_id_vendor_meetings')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_vendor_issues_contact_id_contacts')),
    sa.ForeignKeyConstraint(['job_id'], ['vendor_jobs.id'], name=op.f('fk_vendor_issues_job_id_vendor_jobs')),
    sa.ForeignKeyConstraint(['meeting_id'], ['vendor_meetings.id'], name=op.f('fk_vendor_issues_meeting_id_vendor_meetings')),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_vendor_issues_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendor_issues'))
    )
    op.create_index(op.f('ix_vendor_issues_agenda_meeting_id'), 'vendor_issues', ['agenda_meeting_id'], unique=False)
    op.create_index(op.f('ix_vendor_issues_contact_id'), 'vendor_issues', ['contact_id'], unique=False)
    op.create_index(op.f('ix_vendor_issues_job_id'), 'vendor_issues', ['job_id'], unique=False)
    op.create_index(op.f('ix_vendor_issues_meeting_id'), 'vendor_issues', ['meeting_id'], unique=False)
    op.create_index('ix_vendor_issues_status_deadline', 'vendor_issues', ['status', 'deadline'], unique=False)
    op.create_index('ix_vendor_issues_vendor_raised', 'vendor_issues', ['vendor_id', 'raised_on'], unique=False)

    op.create_table('vendor_issue_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['vendor_issues.id'], name=op.f('fk_vendor_issue_photos_issue_id_vendor_issues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendor_issue_photos'))
    )
    op.create_index(op.f('ix_vendor_issue_photos_issue_id'), 'vendor_issue_photos', ['issue_id'], unique=False)


def downgrade() -> None:
    op.drop_table('vendor_issue_photos')
    op.drop_table('vendor_issues')
    op.drop_table('vendor_meetings')
    op.drop_table('vendor_jobs')
    op.drop_table('vendors')
    op.drop_table('announcements')
    op.drop_table('announcement_templates')
