"""外包方与宣传栏 figures: problems raised with vendors, fixed on time, overdue; announcements posted.

They count what `vendor_issues.scorecard` counts per vendor (one rule of "on time" and "overdue"),
summed over the vendors; the records behind them list those problems and announcements.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Announcement, Vendor, VendorIssue
from frontdesk.services import board, clock, vendor_issues
from frontdesk.services.stats.catalog import Figure, Source, declare, declare_source
from frontdesk.services.stats.money import fraction
from frontdesk.services.stats.period import Period
from frontdesk.services.stats.records import LIMIT, RecordTable

ISSUE_HEADERS = ("发现日期", "外包方", "来源", "位置", "问题描述", "限期", "跟进人", "复查日期", "状态", "结转次数")


@dataclass
class VendorFigures:
    raised: int
    fixed_on_time: int
    due: int
    overdue: int
    announcements: int


def _gather(session: Session, period: Period) -> VendorFigures:
    cards = vendor_issues.scorecard(session, period.start, period.end)
    return VendorFigures(sum(c.raised for c in cards), sum(c.fixed_on_time for c in cards),
                         sum(c.due for c in cards), sum(c.overdue for c in cards),
                         board.posted_between(session, period.start, period.end))


declare_source(Source("vendors", _gather))


def _is_overdue(issue: VendorIssue) -> bool:
    today = clock.today()
    return not vendor_issues.fixed_on_time(issue) and (
        issue.status == "已整改" or issue.carry_overs > 0 or issue.deadline < today)


def _issues(only_overdue: bool):
    def listing(session: Session, period: Period, title: str) -> RecordTable:
        stmt = (select(VendorIssue, Vendor.company).join(Vendor, Vendor.id == VendorIssue.vendor_id)
                .where(VendorIssue.raised_on >= period.start, VendorIssue.raised_on <= period.end)
                .order_by(VendorIssue.raised_on, VendorIssue.id))
        rows = [(i.raised_on, company, i.source, i.location, i.description, i.deadline, i.follower, i.recheck_on,
                 i.status, i.carry_overs) for i, company in session.execute(stmt)
                if not only_overdue or _is_overdue(i)]
        return RecordTable(title, ISSUE_HEADERS, rows[:LIMIT], len(rows))
    return listing


def _announcements(session: Session, period: Period, title: str) -> RecordTable:
    rows = session.execute(
        select(Announcement.number, Announcement.posted_on, Announcement.kind, Announcement.title,
               Announcement.buildings, Announcement.take_down_on, Announcement.author)
        .where(Announcement.posted_on >= period.start,
               Announcement.posted_on <= period.end).order_by(Announcement.number)).all()
    return RecordTable(title, ("编号", "张贴日期", "类型", "标题", "张贴楼栋", "撤下日期", "发布人"),
                       [tuple(r) for r in rows[:LIMIT]], len(rows))


declare(
    Figure("vendor_issues_raised", "外包方整改问题", "count",
           "统计期内发现、要求外包方限期整改的问题数（月会提出的和月会之间巡查、投诉发现的，作废的不计）。",
           lambda f: f.data["vendors"].raised, _issues(only_overdue=False), card=True, worse_when_up=True),
    Figure("vendor_issues_fixed_on_time_rate", "外包方按时整改率", "rate",
           "限期内首次复查即“已整改”的问题 ÷ 已整改或已过限期的问题（均为统计期内发现的问题；结转过的不算按时）。",
           lambda f: fraction(f.data["vendors"].fixed_on_time, f.data["vendors"].due), _issues(only_overdue=False),
           card=True),
    Figure("vendor_issues_overdue", "外包方逾期整改", "count",
           "统计期内发现的问题中，复查“未整改”结转过、过了限期才整改、或已过限期仍未复查的问题数。",
           lambda f: f.data["vendors"].overdue, _issues(only_overdue=True), worse_when_up=True),
    Figure("announcements_posted", "宣传栏公告", "count",
           "统计期内张贴到宣传栏的公告数（通知、温馨提示、法规宣传、专题、活动、公示；作废的不计）。",
           lambda f: f.data["vendors"].announcements, _announcements, card=True),
)
