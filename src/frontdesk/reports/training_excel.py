"""Training workbooks: the month's assessment sheet and a year's training records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from frontdesk.files import atomic_output
from frontdesk.reports.excel import Column, write_sheet
from frontdesk.services.training import assessment, common, inspections, sessions

ASSESSMENT_COLUMNS = (
    Column("姓名", lambda r: r.name),
    Column("岗位", lambda r: r.role),
    Column("笔试均分", lambda r: r.figures.test_average, "0.0"),
    Column("培训出勤率%", lambda r: r.figures.attendance_rate, "0.0"),
    Column("检查扣分", lambda r: r.figures.deduction, "0.0"),
    Column("接待量", lambda r: r.figures.calls),
    Column("被投诉", lambda r: r.figures.complaints),
    Column("回访满意率%", lambda r: r.figures.satisfaction, "0.0"),
    Column("得分", lambda r: r.score, "0.0"),
    Column("等级", lambda r: r.grade),
    Column("奖惩金额", lambda r: r.amount, "#,##0.00"),
    Column("理由", lambda r: r.reason),
    Column("状态", lambda r: f"已确认（{r.confirmed_by}）" if r.confirmed else "未确认"),
)

ATTENDANCE_COLUMNS = (
    Column("日期", lambda a: a.held_on),
    Column("课程", lambda a: a.courses),
    Column("讲师", lambda a: a.trainer),
    Column("课时", lambda a: a.hours, "0.0"),
    Column("地点", lambda a: a.place),
    Column("员工", lambda a: a.staff_name),
    Column("出勤", lambda a: a.status),
    Column("笔试成绩", lambda a: a.score, "0.0"),
    Column("补考成绩", lambda a: a.retest_score, "0.0"),
    Column("补考日期", lambda a: a.retest_on),
)

INSPECTION_COLUMNS = (
    Column("日期", lambda i: i.day),
    Column("员工", lambda i: i.staff_name),
    Column("不合格项目", lambda i: i.failed),
    Column("扣分", lambda i: i.deduction, "0.0"),
    Column("检查人", lambda i: i.inspector),
    Column("备注", lambda i: i.remark),
)


def _save(wb: Workbook, out: str | Path) -> Path:
    out = Path(out)
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return out


def export_assessment(session: Session, month: str, out: str | Path) -> int:
    month = common.parse_month(month)
    rows = assessment.compute_month(session, month)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{month} 月度考核"
    count = write_sheet(ws, ASSESSMENT_COLUMNS, rows)
    _save(wb, out)
    return count


def export_training_year(session: Session, year: int, out: str | Path) -> int:
    """Sheets: 培训与成绩 (one row per attendee) and 日检查; returns the number of sessions."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    attendance = sessions.attendance_of_year(session, year)
    wb = Workbook()
    ws = wb.active
    ws.title = "培训与成绩"
    write_sheet(ws, ATTENDANCE_COLUMNS, attendance)
    write_sheet(wb.create_sheet("日检查"), INSPECTION_COLUMNS, inspections.inspection_lines(session, start, end))
    _save(wb, out)
    return len({a.session_id for a in attendance})
