"""A whole statistics report: the figures with their comparisons, the series the charts draw, the staff
table and the supervisor's lists, and the summary paragraph in the desk's words."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from frontdesk.services import number_format, settings
from frontdesk.services.stats import catalog, contacts, money, records, repairs, staff
from frontdesk.services.stats.figures import (
    Figures,
    change,
    complete,
    compute,
    display,
    not_computed,
    records_since,
)
from frontdesk.services.stats.period import Period
from frontdesk.services.stats.staff import StaffFigures

Progress = Callable[[int, int], bool | None]


class ReportCancelled(Exception):
    pass


@dataclass
class StatsReport:
    company: str
    current: Figures
    previous: Figures
    year_ago: Figures
    per_day: list[tuple[date, int, int, int]]
    by_trade: list[tuple[str, int, int]]
    phase_rates: list[tuple[str, str, float | None]]
    staff: list[StaffFigures] | None
    daily_targets: tuple[int, int, int]
    lists: list[records.RecordTable] | None  # None (with the staff): left out by a screen, read when looked at

    @property
    def period(self) -> Period:
        return self.current.period

    @property
    def read_lists(self) -> list[records.RecordTable]:
        """The lists of a report they were read for (a document's: `complete_report` reads them)."""
        if self.lists is None:
            raise ValueError("the report's lists were left out: complete_report() reads them")
        return self.lists

    @property
    def read_staff(self) -> list[StaffFigures]:
        if self.staff is None:
            raise ValueError("the report's staff table was left out: complete_report() reads it")
        return self.staff

    def rows(self) -> list[tuple[str, str, object, object, object]]:
        """(key, 指标, 本期, 上期, 去年同期) for every figure, in report order."""
        return [(f.key, f.label, self.current.value(f.key), self.previous.value(f.key), self.year_ago.value(f.key))
                for f in catalog.figures()]

    def kpi_lines(self) -> list[tuple[str, str, str, str, str]]:
        """指标, 本期, 上期, 环比, 同比 as the PDF prints them."""
        return [(name, display(key, now), display(key, self.comparable(self.previous, key, before)),
                 change(key, now, self.comparable(self.previous, key, before)),
                 change(key, now, self.comparable(self.year_ago, key, ago)))
                for key, name, now, before, ago in self.rows()]

    @staticmethod
    def comparable(other: Figures, key: str, value):
        """A figure of another period to compare with, or None when the records it is read from do not
        cover that period (the desk started its log, or its bills, after it began): “—” then."""
        return value if other.covers(key) else None

    def summary(self) -> str:
        return summary_text(self.current)


def _checkpoint(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ReportCancelled("已取消")


def report_lists(session: Session, period: Period, limit: int | None = records.LIMIT) -> list[records.RecordTable]:
    """The supervisor's lists; `limit=None` gives every row (the Excel file holds them all)."""
    return [records.overdue_matters(session, limit), records.overdue_repairs(session, limit),
            records.period_complaints(session, period, limit), records.repeat_repairs(session, period, limit),
            records.notices_past_deadline(session, limit)]


@dataclass
class ScreenLists:
    """What a screen reads of a report when it comes into view: the supervisor's lists (cut at
    `records.LIMIT`, each saying its whole count) and the staff table."""

    period: Period
    lists: list[records.RecordTable]
    staff: list[StaffFigures]


def screen_lists(session: Session, period: Period) -> ScreenLists:
    return ScreenLists(period, report_lists(session, period), staff.staff_figures(session, period))


def report(session: Session, period: Period, progress: Progress | None = None, with_lists: bool = True,
           list_limit: int | None = records.LIMIT, with_year_ago: bool = True,
           only: Collection[str] | None = None) -> StatsReport:
    """The whole report, or what a screen shows of it: `only` the named figures (and sources) of the
    period and the one before, and `with_year_ago=False` leaves the same period a year ago out (a
    screen showing 环比 only). Those left out are marked not computed; `complete_report` fills them in
    before a document prints every figure with 同比. `with_lists=False` leaves the supervisor's lists
    and the staff table out (None): a screen reads them when they come into view (`ScreenLists`)."""
    steps = 7
    _checkpoint(progress, 0, steps)
    since = records_since(session)
    current = compute(session, period, only, since)
    _checkpoint(progress, 1, steps)
    previous = compute(session, period.previous(), only, since)
    _checkpoint(progress, 2, steps)
    # A year's previous period is the year before: computed once.
    if period.year_ago() == period.previous():
        year_ago = previous
    else:
        year_ago = compute(session, period.year_ago(), only, since) if with_year_ago else \
            not_computed(period.year_ago())
    _checkpoint(progress, 3, steps)
    per_day = contacts.per_day(session, period)
    by_trade = repairs.by_trade_and_scope(session, period)
    _checkpoint(progress, 4, steps)
    phase_rates = money.monthly_rates_by_phase(session, period)
    _checkpoint(progress, 5, steps)
    people = staff.staff_figures(session, period) if with_lists else None
    _checkpoint(progress, 6, steps)
    lists = report_lists(session, period, list_limit) if with_lists else None
    calls, visits, return_visits = (int(settings.get(session, k)) for k in
                                    ("daily_target_calls", "daily_target_visits", "daily_target_return_visits"))
    targets = (calls, visits, return_visits)
    _checkpoint(progress, steps, steps)
    return StatsReport(str(settings.get(session, "company_name")), current, previous, year_ago, per_day, by_trade,
                       phase_rates, people, targets, lists)


def complete_report(session: Session, rep: StatsReport) -> StatsReport:
    """The report with every figure of every period, filling in what a screen left out (documents print
    every figure with 环比 and 同比). The figures already computed are kept as they were shown."""
    current, previous = complete(session, rep.current), complete(session, rep.previous)
    year_ago = previous if rep.year_ago is rep.previous else complete(session, rep.year_ago)
    people = staff.staff_figures(session, rep.period) if rep.staff is None else rep.staff
    lists = report_lists(session, rep.period) if rep.lists is None else rep.lists
    if (current is rep.current and previous is rep.previous and year_ago is rep.year_ago and people is rep.staff
            and lists is rep.lists):
        return rep
    return replace(rep, current=current, previous=previous, year_ago=year_ago, staff=people, lists=lists)


def _pct(value: float | None) -> str:
    return number_format.percent(value)


def summary_text(f: Figures) -> str:
    """The opening paragraph, in the style of the desk's year-end summary, from the real figures."""
    whole = {"年": "本年度", "月": "本月", "季": "本季度"}.get(f.period.kind, "统计期内")
    v = f.value
    text = (f"{whole}前台共接听电话{v('calls'):,}次，接待报修{v('repairs'):,}次，其中业主日常报修"
            f"{v('repairs_household'):,}次、公共报修{v('repairs_public'):,}次；日均接听电话{round(v('calls_per_day'))}次，"
            f"日均接待来访{round(v('visits_per_day'))}次，回访平均每日{round(v('return_visits_per_day'))}次。")
    text += (f"受理投诉{v('complaints'):,}起，其中有效投诉{v('complaints_effective'):,}起，按时办结率"
             f"{_pct(v('complaints_closed_on_time_rate'))}；报修完工{v('repairs_completed'):,}单，及时完工率"
             f"{_pct(v('repairs_on_time_rate'))}，返修{v('repairs_repeat'):,}次，回访满意率{_pct(v('satisfaction_rate'))}。")
    if v("charged"):
        phases = "、".join(f"{p.phase}{_pct(p.collection_rate)}" for p in f.by_phase)
        text += (f"收费率{_pct(v('collection_rate'))}（{phases}），户收费率{_pct(v('household_collection_rate'))}，"
                 f"清缴率{_pct(v('arrears_recovery_rate'))}。")
    if v("letters_sent"):
        text += (f"共发出催缴函、催收函{v('letters_sent'):,}封，已有{v('letters_paid_units'):,}户交纳物业费"
                 f"{display('letters_paid_amount', v('letters_paid_amount'))}元。")
    if v("notices_issued") or v("notices_rectified"):
        text += f"出具整改通知书{v('notices_issued'):,}份，复查已整改{v('notices_rectified'):,}起。"
    if v("training_sessions"):
        text += (f"开展培训{v('training_sessions')}场、共{display('training_hours', v('training_hours'))}课时，"
                 f"笔试一次通过率{_pct(v('training_pass_rate'))}。")
    return text
