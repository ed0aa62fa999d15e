"""收费催缴: charges, payments and allocations, fee enrolments, collection actions, collectors

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('building_collectors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.Integer(), nullable=False),
    sa.Column('building', sa.Integer(), nullable=False),
    sa.Column('collector_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['collector_id'], ['staff.id'], name=op.f('fk_building_collectors_collector_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_building_collectors')),
    sa.UniqueConstraint('phase', 'building', name='uq_building_collectors_phase_building')
    )
    op.create_table('charges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('basis', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_charges_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charges')),
    sa.UniqueConstraint('unit_id', 'item', 'period', name='uq_charges_unit_item_period')
    )
    op.create_index('ix_charges_period', 'charges', ['period'], unique=False)
    op.create_index(op.f('ix_charges_unit_id'), 'charges', ['unit_id'], unique=False)
    op.create_table('collection_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('acted_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=6), nullable=False),
    sa.Column('collector_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('promise_date', sa.Date(), nullable=True),
    sa.Column('arrears', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['collector_id'], ['staff.id'], name=op.f('fk_collection_actions_collector_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_collection_actions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collection_actions'))
    )
    op.create_index(op.f('ix_collection_actions_acted_on'), 'collection_actions', ['acted_on'], unique=False)
    op.create_index('ix_collection_actions_unit_date', 'collection_actions', ['unit_id', 'acted_on'], unique=False)
    op.create_table('fee_enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_fee_enrolments_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_enrolments')),
    sa.UniqueConstraint('unit_id', 'item', name='uq_fee_enrolments_unit_item')
    )
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_no', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('payer', sa.String(length=40), nullable=False),
    sa.Column('collector_id', sa.Integer(), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    sa.Column('reversal_of_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['collector_id'], ['staff.id'], name=op.f('fk_payments_collector_id_staff')),
    sa.ForeignKeyConstraint(['reversal_of_id'], ['payments.id'], name=op.f('fk_payments_reversal_of_id_payments')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_payments_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('receipt_no', name=op.f('uq_payments_receipt_no')),
    sa.UniqueConstraint('reversal_of_id', name=op.f('uq_payments_reversal_of_id'))
    )
    op.create_index(op.f('ix_payments_paid_on'), 'payments', ['paid_on'], unique=False)
    op.create_index('ix_payments_unit_paid', 'payments', ['unit_id', 'paid_on'], unique=False)
    op.create_table('allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['charge_id'], ['charges.id'], name=op.f('fk_allocations_charge_id_charges')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_allocations_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocations'))
    )
    op.create_index(op.f('ix_allocations_charge_id'), 'allocations', ['charge_id'], unique=False)
    op.create_index(op.f('ix_allocations_payment_id'), 'allocations', ['payment_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_allocations_payment_id'), table_name='allocations')
    op.drop_index(op.f('ix_allocations_charge_id'), table_name='allocations')
    op.drop_table('allocations')
    op.drop_index('ix_payments_unit_paid', table_name='payments')
    op.drop_index(op.f('ix_payments_paid_on'), table_name='payments')
    op.drop_table('payments')
    op.drop_table('fee_enrolments')
    op.drop_index('ix_collection_actions_unit_date', table_name='collection_actions')
    op.drop_index(op.f('ix_collection_actions_acted_on'), table_name='collection_actions')
    op.drop_table('collection_actions')
    op.drop_index(op.f('ix_charges_unit_id'), table_name='charges')
    op.drop_index('ix_charges_period', table_name='charges')
    op.drop_table('charges')
    op.drop_table('building_collectors')
