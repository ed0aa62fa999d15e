"""The money rules `frontdesk check` holds the data to, beyond what the database itself enforces.

- a charge is never paid beyond its amount, nor below zero;
- a charge's `paid` is the sum of its allocations;
- a payment's (or reversal's) allocations add up to its amount, and settle charges of its own unit;
- each unit's arrears summary (unit_arrears) says what its open charges add up to (`check --repair`
  rewrites it from the charges);
- each allocation's copies of its payment's date and its charge's unit, month and due date agree with
  them (`check --repair` writes them again).

A break means money was taken twice or a writer went around the services; each is named with
the unit, fee item and month or the receipt number so that an auditor can find it.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from frontdesk.db import allocation_copies, arrears_summary

SHOWN_PER_RULE = 20
# SQLite sums NUMERIC as floating point: anything under half a cent is rounding, not money.
TOLERANCE = 0.005

_OVERPAID = """
SELECT u.code, c.item, c.period, c.amount, c.paid FROM charges c JOIN units u ON u.id = c.unit_id
WHERE c.paid > c.amount OR c.paid < 0 ORDER BY c.id"""

_PAID_NOT_ALLOCATED = """
SELECT u.code, c.item, c.period, c.paid, COALESCE(s.total, 0) FROM charges c JOIN units u ON u.id = c.unit_id
LEFT JOIN (SELECT charge_id, SUM(amount) AS total FROM allocations GROUP BY charge_id) s ON s.charge_id = c.id
WHERE ABS(c.paid - COALESCE(s.total, 0)) > :tolerance ORDER BY c.id"""

_PAYMENT_NOT_ALLOCATED = """
SELECT p.receipt_no, p.amount, COALESCE(s.total, 0) FROM payments p
LEFT JOIN (SELECT payment_id, SUM(amount) AS total FROM allocations GROUP BY payment_id) s ON s.payment_id = p.id
WHERE ABS(p.amount - COALESCE(s.total, 0)) > :tolerance ORDER BY p.id"""

_OTHER_UNIT = """
SELECT p.receipt_no, pu.code, cu.code, c.item, c.period FROM allocations a
JOIN payments p ON p.id = a.payment_id JOIN charges c ON c.id = a.charge_id
JOIN units pu ON pu.id = p.unit_id JOIN units cu ON cu.id = c.unit_id
WHERE p.unit_id <> c.unit_id ORDER BY a.id"""


def _money(value) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):,}"


def _limited(conn: Connection, sql: str, describe, what: str) -> list[str]:
    rows = conn.execute(text(sql), {"tolerance": TOLERANCE}).all()
    problems = [describe(*row) for row in rows[:SHOWN_PER_RULE]]
    if len(rows) > SHOWN_PER_RULE:
        problems.append(f"……另有 {len(rows) - SHOWN_PER_RULE} 笔{what}未列出")
    return problems


def money_problems(conn: Connection) -> list[str]:
    """Every break of the money rules, one Chinese line each (empty: all hold)."""
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    if not {"charges", "payments", "allocations", "units"} <= tables:
        return []
    if "paid" not in {c["name"] for c in inspector.get_columns("charges")}:
        return []  # a schema from before charges.paid: `init` upgrades it first
    problems = _limited(conn, _OVERPAID, lambda code, item, period, amount, paid: (
        f"应收 {code} {item} {period}：已收 {_money(paid)} 元，应收 {_money(amount)} 元"
        f"（{'多收' if Decimal(str(paid)) > Decimal(str(amount)) else '已收为负数'}），请核对这户的收款并冲正多收的一笔"),
        "多收的应收")
    problems += _limited(conn, _PAID_NOT_ALLOCATED, lambda code, item, period, paid, total: (
        f"应收 {code} {item} {period}：记的已收 {_money(paid)} 元，与各笔收款分摊合计 {_money(total)} 元不符"),
        "已收与分摊不符的应收")
    problems += _limited(conn, _PAYMENT_NOT_ALLOCATED, lambda receipt, amount, total: (
        f"收据 {receipt}：金额 {_money(amount)} 元，分摊到各月的合计 {_money(total)} 元，两者不符"),
        "金额与分摊不符的收据")
    problems += _limited(conn, _OTHER_UNIT, lambda receipt, payer_unit, charge_unit, item, period: (
        f"收据 {receipt} 是 {payer_unit} 的收款，却冲抵了 {charge_unit} {item} {period} 的应收"),
        "冲抵了别户应收的收款")
    if "unit_arrears" in tables:
        problems += summary_problems(conn)
    if "charge_due_date" in {c["name"] for c in inspector.get_columns("allocations")}:
        problems += copy_problems(conn)
    return problems


def _summary_text(row: tuple | None) -> str:
    if row is None:
        return "无欠费"
    amount, count, period = row[:3]
    return f"欠 {_money(amount)} 元、{count} 笔、最早 {period}"


def summary_problems(conn: Connection) -> list[str]:
    """Units whose arrears summary disagrees with their open charges (the lists would show wrong arrears)."""
    found = arrears_summary.disagreements(conn)
    if not found:
        return []
    shown = found[:SHOWN_PER_RULE]
    codes: dict[int, str] = dict(conn.execute(text("SELECT id, code FROM units WHERE id IN ("
                                   + ", ".join(str(int(unit_id)) for unit_id, _s, _e in shown) + ")")).all())
    problems = [f"房屋 {codes.get(unit_id, unit_id)} 的欠费汇总（{_summary_text(stored)}）与应收明细"
                f"（{_summary_text(expected)}）不符" for unit_id, stored, expected in shown]
    if len(found) > SHOWN_PER_RULE:
        problems.append(f"……另有 {len(found) - SHOWN_PER_RULE} 户欠费汇总不符未列出")
    problems.append("欠费汇总可由应收明细重算：运行 frontdesk check --repair 重算后再检查")
    return problems


def copy_problems(conn: Connection) -> list[str]:
    """Allocations whose copies of the payment's date or the charge's unit, month and due date disagree
    (the statistics would count their money on the wrong day or bill)."""
    found = allocation_copies.disagreements(conn)
    if not found:
        return []
    problems = [f"收据 {receipt} 冲抵 {code} {item} {period} 的分摊记录：抄录的收款日期或应收的房屋、账期、缴费期限"
                "与收据、应收不符" for receipt, code, item, period in found[:SHOWN_PER_RULE]]
    if len(found) > SHOWN_PER_RULE:
        problems.append(f"……另有 {len(found) - SHOWN_PER_RULE} 条分摊记录不符未列出")
    problems.append("分摊记录抄录的日期与账期可按收据和应收重写：运行 frontdesk check --repair 后再检查")
    return problems
