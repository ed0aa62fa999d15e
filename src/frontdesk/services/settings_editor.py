"""设置: what a supervisor may change without a programmer — plain values and the managed lists.

Structured settings with screens of their own (fee items, warranty table, notice templates,
assessment weights) are edited where they are used; this covers the rest, including the
daily-inspection checklist and the rectification deadlines per violation kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import LookupItem
from frontdesk.errors import ValidationError, ValueProblem
from frontdesk.services import authz, company, settings
from frontdesk.services.money import parse_amount
from frontdesk.services.text import normalize, phone_problem


@dataclass(frozen=True)
class ValueSetting:
    key: str
    label: str
    kind: str  # "text", "optional" (may be blank), "phone", "logo" (an image file, optional) or "int"
    minimum: int = 0
    maximum: int = 100_000


VALUE_SETTINGS = (
    ValueSetting("company_name", "公司名称（印在通知书、催缴函、报表上）", "text"),
    ValueSetting("company_address", "公司地址（印在催缴函上）", "text"),
    ValueSetting("desk_phone", "客服中心电话", "phone"),
    ValueSetting("company_logo", "公司标志图片（可不填）", "logo"),
    ValueSetting("project_name", "小区名称（可不填）", "optional"),
    ValueSetting("daily_target_calls", "每日来电目标", "int", 0, 1000),
    ValueSetting("daily_target_visits", "每日来访目标", "int", 0, 1000),
    ValueSetting("daily_target_return_visits", "每日回访目标", "int", 0, 1000),
    ValueSetting("matter_overdue_hours", "事项超过多少小时未办结算超时", "int", 1, 24 * 30),
    ValueSetting("complaint_first_action_hours", "投诉首次处理时限（小时）", "int", 1, 24 * 30),
    ValueSetting("complaint_close_hours", "投诉办结时限（小时）", "int", 1, 24 * 90),
    ValueSetting("repeat_caller_days", "重复来电：统计最近几天", "int", 1, 90),
    ValueSetting("repeat_caller_contacts", "重复来电：几次及以上", "int", 2, 50),
    ValueSetting("repair_target_hours_urgent", "紧急报修完工时限（小时）", "int", 1, 240),
    ValueSetting("repair_target_hours_normal", "一般报修完工时限（小时）", "int", 1, 24 * 30),
    ValueSetting("repair_repeat_days", "返修：同一专业几天内再报算返修", "int", 1, 365),
    ValueSetting("training_pass_mark", "笔试及格分", "int", 0, 100),
    ValueSetting("weekly_slogan", "默认服务口号（当周未设口号时显示）", "text"),
)

LIST_TITLES = {
    "relation": "住户关系", "department": "转交部门", "regulation": "投诉适用法规", "repair_trade": "报修专业",
    "violation_kind": "违章类型", "violation_rule": "违反的规定", "violation_authority": "上报部门",
    "nonpayment_reason": "欠费原因", "training_course": "培训课程", "training_place": "培训地点",
    "survey_area": "满意度调查服务项目",
}


def list_names() -> list[tuple[str, str]]:
    return [(name, LIST_TITLES.get(name, name)) for name in settings.DEFAULT_LISTS]


def current_values(session: Session) -> dict[str, str]:
    return {spec.key: str(settings.get(session, spec.key) or "") for spec in VALUE_SETTINGS}


def save_values(session: Session, raw: dict[str, str]) -> None:
    """Check every value first; save all or none."""
    authz.require(session, "settings")
    errors: dict[str, str] = {}
    parsed: dict[str, int | str] = {}
    for spec in VALUE_SETTINGS:
        if spec.key not in raw:
            continue
        text = normalize(raw[spec.key])
        if spec.kind == "int":
            if not text.isdigit() or not spec.minimum <= int(text) <= spec.maximum:
                errors[spec.key] = f"“{spec.label}”应为 {spec.minimum} 到 {spec.maximum} 之间的整数"
                continue
            parsed[spec.key] = int(text)
        elif spec.kind == "logo":
            problem = company.check_logo(text)
            if problem:
                errors[spec.key] = problem
                continue
            parsed[spec.key] = text
        else:
            if not text and spec.kind != "optional":
                errors[spec.key] = f"“{spec.label}”不能为空"
                continue
            problem = phone_problem(text) if spec.kind == "phone" else None
            if problem:
                errors[spec.key] = problem
                continue
            if len(text) > 100:
                errors[spec.key] = f"“{spec.label}”不超过 100 个字"
                continue
            parsed[spec.key] = text
    if errors:
        raise ValidationError(errors)
    for key, value in parsed.items():
        settings.put(session, key, value)


def save_list(session: Session, list_name: str, values: list[str]) -> None:
    """The list's entries in this order; removed entries are deactivated (old records keep their value)."""
    authz.require(session, "settings")
    if list_name not in settings.DEFAULT_LISTS:
        raise ValidationError({"list": f"没有名为“{list_name}”的列表"})
    cleaned = [normalize(v) for v in values if normalize(v)]
    duplicates = sorted({v for v in cleaned if cleaned.count(v) > 1})
    errors = {}
    if not cleaned:
        errors["values"] = "列表至少要有一项"
    if duplicates:
        errors["values"] = f"有重复的项目：{'、'.join(duplicates)}"
    if any(len(v) > 200 for v in cleaned):
        errors["values"] = "每一项不超过 200 个字"
    if errors:
        raise ValidationError(errors)
    settings.seed_lists(session)
    existing = {item.value: item for item in session.scalars(select(LookupItem).where(LookupItem.list_name == list_name))}
    for order, value in enumerate(cleaned):
        item = existing.get(value)
        if item is None:
            session.add(LookupItem(list_name=list_name, value=value, sort_order=order, active=True))
        else:
            item.sort_order, item.active = order, True
    for value, item in existing.items():
        if value not in cleaned:
            item.active = False


# ---- 日检查项目: the daily-inspection checklist ------------------------------------------------


@dataclass(frozen=True)
class InspectionItemRow:
    name: str
    deduction: str  # as typed; a number greater than 0, at most 100 (one decimal place)


def current_inspection_items(session: Session) -> list[InspectionItemRow]:
    return [InspectionItemRow(str(item["name"]), _number_text(item.get("deduction", 1)))
            for item in settings.get(session, "inspection_items") or []]


def save_inspection_items(session: Session, rows: list[InspectionItemRow]) -> None:
    """The whole checklist in this order (empty rows skipped); every row checked first, then all saved.

    Errors are keyed `items.<row index>` (the row as shown, counted from 0) or `items` for the list.
    """
    authz.require(session, "settings")
    errors: dict[str, str] = {}
    cleaned: list[dict] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        name, raw = normalize(row.name), normalize(row.deduction)
        if not name and not raw:
            continue
        where = f"第 {index + 1} 行"
        if not name:
            errors[f"items.{index}"] = f"{where}：请填写检查项目的名称"
            continue
        if len(name) > 30:
            errors[f"items.{index}"] = f"{where}：项目名称不超过 30 个字"
            continue
        if name in seen:
            errors[f"items.{index}"] = f"{where}：项目“{name}”重复了，每个项目只列一次"
            continue
        seen.add(name)
        deduction = _deduction(raw)
        if deduction is None:
            errors[f"items.{index}"] = (f"{where}：“{name}”的标准扣分应为大于 0、不超过 100 的数字"
                                        f"（最多一位小数，如 2 或 1.5）")
            continue
        cleaned.append({"name": name, "deduction": deduction})
    if not cleaned and not errors:
        errors["items"] = "检查表至少要有一个项目"
    if errors:
        raise ValidationError(errors)
    settings.put(session, "inspection_items", cleaned)


def _deduction(text: str) -> int | float | None:
    try:
        value = parse_amount(text, min="0.1", max=100, places=1)
    except ValueProblem:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _number_text(value) -> str:
    number = Decimal(str(value))
    return f"{number.normalize():f}"


# ---- 整改期限: days to rectify per violation kind -------------------------------------------------

DEADLINE_MIN_DAYS, DEADLINE_MAX_DAYS = 1, 365


@dataclass(frozen=True)
class DeadlineSettings:
    per_kind: dict[str, str]  # kind -> days as typed; "" = the default deadline
    default_days: str
    second_days: str


def current_deadlines(session: Session) -> DeadlineSettings:
    """Every kind on the managed list (those without their own figure show "")."""
    stored = settings.get(session, "violation_deadline_days") or {}
    kinds = settings.lookup_values(session, "violation_kind")
    return DeadlineSettings({kind: str(stored[kind]) if kind in stored else "" for kind in kinds},
                            str(settings.get(session, "violation_default_deadline_days")),
                            str(settings.get(session, "violation_second_deadline_days")))


def save_deadlines(session: Session, edited: DeadlineSettings) -> None:
    """Check every figure first; save all or none. Errors: `kind.<kind>`, `default_days`, `second_days`.

    Kinds no longer on the list keep their stored figure (old violations of that kind still use it).
    """
    authz.require(session, "settings")
    errors: dict[str, str] = {}
    kinds = set(settings.lookup_values(session, "violation_kind"))
    per_kind = dict(settings.get(session, "violation_deadline_days") or {})
    for kind, raw in edited.per_kind.items():
        text = normalize(raw)
        if kind not in kinds:
            errors[f"kind.{kind}"] = f"违章类型“{kind}”已不在列表中，请关闭设置后重新打开"
        elif not text:
            per_kind.pop(kind, None)
        elif (days := _days(text)) is None:
            errors[f"kind.{kind}"] = f"“{kind}”的整改期限应为 {DEADLINE_MIN_DAYS} 到 {DEADLINE_MAX_DAYS} 之间的整数天"
        else:
            per_kind[kind] = days
    figures = {}
    for key, label in (("default_days", "其他类型的整改期限"), ("second_days", "第二次通知的整改期限")):
        days = _days(normalize(getattr(edited, key)))
        if days is None:
            errors[key] = f"“{label}”应为 {DEADLINE_MIN_DAYS} 到 {DEADLINE_MAX_DAYS} 之间的整数天"
        figures[key] = days
    if errors:
        raise ValidationError(errors)
    settings.put(session, "violation_deadline_days", per_kind)
    settings.put(session, "violation_default_deadline_days", figures["default_days"])
    settings.put(session, "violation_second_deadline_days", figures["second_days"])


def _days(text: str) -> int | None:
    if not (text.isascii() and text.isdigit()) or not DEADLINE_MIN_DAYS <= int(text) <= DEADLINE_MAX_DAYS:
        return None
    return int(text)
