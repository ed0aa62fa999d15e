"""The year's training workbook lists every attendee of every session of that year."""

from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from frontdesk.db.models import TrainingAttendance, TrainingSession
from frontdesk.reports.training_excel import export_training_year


def test_the_years_workbook_has_a_row_per_attendee(demo_db, frozen_now, tmp_path):
    out = tmp_path / "培训.xlsx"
    with demo_db.session() as s:
        held = s.scalars(select(TrainingAttendance).join(TrainingSession).where(
            TrainingSession.deleted_at.is_(None),
            TrainingSession.held_on.between(date(2026, 1, 1), date(2026, 12, 31)))).all()
        sessions = export_training_year(s, 2026, out)
        first = min(held, key=lambda a: (a.session.held_on, a.session_id, a.staff_id))
        expected = (first.session.held_on, first.staff.name, first.status)
    assert held and sessions == len({a.session_id for a in held})
    sheet = load_workbook(out)["培训与成绩"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(held)
    assert (rows[0][0].date(), rows[0][5], rows[0][6]) == expected
