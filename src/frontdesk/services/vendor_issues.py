"""外包方整改问题: raised at a 月会 or between meetings (a patrol, a complaint, a one-off job), a deadline
(限期) and a follower, re-checked on the deadline: 已整改 closes it, 未整改 carries it over to the next
月会 with a count. The monthly scorecard and the figures count from here.

On time means fixed at the first re-check, on or before the deadline, never carried over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import Contact, Vendor, VendorIssue, VendorIssuePhoto, VendorJob, VendorMeeting
from frontdesk.db.models.vendors import ISSUE_CARRIED, ISSUE_FIXED, ISSUE_OPEN, ISSUE_SOURCES, RECHECK_RESULTS
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, vendors
from frontdesk.services.text import normalize


@dataclass
class IssueInput:
    vendor_id: int
    location: str
    description: str
    deadline: date
    follower: str
    raised_on: date | None = None
    source: str = "月会"
    meeting_id: int | None = None
    job_id: int | None = None
    contact_id: int | None = None


@dataclass
class IssueRow:
    id: int
    company: str
    source: str
    raised_on: date
    location: str
    description: str
    deadline: date
    follower: str
    recheck_on: date | None
    recheck_result: str
    status: str
    carry_overs: int
    overdue: bool
    photos: int = 0


@dataclass
class IssueFilter:
    vendor_id: int | None = None
    status: str = ""
    open_only: bool = False
    due_by: date | None = None  # open problems whose deadline is on or before this day (the re-check list)
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


@dataclass
class Scorecard:
    vendor_id: int
    company: str
    service: str
    raised: int
    fixed: int
    fixed_on_time: int
    due: int  # fixed, or past the deadline: the base of the on-time rate
    overdue: int
    carried: int
    complaints: int

    @property
    def on_time_rate(self) -> float | None:
        return round(self.fixed_on_time / self.due, 4) if self.due else None


def is_overdue(issue_status: str, deadline: date, today: date | None = None) -> bool:
    """Open past its deadline without a re-check, or found 未整改 and waiting for the next 月会."""
    return issue_status == ISSUE_CARRIED or (issue_status == ISSUE_OPEN and deadline < (today or clock.today()))


# ---- raising ----------------------------------------------------------------------------------


def _validate(session: Session, data: IssueInput) -> date:
    errors: dict[str, str] = {}
    vendor = vendors.get_vendor(session, data.vendor_id)
    raised = data.raised_on or clock.today()
    if not vendor.active:
        errors["vendor"] = f"外包方“{vendor.company}”已停用，不能再登记问题"
    if data.source not in ISSUE_SOURCES:
        errors["source"] = f"请选择问题来源：{'、'.join(ISSUE_SOURCES)}"
    if raised > clock.today():
        errors["raised_on"] = f"发现日期 {raised:%Y-%m-%d} 晚于今天，请填写实际发现的日期"
    if not normalize(data.location):
        errors["location"] = "请填写问题位置，例如 3栋1单元大堂、中心花园"
    if not normalize(data.description):
        errors["description"] = "请描述问题：看到了什么、哪里不符合合同要求"
    if not normalize(data.follower):
        errors["follower"] = "请指定跟进人（到期复查的人）"
    if data.deadline is None or data.deadline < raised:
        errors["deadline"] = f"整改限期不能早于发现日期 {raised:%Y-%m-%d}，请给外包方留出整改时间"
    if data.meeting_id:
        meeting = vendors.get_meeting(session, data.meeting_id)
        if meeting.vendor_id != vendor.id:
            errors["meeting"] = "这次月会不是该外包方的，请重新选择"
    if data.job_id:
        job = session.get(VendorJob, data.job_id)
        if job is None or job.vendor_id != vendor.id:
            errors["job"] = "这项一次性外包不是该外包方承接的，请重新选择"
    if data.contact_id and session.get(Contact, data.contact_id) is None:
        errors["contact"] = "关联的来电来访记录已不存在"
    if errors:
        raise ValidationError(errors)
    return raised


def raise_issue(session: Session, data: IssueInput) -> int:
    authz.require(session, "vendor_issues")
    raised = _validate(session, data)
    source = data.source
    if data.contact_id and source == "月会":
        source = "投诉"
    issue = VendorIssue(vendor_id=data.vendor_id, source=source, meeting_id=data.meeting_id,
                        agenda_meeting_id=data.meeting_id, job_id=data.job_id, contact_id=data.contact_id,
                        raised_on=raised, location=normalize(data.location),
                        description=normalize(data.description), deadline=data.deadline,
                        follower=normalize(data.follower), status=ISSUE_OPEN)
    session.add(issue)
    session.flush()
    return issue.id


def get_issue(session: Session, issue_id: int) -> VendorIssue:
    issue = session.get(VendorIssue, issue_id, options=[selectinload(VendorIssue.photos)])
    if issue is None or issue.deleted_at is not None:
        raise NotFound("这条整改问题已不存在，请刷新列表")
    return issue


def attach_photo(session: Session, issue_id: int, source: Path | str) -> int:
    from frontdesk.services.violations import store_image

    authz.require(session, "vendor_issues")
    issue = get_issue(session, issue_id)
    source = Path(source)
    photo = VendorIssuePhoto(file_name=store_image(source, folder="vendors"), original_name=source.name,
                             added_at=clock.now(), added_by=session.info.get("actor", "系统"))
    issue.photos.append(photo)
    session.flush()
    return photo.id


# ---- re-check ---------------------------------------------------------------------------------


def recheck(session: Session, issue_id: int, result: str, checked_on: date | None = None, remark: str = "") -> str:
    """复查: 已整改 closes the problem; 未整改 carries it to the next 月会 (count + 1). Returns the status."""
    authz.require(session, "vendor_issues")
    issue = get_issue(session, issue_id)
    checked = checked_on or clock.today()
    errors: dict[str, str] = {}
    if issue.status != ISSUE_OPEN:
        errors["status"] = (f"这条问题已{issue.status}，不需要再复查" if issue.status == ISSUE_FIXED else
                            "这条问题已结转到下次月会，待月会重新定限期后再复查")
    if result not in RECHECK_RESULTS:
        errors["result"] = f"请选择复查结果：{'、'.join(RECHECK_RESULTS)}"
    if checked > clock.today():
        errors["recheck_on"] = f"复查日期 {checked:%Y-%m-%d} 晚于今天，请到期复查后再登记"
    elif checked < issue.raised_on:
        errors["recheck_on"] = f"复查日期早于问题发现日期 {issue.raised_on:%Y-%m-%d}"
    if result == ISSUE_CARRIED and checked < issue.deadline:
        errors["result"] = f"限期 {issue.deadline:%Y-%m-%d} 还没到，未到期不能判定未整改；到期复查时再登记"
    if errors:
        raise ValidationError(errors)
    issue.recheck_on, issue.recheck_result, issue.recheck_remark = checked, result, normalize(remark)
    if result == ISSUE_FIXED:
        issue.status, issue.closed_on = ISSUE_FIXED, checked
    else:
        issue.status, issue.carry_overs = ISSUE_CARRIED, issue.carry_overs + 1
    session.flush()
    return issue.status


def fixed_on_time(issue: VendorIssue) -> bool:
    return (issue.status == ISSUE_FIXED and issue.carry_overs == 0 and issue.closed_on is not None
            and issue.closed_on <= issue.deadline)


# ---- lists ------------------------------------------------------------------------------------


def _filtered(filt: IssueFilter):
    stmt = (select(VendorIssue, Vendor.company).join(Vendor, Vendor.id == VendorIssue.vendor_id)
            )
    if filt.vendor_id:
        stmt = stmt.where(VendorIssue.vendor_id == filt.vendor_id)
    if filt.status:
        stmt = stmt.where(VendorIssue.status == filt.status)
    if filt.open_only:
        stmt = stmt.where(VendorIssue.status != ISSUE_FIXED)
    if filt.due_by:
        stmt = stmt.where(VendorIssue.status == ISSUE_OPEN, VendorIssue.deadline <= filt.due_by)
    if filt.date_from:
        stmt = stmt.where(VendorIssue.raised_on >= filt.date_from)
    if filt.date_to:
        stmt = stmt.where(VendorIssue.raised_on <= filt.date_to)
    text = normalize(filt.text)
    if text:
        like = f"%{text}%"
        stmt = stmt.where(or_(VendorIssue.location.like(like), VendorIssue.description.like(like),
                              VendorIssue.follower.like(like), Vendor.company.like(like)))
    return stmt


SORTS = {"raised_on": VendorIssue.raised_on, "deadline": VendorIssue.deadline, "company": Vendor.company,
         "status": VendorIssue.status, "follower": VendorIssue.follower, "carry_overs": VendorIssue.carry_overs}


def count_issues(session: Session, filt: IssueFilter) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(filt).subquery())) or 0


def list_issues(session: Session, filt: IssueFilter, offset: int = 0, limit: int = 200,
                sort: str = "raised_on", descending: bool = True) -> list[IssueRow]:
    column = SORTS.get(sort, VendorIssue.raised_on)
    stmt = _filtered(filt).order_by(column.desc() if descending else column, VendorIssue.id.desc())
    rows = session.execute(stmt.offset(offset).limit(limit)).all()
    photo_counts = dict(session.execute(
        select(VendorIssuePhoto.issue_id, func.count()).where(VendorIssuePhoto.issue_id.in_([i.id for i, _c in rows]))
        .group_by(VendorIssuePhoto.issue_id)).all()) if rows else {}
    today = clock.today()
    return [IssueRow(i.id, company, i.source, i.raised_on, i.location, i.description, i.deadline, i.follower,
                     i.recheck_on, i.recheck_result, i.status, i.carry_overs, is_overdue(i.status, i.deadline, today),
                     photo_counts.get(i.id, 0)) for i, company in rows]


def agenda(session: Session, meeting_id: int) -> list[IssueRow]:
    """The problems a 月会 raised or took up (carried ones first), for its minutes."""
    rows = session.execute(
        select(VendorIssue, Vendor.company).join(Vendor, Vendor.id == VendorIssue.vendor_id)
        .where(VendorIssue.agenda_meeting_id == meeting_id)
        .order_by(VendorIssue.carry_overs.desc(), VendorIssue.raised_on, VendorIssue.id)).all()
    today = clock.today()
    return [IssueRow(i.id, company, i.source, i.raised_on, i.location, i.description, i.deadline, i.follower,
                     i.recheck_on, i.recheck_result, i.status, i.carry_overs, is_overdue(i.status, i.deadline, today))
            for i, company in rows]


# ---- the monthly scorecard --------------------------------------------------------------------


def scorecard(session: Session, first: date, last: date) -> list[Scorecard]:
    """Per vendor, the problems raised between `first` and `last`: fixed on time, overdue, carried, complaints."""
    today = clock.today()
    registered = list(session.scalars(select(Vendor).order_by(Vendor.company)))
    active = {v.id for v in registered if v.active}
    cards: dict[int, Scorecard] = {v.id: Scorecard(v.id, v.company, v.service, 0, 0, 0, 0, 0, 0, 0)
                                   for v in registered}
    for issue in session.scalars(select(VendorIssue).where(
            VendorIssue.raised_on >= first, VendorIssue.raised_on <= last)):
        card = cards.get(issue.vendor_id)
        if card is None:
            continue
        card.raised += 1
        card.fixed += issue.status == ISSUE_FIXED
        on_time = fixed_on_time(issue)
        card.fixed_on_time += on_time
        card.due += issue.status == ISSUE_FIXED or issue.carry_overs > 0 or issue.deadline < today
        card.overdue += not on_time and (issue.status == ISSUE_FIXED or issue.carry_overs > 0
                                         or issue.deadline < today)
        card.carried += issue.carry_overs > 0
        card.complaints += issue.contact_id is not None
    return [c for c in cards.values() if c.raised or c.vendor_id in active]


def meeting_of(session: Session, issue: VendorIssue) -> VendorMeeting | None:
    return session.get(VendorMeeting, issue.agenda_meeting_id) if issue.agenda_meeting_id else None


def recent_complaints(session: Session, days: int = 60) -> list[tuple[int, str]]:
    """投诉 of the last `days` days that a problem can be linked to: (contact id, how the desk names it)."""
    from datetime import datetime, timedelta

    from frontdesk.db.models import Unit

    since = datetime.combine(clock.today() - timedelta(days=days), datetime.min.time())
    rows = session.execute(
        select(Contact.id, Contact.occurred_at, Unit.code, Contact.location, Contact.content)
        .outerjoin(Unit, Unit.id == Contact.unit_id)
        .where(Contact.category == "投诉", Contact.occurred_at >= since)
        .order_by(Contact.occurred_at.desc()).limit(200)).all()
    return [(cid, f"{at:%m-%d} {code or place}：{content[:30]}") for cid, at, code, place, content in rows]
