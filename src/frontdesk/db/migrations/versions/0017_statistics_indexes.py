"""Indexes the statistics read from alone: a period's bills, the payments since a date and their
allocations, the first bill's due date, the return visits of a period.

A year's collection rates read every payment since the year began and what each put on which bill;
with the payment's date, its voided mark and the allocation's bill and amount in the indexes, those
reads no longer visit the tables. The bills of a period carry what the rates add up (unit, amount,
paid, due date), and the first due date (whether a period is covered by the records) is one index step.

Revision ID: 0017
Revises: 0013
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# name -> (table, new columns, columns before)
WIDENED = {
    "ix_charges_period": ("charges", ["period", "unit_id", "amount", "paid", "due_date", "deleted_at"], ["period"]),
    "ix_payments_paid_on": ("payments", ["paid_on", "deleted_at"], ["paid_on"]),
    "ix_allocations_payment_id": ("allocations", ["payment_id", "charge_id", "amount"], ["payment_id"]),
}
ADDED = {
    "ix_charges_due_date": ("charges", ["due_date", "deleted_at"]),
    "ix_return_visits_visited_at": ("return_visits", ["visited_at"]),
}


def upgrade() -> None:
    for name, (table, columns, _before) in WIDENED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns, unique=False)
    for name, (table, columns) in ADDED.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _columns) in ADDED.items():
        op.drop_index(name, table_name=table)
    for name, (table, _columns, before) in WIDENED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before, unique=False)
