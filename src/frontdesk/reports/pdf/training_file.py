"""员工培训档案: one staff member's sessions, test scores, daily inspections and confirmed assessments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from frontdesk.reports.pdf.training_layout import build, header, para, styles, table, usable_width
from frontdesk.services import clock, settings
from frontdesk.services.training.summary import staff_file


def _n(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def write_training_file(session: Session, staff_id: int, out: str | Path,
                        start: date | None = None, end: date | None = None) -> Path:
    data = staff_file(session, staff_id, start, end)
    company = settings.get(session, "company_name")
    st = styles()
    width = usable_width()
    person = data.person
    title = f"员工培训档案 · {person.name}"
    story = header(company, title, st)
    tested = [s for s in data.sessions if s.score is not None]
    story.append(para(
        f"姓名：{person.name}　　角色：{person.role}　　岗位：{person.post}　　"
        f"入职日期：{person.hire_date or '—'}　　状态：{person.state}", st["body"]))
    story.append(para(
        f"应参加培训 {len(data.sessions)} 次，实到 {sum(1 for s in data.sessions if s.status != '缺席')} 次，"
        f"参训 {_n(data.hours)} 课时；笔试 {len(tested)} 次，"
        f"及格线 {_n(data.pass_mark)} 分；日检查 {len(data.inspections)} 次，累计扣分 "
        f"{_n(sum((i.deduction for i in data.inspections), Decimal(0)))} 分。打印日期：{clock.today():%Y-%m-%d}",
        st["body"]))
    story.append(Spacer(1, 3 * mm))

    story.append(para("一、培训记录", st["heading"]))
    session_rows = [(s.held_on, s.courses, s.trainer, _n(s.hours), s.status, _n(s.score),
             _n(s.retest_score) if s.retest_score is not None else "") for s in data.sessions]
    story.append(table(["日期", "课程", "讲师", "课时", "出勤", "笔试", "补考"], session_rows,
                       [w * width for w in (0.13, 0.39, 0.1, 0.07, 0.09, 0.11, 0.11)], st))

    story.append(para("二、日检查", st["heading"]))
    failed = [i for i in data.inspections if i.deduction]
    inspection_rows = [(i.day, i.failed, _n(i.deduction), i.inspector, i.remark) for i in failed]
    story.append(para(f"共检查 {len(data.inspections)} 次，其中 {len(failed)} 次有扣分（下表只列有扣分的检查）。",
                      st["body"]))
    story.append(table(["日期", "不合格项目", "扣分", "检查人", "备注"], inspection_rows,
                       [w * width for w in (0.13, 0.37, 0.08, 0.12, 0.30)], st, empty="（无扣分）"))

    story.append(para("三、月度考核（已确认）", st["heading"]))
    assessment_rows = [(a.month, _n(a.score), a.grade, f"{a.amount:,.2f}", a.reason) for a in data.assessments]
    story.append(table(["月份", "得分", "等级", "奖惩（元）", "理由"], assessment_rows,
                       [w * width for w in (0.12, 0.1, 0.1, 0.14, 0.54)], st))
    return build(out, story, title)
