"""日结单 / 交款单 on A4: a collector's receipts of the day, the reversals, totals by method, the cash to
hand over (in figures and capitals) and the signature lines of the collector and the receiver (财务).

A closed day prints the totals stored at its close (the slip as handed over) and says who closed it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from frontdesk.db.models.collections import PAYMENT_METHODS
from frontdesk.reports.pdf.training_layout import build, header, para, styles, usable_width
from frontdesk.services import dayend, settings
from frontdesk.services.money import capital_amount

ZERO = Decimal("0.00")


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float], st, money_columns: set[int],
           total_row: bool = False) -> Table:
    right = st["cell_right"]
    data = [[para(h, st["cell"]) for h in headers]]
    for row in rows:
        data.append([para(v, right if i in money_columns else st["cell"]) for i, v in enumerate(row)])
    result = Table(data, colWidths=list(widths), repeatRows=1)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if total_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2")))
    result.setStyle(TableStyle(commands))
    return result


def _state(slip: dayend.DaySlip) -> str:
    if slip.closing is None:
        return "未日结（数字为打印时的记录）"
    c = slip.closing
    receiver = f"，接收人 {c.receiver}" if c.receiver else ""
    return f"已日结：{c.closed_by} 于 {c.closed_at:%Y-%m-%d %H:%M} 结账{receiver}"


def slip_story(slip: dayend.DaySlip, company: str, st) -> list:
    width = usable_width()
    story = header(company, "收费员日结单（交款单）", st)
    story.append(para(f"收费员：{slip.collector}　　收款日期：{slip.day:%Y-%m-%d}　　{_state(slip)}", st["body"]))
    story.append(Spacer(1, 3 * mm))
    story.append(para(f"一、收款明细（{len(slip.receipts)} 笔）", st["heading"]))
    rows: list[tuple] = [(i, r.receipt_no, r.unit_code, r.payer, r.items, r.method, _money(r.amount))
                         for i, r in enumerate(slip.receipts, start=1)]
    rows.append(("", "合计", "", "", "", "", _money(slip.received)))
    story.append(_table(("序号", "收据号", "房号", "交款人", "收费项目及所属期间", "方式", "金额（元）"), rows,
                        [w * width for w in (0.06, 0.17, 0.12, 0.1, 0.33, 0.08, 0.14)], st, {6}, total_row=True))
    story.append(para(f"二、冲正（{len(slip.reversals)} 笔）", st["heading"]))
    if slip.reversals:
        rows = [(r.receipt_no, r.unit_code, r.note, r.method, _money(r.amount)) for r in slip.reversals]
        rows.append(("合计", "", "", "", _money(slip.reversed_amount)))
        story.append(_table(("冲正凭证号", "房号", "原收据、原因、批准人", "方式", "金额（元）"), rows,
                            [w * width for w in (0.18, 0.12, 0.48, 0.08, 0.14)], st, {4}, total_row=True))
    else:
        story.append(para("当日无冲正。", st["body"]))
    story.append(para("三、按缴费方式汇总", st["heading"]))
    received = {m: ZERO for m in PAYMENT_METHODS}
    reversed_ = {m: ZERO for m in PAYMENT_METHODS}
    for line in slip.receipts:
        received[line.method] += line.amount
    for line in slip.reversals:
        reversed_[line.method] += line.amount
    net = slip.closing.by_method if slip.closing else slip.by_method
    total = slip.closing.total if slip.closing else slip.total
    rows = [(m, _money(received[m]), _money(reversed_[m]), _money(net.get(m, ZERO))) for m in PAYMENT_METHODS]
    rows.append(("合计", _money(slip.received), _money(slip.reversed_amount), _money(total)))
    story.append(_table(("缴费方式", "收款（元）", "冲正（元）", "实收（元）"), rows,
                        [w * width for w in (0.25, 0.25, 0.25, 0.25)], st, {1, 2, 3}, total_row=True))
    cash = slip.closing.cash_to_hand_over if slip.closing else slip.cash_to_hand_over
    story.append(Spacer(1, 4 * mm))
    story.append(para(f"应交现金：¥{_money(cash)}　（人民币大写：{capital_amount(cash) if cash >= 0 else '负' + capital_amount(-cash)}）"
                      "；微信、支付宝、POS、银行转账由财务按到账核对。", st["strong"]))
    story.append(Spacer(1, 12 * mm))
    story.append(para("收费员（签字）：________________　　日期：______年____月____日", st["body"]))
    story.append(Spacer(1, 8 * mm))
    story.append(para("接收人（财务）（签字）：________________　　日期：______年____月____日", st["body"]))
    return story


def _styles():
    st = styles()
    st["cell_right"] = ParagraphStyle("cell_right", parent=st["cell"], alignment=TA_RIGHT)
    st["strong"] = ParagraphStyle("strong", parent=st["body"], fontSize=11, leading=16)
    return st


def write_slips(session: Session, day: date, out: str | Path, collector_ids: list[int] | None = None) -> int:
    """One 日结单 per collector (each starting on a new page); returns how many were written (0: none)."""
    ids = collector_ids if collector_ids is not None else [c for c, _name in dayend.collectors_on(session, day)]
    slips = [dayend.day_slip(session, c, day) for c in ids]
    if not slips:
        return 0
    st = _styles()
    company = settings.get(session, "company_name")
    story: list = []
    for index, slip in enumerate(slips):
        if index:
            story.append(PageBreak())
        story += slip_story(slip, company, st)
    names = "、".join(s.collector for s in slips)
    build(out, story, f"日结单 {day:%Y-%m-%d} {names}")
    return len(slips)
