"""The records behind a figure (the GUI opens them when a figure is clicked) and the supervisor's lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import (
    CollectionAction,
    Complaint,
    Contact,
    RectificationNotice,
    Reinspection,
    RepairOrder,
    ReturnVisit,
    TrainingSession,
    Unit,
    Violation,
)
from frontdesk.services import call_lists, clock, collection_rates, repair_lists, violation_followup
from frontdesk.services.letters import LETTER_KINDS
from frontdesk.services.money import CENT
from frontdesk.services.stats import catalog, desks, repairs
from frontdesk.services.stats import contacts as contact_stats
from frontdesk.services.stats.period import Period

LIMIT = 2000
CONTACT_HEADERS = ("时间", "方式", "房号/位置", "来电人", "类别", "内容", "状态", "首问负责人")
REPAIR_HEADERS = ("单号", "报修时间", "范围", "位置", "专业", "内容", "状态", "目标时间", "完工时间", "返修自")


@dataclass
class RecordTable:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    total: int = 0  # may exceed len(rows) when the list was cut at LIMIT


def contact_records(session: Session, title: str, stmt, limit: int | None = LIMIT) -> RecordTable:
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    ids = list(session.scalars(stmt.order_by(Contact.occurred_at, Contact.id).limit(limit)))
    rows = [(r.occurred_at, r.channel, r.unit_code, r.caller_name, r.category, r.content, r.status, r.owner)
            for r in call_lists.rows_for(session, ids)]
    return RecordTable(title, CONTACT_HEADERS, rows, total)


def repair_records(session: Session, title: str, stmt, limit: int | None = LIMIT) -> RecordTable:
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    ids = list(session.scalars(stmt.order_by(RepairOrder.reported_at, RepairOrder.id).limit(limit)))
    rows = [(r.number, r.reported_at, r.scope, r.place, r.trade, r.description, r.state, r.due_at, r.finished_at,
             r.repeat_of) for r in repair_lists.rows_for(session, ids)]
    return RecordTable(title, REPAIR_HEADERS, rows, total)


def complaint_records(session: Session, title: str, period: Period, effective_only: bool = False,
                      limit: int | None = LIMIT) -> RecordTable:
    stmt = (select(Contact.occurred_at, Unit.code, Contact.location, Contact.caller_name, Contact.content,
                   Complaint.effective, Complaint.close_due, Complaint.closed_at)
            .select_from(Complaint).join(Contact, Contact.id == Complaint.contact_id)
            .outerjoin(Unit, Unit.id == Contact.unit_id)
            .where(contact_stats.live_contacts(period)))
    if effective_only:
        stmt = stmt.where(Complaint.effective == "有效")
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    now = clock.now()
    rows = []
    for at, code, location, caller, content, effective, due, closed in session.execute(
            stmt.order_by(Contact.occurred_at).limit(limit)):
        state = ("按时办结" if closed <= due else "超时办结") if closed else ("已超时未办结" if now > due else "处理中")
        rows.append((at, code or location, caller, content, effective or "未判定", due, closed, state))
    return RecordTable(title, ("受理时间", "房号/位置", "投诉人", "内容", "性质", "办结时限", "办结时间", "办结情况"),
                       rows, total)


VISIT_KINDS = {"repair": "报修", "complaint": "投诉"}


def visit_records(session: Session, title: str, period: Period) -> RecordTable:
    """Return visits with a result in the period (the base of 回访满意率)."""
    stmt = contact_stats.made_visits(period)
    total = session.scalar(select(func.count()).select_from(ReturnVisit).where(stmt)) or 0
    rows = session.execute(
        select(ReturnVisit.visited_at, ReturnVisit.target_kind, ReturnVisit.target_id, ReturnVisit.staff_name,
               ReturnVisit.result, ReturnVisit.remark)
        .where(stmt).order_by(ReturnVisit.visited_at).limit(LIMIT)).all()
    return RecordTable(title, ("回访时间", "对象", "编号", "回访人", "结果", "备注"),
                       [(at, VISIT_KINDS.get(k, k), t, who, res, remark) for at, k, t, who, res, remark in rows],
                       total)


def return_visit_records(session: Session, title: str, period: Period) -> RecordTable:
    """What 回访 counts: the 回访 contacts of the ledger and the repair/complaint return visits not logged
    as a contact too, in time order."""
    logged = contact_records(session, title, select(Contact.id).where(
        contact_stats.live_contacts(period), Contact.channel == "回访"))
    unlogged = contact_stats.unlogged_visits(period)
    total = logged.total + (session.scalar(select(func.count()).select_from(ReturnVisit).where(unlogged)) or 0)
    rows = [(at, channel, unit, caller, category, content, status, owner)
            for at, channel, unit, caller, category, content, status, owner in logged.rows]
    for at, kind, target, who, result, remark in session.execute(
            select(ReturnVisit.visited_at, ReturnVisit.target_kind, ReturnVisit.target_id, ReturnVisit.staff_name,
                   ReturnVisit.result, ReturnVisit.remark).where(unlogged)
            .order_by(ReturnVisit.visited_at).limit(LIMIT)):
        rows.append((at, f"{VISIT_KINDS.get(kind, kind)}回访", f"{VISIT_KINDS.get(kind, kind)}#{target}", "", result,
                     remark, "已回访", who))
    rows.sort(key=lambda r: r[0])
    return RecordTable(title, CONTACT_HEADERS, rows[:LIMIT], total)


def unit_records(session: Session, title: str, period: Period, owed: bool) -> RecordTable:
    figures = collection_rates.unit_figures(session, collection_rates.RateRange(period.start, period.end, period.label))
    codes = dict(session.execute(select(Unit.id, Unit.code)).all())
    if owed:
        chosen = [f for f in figures if f.owed_at_start > 0]
        rows = [(codes.get(f.unit_id, ""), f.collector, f.owed_at_start, f.cleared,
                 "已清缴" if f.cleared >= f.owed_at_start else "未清缴") for f in chosen]
        headers = ("房号", "收费员", "期初往期欠费", "期内收回", "情况")
    else:
        chosen = [f for f in figures if f.charged > 0]
        rows = [(codes.get(f.unit_id, ""), f.collector, f.charged.quantize(CENT), f.received.quantize(CENT),
                 "已缴清" if f.received >= f.charged else "未缴清") for f in chosen]
        headers = ("房号", "收费员", "应收", "已收", "情况")
    rows.sort(key=lambda r: r[0])
    return RecordTable(title, headers, rows[:LIMIT], len(rows))


def letter_records(session: Session, title: str, period: Period) -> RecordTable:
    rows = session.execute(
        select(CollectionAction.acted_on, Unit.code, CollectionAction.method, CollectionAction.arrears,
               CollectionAction.result)
        .join(Unit, Unit.id == CollectionAction.unit_id)
        .where(CollectionAction.method.in_(LETTER_KINDS), CollectionAction.acted_on >= period.start, CollectionAction.acted_on <= period.end)
        .order_by(CollectionAction.acted_on, Unit.code).limit(LIMIT)).all()
    return RecordTable(title, ("发函日期", "房号", "函件", "欠费金额", "结果"), [tuple(r) for r in rows], len(rows))


def notice_records(session: Session, title: str, period: Period) -> RecordTable:
    rows = session.execute(
        select(RectificationNotice.number, RectificationNotice.issued_date, RectificationNotice.place,
               Violation.kind, RectificationNotice.deadline, Violation.status)
        .join(Violation, Violation.id == RectificationNotice.violation_id)
        .where(*desks.notices_issued_in(period)).order_by(RectificationNotice.issued_date).limit(LIMIT)).all()
    return RecordTable(title, ("编号", "出具日期", "位置", "违章类型", "整改期限", "目前状态"),
                       [tuple(r) for r in rows], len(rows))


def rectified_records(session: Session, title: str, period: Period) -> RecordTable:
    rows = session.execute(
        select(Reinspection.done_on, RectificationNotice.number, RectificationNotice.place, Violation.kind,
               Reinspection.inspector)
        .join(RectificationNotice, RectificationNotice.id == Reinspection.notice_id)
        .join(Violation, Violation.id == Reinspection.violation_id)
        .where(*desks.rectified_in(period)).order_by(Reinspection.done_on).limit(LIMIT)).all()
    return RecordTable(title, ("复查日期", "通知书", "位置", "违章类型", "复查人"), [tuple(r) for r in rows], len(rows))


def training_records(session: Session, title: str, period: Period) -> RecordTable:
    rows = session.execute(
        select(TrainingSession.held_on, TrainingSession.courses, TrainingSession.trainer, TrainingSession.hours,
               TrainingSession.place)
        .where(TrainingSession.held_on >= period.start,
               TrainingSession.held_on <= period.end).order_by(TrainingSession.held_on)).all()
    return RecordTable(title, ("日期", "课程", "讲师", "课时", "地点"), [tuple(r) for r in rows], len(rows))


def records_behind(session: Session, period: Period, key: str) -> RecordTable:
    """The records a figure was counted from; `key` is a figure's JSON key or `category:咨询`."""
    live = select(Contact.id).where(contact_stats.live_contacts(period))
    if key.startswith("category:"):
        category = key.split(":", 1)[1]
        return contact_records(session, f"{period.label} 类别：{category}",
                               live.where(Contact.category == category, Contact.channel != "回访"))
    figure = catalog.find(key)
    if figure is not None and figure.records is not None:
        return figure.records(session, period, f"{period.label} {figure.label}")
    return contact_records(session, f"{period.label} 全部来电来访", live)


# ---- the supervisor's lists (as of now) -------------------------------------------------------

OVERDUE_MATTERS, OVERDUE_REPAIRS, NOTICES_PAST_DEADLINE = "超时未办结事项", "超时未完工报修", "整改逾期未复查"


def complaints_title(period: Period) -> str:
    return f"{period.label} 投诉"


def repeats_title(period: Period) -> str:
    return f"{period.label} 返修"


def list_titles(period: Period) -> tuple[str, ...]:
    """The lists' titles in the report's order (`report.report_lists`), known before they are read."""
    return OVERDUE_MATTERS, OVERDUE_REPAIRS, complaints_title(period), repeats_title(period), NOTICES_PAST_DEADLINE


def overdue_matters(session: Session, limit: int | None = LIMIT) -> RecordTable:
    """Open contacts past their deadline (complaints by their own deadline), oldest first."""
    stmt = select(Contact.id).where(Contact.status.in_(("处理中", "待回访")))
    ids = list(session.scalars(stmt.order_by(Contact.occurred_at)))
    rows = [r for r in call_lists.rows_for(session, ids) if r.overdue]
    table = [(r.occurred_at, r.channel, r.unit_code, r.caller_name, r.category, r.content, r.status, r.owner)
             for r in rows[:limit]]
    return RecordTable(OVERDUE_MATTERS, CONTACT_HEADERS, table, len(rows))


def overdue_repairs(session: Session, limit: int | None = LIMIT) -> RecordTable:
    filt = repair_lists.RepairFilter(overdue_only=True)
    total = repair_lists.count_orders(session, filt)
    rows = repair_lists.list_orders(session, filt, 0, total if limit is None else limit, sort="due_at",
                                    descending=False)
    return RecordTable(OVERDUE_REPAIRS, REPAIR_HEADERS,
                       [(r.number, r.reported_at, r.scope, r.place, r.trade, r.description, r.state, r.due_at,
                         r.finished_at, r.repeat_of) for r in rows], total)


def period_complaints(session: Session, period: Period, limit: int | None = LIMIT) -> RecordTable:
    return complaint_records(session, complaints_title(period), period, limit=limit)


def repeat_repairs(session: Session, period: Period, limit: int | None = LIMIT) -> RecordTable:
    stmt = select(RepairOrder.id).where(repairs.reported_in(period), RepairOrder.repeat_of_id.is_not(None))
    return repair_records(session, repeats_title(period), stmt, limit)


def notices_past_deadline(session: Session, limit: int | None = LIMIT) -> RecordTable:
    total = violation_followup.count_overdue(session)
    rows = violation_followup.list_followups(session, ahead_days=-1, limit=total if limit is None else limit)
    return RecordTable(NOTICES_PAST_DEADLINE, ("通知书", "位置", "违章类型", "整改期限", "收件人", "送达", "逾期天数"),
                       [(r.notice_number, r.place, r.kind, r.due_date, r.addressee, r.delivery, r.days_late)
                        for r in rows], total)
