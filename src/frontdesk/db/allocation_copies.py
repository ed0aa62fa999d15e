"""What each allocation copies from its payment (the date) and its charge (unit, month, due date), how
to tell copies that disagree (`frontdesk check`) and how to write them again (`check --repair`).

The copies are written with the allocation and never change after (see models.Allocation); a
disagreement means a writer went around the services, or the rows were edited by hand.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.orm import Session

from frontdesk.db.models import Allocation, Charge, Payment, Unit

_joined = (Allocation.payment_id == Payment.id, Allocation.charge_id == Charge.id)
_differs = or_(Allocation.paid_on != Payment.paid_on, Allocation.unit_id != Charge.unit_id,
               Allocation.charge_period != Charge.period, Allocation.charge_due_date != Charge.due_date)


def disagreements(connection: Connection | Session) -> list[tuple]:
    """(receipt_no, unit code, fee item, month) of every allocation whose copies differ, in entry order."""
    return [tuple(row) for row in connection.execute(
        select(Payment.receipt_no, Unit.code, Charge.item, Charge.period)
        .select_from(Allocation).join(Payment, Payment.id == Allocation.payment_id)
        .join(Charge, Charge.id == Allocation.charge_id).join(Unit, Unit.id == Charge.unit_id)
        .where(_differs).order_by(Allocation.id).execution_options(include_voided=True))]


def rewrite(session: Session) -> int:
    """Copy the payment's date and the charge's unit, month and due date onto every allocation that
    disagrees; how many were rewritten."""
    result = cast(CursorResult, session.execute(
        update(Allocation).where(*_joined, _differs)
        .values(paid_on=Payment.paid_on, unit_id=Charge.unit_id, charge_period=Charge.period,
                charge_due_date=Charge.due_date)
        .execution_options(synchronize_session=False)))
    return int(result.rowcount or 0)
