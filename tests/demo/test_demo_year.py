"""The demo year tells the seed desk's story: its figures land near the seed's, month by month."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.db.models import (
    Contact,
    MonthlyAssessment,
    Payment,
    RepairEvent,
    ReturnVisit,
    TrainingSession,
)
from frontdesk.errors import DomainError
from frontdesk.services import clock, demo, settings, stats
from frontdesk.services.stats import money, records

pytestmark = pytest.mark.sqlite_only
NOW = datetime(2026, 11, 25, 10, 30)


@pytest.fixture(scope="module")
def demo_2025(tmp_path_factory):
    """`frontdesk demo --year 2025` at full scale, made in 2026 (once for the module: ~30 s)."""
    path = tmp_path_factory.mktemp("demo2025") / "demo.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with clock.frozen_at(NOW), db.session("测试", system=True) as s:
        settings.seed_lists(s)
        demo.fill(s, 2025, demo.FULL)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def year(demo_2025):
    with clock.frozen_at(NOW), demo_2025.session("测试", read_only=True, system=True) as s:
        return stats.compute(s, stats.parse_year("2025")), stats.compute(s, stats.parse_year("2024"))


def test_the_desk_s_daily_load_is_the_seed_s(year):
    y, _ = year
    assert 65 <= y.value("calls_per_day") <= 75  # 日平均电话接听量高达70余次
    assert 27 <= y.value("visits_per_day") <= 34  # 日平均接待来访30余次
    assert 19 <= y.value("return_visits_per_day") <= 25  # 回访平均每日20余次


def test_repairs_are_the_seed_s_and_rarely_repeat(year):
    y, _ = year
    assert 9_800 <= y.value("repairs") <= 10_900  # 接待报修10300余次
    assert 6_700 <= y.value("repairs_household") <= 7_400  # 业主日常报修7000余次
    assert 3_150 <= y.value("repairs_public") <= 3_500  # 公共报修3300余次
    assert 0.02 <= y.value("repairs_repeat") / y.value("repairs") <= 0.05


def test_phase_rates_rise_after_the_reform_to_the_seed_s(year):
    y, before = year
    now = {p.phase: p.collection_rate for p in y.by_phase}
    then = {p.phase: p.collection_rate for p in before.by_phase}
    for phase, (was, became) in {"1期": (0.55, 0.58), "2期": (0.60, 0.70), "3期": (0.30, 0.40)}.items():
        assert abs(then[phase] - was) <= 0.035, (phase, then[phase])
        assert abs(now[phase] - became) <= 0.035, (phase, now[phase])
        assert now[phase] > then[phase]


def test_monthly_rates_move_smoothly_and_rise_after_q2(demo_2025):
    with clock.frozen_at(NOW), demo_2025.session("测试", read_only=True, system=True) as s:
        series: dict[str, list[float]] = {}
        for _month, phase, rate in money.monthly_rates_by_phase(s, stats.parse_year("2025")):
            series.setdefault(phase, []).append(rate)
    for phase, rates in series.items():
        assert len(rates) == 12
        jumps = [abs(b - a) for a, b in zip(rates, rates[1:], strict=False)]
        assert max(jumps) <= 0.05, (phase, rates)
        assert sum(rates[9:]) / 3 >= sum(rates[:3]) / 3, (phase, rates)


def test_open_orders_past_their_deadline_are_a_handful(demo_2025):
    with clock.frozen_at(NOW), demo_2025.session("测试", read_only=True, system=True) as s:
        assert records.overdue_repairs(s).total <= 25


def test_the_july_letters_and_what_they_brought(demo_2025):
    with clock.frozen_at(NOW), demo_2025.session("测试", read_only=True, system=True) as s:
        july = stats.compute(s, stats.parse_month("2025-07"))
    assert 220 <= july.value("letters_sent") <= 270  # 共发出催收信件246封
    assert 20 <= july.value("letters_paid_units") <= 40  # 至月底已有30户交纳
    assert 25_000 <= july.value("letters_paid_amount") <= 65_000  # 物管费44138元


def test_nothing_is_dated_after_the_year(demo_2025):
    end = datetime(2026, 1, 1)
    with demo_2025.session("测试", read_only=True, system=True) as s:
        for column in (Contact.occurred_at, Contact.closed_at, RepairEvent.at, ReturnVisit.visited_at,
                       Contact.created_at):
            assert s.scalar(select(func.max(column))) < end, column
        assert s.scalar(select(func.max(Payment.paid_on))) < end.date()
        assert s.scalar(select(func.max(TrainingSession.held_on))) < end.date()
        assert s.scalar(select(func.min(Contact.occurred_at))) >= datetime(2025, 1, 1)


def test_training_follows_the_july_programme_and_every_month_is_assessed(demo_2025):
    with demo_2025.session("测试", read_only=True, system=True) as s:
        july = s.scalars(select(TrainingSession.courses).where(
            TrainingSession.held_on >= date(2025, 7, 1), TrainingSession.held_on <= date(2025, 7, 31))).all()
        assert {"《前台服务规范》", "《接听礼仪》", "《前台办理业务规范用语》"} <= set(july) and len(july) == 8
        months = s.execute(select(MonthlyAssessment.month, func.sum(MonthlyAssessment.calls))
                           .group_by(MonthlyAssessment.month)).all()
    assert [m for m, _ in months] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert all(calls > 500 for _m, calls in months)  # scored on that month's real calls


def test_the_current_year_stops_at_now_and_a_future_year_is_refused(db):
    with clock.frozen_at(NOW), db.session("测试", system=True) as s:
        with pytest.raises(DomainError):
            demo.fill(s, 2027, demo.SMALL)
        before = _dated_after(s, NOW)  # the test's empty database was made today, after NOW
        demo.fill(s, 2026, demo.SMALL)
        latest = max(s.scalar(select(func.max(Contact.occurred_at))), s.scalar(select(func.max(RepairEvent.at))))
        assert latest <= NOW
        assert s.scalar(select(func.max(Payment.paid_on))) <= NOW.date()
        assert s.scalar(select(func.min(Contact.occurred_at))) >= datetime(2026, 1, 1)
        late = {column: rows for column, rows in _dated_after(s, NOW).items() if rows != before.get(column)}
        assert late == {}, "dated after now by the demo"


# What happened (not what is due, planned or agreed): never after the moment the demo is made.
HAPPENED = {"accepted_on", "acted_on", "added_at", "answered_at", "answered_on", "arrived_at", "at", "closed_at",
            "closed_on", "confirmed_at", "created_at", "delivered_on", "dispatched_at", "done_on", "finished_at",
            "first_action_at", "found_date", "held_on", "inspected_on", "issued_date", "occurred_at", "paid_on",
            "posted_on", "raised_on", "rang_at", "reported_at", "updated_at", "visited_at"}


def _dated_after(session, now: datetime) -> dict[str, int]:
    """How many rows hold a moment after `now` in each column of what happened ("table.column")."""
    from sqlalchemy import Date, DateTime

    from frontdesk.db.base import Base

    late = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.name not in HAPPENED or not isinstance(column.type, Date | DateTime):
                continue
            bound = now if isinstance(column.type, DateTime) else now.date()
            rows = session.scalar(select(func.count()).select_from(table).where(column > bound))
            if rows:
                late[f"{table.name}.{column.name}"] = rows
    return late


def test_vendor_meetings_and_the_notice_board_fill_the_year(year, demo_2025):
    y, _ = year
    assert 12 * 5 <= y.value("vendor_issues_raised") <= 12 * 15  # ~5–15 problems a month
    assert 0.7 <= y.value("vendor_issues_fixed_on_time_rate") < 1  # most fixed on time, some carried over
    assert y.value("vendor_issues_overdue") > 0
    assert 12 * 8 <= y.value("announcements_posted") <= 12 * 15
    from frontdesk.db.models import Announcement, VendorIssue, VendorMeeting

    with demo_2025.session("测试", read_only=True) as s:
        assert s.scalar(select(func.count(func.distinct(VendorMeeting.vendor_id)))) == 4
        assert s.scalar(select(func.count()).select_from(VendorMeeting)) == 48  # four vendors, every month
        assert s.scalar(select(func.max(VendorIssue.updated_at))) <= datetime(2025, 12, 31, 18, 0)
        assert s.scalar(select(func.max(Announcement.posted_on))) <= date(2025, 12, 31)
        assert s.scalar(select(func.count()).select_from(VendorIssue).where(VendorIssue.carry_overs > 0)) > 0
