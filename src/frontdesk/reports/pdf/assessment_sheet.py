"""月度考核表: every assessed staff member's figures, score, grade and reward or penalty, to sign."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from frontdesk.reports.pdf.training_layout import build, header, para, styles, table, usable_width
from frontdesk.services import settings
from frontdesk.services.number_format import percent
from frontdesk.services.training import assessment, common
from frontdesk.services.training.summary import month_summary


def _n(value: Decimal | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value.normalize():f}{suffix}"


def write_assessment_sheet(session: Session, month: str, out: str | Path) -> Path:
    month = common.parse_month(month)
    rows = assessment.compute_month(session, month)
    summary = month_summary(session, month)
    locked = common.is_locked(session, month)
    st = styles()
    width = usable_width(wide=True)
    title = f"{month} 前台员工月度考核表"
    story = header(settings.get(session, "company_name"), title, st)
    state = (f"已于 {rows[0].confirmed_at:%Y-%m-%d} 由 {rows[0].confirmed_by} 确认" if locked and rows
             else "未确认（数字为打印时的计算结果）")
    story.append(para(
        f"本月培训 {summary.sessions} 次、{_n(summary.hours)} 课时，出勤率 {percent(summary.attendance_rate, of_hundred=True)}；"
        f"笔试平均分 {_n(summary.tests.average)}，合格率 {percent(summary.tests.pass_rate, of_hundred=True)}；"
        f"日检查 {summary.inspections} 人次，累计扣分 {_n(summary.deduction)}。状态：{state}。", st["body"]))
    story.append(Spacer(1, 3 * mm))
    data = [(r.name, r.role, _n(r.figures.test_average), percent(r.figures.attendance_rate, of_hundred=True), _n(r.figures.deduction),
             r.figures.calls, r.figures.complaints, percent(r.figures.satisfaction, of_hundred=True), _n(r.score), r.grade,
             f"{r.amount:,.2f}", r.reason, "") for r in rows]
    story.append(table(
        ["姓名", "岗位", "笔试均分", "出勤率", "检查扣分", "接待量", "被投诉", "回访满意率", "得分", "等级",
         "奖惩（元）", "理由", "本人签字"], data,
        [w * width for w in (0.07, 0.07, 0.065, 0.065, 0.065, 0.06, 0.055, 0.075, 0.055, 0.06, 0.08, 0.17, 0.08)], st))
    total = sum((r.amount for r in rows), Decimal(0))
    story.append(Spacer(1, 3 * mm))
    weights = settings.get(session, "assessment_weights") or {}
    story.append(para(
        f"奖惩合计：{total:,.2f} 元。评分：笔试 {weights.get('test', 0)} 分、日检查 {weights.get('inspection', 0)} 分、"
        f"培训出勤 {weights.get('attendance', 0)} 分、接待量 {weights.get('calls', 0)} 分、回访满意 "
        f"{weights.get('satisfaction', 0)} 分，被有效投诉每次扣 {settings.get(session, 'assessment_complaint_deduction')} 分。",
        st["body"]))
    story.append(Spacer(1, 10 * mm))
    story.append(para("客服主管：____________　　　　部门经理：____________　　　　日期：____________", st["body"]))
    return build(out, story, title, wide=True)
