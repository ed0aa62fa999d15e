"""整改跟踪: re-inspections due on each notice's deadline, and what their result sets in motion.

已整改 closes the matter; 部分整改 books another visit; 未整改 after the first notice issues a second
(stronger, shorter) notice, and after the second reports the matter to the authorities (城管/住建).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import RectificationNotice, Reinspection, Violation
from frontdesk.db.models.violations import REINSPECTION_RESULTS, STATUS_DONE, STATUS_REPORTED
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, settings
from frontdesk.services.text import normalize
from frontdesk.services.violation_notices import delivery_summary, issue_second_notice
from frontdesk.services.violations import log_event, place_of

DEFAULT_AUTHORITY = "城管、住建"


@dataclass
class FollowupRow:
    id: int  # the re-inspection
    violation_id: int
    due_date: date
    place: str
    kind: str
    notice_number: str
    level: int
    addressee: str
    delivery: str
    days_late: int

    @property
    def state(self) -> str:
        if self.days_late > 0:
            return f"逾期 {self.days_late} 天"
        return "今日到期" if self.days_late == 0 else f"{-self.days_late} 天后到期"

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


@dataclass
class ReinspectionOutcome:
    status: str
    second_notice: str = ""
    next_due: date | None = None
    reported_to: str = ""


def _pending(ahead_days: int):
    horizon = clock.today() + timedelta(days=ahead_days)
    return (select(Reinspection).join(Violation)
            .where(Reinspection.done_on.is_(None), Reinspection.due_date <= horizon))


def count_followups(session: Session, ahead_days: int = 0) -> int:
    return session.scalar(select(func.count()).select_from(_pending(ahead_days).subquery())) or 0


def count_overdue(session: Session) -> int:
    return count_followups(session, ahead_days=-1)


def list_followups(session: Session, ahead_days: int = 0, offset: int = 0, limit: int = 200) -> list[FollowupRow]:
    """Re-inspections due by today (+ `ahead_days`), the longest overdue first."""
    stmt = _pending(ahead_days).order_by(Reinspection.due_date, Reinspection.id).offset(offset).limit(limit).options(
        selectinload(Reinspection.violation).selectinload(Violation.unit),
        selectinload(Reinspection.notice).selectinload(RectificationNotice.deliveries))
    today = clock.today()
    return [FollowupRow(
        id=r.id, violation_id=r.violation_id, due_date=r.due_date, place=place_of(r.violation), kind=r.violation.kind,
        notice_number=r.notice.number, level=r.notice.level, addressee=r.notice.addressee,
        delivery=delivery_summary(r.notice), days_late=(today - r.due_date).days,
    ) for r in session.scalars(stmt)]


def record_reinspection(session: Session, reinspection_id: int, result: str, inspector: str, remark: str = "",
                        done_on: date | None = None, next_due: date | None = None,
                        authority: str = DEFAULT_AUTHORITY) -> ReinspectionOutcome:
    authz.require(session, "violations")
    check = session.get(Reinspection, reinspection_id)
    if check is None:
        raise NotFound("这条复查已不存在，请刷新整改跟踪列表")
    notice, violation = check.notice, check.violation
    errors: dict[str, str] = {}
    done = done_on or clock.today()
    if check.done_on is not None:
        errors["result"] = f"这次复查已于 {check.done_on:%Y-%m-%d} 登记过结果"
    if result not in REINSPECTION_RESULTS:
        errors["result"] = f"请选择复查结果（{'、'.join(REINSPECTION_RESULTS)}）"
    if not normalize(inspector):
        errors["inspector"] = "请填写复查人"
    if done > clock.today():
        errors["done_on"] = f"复查日期 {done:%Y-%m-%d} 晚于今天，请填写实际复查的日期"
    elif done < notice.issued_date:
        errors["done_on"] = f"复查日期 {done:%Y-%m-%d} 早于通知书出具日期 {notice.issued_date:%Y-%m-%d}"
    if result == "部分整改":
        next_due = next_due or done + timedelta(days=int(settings.get(session, "violation_second_deadline_days")))
        if next_due <= done:
            errors["next_due"] = "再次复查日期应晚于本次复查日期"
    if errors:
        raise ValidationError(errors)
    check.done_on, check.result = done, result
    check.inspector, check.remark = normalize(inspector), normalize(remark)
    note = f"（{check.remark}）" if check.remark else ""
    log_event(session, violation, f"复查 {notice.number}：{result}{note}，复查人 {check.inspector}（{done:%Y-%m-%d}）")
    if result == "已整改":
        violation.status, violation.closed_on = STATUS_DONE, done
        log_event(session, violation, "整改完成，结案")
        return ReinspectionOutcome(status=violation.status)
    if result == "部分整改":
        session.add(Reinspection(violation=violation, notice=notice, due_date=next_due))
        log_event(session, violation, f"部分整改，约定 {next_due:%Y-%m-%d} 再次复查")
        return ReinspectionOutcome(status=violation.status, next_due=next_due)
    if notice.level < 2:
        second = issue_second_notice(session, violation, notice)
        return ReinspectionOutcome(status=violation.status, second_notice=second.number, next_due=second.deadline)
    violation.status, violation.reported_to = STATUS_REPORTED, normalize(authority) or DEFAULT_AUTHORITY
    log_event(session, violation, f"经两次书面通知仍未整改，已上报{violation.reported_to}依法处理")
    return ReinspectionOutcome(status=violation.status, reported_to=violation.reported_to)


def close_reported(session: Session, violation_id: int, remark: str) -> None:
    """A matter handed to the authorities is closed once they have dealt with it."""
    authz.require(session, "violations")
    violation = session.get(Violation, violation_id)
    if violation is None:
        raise NotFound("这条违章记录已不存在，请刷新列表")
    if violation.status != STATUS_REPORTED:
        raise ValidationError({"status": "只有“已上报”的违章才能在这里结案；其他的请通过复查登记结果"})
    if not normalize(remark):
        raise ValidationError({"remark": "请写明处理结果，例如“城管已责令拆除，复查已恢复原状”"})
    violation.status, violation.closed_on = STATUS_DONE, clock.today()
    log_event(session, violation, f"上报后处理完毕，结案：{normalize(remark)}")
