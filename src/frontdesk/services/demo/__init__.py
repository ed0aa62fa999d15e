"""A realistic year at the desk, for trying the app and for the tests.

Each desk adds its own part here; `fill` runs them in order on an empty database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Unit
from frontdesk.db.sequences import reset_sequences
from frontdesk.errors import DomainError
from frontdesk.services import clock, settings
from frontdesk.services.demo import (
    accounts,
    collections,
    contacts,
    dayend,
    repairs,
    roster,
    training,
    violations,
)
from frontdesk.services.demo import survey as demo_survey
from frontdesk.services.demo import vendors as vendor_desk
from frontdesk.services.demo_marks import DEMO_MARK
from frontdesk.services.demo_marks import is_demo as is_demo  # callers ask demo.is_demo

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoScale:
    """How much to make; `full` is the seed desk's volume, `small` keeps tests quick."""

    buildings_per_phase: tuple[int, ...]
    floors_per_phase: tuple[int, ...]
    calls_per_day: int
    visits_per_day: int
    days: int | None = None  # None: the whole year up to the end date


# Return visits are not a rate of their own: every finished repair and closed complaint gets one.
FULL = DemoScale((8, 10, 6), (11, 18, 26), 70, 30)
SMALL = DemoScale((2, 2, 2), (4, 4, 4), 6, 3, days=30)


DEMO_COMPANY = {"company_name": "天元物业服务有限公司", "company_address": "江苏省南通市崇川区天元路 88 号",
                "desk_phone": "0513-8888 6666", "project_name": "天元花园"}


@dataclass
class DemoSummary:
    units: int
    persons: int
    staff: int
    contacts: int


def is_empty(db) -> bool:
    with db.session("演示数据", system=True) as session:
        return not session.scalar(select(func.count()).select_from(Unit))


def fill(session: Session, year: int, scale: DemoScale = FULL, seed: int = 20261125,
         progress: Progress | None = None) -> DemoSummary:
    if session.scalar(select(func.count()).select_from(Unit)):
        raise DomainError("数据库里已经有房屋档案，演示数据只能填入空数据库。请用 --db 指定一个新的数据库文件。")
    real_now = clock.now()
    if year is not None and year > real_now.year:
        raise DomainError(f"演示年份 {year} 还没有到，请选择 {real_now.year} 年或以前的年份。")
    # A past year is generated as if on its last evening, so nothing is dated after the year; the
    # current year (or no year: the twelve months up to now) stops at now.
    end = real_now if year is None or year == real_now.year else datetime(year, 12, 31, 18, 0)
    with clock.frozen_at(end):
        return _fill(session, year, scale, seed, progress)


def _fill(session: Session, year: int | None, scale: DemoScale, seed: int, progress: Progress | None) -> DemoSummary:
    # Demo rows carry their own ids: once all desks' rows are in, move PostgreSQL's id sequences past them.
    event.listen(session, "before_commit", lambda s: reset_sequences(s.connection()), once=True)
    rng = random.Random(seed)
    roster_year = year or clock.today().year
    report = progress or (lambda _msg: None)
    settings.seed_lists(session)
    settings.put(session, DEMO_MARK, True)  # the window says 演示数据 so nobody takes it for the real ledger
    for key, value in DEMO_COMPANY.items():  # the demo's own (made-up) company; a real install asks
        settings.put(session, key, value)
    report("员工")
    staff = roster.make_staff(session)
    accounts.make_accounts(session, staff)
    report("房屋与业主")
    unit_count, person_count = roster.make_units(session, rng, roster_year, scale)
    report("来电来访")
    contact_count = contacts.make_contacts(session, rng, year, scale, staff)
    report("报修维修")
    repairs.make_repairs(session, rng, year, scale, staff)
    report("收费催缴")
    collections.make_collections(session, random.Random(seed + 6), year, staff)
    dayend.make_dayend(session, random.Random(seed + 9), year)
    report("违章整改")
    violations.make_violations(session, random.Random(seed + 7), year, scale, staff)
    report("培训考核")
    training.make_training(session, random.Random(seed + 8), year, scale, staff)
    report("满意度调查")
    demo_survey.make_surveys(session, random.Random(seed + 9), year, scale)
    report("外包方与宣传栏")
    vendor_desk.make_vendors(session, random.Random(seed + 11), year, scale, staff)
    return DemoSummary(units=unit_count, persons=person_count, staff=len(staff), contacts=contact_count)
