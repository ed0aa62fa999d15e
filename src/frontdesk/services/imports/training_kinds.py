"""Import kind of the training record (培训记录): one row per attendee of a session.

Rows with the same 日期 + 课程 + 讲师 form one session (and must agree on 学时); a session that is
already in the database gets the new attendees. Months whose assessment is confirmed stay locked.
Only the first written score is imported and exported; re-tests are kept at the desk.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdesk.db import audit
from frontdesk.db.models import Staff, TrainingAttendance, TrainingSession
from frontdesk.db.models.training import ATTENDANCE_STATES
from frontdesk.db.sequences import IdSource
from frontdesk.errors import ValueProblem
from frontdesk.services import clock
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader
from frontdesk.services.imports.roster_kinds import stamps
from frontdesk.services.training.common import is_locked, month_of, parse_score
from frontdesk.services.training.sessions import COURSE_SEPARATOR, parse_hours

ABSENT = "缺席"


def hours_cell(value) -> Decimal:
    try:
        return parse_hours(value)
    except ValueProblem as exc:
        raise cells.CellError(exc.expected) from None


def courses_cell(value) -> str:
    """Course names separated by 、 , ， ； (as the session's course list)."""
    raw = cells.text(value, required=True)
    names = [name.strip() for name in re.split(r"[、,，;；]+", raw) if name.strip()]
    joined = COURSE_SEPARATOR.join(names)
    if not names or len(joined) > 400:
        raise cells.CellError("课程名称（多门课程用顿号分隔，合计不超过 400 字）")
    return joined


def score_cell(value) -> Decimal | None:
    try:
        return parse_score(value, "笔试", "score")
    except ValueProblem as exc:
        raise cells.CellError("可空；" + exc.expected) from None


class TrainingKind(ImportKind):
    name = "training"
    title = "培训记录"
    natural_key = "日期、课程、讲师和姓名"
    columns = (
        ColumnSpec("日期", "培训日期 YYYY-MM-DD，不晚于今天", date(2026, 3, 6), kind="date"),
        ColumnSpec("课程", "课程名称，多门用顿号分隔；日期、课程、讲师都相同的行是同一场培训", "《前台服务规范》"),
        ColumnSpec("讲师", "培训讲师姓名", "吴海燕"),
        ColumnSpec("学时", "小时数 0.1–24；同一场培训的各行相同", 1.5, kind="number"),
        ColumnSpec("姓名", "参加培训的员工姓名，须已在系统中，培训时已入职", "张丽"),
        ColumnSpec("出勤", "以下之一：" + "、".join(ATTENDANCE_STATES), "出席", choices=ATTENDANCE_STATES),
        ColumnSpec("笔试成绩", "可空；0–100 分；缺席的留空", 92, kind="number"),
    )

    def prepare(self, session: Session) -> None:
        self.staff = {name: (staff_id, hired) for name, staff_id, hired in session.execute(
            select(Staff.name, Staff.id, Staff.hire_date))}
        self.locked: dict[str, bool] = {}
        self.session_hours: dict[tuple, Decimal] = {}  # (date, courses, trainer) -> hours, file and database
        self.session_ids: dict[tuple, int] = {}
        for sid, held, courses, trainer, hours in session.execute(
                select(TrainingSession.id, TrainingSession.held_on, TrainingSession.courses, TrainingSession.trainer,
                       TrainingSession.hours)):
            self.session_ids.setdefault((held, courses, trainer), sid)
            self.session_hours.setdefault((held, courses, trainer), Decimal(hours))

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        held = row.get("日期", cells.day)
        if held and held > clock.today():
            row.fail("日期", "不晚于今天的日期（已经举行的培训）")
        elif held:
            month = month_of(held)
            if month not in self.locked:
                self.locked[month] = is_locked(session, month)
            if self.locked[month]:
                row.fail("日期", f"未锁定月份的日期（{month} 的月度考核已确认并锁定，不能再添加该月的培训）")
        courses = row.get("课程", courses_cell)
        trainer = row.get("讲师", cells.text, True, 40)
        hours = row.get("学时", hours_cell)
        name = row.get("姓名", cells.text, True, 40)
        status = row.get("出勤", cells.choice, ATTENDANCE_STATES)
        score = row.get("笔试成绩", score_cell)
        if name and name not in self.staff:
            row.fail("姓名", "系统中已有的员工姓名（可先导入 staff）")
        elif name and held and self.staff[name][1] and self.staff[name][1] > held:
            row.fail("姓名", f"培训时已入职的员工（{name} 于 {self.staff[name][1]:%Y-%m-%d} 入职）")
        if status == ABSENT and score is not None:
            row.fail("笔试成绩", "空：缺席的员工没有笔试成绩")
        if not row.problems:
            known = self.session_hours.setdefault((held, courses, trainer), hours)
            if known != hours:
                row.fail("学时", f"与同一场培训（同日期、课程、讲师）的学时相同：{known}")
        row.done()
        return dict(held_on=held, courses=courses, trainer=trainer, hours=hours, name=name, status=status,
                    score=score)

    def key(self, parsed: dict) -> tuple:
        return (parsed["held_on"], parsed["courses"], parsed["trainer"], parsed["name"])

    def existing(self, session: Session, keys: set) -> set:
        if not keys:
            return set()
        days = [k[0] for k in keys]
        rows = session.execute(
            select(TrainingSession.held_on, TrainingSession.courses, TrainingSession.trainer, Staff.name)
            .join(TrainingAttendance, TrainingAttendance.session_id == TrainingSession.id)
            .join(Staff, Staff.id == TrainingAttendance.staff_id)
            .where(TrainingSession.held_on >= min(days), TrainingSession.held_on <= max(days))).all()
        return {tuple(r) for r in rows} & keys

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        now, actor = clock.now(), session.info.get("actor", "系统")
        stamp = dict(stamps(now), created_by=actor, updated_by=actor)
        ids = IdSource(session, TrainingSession.id)
        new_sessions, attendance = [], []
        for parsed in sorted(rows, key=lambda r: (r["held_on"], r["courses"], r["trainer"])):
            held = (parsed["held_on"], parsed["courses"], parsed["trainer"])
            if held not in self.session_ids:
                self.session_ids[held] = next_id = next(ids)
                new_sessions.append(dict(id=next_id, held_on=parsed["held_on"], courses=parsed["courses"],
                                         trainer=parsed["trainer"], hours=parsed["hours"], place="",
                                         remark="导入的历史记录", **stamp))
            attendance.append(dict(session_id=self.session_ids[held], staff_id=self.staff[parsed["name"]][0],
                                   status=parsed["status"], score=parsed["score"], retest_score=None, retest_on=None,
                                   **stamp))
        if new_sessions:
            session.execute(insert(TrainingSession), new_sessions)
        attendance_ids = IdSource(session, TrainingAttendance.id)
        for row in attendance:
            row["id"] = next(attendance_ids)
        for start in range(0, len(attendance), 2000):
            session.execute(insert(TrainingAttendance), attendance[start:start + 2000])
            if progress is not None:
                progress(min(start + 2000, len(attendance)), len(attendance))
        audit.record_bulk_creates(session, "training_sessions", new_sessions)
        audit.record_bulk_creates(session, "training_attendance", attendance)
        return len(attendance)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        stmt = (select(TrainingSession.held_on, TrainingSession.courses, TrainingSession.trainer,
                       TrainingSession.hours, Staff.name, TrainingAttendance.status, TrainingAttendance.score)
                .join(TrainingAttendance, TrainingAttendance.session_id == TrainingSession.id)
                .join(Staff, Staff.id == TrainingAttendance.staff_id)
                .order_by(TrainingSession.held_on, TrainingSession.id, Staff.id))
        if date_from:
            stmt = stmt.where(TrainingSession.held_on >= date_from)
        if date_to:
            stmt = stmt.where(TrainingSession.held_on <= date_to)
        for held, courses, trainer, hours, name, status, score in session.execute(stmt).yield_per(2000):
            yield [held, courses, trainer, Decimal(hours), name, status, None if score is None else Decimal(score)]
