"""The 整改通知书 text: a supervisor-editable template with {字段} filled from the violation."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from frontdesk.errors import ValidationError
from frontdesk.services import authz, settings

TEMPLATE_KEYS = {1: "violation_notice_template", 2: "violation_second_notice_template"}

# The fields a template may use, with what each one holds (shown in the template editor).
FIELDS: dict[str, str] = {
    "收件人": "业主姓名，如“张三 业主”；档案无业主时为“业主/住户”",
    "位置": "房号或公共位置，如“天元花园 2-5-1-0302”",
    "违章类型": "私搭乱建、外置阳台罩 …",
    "发现日期": "2026年11月20日",
    "违章事实": "登记时描述的违章情况",
    "违反规定": "所选的规定条款",
    "整改要求": "应当如何整改",
    "整改期限": "2026年11月27日",
    "公司名称": "设置中的公司名称",
    "联系电话": "设置中的前台电话",
    "通知书编号": "ZG-2026-0001",
    "首次通知编号": "第二次通知时：第一次通知书的编号",
    "首次通知日期": "第二次通知时：第一次通知书的日期",
}


@dataclass
class NoticeFields:
    addressee: str
    place: str
    kind: str
    found_date: date
    facts: str
    rule: str
    requirement: str
    deadline: date
    company: str
    phone: str
    number: str = "ZG-____-____"
    first_number: str = ""
    first_date: date | None = None

    def as_template_values(self) -> dict[str, str]:
        return {
            "收件人": self.addressee, "位置": self.place, "违章类型": self.kind,
            "发现日期": chinese_date(self.found_date), "违章事实": _sentence(self.facts), "违反规定": self.rule,
            "整改要求": _sentence(self.requirement), "整改期限": chinese_date(self.deadline),
            "公司名称": self.company, "联系电话": self.phone, "通知书编号": self.number,
            "首次通知编号": self.first_number,
            "首次通知日期": chinese_date(self.first_date) if self.first_date else "",
        }


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _sentence(text: str) -> str:
    """End a typed phrase with a full stop so the notice reads as sentences."""
    text = text.strip().rstrip("，,、；;：: ")
    return text if not text or text[-1] in "。！？；.!?" else text + "。"


def check_template(template: str) -> None:
    """Unknown or broken {字段} are refused with a message naming them."""
    if not template.strip():
        raise ValidationError({"template": "通知书正文不能为空"})
    unknown = []
    try:
        for _literal, name, _spec, _conv in string.Formatter().parse(template):
            if name is not None and name not in FIELDS:
                unknown.append(name or "{}")
    except ValueError:
        raise ValidationError({"template": "正文中的花括号不成对，字段要写成 {房号} 这样的形式；"
                                           "要印出花括号本身请写 {{ 或 }}"}) from None
    if unknown:
        raise ValidationError({"template": f"正文中有不认识的字段：{'、'.join('{' + n + '}' for n in unknown)}；"
                                           f"可用的字段：{'、'.join('{' + n + '}' for n in FIELDS)}"})


def render(template: str, fields: NoticeFields) -> str:
    check_template(template)
    return template.format_map(fields.as_template_values())


def template_of(session: Session, level: int) -> str:
    return settings.get(session, TEMPLATE_KEYS[2 if level >= 2 else 1])


def save_template(session: Session, level: int, template: str) -> None:
    authz.require(session, "settings")
    check_template(template)
    settings.put(session, TEMPLATE_KEYS[2 if level >= 2 else 1], template.replace("\r\n", "\n"))


def reset_template(session: Session, level: int) -> str:
    """Back to the text the program ships with (the supervisor's own text is replaced)."""
    authz.require(session, "settings")
    key = TEMPLATE_KEYS[2 if level >= 2 else 1]
    settings.put(session, key, settings.DEFAULTS[key])
    return settings.DEFAULTS[key]


def sample_fields(session: Session, level: int = 1) -> NoticeFields:
    """Example values for previewing a template before saving it."""
    return NoticeFields(
        addressee="张三 业主", place=f"{settings.get(session, 'project_name')} 2-5-1-0302".strip(), kind="外置阳台罩",
        found_date=date(2026, 11, 20), facts="南侧阳台外加装不锈钢防盗网及彩钢板阳台罩，凸出外墙约 0.8 米",
        rule=(settings.lookup_values(session, "violation_rule") or ["《管理规约》"])[0],
        requirement="拆除阳台罩及凸出外墙的防盗网，恢复外立面原状", deadline=date(2026, 11, 27),
        company=settings.get(session, "company_name"), phone=settings.get(session, "desk_phone"),
        number="ZG-2026-0001" if level == 1 else "ZG-2026-0002",
        first_number="ZG-2026-0001" if level >= 2 else "", first_date=date(2026, 11, 20) if level >= 2 else None,
    )
