"""Import kinds of the collector's ledger: charges (应收) and payments (实收).

A payment row settles one charge of its unit (收费项目 + 所属期间); rows with the same receipt
number form one payment (one receipt may cover several months). Refused: a payment for a charge
that is not there, more than is still owed, a receipt number already used for other money, and
rows of one receipt that disagree on unit, date, method or collector.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdesk.db import arrears_summary, audit, locks
from frontdesk.db.models import Allocation, Charge, DayClosing, Payment, Staff, Unit
from frontdesk.db.models.collections import PAYMENT, PAYMENT_METHODS
from frontdesk.db.sequences import IdSource
from frontdesk.errors import DomainError
from frontdesk.services import billing, clock, numbering, settings
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader
from frontdesk.services.imports.roster_kinds import stamps
from frontdesk.services.payments import RECEIPT_PREFIX, RECEIPT_SERIES, recount_paid
from frontdesk.services.text import normalize

IMPORTED = "导入"
_SERIES_NUMBER = re.compile(rf"^{RECEIPT_PREFIX}-(\d{{6}})-(\d+)$")


def _latest_period() -> str:
    """Bills go at most one month ahead (as bill generation)."""
    today = clock.today()
    return billing.period_of(date(today.year + today.month // 12, today.month % 12 + 1, 1))


def _period_range(date_from: date | None, date_to: date | None):
    conditions = []
    if date_from:
        conditions.append(Charge.period >= billing.period_of(date_from))
    if date_to:
        conditions.append(Charge.period <= billing.period_of(date_to))
    return conditions


class ChargesKind(ImportKind):
    name = "charges"
    title = "应收账单"
    natural_key = "房屋编号、收费项目和所属期间"
    columns = (
        ColumnSpec("房屋编号", "期-楼栋-单元-房号，须已在房屋档案中", "2-5-1-0302"),
        ColumnSpec("收费项目", "收费标准中已有的项目，例如 物业费、车位费", "物业费"),
        ColumnSpec("所属期间", "YYYY-MM，最晚到下个月", "2026-03", kind="period"),
        ColumnSpec("应收金额", "元，大于 0，最多两位小数", 134.25, kind="amount"),
        ColumnSpec("应缴日期", "可空（按设置的每月缴费日），YYYY-MM-DD", date(2026, 3, 15), kind="date"),
    )

    def prepare(self, session: Session) -> None:
        self.unit_ids = dict(session.execute(select(Unit.code, Unit.id)).all())
        self.items = [item.name for item in billing.fee_items(session)]
        self.due_day = int(settings.get(session, "bill_due_day"))
        self.latest = _latest_period()

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        code = row.get("房屋编号", cells.unit_code)
        if code and code not in self.unit_ids:
            row.fail("房屋编号", "已在房屋档案中登记的房屋编号（可先导入 units）")
        item = row.get("收费项目", cells.text, True, 20)
        if item and item not in self.items:
            row.fail("收费项目", f"收费标准中已有的项目：{'、'.join(self.items)}（其他项目请先在 收费催缴 → 收费标准 中添加）")
        period = row.get("所属期间", cells.period)
        if period and not "2000-01" <= period <= self.latest:
            row.fail("所属期间", f"2000-01 到 {self.latest} 之间的月份（账单最多提前一个月）")
        amount = row.get("应收金额", cells.amount)
        due = row.get("应缴日期", cells.day, False)
        row.done()
        return dict(code=code, item=item, period=period, amount=amount,
                    due_date=due or billing.due_date_of(period, self.due_day))

    def key(self, parsed: dict) -> tuple:
        return (parsed["code"], parsed["item"], parsed["period"])

    def existing(self, session: Session, keys: set) -> set:
        if not keys:
            return set()
        periods = sorted({k[2] for k in keys})
        found: set[tuple] = set()
        for start in range(0, len(periods), 200):
            found.update(session.execute(
                select(Unit.code, Charge.item, Charge.period).join(Unit, Unit.id == Charge.unit_id)
                .where(Charge.period.in_(periods[start:start + 200]))
            ).all())
        return {tuple(k) for k in found} & keys

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        now, actor = clock.now(), session.info.get("actor", "系统")
        stamp = dict(stamps(now), created_by=actor, updated_by=actor)
        locks.lock_named(session, billing.BILLING_LOCK)  # a bill run at the same moment waits (same bills)
        ids = IdSource(session, Charge.id)
        charges = [dict(id=next(ids), unit_id=self.unit_ids[p["code"]], item=p["item"], period=p["period"],
                        amount=p["amount"], due_date=p["due_date"], basis=IMPORTED, **stamp)
                   for p in rows]
        for start in range(0, len(charges), 2000):
            session.execute(insert(Charge), charges[start:start + 2000])
            if progress is not None:
                progress(min(start + 2000, len(charges)), len(charges))
        audit.record_bulk_creates(session, "charges", charges)
        arrears_summary.refresh(session, {c["unit_id"] for c in charges})
        return len(charges)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        stmt = (select(Unit.code, Charge.item, Charge.period, Charge.amount, Charge.due_date)
                .join(Unit, Unit.id == Charge.unit_id)
                .where(*_period_range(date_from, date_to))
                .order_by(Charge.period, Unit.phase, Unit.building, Unit.entrance, Unit.room, Charge.item))
        for code, item, period, amount, due in session.execute(stmt).yield_per(5000):
            yield [code, item, period, Decimal(amount), due]


class PaymentsKind(ImportKind):
    name = "payments"
    title = "实收收款"
    natural_key = "收据号、收费项目和所属期间"
    columns = (
        ColumnSpec("房屋编号", "期-楼栋-单元-房号，须已在房屋档案中", "2-5-1-0302"),
        ColumnSpec("收费项目", "本户已有应收的收费项目", "物业费"),
        ColumnSpec("所属期间", "YYYY-MM，本户该项目须已有这个月的应收（可先导入 charges）", "2026-03", kind="period"),
        ColumnSpec("实收金额", "元，大于 0，不超过这笔应收尚欠的金额", 134.25, kind="amount"),
        ColumnSpec("收款日期", "YYYY-MM-DD，不晚于今天", date(2026, 3, 10), kind="date"),
        ColumnSpec("收款方式", "以下之一：" + "、".join(PAYMENT_METHODS), "微信", choices=PAYMENT_METHODS),
        ColumnSpec("收据号", "不能为空、不能与已有收款重复；一张收据缴几个月的，每月一行、收据号相同", "SK-202603-0001"),
        ColumnSpec("收费员", "系统中已有的员工姓名", "赵敏"),
    )

    def prepare(self, session: Session) -> None:
        self.unit_ids = dict(session.execute(select(Unit.code, Unit.id)).all())
        self.staff_ids = dict(session.execute(select(Staff.name, Staff.id)).all())
        self.charges: dict[int, dict[tuple[str, str], list]] = {}  # unit -> (item, period) -> [id, still owed]
        self.used_receipts = set(session.scalars(select(Payment.receipt_no)))
        self.receipts_in_db: dict[str, set | None] = {}  # receipt -> {(unit, item, period, amount)} or None
        self.receipts_in_file: dict[str, tuple] = {}  # receipt -> (unit, date, method, collector) of its first row
        # 日结: a collector's closed day stays as handed over, an import does not add to it either.
        self.closed_days = {tuple(r) for r in session.execute(select(DayClosing.collector_id, DayClosing.day)
                                                  .where(DayClosing.deleted_at.is_(None)))}

    def _unit_charges(self, session: Session, unit_id: int) -> dict[tuple[str, str], list]:
        if unit_id not in self.charges:
            self.charges[unit_id] = {
                (item, period): [charge_id, Decimal(amount) - Decimal(str(done or 0)), due]
                for charge_id, item, period, amount, done, due in session.execute(
                    select(Charge.id, Charge.item, Charge.period, Charge.amount, Charge.paid, Charge.due_date)
                    .where(Charge.unit_id == unit_id))}
        return self.charges[unit_id]

    def _receipt_in_db(self, session: Session, receipt: str) -> set | None:
        if receipt not in self.used_receipts:
            return None
        if receipt not in self.receipts_in_db:
            rows = session.execute(
                select(Unit.code, Charge.item, Charge.period, Allocation.amount)
                .select_from(Payment).join(Unit, Unit.id == Payment.unit_id)
                .outerjoin(Allocation, Allocation.payment_id == Payment.id)
                .outerjoin(Charge, Charge.id == Allocation.charge_id)
                .where(Payment.receipt_no == receipt)).all()
            self.receipts_in_db[receipt] = {(c, i, p, Decimal(a)) for c, i, p, a in rows if a is not None} \
                if rows else None
        return self.receipts_in_db[receipt]

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        code = row.get("房屋编号", cells.unit_code)
        if code and code not in self.unit_ids:
            row.fail("房屋编号", "已在房屋档案中登记的房屋编号（可先导入 units）")
        item = row.get("收费项目", cells.text, True, 20)
        period = row.get("所属期间", cells.period)
        amount = row.get("实收金额", cells.amount)
        paid_on = row.get("收款日期", cells.day)
        if paid_on and paid_on > clock.today():
            row.fail("收款日期", "不晚于今天的日期（实际收款的日期）")
        method = row.get("收款方式", cells.choice, PAYMENT_METHODS)
        receipt = row.get("收据号", cells.text, True, 24)
        receipt = normalize(receipt).upper() if receipt else receipt
        collector = row.get("收费员", cells.text, True, 40)
        if collector and collector not in self.staff_ids:
            row.fail("收费员", "系统中已有的员工姓名（可先导入 staff）")
        in_db = self._receipt_in_db(session, receipt) if receipt else None
        if in_db is not None:
            if not row.problems and (code, item, period, amount) in in_db:
                return dict(code=code, item=item, period=period, receipt=receipt)  # imported before
            row.fail("收据号", f"未用过的收据号（{receipt} 已是系统中另一笔收款的收据号，请核对）")
        elif receipt:
            first = self.receipts_in_file.setdefault(receipt, (code, paid_on, method, collector))
            for header, mine, theirs in zip(("房屋编号", "收款日期", "收款方式", "收费员"),
                                            (code, paid_on, method, collector), first, strict=True):
                if None not in (mine, theirs) and mine != theirs:
                    shown = f"{theirs:%Y-%m-%d}" if isinstance(theirs, date) else theirs
                    row.fail(header, f"与收据号 {receipt} 的其他行相同：{shown}（同一张收据只能是一户、一天、一种方式、一位收费员）")
        if collector in self.staff_ids and paid_on and (self.staff_ids[collector], paid_on) in self.closed_days:
            row.fail("收款日期", f"{collector} 未日结的日期（{paid_on:%Y-%m-%d} 已日结交款，不能再补登这一天的收款）")
        charge = None
        if code in self.unit_ids and item and period:
            charge = self._unit_charges(session, self.unit_ids[code]).get((item, period))
            if charge is None:
                row.fail("所属期间", f"本户已有应收的期间：{code} 没有 {item} {period} 的应收，请先导入 charges")
            elif amount is not None and amount > charge[1]:
                owed = f"{charge[1]:.2f}" if charge[1] > 0 else "0（已缴清）"
                row.fail("实收金额", f"不超过这笔应收尚欠的 {owed} 元（本系统不收预存款）")
        row.done()
        assert charge is not None and amount is not None, "row.done() raises when the row failed"
        charge[1] -= amount
        return dict(code=code, item=item, period=period, amount=amount, paid_on=paid_on, method=method,
                    receipt=receipt, collector=collector, charge_id=charge[0], due_date=charge[2])

    def key(self, parsed: dict) -> tuple:
        return (parsed["receipt"], parsed["item"], parsed["period"])

    def existing(self, session: Session, keys: set) -> set:
        return {k for k in keys if self.receipts_in_db.get(k[0]) is not None}

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        now, actor = clock.now(), session.info.get("actor", "系统")
        stamp = dict(stamps(now), created_by=actor, updated_by=actor)
        ids = IdSource(session, Payment.id)
        payments: dict[str, dict] = {}
        allocations = []
        for parsed in rows:
            payment = payments.get(parsed["receipt"])
            if payment is None:
                payment = payments[parsed["receipt"]] = dict(
                    id=next(ids), receipt_no=parsed["receipt"], kind=PAYMENT, unit_id=self.unit_ids[parsed["code"]],
                    paid_on=parsed["paid_on"], amount=Decimal("0.00"), method=parsed["method"], payer="",
                    collector_id=self.staff_ids[parsed["collector"]], remark="导入的历史收款", reversal_of_id=None,
                    reason="", approved_by="", **stamp)
            payment["amount"] += parsed["amount"]
            allocations.append(dict(payment_id=payment["id"], charge_id=parsed["charge_id"], amount=parsed["amount"],
                                    paid_on=payment["paid_on"], unit_id=payment["unit_id"], charge_period=parsed["period"],
                                    charge_due_date=parsed["due_date"]))
        batch = list(payments.values())
        # Checked against the debts when validated; a desk may have taken money since: lock and re-check.
        locks.lock_units(session, [p["unit_id"] for p in batch])
        for start in range(0, len(batch), 2000):
            session.execute(insert(Payment), batch[start:start + 2000])
            if progress is not None:
                progress(min(start + 2000, len(batch)), len(batch))
        session.execute(insert(Allocation), allocations)
        settled = sorted({a["charge_id"] for a in allocations})
        for start in range(0, len(settled), 5000):  # within every backend's limit of bound values
            recount_paid(session, settled[start:start + 5000])
            _refuse_overpaid(session, settled[start:start + 5000])
        audit.record_bulk_creates(session, "payments", batch)
        _keep_receipt_counter_ahead(session, payments)
        return len(allocations)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        """Money that stands: payments not reversed, one row per month and item they settled."""
        reversed_ids = select(Payment.reversal_of_id).where(Payment.reversal_of_id.is_not(None))
        stmt = (select(Unit.code, Charge.item, Charge.period, Allocation.amount, Payment.paid_on, Payment.method,
                       Payment.receipt_no, Staff.name)
                .select_from(Allocation).join(Payment, Payment.id == Allocation.payment_id)
                .join(Charge, Charge.id == Allocation.charge_id).join(Unit, Unit.id == Payment.unit_id)
                .join(Staff, Staff.id == Payment.collector_id)
                .where(Payment.kind == PAYMENT, Payment.id.not_in(reversed_ids))
                .order_by(Payment.paid_on, Payment.id, Allocation.id))
        if date_from:
            stmt = stmt.where(Payment.paid_on >= date_from)
        if date_to:
            stmt = stmt.where(Payment.paid_on <= date_to)
        for code, item, period, amount, paid_on, method, receipt, collector in session.execute(stmt).yield_per(5000):
            yield [code, item, period, Decimal(amount), paid_on, method, receipt, collector]


def _refuse_overpaid(session: Session, charge_ids: list[int]) -> None:
    """A desk took money for these months while the file was being checked: import nothing."""
    overpaid = session.execute(
        select(Unit.code, Charge.item, Charge.period).join(Unit, Unit.id == Charge.unit_id)
        .where(Charge.id.in_(charge_ids), Charge.paid > Charge.amount)
        .order_by(Charge.id).limit(3)).all()
    if overpaid:
        shown = "、".join(f"{code} {item} {period}" for code, item, period in overpaid)
        raise DomainError(f"导入期间，{shown} 已在别的电脑上收了款，照此导入会多收。本次没有导入任何收款；"
                          "请重新导入，系统会按最新的欠费重新核对。")


def _keep_receipt_counter_ahead(session: Session, payments: dict[str, dict]) -> None:
    """Imported SK-YYYYMM-NNNN receipts: the desk's automatic numbers continue after them."""
    highest: dict[str, int] = {}
    for receipt in payments:
        match = _SERIES_NUMBER.match(receipt)
        if match:
            highest[match[1]] = max(highest.get(match[1], 0), int(match[2]))
    for month, number in sorted(highest.items()):
        numbering.skip_past(session, RECEIPT_SERIES, month, number)
