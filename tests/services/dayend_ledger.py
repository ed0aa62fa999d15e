"""A small collector's ledger where every 日结 and 提成 figure is known (shared by the day-end tests)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from frontdesk.db.models import Staff
from frontdesk.services import billing, clock, collection_plan, payments, settings
from frontdesk.services.units import OccupantInput, UnitInput, save_unit

NOW = datetime(2026, 11, 25, 10, 0)
TODAY = NOW.date()


def build(db) -> tuple[dict[str, int], dict[str, int]]:
    """1期1栋 0101 (100㎡, ¥120 a month) and 0102 (50㎡, ¥60) collected by 刘洋; 2期1栋 0101 (80㎡, ¥120) by
    赵敏; bills 2024-06..2026-11, due on the 15th. Nothing paid yet."""
    clock.freeze(NOW)
    with db.session("测试", system=True) as s:
        settings.put(s, "fee_items", [{"name": "物业费", "basis": "面积", "prices": {"1": "1.20", "2": "1.50"}}])
        ids = {}
        for code, area, owner in (("1-1-1-0101", "100", "张三"), ("1-1-1-0102", "50", "李四"),
                                  ("2-1-1-0101", "80", "王五")):
            saved = save_unit(s, UnitInput(code=code, area=area, handover_state="已收房", handover_date=date(2020, 1, 1),
                                           occupants=[OccupantInput(name=owner, phones=["13800000000"])]))
            ids[code] = saved if isinstance(saved, int) else saved.id
        s.add_all([Staff(name="刘洋", role="收费员"), Staff(name="赵敏", role="收费员"),
                   Staff(name="吴海燕", role="客服主管")])
        s.flush()
        staff = dict(s.execute(select(Staff.name, Staff.id)).all())
        billing.generate_bills(s, "2024-06", "2026-11")
        collection_plan.assign_collector(s, 1, 1, staff["刘洋"])
        collection_plan.assign_collector(s, 2, 1, staff["赵敏"])
    return ids, staff


def pay(db, ids, staff, unit: str, amount: str, collector: str, paid_on: date, method: str = "现金",
        actor: str | None = None, role: str = "收费员") -> payments.Payment:
    with db.session(actor or collector, role) as s:
        payment = payments.take_payment(s, payments.PaymentInput(
            unit_id=ids[unit], amount=Decimal(amount), method=method, paid_on=paid_on, collector_id=staff[collector]))
        s.expunge(payment)
        return payment
