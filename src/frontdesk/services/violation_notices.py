"""整改通知书: issuing (numbered ZG-YYYY-NNNN, never reused), voiding, delivery, and the printable document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdesk.db.models import NoticeDelivery, RectificationNotice, Reinspection, Unit, Violation
from frontdesk.db.models.violations import DELIVERY_METHODS, STATUS_RECORDED, STATUS_RECTIFYING
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, company, notice_text, numbering, settings
from frontdesk.services.text import normalize
from frontdesk.services.unit_codes import unit_in_words
from frontdesk.services.violations import get_violation, log_event, place_of, store_image

SERIES = "ZG"
GENERIC_ADDRESSEE = "业主/住户"


@dataclass
class NoticeInput:
    rule: str
    requirement: str
    addressee: str = ""
    facts: str = ""
    deadline: date | None = None
    issued_date: date | None = None


@dataclass
class DeliveryInput:
    method: str
    delivered_by: str
    delivered_on: date | None = None
    signed_by: str = ""
    posted_at: str = ""
    photo_path: str = ""
    tracking_number: str = ""
    remark: str = ""


@dataclass
class NoticeDocument:
    """What the printed notice shows; built from the stored notice so a reprint is identical."""

    number: str
    level: int
    company: str
    project: str
    addressee: str
    place: str
    kind: str
    rule: str
    deadline: date
    issued_date: date
    body: str
    phone: str
    issued_by: str
    voided: bool
    address: str = ""
    logo: str = ""  # an image file, or ""

    @property
    def title(self) -> str:
        return "整改通知书" if self.level == 1 else "整改通知书（第二次）"


# ---- defaults the form starts from -------------------------------------------------------


def deadline_days(session: Session, kind: str, level: int = 1) -> int:
    if level >= 2:
        return int(settings.get(session, "violation_second_deadline_days"))
    per_kind = settings.get(session, "violation_deadline_days") or {}
    return int(per_kind.get(kind, settings.get(session, "violation_default_deadline_days")))


def default_deadline(session: Session, kind: str, start: date | None = None, level: int = 1) -> date:
    return (start or clock.today()) + timedelta(days=deadline_days(session, kind, level))


def owner_names(unit: Unit | None) -> list[str]:
    if unit is None:
        return []
    return [o.person.name for o in unit.occupancies if o.relation == "业主" and o.person.deleted_at is None]


def default_addressee(session: Session, violation_id: int) -> str:
    """“张三、李四 业主” from the archive; "" when the archive has no owner (the desk must decide)."""
    names = owner_names(get_violation(session, violation_id).unit)
    return f"{'、'.join(names)} 业主" if names else ""


def default_rule(session: Session, kind: str) -> str:
    """The regulation a notice of this kind cites unless the desk picks another (settings: 违章类型对应规定)."""
    by_kind = settings.get(session, "violation_kind_rule")
    rules = settings.lookup_values(session, "violation_rule")
    chosen = by_kind.get(kind, "") if isinstance(by_kind, dict) else ""
    return chosen or (rules[0] if rules else "")


def draft(session: Session, violation_id: int) -> NoticeInput:
    violation = get_violation(session, violation_id)
    return NoticeInput(
        rule=default_rule(session, violation.kind), requirement="", addressee=default_addressee(session, violation_id),
        facts=violation.description, deadline=default_deadline(session, violation.kind), issued_date=clock.today())


# ---- issuing ---------------------------------------------------------------------------


def _validate(session: Session, violation: Violation, data: NoticeInput) -> tuple[str, date, date]:
    errors: dict[str, str] = {}
    issued = data.issued_date or clock.today()
    deadline = data.deadline or default_deadline(session, violation.kind, issued)
    addressee = normalize(data.addressee)
    if not addressee:
        names = owner_names(violation.unit)
        if names:
            addressee = f"{'、'.join(names)} 业主"
        elif violation.unit is not None:
            errors["addressee"] = (f"房屋 {violation.unit.code} 在房屋档案中没有业主。请先到“房屋档案”补充业主姓名，"
                                   f"或在收件人中填写“{GENERIC_ADDRESSEE}”后再出具")
        else:
            errors["addressee"] = f"公共位置的违章请填写收件人（责任人姓名，或“{GENERIC_ADDRESSEE}”）"
    if not normalize(data.rule):
        errors["rule"] = "请选择违反的规定条款（可在设置中维护条款列表）"
    if not normalize(data.requirement):
        errors["requirement"] = "请写明整改要求，例如“拆除阳台罩，恢复外立面原状”"
    if issued < violation.found_date:
        errors["issued_date"] = f"出具日期 {issued:%Y-%m-%d} 早于发现日期 {violation.found_date:%Y-%m-%d}，请检查日期"
    elif issued > clock.today():
        errors["issued_date"] = f"出具日期 {issued:%Y-%m-%d} 晚于今天，请填写今天或实际出具的日期"
    if deadline < violation.found_date:
        errors["deadline"] = (f"整改期限 {deadline:%Y-%m-%d} 早于发现日期 {violation.found_date:%Y-%m-%d}，"
                              "请填写发现日期之后的日期")
    elif deadline <= issued:
        errors["deadline"] = f"整改期限 {deadline:%Y-%m-%d} 应晚于出具日期 {issued:%Y-%m-%d}，请给业主留出整改时间"
    if errors:
        raise ValidationError(errors)
    return addressee, issued, deadline


def _fields(session: Session, violation: Violation, data: NoticeInput, addressee: str, deadline: date,
            number: str = "", first: RectificationNotice | None = None) -> notice_text.NoticeFields:
    """What a notice's template is filled with: the one place that says where each field comes from."""
    sender = company.require_profile(session, "整改通知书")
    project = settings.get(session, "project_name")
    place = place_of(violation)
    return notice_text.NoticeFields(
        addressee=addressee, place=f"{project}{unit_in_words(place)}" if violation.unit else place, kind=violation.kind,
        found_date=violation.found_date, facts=normalize(data.facts) or violation.description,
        rule=normalize(data.rule), requirement=normalize(data.requirement), deadline=deadline,
        company=sender.name, phone=sender.phone, number=number,
        first_number=first.number if first else "", first_date=first.issued_date if first else None)


def preview(session: Session, violation_id: int, data: NoticeInput) -> str:
    """The first notice's text as the form stands (the number is given when it is issued); blanks the desk
    still has to fill show as （收件人） and （整改要求）."""
    authz.require(session, "notices")
    violation = get_violation(session, violation_id)
    deadline = data.deadline or default_deadline(session, violation.kind)
    shown = NoticeInput(rule=data.rule, requirement=normalize(data.requirement) or "（整改要求）",
                        addressee=data.addressee, facts=data.facts, deadline=deadline)
    fields = _fields(session, violation, shown, normalize(data.addressee) or "（收件人）", deadline)
    return notice_text.render(notice_text.template_of(session, 1), fields)


def _active_notices(violation: Violation) -> list[RectificationNotice]:
    return [n for n in violation.notices if not n.voided_reason]


def _create(session: Session, violation: Violation, data: NoticeInput, level: int,
            first: RectificationNotice | None = None) -> RectificationNotice:
    addressee, issued, deadline = _validate(session, violation, data)
    seq = numbering.next_number(session, SERIES, str(issued.year))
    number = numbering.format_number(SERIES, str(issued.year), seq)
    place = place_of(violation)
    fields = _fields(session, violation, data, addressee, deadline, number, first)
    notice = RectificationNotice(
        number=number, level=level, issued_date=issued, issued_by=session.info.get("actor", "系统"),
        addressee=addressee, place=place, facts=fields.facts, rule=fields.rule, requirement=fields.requirement,
        deadline=deadline, body=notice_text.render(notice_text.template_of(session, level), fields),
        contact_phone=fields.phone)
    violation.notices.append(notice)
    violation.status = STATUS_RECTIFYING
    session.add(Reinspection(violation=violation, notice=notice, due_date=deadline))
    what = "出具整改通知书" if level == 1 else "出具第二次整改通知书（加重措辞、缩短期限）"
    log_event(session, violation, f"{what} {number}，收件人 {addressee}，整改期限 {deadline:%Y-%m-%d}")
    session.flush()
    return notice


def issue_notice(session: Session, violation_id: int, data: NoticeInput) -> str:
    """The first notice of a violation; returns its number."""
    authz.require(session, "notices")
    violation = get_violation(session, violation_id)
    active = _active_notices(violation)
    if active:
        raise ValidationError({"notice": f"这条违章已出具通知书 {active[-1].number}；如内容有误，请先作废该通知书再重新出具"})
    if violation.status != STATUS_RECORDED:
        raise ValidationError({"notice": f"这条违章的状态是“{violation.status}”，不能再出具第一次通知书"})
    return _create(session, violation, data, level=1).number


def issue_second_notice(session: Session, violation: Violation, first: RectificationNotice) -> RectificationNotice:
    """After a re-inspection found nothing done: same facts, stronger text, the shorter deadline."""
    data = NoticeInput(rule=first.rule, requirement=first.requirement, addressee=first.addressee, facts=first.facts,
                       deadline=default_deadline(session, violation.kind, clock.today(), level=2),
                       issued_date=clock.today())
    return _create(session, violation, data, level=2, first=first)


def void_notice(session: Session, number: str, reason: str) -> None:
    """A misprinted notice is voided, never deleted: its number stays used and is not given again."""
    authz.require(session, "notices")
    notice = get_notice(session, number)
    if not normalize(reason):
        raise ValidationError({"reason": "请写明作废原因，例如“收件人姓名写错”"})
    if notice.voided_reason:
        raise ValidationError({"reason": f"通知书 {number} 已经作废"})
    notice.voided_reason = normalize(reason)
    violation = notice.violation
    for check in violation.reinspections:
        if check.notice_id == notice.id and check.done_on is None:
            check.done_on, check.remark = clock.today(), "通知书作废，取消复查"
    if not _active_notices(violation):
        violation.status = STATUS_RECORDED
    log_event(session, violation, f"作废整改通知书 {number}：{notice.voided_reason}（编号不再使用）")


# ---- looking up ------------------------------------------------------------------------


def get_notice(session: Session, number: str) -> RectificationNotice:
    wanted = normalize(number).upper()
    notice = session.scalar(select(RectificationNotice).where(RectificationNotice.number == wanted).options(
        selectinload(RectificationNotice.violation), selectinload(RectificationNotice.deliveries)))
    if notice is None:
        raise NotFound(f"找不到编号为“{number}”的整改通知书，请检查编号（格式如 ZG-2026-0001）")
    return notice


def document(session: Session, number: str) -> NoticeDocument:
    notice = get_notice(session, number)
    sender = company.require_profile(session, "整改通知书")
    return NoticeDocument(
        number=notice.number, level=notice.level, company=sender.name,
        project=settings.get(session, "project_name"), addressee=notice.addressee, place=notice.place,
        kind=notice.violation.kind, rule=notice.rule, deadline=notice.deadline, issued_date=notice.issued_date,
        body=notice.body, phone=notice.contact_phone, issued_by=notice.issued_by, voided=bool(notice.voided_reason),
        address=sender.address, logo=sender.logo)


# ---- delivery --------------------------------------------------------------------------


def record_delivery(session: Session, number: str, data: DeliveryInput) -> int:
    authz.require(session, "notices")
    notice = get_notice(session, number)
    errors: dict[str, str] = {}
    on = data.delivered_on or clock.today()
    if data.method not in DELIVERY_METHODS:
        errors["method"] = f"送达方式只能是 {'、'.join(DELIVERY_METHODS)}"
    elif data.method == "当面签收" and not normalize(data.signed_by):
        errors["signed_by"] = "当面签收请填写签收人姓名"
    elif data.method == "张贴" and not normalize(data.posted_at):
        errors["posted_at"] = "张贴送达请写明张贴位置，例如“入户门上”"
    elif data.method == "邮寄" and not normalize(data.tracking_number):
        errors["tracking_number"] = "邮寄送达请填写快递/挂号信单号"
    if on < notice.issued_date:
        errors["delivered_on"] = f"送达日期 {on:%Y-%m-%d} 早于通知书出具日期 {notice.issued_date:%Y-%m-%d}"
    elif on > clock.today():
        errors["delivered_on"] = f"送达日期 {on:%Y-%m-%d} 晚于今天，请填写实际送达的日期"
    if notice.voided_reason:
        errors["method"] = f"通知书 {notice.number} 已作废，不能登记送达"
    photo = ""
    if data.photo_path and not errors:
        try:
            photo = store_image(Path(data.photo_path))
        except ValidationError as exc:
            errors["photo"] = exc.errors.get("photos", exc.message)
    if errors:
        raise ValidationError(errors)
    delivery = NoticeDelivery(
        method=data.method, delivered_on=on, delivered_by=normalize(data.delivered_by),
        signed_by=normalize(data.signed_by), posted_at=normalize(data.posted_at), photo_file=photo,
        tracking_number=normalize(data.tracking_number), remark=normalize(data.remark))
    notice.deliveries.append(delivery)
    detail = {"当面签收": f"签收人 {delivery.signed_by}", "张贴": f"张贴于{delivery.posted_at}",
              "邮寄": f"单号 {delivery.tracking_number}"}[data.method]
    log_event(session, notice.violation, f"通知书 {notice.number} 送达：{data.method}，{detail}（{on:%Y-%m-%d}）")
    session.flush()
    return delivery.id


def delivery_summary(notice: RectificationNotice) -> str:
    if not notice.deliveries:
        return "未送达"
    last = notice.deliveries[-1]
    return f"{last.method} {last.delivered_on:%m-%d}"
