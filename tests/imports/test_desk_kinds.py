"""The desks' import kinds: repairs, charges, payments, violations, training.

Each round-trips from the demo database into an empty one (export → import → same records),
names the row and column of a bad cell while writing nothing, and adds nothing twice."""


import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from frontdesk.db.models import (
    Allocation,
    AuditEntry,
    Charge,
    NumberCounter,
    Payment,
    RepairOrder,
    ReturnVisit,
    Staff,
    TrainingAttendance,
    TrainingSession,
    Unit,
    Violation,
)
from frontdesk.services import imports

DESK_KINDS = ("repairs", "charges", "payments", "violations", "training")


def _count(db, model, *where) -> int:
    with db.session(system=True) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _sheet(path, kind, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    headers = imports.KINDS[kind].headers()
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


@pytest.fixture
def copied(demo_db, db, tmp_path, frozen_now):
    """The empty database after importing the demo's units, staff and every desk kind, in order."""
    files = {}
    for kind in ("units", "staff", *DESK_KINDS):
        files[kind] = tmp_path / f"{kind}.xlsx"
        imports.export(demo_db.opener(read_only=True, system=True), kind, files[kind])
        result = imports.run_import(db.opener("张丽", system=True), kind, files[kind])
        assert result.ok, [p.line() for p in result.problems[:5]]
    return files


def _repairs(db):
    tech = aliased(Staff)
    with db.session(system=True) as s:
        return sorted(s.execute(
            select(RepairOrder.reported_at, RepairOrder.scope, Unit.code, RepairOrder.location, RepairOrder.trade,
                   RepairOrder.description, tech.name, RepairOrder.finished_at, RepairOrder.state,
                   RepairOrder.satisfaction)
            .outerjoin(Unit, Unit.id == RepairOrder.unit_id).outerjoin(tech, tech.id == RepairOrder.technician_id)
        ).all(), key=repr)


def _charges(db):
    with db.session(system=True) as s:
        return sorted(s.execute(select(Unit.code, Charge.item, Charge.period, Charge.amount, Charge.due_date)
                                .join(Unit, Unit.id == Charge.unit_id)).all())


def _standing_payments(db):
    """Receipt, unit, date, amount and what it settled, of every payment that was not reversed."""
    with db.session(system=True) as s:
        reversed_ids = select(Payment.reversal_of_id).where(Payment.reversal_of_id.is_not(None))
        return sorted(s.execute(
            select(Payment.receipt_no, Unit.code, Payment.paid_on, Payment.amount, Payment.method, Staff.name,
                   Charge.item, Charge.period, Allocation.amount)
            .join(Allocation, Allocation.payment_id == Payment.id).join(Charge, Charge.id == Allocation.charge_id)
            .join(Unit, Unit.id == Payment.unit_id).join(Staff, Staff.id == Payment.collector_id)
            .where(Payment.kind == "收款", Payment.id.not_in(reversed_ids))).all())


def _violations(db):
    with db.session(system=True) as s:
        return sorted(s.execute(select(Violation.found_date, Unit.code, Violation.location, Violation.kind,
                                       Violation.description, Violation.found_by)
                                .outerjoin(Unit, Unit.id == Violation.unit_id)).all(), key=repr)


def _training(db):
    with db.session(system=True) as s:
        return sorted(s.execute(
            select(TrainingSession.held_on, TrainingSession.courses, TrainingSession.trainer, TrainingSession.hours,
                   Staff.name, TrainingAttendance.status, TrainingAttendance.score)
            .join(TrainingAttendance, TrainingAttendance.session_id == TrainingSession.id)
            .join(Staff, Staff.id == TrainingAttendance.staff_id)).all(), key=repr)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
def test_every_desk_kind_round_trips_into_an_empty_database(demo_db, db, copied, frozen_now):
    for read in (_repairs, _charges, _standing_payments, _violations, _training):
        original, copy = read(demo_db), read(db)
        assert original, f"{read.__name__}: the demo has no records to compare"
        assert copy == original, read.__name__
    # Each imported payment is one receipt, however many months it settled.
    receipts = {r for (r, *_rest) in _standing_payments(demo_db)}
    assert _count(db, Payment) == len(receipts)
    assert _count(db, AuditEntry, AuditEntry.table_name == "repair_orders", AuditEntry.actor == "张丽") == \
        _count(db, RepairOrder)


def test_reimporting_every_desk_kind_adds_nothing(db, copied):
    before = {model: _count(db, model) for model in (RepairOrder, Charge, Payment, Violation, TrainingAttendance)}
    for kind in DESK_KINDS:
        result = imports.run_import(db.opener(system=True), kind, copied[kind])
        assert result.ok and result.added == 0 and result.skipped == result.rows, kind
    assert before == {model: _count(db, model) for model in before}


def test_imported_repairs_are_numbered_by_report_month_and_wait_for_their_visit(db, copied):
    with db.session(system=True) as s:
        orders = s.scalars(select(RepairOrder).order_by(RepairOrder.reported_at, RepairOrder.id)).all()
        for order in orders:
            assert order.number.startswith(f"BX-{order.reported_at:%Y%m}-")
            assert order.events[0].action == "导入"
        numbers = [o.number for o in orders]
        assert len(set(numbers)) == len(numbers)
        finished = [o.id for o in orders if o.state == "已完工"]
        waiting = set(s.scalars(select(ReturnVisit.target_id).where(ReturnVisit.target_kind == "repair",
                                                                    ReturnVisit.visited_at.is_(None))))
        assert finished and set(finished) <= waiting
        # The desk's own next number of the month comes after the imported ones.
        last = orders[-1]
        counter = s.scalar(select(NumberCounter.last).where(NumberCounter.series == "BX",
                                                            NumberCounter.period == f"{last.reported_at:%Y%m}"))
        assert counter == max(int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith(last.number[:9]))


def test_desk_receipts_continue_after_imported_ones(db, copied, frozen_now):
    from frontdesk.services import payments

    with db.session(system=True) as s:
        month = f"{frozen_now:%Y%m}"
        imported = s.scalars(select(Payment.receipt_no).where(Payment.receipt_no.like(f"SK-{month}-%"))).all()
        unit_id, charge_id = s.execute(
            select(Charge.unit_id, Charge.id).outerjoin(Allocation, Allocation.charge_id == Charge.id)
            .where(Allocation.id.is_(None)).limit(1)).one()
        collector = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        taken = payments.take_payment(s, payments.PaymentInput(unit_id=unit_id, amount="1.00", collector_id=collector,
                                                               charge_ids=[charge_id]))
        assert taken.receipt_no not in imported
        assert taken.receipt_no > max(imported, default="")
