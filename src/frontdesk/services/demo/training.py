"""Demo training: the seed's July programme with written tests and re-tests, a monthly professional
course, weekly service slogans, daily inspections of the desk staff, and confirmed monthly assessments."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from frontdesk.db.models import (
    Inspection,
    InspectionMark,
    Staff,
    TrainingAttendance,
    TrainingSession,
    WeeklySlogan,
)
from frontdesk.db.sequences import next_free_id
from frontdesk.services import clock, settings
from frontdesk.services.demo.contacts import _period
from frontdesk.services.training import assessment, common, slogans

JULY_COURSES = ("《前台服务规范》", "《前台服务规范用语》", "《仪态礼仪》", "《谈吐礼仪》", "《送客礼仪》",
                "《接听礼仪》", "《举止行为》", "《前台办理业务规范用语》")
MONTHLY_COURSES = (("专业知识", "陈经理"), ("报修知识", "工程部 周建国"), ("法律法规", "陈经理"))
SLOGANS = ("微笑、问候、规范", "首问负责、一办到底", "主动、热情、耐心、周到", "业主满意是我们的标准",
           "铃响三声、微笑接听", "规范用语、礼貌待客", "站立服务、热情相迎", "用心服务、真诚沟通")
REMARKS = ("接听电话未使用规范用语", "工作时间玩手机", "台面摆放杂乱", "未按规定着工装", "接待业主时未起身")
HIRE_DATES = {"张丽": date(2019, 3, 1), "王芳": date(2020, 6, 15), "李娜": date(2022, 4, 1), "陈静": date(2024, 2, 20),
              "刘洋": date(2021, 9, 1), "赵敏": date(2023, 5, 8), "吴海燕": date(2017, 8, 1)}
STAMP = dict(created_by="演示数据", updated_by="演示数据", version=1)


def _next_id(session: Session, model) -> int:
    return next_free_id(session, model.id)


def _july(today: date, year: int | None) -> date:
    year = year or today.year
    return date(year, 7, 1) if date(year, 7, 31) < today else date(year - 1, 7, 1)


def _sessions(session: Session, rng: random.Random, today: date, first: date, desk: list[Staff]) -> int:
    plan: list[tuple[date, str, str, Decimal]] = []
    july = _july(today, first.year if first.month == 1 else None)
    days = [july + timedelta(days=d) for d in range(31) if (july + timedelta(days=d)).weekday() in (1, 3)]
    for course, day in zip(JULY_COURSES, days, strict=False):
        plan.append((day, course, "陈经理", Decimal("1.5")))
    month = date(first.year, first.month, 1)
    while month <= today:
        if month.month != 7:
            course, trainer = MONTHLY_COURSES[month.month % len(MONTHLY_COURSES)]
            day = month + timedelta(days=rng.randint(8, 20))
            if day <= today:
                plan.append((day, course, trainer, Decimal("2.0")))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    next_session, next_row = _next_id(session, TrainingSession), _next_id(session, TrainingAttendance)
    sessions, rows = [], []
    skill = {s.id: rng.gauss(77, 6) for s in desk}
    for day, course, trainer, hours in sorted(plan):
        sessions.append(dict(id=next_session, held_on=day, courses=course, trainer=trainer, hours=hours,
                             place="客服部会议室", remark="", created_at=clock.now(), updated_at=clock.now(), **STAMP))
        for person in desk:
            if person.hire_date and person.hire_date > day:
                continue
            status = rng.choices(("出席", "迟到", "缺席"), (90, 6, 4))[0]
            score = retest = retest_on = None
            if status != "缺席":
                score = Decimal(max(35, min(100, round(rng.gauss(skill[person.id], 10)))))
                if score < 60:
                    retest, retest_on = Decimal(rng.randint(62, 88)), day + timedelta(days=7)
            rows.append(dict(id=next_row, session_id=next_session, staff_id=person.id, status=status, score=score,
                             retest_score=retest, retest_on=retest_on if retest_on and retest_on <= today else None,
                             created_at=clock.now(), updated_at=clock.now(), **STAMP))
            if rows[-1]["retest_on"] is None:
                rows[-1]["retest_score"] = None
            next_row += 1
        next_session += 1
    session.execute(insert(TrainingSession), sessions)
    session.execute(insert(TrainingAttendance), rows)
    return len(sessions)


def _inspections(session: Session, rng: random.Random, first: date, today: date, desk: list[Staff]) -> None:
    items = settings.get(session, "inspection_items")
    next_inspection, next_mark = _next_id(session, Inspection), _next_id(session, InspectionMark)
    inspections, marks = [], []
    day = first
    while day <= today:
        if day.weekday() < 6:  # the desk works Monday to Saturday
            for person in desk:
                if person.hire_date and person.hire_date > day:
                    continue
                total = Decimal(0)
                for item in items:
                    failed = rng.random() < 0.02
                    points = Decimal(str(item["deduction"])) if failed else Decimal(0)
                    total += points
                    marks.append(dict(id=next_mark, inspection_id=next_inspection, item=item["name"],
                                      passed=not failed, deduction=points))
                    next_mark += 1
                inspections.append(dict(
                    id=next_inspection, inspected_on=day, staff_id=person.id, inspector="吴海燕", deduction=total,
                    remark=rng.choice(REMARKS) if total >= 3 else "", created_at=clock.now(), updated_at=clock.now(),
                    **STAMP))
                next_inspection += 1
        day += timedelta(days=1)
    if inspections:
        session.execute(insert(Inspection), inspections)
        session.execute(insert(InspectionMark), marks)


def _slogans(session: Session, first: date, today: date) -> None:
    monday, rows, index = slogans.week_start(first), [], 0
    while monday <= today:
        rows.append(dict(week_start=monday, slogan=SLOGANS[index % len(SLOGANS)], created_at=clock.now(),
                         updated_at=clock.now(), **STAMP))
        monday += timedelta(days=7)
        index += 1
    session.execute(insert(WeeklySlogan), rows)


def make_training(session: Session, rng: random.Random, year: int | None, scale, staff: list[Staff]) -> int:
    today = clock.today()
    for person in staff:
        if person.name in HIRE_DATES and person.hire_date is None:
            person.hire_date = HIRE_DATES[person.name]
    session.flush()
    desk = [s for s in staff if s.role in common.assessed_roles(session) and s.active]
    first, _end = _period(year, today, replace(scale, days=None))
    count = _sessions(session, rng, today, first, desk)
    inspect_from = today - timedelta(days=scale.days - 1) if scale.days else first
    _inspections(session, rng, inspect_from, today, desk)
    _slogans(session, first, today)
    _assess(session, rng, first, today)
    return count


def _assess(session: Session, rng: random.Random, first: date, today: date) -> None:
    """Confirm every month of the period as the supervisor did at month end (the last one too when
    today is its last day), each scored on that month's own work."""
    month = date(first.year, first.month, 1)
    last = common.month_of(today) if (today + timedelta(days=1)).month != today.month else None
    current = common.month_of(today)
    while common.month_of(month) < current or common.month_of(month) == last:
        key = common.month_of(month)
        rows = assessment.compute_month(session, key)
        best = max(rows, key=lambda r: r.score, default=None)
        if best is not None and rng.random() < 0.5:
            assessment.set_award(session, key, best.staff_id, best.amount + 50, "本月表扬信一封，额外奖励")
        assessment.confirm_month(session, key, "吴海燕")
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
