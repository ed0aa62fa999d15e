"""收费员月度考核表 (landscape A4): each collector's month — the collection rate of their buildings against
the month before, what they took, old arrears recovered, collection actions and letters, the scheme and
the commission — with the supervisor's confirmation and signature lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from frontdesk.reports.pdf.training_layout import build, header, para, styles, table, usable_width
from frontdesk.services import commission, settings
from frontdesk.services.training import common


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _points(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:+}个百分点"


def write_collector_sheet(session: Session, month: str, out: str | Path) -> Path:
    month = common.parse_month(month)
    rows = commission.month_figures(session, month)
    scheme = commission.scheme_for(session, month)
    st = styles()
    width = usable_width(wide=True)
    title = f"{month} 收费员月度考核表（提成）"
    story = header(settings.get(session, "company_name"), title, st)
    confirmed = next((r for r in rows if r.confirmed_at), None)
    state = (f"已于 {confirmed.confirmed_at:%Y-%m-%d} 由 {confirmed.confirmed_by} 确认" if confirmed
             else "未确认（数字为打印时的计算结果）")
    story.append(para(f"提成方案：{scheme.describe() if scheme else '本月没有生效的提成方案'}。状态：{state}。", st["body"]))
    story.append(Spacer(1, 3 * mm))
    data = [(r.name, r.buildings or "—", _rate(r.collection_rate), _rate(r.previous_rate), _points(r.rate_change),
             r.receipts, f"{r.collected:,.2f}", f"{r.old_arrears_recovered:,.2f}", r.actions, r.letters_sent,
             r.letters_paid, f"{r.base:,.2f}", f"{r.commission:,.2f}", f"{r.base + r.commission:,.2f}", "")
            for r in rows]
    story.append(table(
        ["收费员", "分管楼栋", "收费率", "上月", "较上月", "收款笔数", "收款（元）", "收回一年以上欠费", "催缴次数",
         "发函", "收函后缴费户", "底薪", "提成", "合计", "本人签字"], data,
        [w * width for w in (0.06, 0.12, 0.055, 0.055, 0.085, 0.05, 0.08, 0.08, 0.05, 0.04, 0.06, 0.065, 0.06, 0.065,
                             0.07)], st))
    story.append(Spacer(1, 3 * mm))
    story.append(para(
        "口径：收费率为分管楼栋本月账单截至月末已收 ÷ 本月账单金额；收款为本人本月收款减冲正（即日结合计）；"
        "收回一年以上欠费为本人本月收款中缴付 12 个月以前账单的金额；提成 = 收款 × 所在档每百元提成 ÷ 100 + "
        "收回一年以上欠费 × 每百元提成 ÷ 100。", st["body"]))
    story.append(Spacer(1, 10 * mm))
    story.append(para("客服主管：____________　　　　财务：____________　　　　日期：____________", st["body"]))
    return build(out, story, title, wide=True)
