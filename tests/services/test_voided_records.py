"""Voided means gone: a voided record of each kind leaves every list, search, export and statistic.

The records are voided the way the desk voids them (deleted_at set in a session, audited); then
every reader runs over the database and must not show them, while the record's own history
(the audit log) and an explicit `include_voided` still find them.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from frontdesk.db.models import (
    AuditEntry,
    Charge,
    CollectionAction,
    Contact,
    Payment,
    RepairOrder,
    Staff,
    TrainingSession,
    Unit,
    Violation,
)
from frontdesk.db.soft_delete import SHOW_VOIDED
from frontdesk.services import (
    call_lists,
    clock,
    collections,
    exports,
    imports,
    payments,
    repair_lists,
    search,
    stats,
    violations,
)
from frontdesk.services.stats import records

KINDS = (Contact, RepairOrder, Violation, Charge, Payment, CollectionAction, TrainingSession)


def _cells(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}


def _latest(s, model, *where):
    return s.scalars(select(model).where(*where).order_by(model.id.desc()).limit(1)).one()


def test_one_voided_record_of_each_kind_is_gone_everywhere(demo_db, tmp_path, frozen_now):
    month = stats.month_period(frozen_now.year, frozen_now.month)
    with demo_db.session(system=True) as s:
        contact = _latest(s, Contact, Contact.channel == "电话", Contact.unit_id.is_not(None),
                          Contact.occurred_at >= month.first_moment)
        order = _latest(s, RepairOrder, RepairOrder.reported_at >= month.first_moment)
        violation = _latest(s, Violation)
        charge = _latest(s, Charge, Charge.paid == 0)
        payment = _latest(s, Payment)
        action = _latest(s, CollectionAction)
        training = _latest(s, TrainingSession, TrainingSession.held_on >= month.start)
        marker = "作废测试标记甲乙丙"
        contact.content = marker
        chosen = {Contact: contact.id, RepairOrder: order.id, Violation: violation.id, Charge: charge.id,
                  Payment: payment.id, CollectionAction: action.id, TrainingSession: training.id}
        order_number, unit_code = order.number, contact.unit.code
        before = stats.compute(s, month)
        counts_before = {m: s.scalar(select(func.count()).select_from(m)) for m in KINDS}

    with demo_db.session("吴海燕", "客服主管") as s:
        for model, record_id in chosen.items():
            s.get(model, record_id).deleted_at = clock.now()

    with demo_db.session("吴海燕", "客服主管") as s:
        # Gone from the ORM, from counts and from joins...
        for model, record_id in chosen.items():
            assert s.get(model, record_id) is None, model
            assert s.scalar(select(func.count()).select_from(model)) == counts_before[model] - 1, model
            assert record_id not in s.scalars(select(model.id)).all(), model
        # ...from every list...
        assert contact.id not in [r.id for r in call_lists.list_contacts(s, call_lists.ContactFilter(), limit=100_000)]
        assert order.id not in [r.id for r in repair_lists.list_orders(s, repair_lists.RepairFilter(), limit=100_000)]
        assert violation.id not in [r.id for r in violations.list_violations(s, violations.ViolationFilter(),
                                                                              limit=100_000)]
        history = call_lists.caller_history(s, unit_id=contact.unit_id)
        assert marker not in str(history)
        assert payment.id not in [p.id for p in payments.unit_payments(s, payment.unit_id)]
        assert charge.id not in [c.id for c in payments.open_charges(s, charge.unit_id)]
        assert action.id not in [a.id for a in collections.unit_actions(s, action.unit_id)]
        # ...from searches (by unit code, by words, by number)...
        for query in (unit_code, marker, order_number):
            found = search.search(s, query)
            assert contact.id not in [h.id for h in found.groups.get("contact", [])], query
            assert order.id not in [h.id for h in found.groups.get("repair", [])], query
        # ...from the statistics and the records behind them...
        after = stats.compute(s, month)
        assert after.value("calls") == before.value("calls") - 1
        assert after.value("repairs") == before.value("repairs") - 1
        assert after.value("training_sessions") == before.value("training_sessions") - 1
        behind = records.records_behind(s, month, "calls")
        assert behind.total == before.value("calls") - 1
        assert marker not in str(behind.rows)
        # ...and the audit log still tells the story.
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.table_name == "contacts", AuditEntry.record_id == contact.id, AuditEntry.action == "void")) == 1
        # A view that asks for voided records gets them.
        assert s.scalar(select(Contact).where(Contact.id == contact.id).execution_options(**SHOW_VOIDED)) is not None

    # ...and from every export: the KIND exports and the ledgers of the tabs.
    for kind in imports.KINDS:
        out = tmp_path / f"{kind}.xlsx"
        imports.export(demo_db.opener(read_only=True, system=True), kind, out)
        cells = _cells(out)
        assert marker not in cells, kind
        assert order_number not in cells, kind
    with demo_db.session("吴海燕", "客服主管", read_only=True) as s:
        exports.contacts_ledger(s, call_lists.ContactFilter(), tmp_path / "ledger.xlsx")
        exports.repairs_ledger(s, repair_lists.RepairFilter(), tmp_path / "repairs.xlsx")
    assert marker not in _cells(tmp_path / "ledger.xlsx")
    assert order_number not in _cells(tmp_path / "repairs.xlsx")


def test_a_voided_staff_member_or_unit_is_gone_from_pickers(demo_db, frozen_now):
    from frontdesk.services import staff, units

    with demo_db.session(system=True) as s:
        person = s.scalars(select(Staff).where(Staff.role == "维修工").order_by(Staff.id.desc()).limit(1)).one()
        unit = s.scalars(select(Unit).order_by(Unit.id.desc()).limit(1)).one()
        person.deleted_at = unit.deleted_at = clock.now()
        person_name, unit_code = person.name, unit.code
    with demo_db.session("吴海燕", "客服主管") as s:
        assert person_name not in [p.name for p in staff.active_staff(s)]
        assert units.find_unit_by_code(s, unit_code) is None
        assert unit_code not in [h.title for h in search.search(s, unit_code).groups.get("unit", [])]


def test_a_removed_staff_members_matters_stay_in_the_ledger_and_search(demo_db, frozen_now):
    """Removing someone from the roster must not hide the calls they took: the ledger's count and its
    rows agree, and search still finds the matter (its 首问负责人 shown as removed)."""
    with demo_db.session(system=True) as s:
        contact = _latest(s, Contact, Contact.channel == "电话", Contact.unit_id.is_not(None))
        contact.content = "业主反映楼道灯不亮（测试移除员工）"
        s.get(Staff, contact.owner_id).deleted_at = clock.now()
        contact_id, owner_id = contact.id, contact.owner_id
    with demo_db.session("吴海燕", "客服主管") as s:
        filt = call_lists.ContactFilter(owner_id=owner_id)
        rows = call_lists.list_contacts(s, filt, 0, 10_000)
        assert call_lists.count_contacts(s, filt) == len(rows)
        row = next(r for r in rows if r.id == contact_id)
        assert row.owner == call_lists.REMOVED_STAFF
        hits = search.search(s, "测试移除员工").groups.get("contact", [])
        assert contact_id in [h.id for h in hits]
