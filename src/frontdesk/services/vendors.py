"""外包方: the register of outsourced vendors, their monthly meetings (月会) and one-off jobs (一次性外包).

The problems raised and their re-checks live in `vendor_issues`. Recording a 月会 takes up the vendor's
problems still waiting for one: those raised between meetings, and those a re-check found 未整改
(they get the meeting's new deadline and go back to 待整改, their carry-over count kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Vendor, VendorIssue, VendorJob, VendorMeeting
from frontdesk.db.models.vendors import ACCEPTANCE_RESULTS, ISSUE_CARRIED, ISSUE_OPEN
from frontdesk.errors import ConflictError, NotFound, ValidationError
from frontdesk.services import authz, clock
from frontdesk.services.text import clean_phone, normalize, phone_problem

CARRIED_DEADLINE_DAYS = 7  # a problem carried to a 月会 gets a week from the meeting


@dataclass
class VendorInput:
    company: str
    service: str
    contract_start: date | None = None
    contract_end: date | None = None
    contact: str = ""
    phone: str = ""
    active: bool = True


@dataclass
class MeetingInput:
    vendor_id: int
    held_on: date
    attendees: str
    minutes: str = ""
    chaired_by: str = ""
    carried_deadline: date | None = None  # the new deadline of carried problems (default: a week on)


@dataclass
class JobInput:
    vendor_id: int
    title: str
    start_on: date
    follower: str
    end_on: date | None = None


@dataclass
class VendorRow:
    id: int
    company: str
    service: str
    contract_start: date | None
    contract_end: date | None
    contact: str
    phone: str
    active: bool
    open_issues: int = 0


@dataclass
class MeetingRow:
    id: int
    vendor_id: int
    company: str
    held_on: date
    attendees: str
    minutes: str
    items: int = 0
    carried: int = 0
    item_ids: list[int] = field(default_factory=list)


def _actor(session: Session) -> str:
    return session.info.get("actor", "系统")


def _not_future(day: date | None, label: str, errors: dict[str, str], key: str) -> None:
    if day is not None and day > clock.today():
        errors[key] = f"{label} {day:%Y-%m-%d} 晚于今天，请填写实际的日期"


# ---- the register --------------------------------------------------------------------------


def _validate_vendor(session: Session, data: VendorInput, vendor_id: int | None) -> None:
    errors: dict[str, str] = {}
    company = normalize(data.company)
    if not company:
        errors["company"] = "请填写外包方公司名称（合同上的全称）"
    elif session.scalar(select(Vendor.id).where(Vendor.company == company, Vendor.id != (vendor_id or 0))):
        errors["company"] = f"外包方“{company}”已登记，请在列表中找到它修改"
    if not normalize(data.service):
        errors["service"] = "请填写服务内容，例如 保洁、绿化、电梯维保"
    if data.contract_start and data.contract_end and data.contract_end < data.contract_start:
        errors["contract_end"] = (f"合同结束日期 {data.contract_end:%Y-%m-%d} 早于开始日期 "
                                  f"{data.contract_start:%Y-%m-%d}，请核对合同期限")
    problem = phone_problem(data.phone)
    if problem:
        errors["phone"] = problem
    if errors:
        raise ValidationError(errors)


def save_vendor(session: Session, data: VendorInput, vendor_id: int | None = None,
                expected_version: int | None = None) -> int:
    authz.require(session, "vendors")
    _validate_vendor(session, data, vendor_id)
    vendor = get_vendor(session, vendor_id) if vendor_id else Vendor()
    if vendor_id and expected_version is not None and vendor.version != expected_version:
        raise ConflictError(f"外包方“{vendor.company}”已被 {vendor.updated_by} 修改，请重新打开后再改")
    vendor.company, vendor.service = normalize(data.company), normalize(data.service)
    vendor.contract_start, vendor.contract_end = data.contract_start, data.contract_end
    vendor.contact, vendor.phone, vendor.active = normalize(data.contact), clean_phone(data.phone), data.active
    session.add(vendor)
    session.flush()
    return vendor.id


def get_vendor(session: Session, vendor_id: int) -> Vendor:
    vendor = session.get(Vendor, vendor_id)
    if vendor is None or vendor.deleted_at is not None:
        raise NotFound("这个外包方已不存在，请刷新列表")
    return vendor


def find_vendor(session: Session, name: str) -> Vendor:
    """By company name: exact, else the one whose name (or service) contains the text."""
    text = normalize(name)
    live = select(Vendor)
    exact = session.scalar(live.where(Vendor.company == text))
    if exact is not None:
        return exact
    found = list(session.scalars(live.where(Vendor.company.contains(text) | (Vendor.service == text))))
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"没有名为“{text}”的外包方，请核对名称（可在外包方列表中查看）")
    raise ValidationError({"vendor": f"“{text}”对应多个外包方：{'、'.join(v.company for v in found)}，请写全称"})


def list_vendors(session: Session, include_ended: bool = True) -> list[VendorRow]:
    open_counts = dict(session.execute(
        select(VendorIssue.vendor_id, func.count()).where(VendorIssue.status != "已整改")
        .group_by(VendorIssue.vendor_id)).all())
    stmt = select(Vendor).order_by(Vendor.active.desc(), Vendor.company)
    if not include_ended:
        stmt = stmt.where(Vendor.active.is_(True))
    return [VendorRow(v.id, v.company, v.service, v.contract_start, v.contract_end, v.contact, v.phone, v.active,
                      open_counts.get(v.id, 0)) for v in session.scalars(stmt)]


# ---- 月会 -------------------------------------------------------------------------------------


def hold_meeting(session: Session, data: MeetingInput) -> int:
    """Record a 月会 and take up the vendor's waiting problems; returns the meeting's id."""
    authz.require(session, "vendors")
    vendor = get_vendor(session, data.vendor_id)
    errors: dict[str, str] = {}
    if not vendor.active:
        errors["vendor"] = f"外包方“{vendor.company}”已停用（合同结束），如仍在服务请先在外包方资料中启用"
    _not_future(data.held_on, "会议日期", errors, "held_on")
    if not normalize(data.attendees):
        errors["attendees"] = "请填写参会人员（物业方和外包方，例如 张丽、李主管（保洁））"
    if not normalize(data.minutes):
        errors["minutes"] = "请填写会议内容（通报的检查和整改情况、外包方汇报、本月要求），月会纪要要打印存档"
    month_start = data.held_on.replace(day=1)
    same_month = session.scalar(select(VendorMeeting.held_on).where(
        VendorMeeting.vendor_id == vendor.id, VendorMeeting.held_on >= month_start, VendorMeeting.held_on < _next_month(month_start)))
    if same_month is not None:
        errors["held_on"] = (f"{vendor.company} {data.held_on:%Y年%m月}已于 {same_month:%Y-%m-%d} 开过月会；"
                             "同月的问题请在那次月会中补充，或作为月会间问题登记")
    deadline = data.carried_deadline or data.held_on + timedelta(days=CARRIED_DEADLINE_DAYS)
    if deadline < data.held_on:
        errors["carried_deadline"] = "结转问题的新限期不能早于会议日期"
    if errors:
        raise ValidationError(errors)
    meeting = VendorMeeting(vendor_id=vendor.id, held_on=data.held_on, attendees=normalize(data.attendees),
                            minutes=normalize(data.minutes), chaired_by=normalize(data.chaired_by) or _actor(session))
    session.add(meeting)
    session.flush()
    waiting = session.scalars(select(VendorIssue).where(
        VendorIssue.vendor_id == vendor.id, VendorIssue.raised_on <= data.held_on,
        (VendorIssue.status == ISSUE_CARRIED)
        | ((VendorIssue.status == ISSUE_OPEN) & VendorIssue.agenda_meeting_id.is_(None))))
    for issue in waiting:
        issue.agenda_meeting_id = meeting.id
        if issue.status == ISSUE_CARRIED:  # back on the list with a new deadline; the count stays
            issue.status, issue.deadline = ISSUE_OPEN, deadline
            issue.recheck_on, issue.recheck_result = None, ""
    session.flush()
    return meeting.id


def update_meeting(session: Session, meeting_id: int, attendees: str, minutes: str) -> None:
    authz.require(session, "vendors")
    meeting = get_meeting(session, meeting_id)
    if not normalize(attendees):
        raise ValidationError({"attendees": "请填写参会人员"})
    meeting.attendees, meeting.minutes = normalize(attendees), normalize(minutes)


def get_meeting(session: Session, meeting_id: int) -> VendorMeeting:
    meeting = session.get(VendorMeeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFound("这次月会记录已不存在，请刷新列表")
    return meeting


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def meeting_in_month(session: Session, vendor_id: int, month: str) -> VendorMeeting:
    from frontdesk.services.violations import month_bounds

    first, last = month_bounds(month)
    meeting = session.scalar(select(VendorMeeting).where(
        VendorMeeting.vendor_id == vendor_id, VendorMeeting.held_on >= first, VendorMeeting.held_on <= last).order_by(VendorMeeting.held_on))
    if meeting is None:
        company = get_vendor(session, vendor_id).company
        raise NotFound(f"{company} 在 {month} 没有月会记录，请先在“外包方”页登记这次月会")
    return meeting


def list_meetings(session: Session, vendor_id: int | None = None, year: int | None = None) -> list[MeetingRow]:
    stmt = (select(VendorMeeting, Vendor.company).join(Vendor, Vendor.id == VendorMeeting.vendor_id)
            .order_by(VendorMeeting.held_on.desc(), Vendor.company))
    if vendor_id:
        stmt = stmt.where(VendorMeeting.vendor_id == vendor_id)
    if year:
        stmt = stmt.where(VendorMeeting.held_on >= date(year, 1, 1), VendorMeeting.held_on <= date(year, 12, 31))
    rows = [MeetingRow(m.id, m.vendor_id, company, m.held_on, m.attendees, m.minutes)
            for m, company in session.execute(stmt)]
    by_id = {r.id: r for r in rows}
    if by_id:
        for meeting_id, carried in session.execute(
                select(VendorIssue.agenda_meeting_id, VendorIssue.carry_overs)
                .where(VendorIssue.agenda_meeting_id.in_(by_id))):
            row = by_id[meeting_id or 0]
            row.items += 1
            row.carried += 1 if carried else 0
    return rows


# ---- 一次性外包 ------------------------------------------------------------------------------


def start_job(session: Session, data: JobInput) -> int:
    authz.require(session, "vendors")
    vendor = get_vendor(session, data.vendor_id)
    errors: dict[str, str] = {}
    if not normalize(data.title):
        errors["title"] = "请填写外包项目，例如 外墙清洗、管道疏通"
    if not normalize(data.follower):
        errors["follower"] = "请指定跟进人（派专人跟进，发现问题让其立即整改）"
    _not_future(data.start_on, "开始日期", errors, "start_on")
    if data.end_on and data.end_on < data.start_on:
        errors["end_on"] = f"结束日期 {data.end_on:%Y-%m-%d} 早于开始日期 {data.start_on:%Y-%m-%d}"
    if errors:
        raise ValidationError(errors)
    job = VendorJob(vendor_id=vendor.id, title=normalize(data.title), start_on=data.start_on, end_on=data.end_on,
                    follower=normalize(data.follower))
    session.add(job)
    session.flush()
    return job.id


def accept_job(session: Session, job_id: int, accepted_on: date, result: str, remark: str = "") -> None:
    """验收: the result is recorded once; a job with problems still open cannot pass as 合格."""
    authz.require(session, "vendors")
    job = session.get(VendorJob, job_id)
    if job is None or job.deleted_at is not None:
        raise NotFound("这项一次性外包已不存在，请刷新列表")
    errors: dict[str, str] = {}
    if result not in ACCEPTANCE_RESULTS:
        errors["result"] = f"请选择验收结果：{'、'.join(ACCEPTANCE_RESULTS)}"
    _not_future(accepted_on, "验收日期", errors, "accepted_on")
    if accepted_on < job.start_on:
        errors["accepted_on"] = f"验收日期早于开工日期 {job.start_on:%Y-%m-%d}"
    still_open = session.scalar(select(func.count()).select_from(VendorIssue).where(
        VendorIssue.job_id == job.id, VendorIssue.status != "已整改")) or 0
    if still_open and result != "不合格":
        errors["result"] = f"还有 {still_open} 个问题未整改，整改复查后才能验收合格；或验收为“不合格”"
    if errors:
        raise ValidationError(errors)
    job.accepted_on, job.acceptance_result, job.acceptance_remark = accepted_on, result, normalize(remark)
    job.end_on = job.end_on or accepted_on


def list_jobs(session: Session) -> list[tuple[VendorJob, str, int, int]]:
    """(job, company, problems found, problems fixed), newest first."""
    counts: dict[int, list[int]] = {}
    for job_id, status in session.execute(select(VendorIssue.job_id, VendorIssue.status).where(
            VendorIssue.job_id.is_not(None))):
        tally = counts.setdefault(job_id or 0, [0, 0])
        tally[0] += 1
        tally[1] += status == "已整改"
    rows = session.execute(select(VendorJob, Vendor.company).join(Vendor, Vendor.id == VendorJob.vendor_id)
                           .order_by(VendorJob.start_on.desc()))
    result: list[tuple[VendorJob, str, int, int]] = []
    for job, company in rows:
        problems, fixed = counts.get(job.id, [0, 0])
        result.append((job, company, problems, fixed))
    return result
