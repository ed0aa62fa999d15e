"""repair orders, their history, the warranty table and the repair knowledge base

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('repair_knowledge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trade', sa.String(length=20), nullable=False),
    sa.Column('faults', sa.Text(), nullable=False),
    sa.Column('questions', sa.Text(), nullable=False),
    sa.Column('tools', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repair_knowledge')),
    sa.UniqueConstraint('trade', name=op.f('uq_repair_knowledge_trade'))
    )
    op.create_table('warranty_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=60), nullable=False),
    sa.Column('trades', sa.String(length=200), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('length_unit', sa.String(length=4), nullable=False),
    sa.Column('basis', sa.String(length=200), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_warranty_periods'))
    )
    op.create_table('repair_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('scope', sa.String(length=4), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('phase', sa.Integer(), nullable=True),
    sa.Column('building', sa.Integer(), nullable=True),
    sa.Column('location', sa.String(length=100), nullable=False),
    sa.Column('trade', sa.String(length=20), nullable=False),
    sa.Column('warranty_item_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('urgency', sa.String(length=4), nullable=False),
    sa.Column('reporter', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('appointment_at', sa.DateTime(), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=4), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('arrived_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('labour_hours', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('charge', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('satisfaction', sa.String(length=8), nullable=False),
    sa.Column('pause_reason', sa.Text(), nullable=False),
    sa.Column('alert', sa.Text(), nullable=False),
    sa.Column('repeat_of_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], name=op.f('fk_repair_orders_owner_id_staff')),
    sa.ForeignKeyConstraint(['technician_id'], ['staff.id'], name=op.f('fk_repair_orders_technician_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_repair_orders_unit_id_units')),
    sa.ForeignKeyConstraint(['warranty_item_id'], ['warranty_periods.id'], name=op.f('fk_repair_orders_warranty_item_id_warranty_periods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repair_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_repair_orders_number'))
    )
    with op.batch_alter_table('repair_orders', schema=None) as batch_op:
        batch_op.create_index('ix_repair_orders_building', ['phase', 'building'], unique=False)
        batch_op.create_index(batch_op.f('ix_repair_orders_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index('ix_repair_orders_location_trade', ['location', 'trade', 'reported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_repair_orders_repeat_of_id'), ['repeat_of_id'], unique=False)
        batch_op.create_index('ix_repair_orders_reported', ['reported_at'], unique=False)
        batch_op.create_index('ix_repair_orders_state_due', ['state', 'due_at'], unique=False)
        batch_op.create_index('ix_repair_orders_technician_state', ['technician_id', 'state'], unique=False)
        batch_op.create_index('ix_repair_orders_unit_trade', ['unit_id', 'trade', 'reported_at'], unique=False)

    op.create_table('repair_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_name', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('from_state', sa.String(length=4), nullable=False),
    sa.Column('to_state', sa.String(length=4), nullable=False),
    sa.Column('technician', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['repair_orders.id'], name=op.f('fk_repair_events_order_id_repair_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repair_events'))
    )
    with op.batch_alter_table('repair_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repair_events_order_id'), ['order_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('repair_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repair_events_order_id'))

    op.drop_table('repair_events')
    with op.batch_alter_table('repair_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_repair_orders_unit_trade')
        batch_op.drop_index('ix_repair_orders_technician_state')
        batch_op.drop_index('ix_repair_orders_state_due')
        batch_op.drop_index('ix_repair_orders_reported')
        batch_op.drop_index(batch_op.f('ix_repair_orders_repeat_of_id'))
        batch_op.drop_index('ix_repair_orders_location_trade')
        batch_op.drop_index(batch_op.f('ix_repair_orders_contact_id'))
        batch_op.drop_index('ix_repair_orders_building')

    op.drop_table('repair_orders')
    op.drop_table('warranty_periods')
    op.drop_table('repair_knowledge')
