"""宣传栏: announcements GG-YYYY-NNN (通知, 温馨提示, 法规宣传, 专题, 活动, 公示), where they are posted,
when they go up and come down; what is on the board today, what expires this week, the history; the
supervisor's templates for the common notices, and the plain text for a WeChat group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Announcement, AnnouncementTemplate
from frontdesk.db.models.vendors import ALL_BUILDINGS, ANNOUNCEMENT_KINDS
from frontdesk.errors import ConflictError, NotFound, ValidationError
from frontdesk.services import authz, clock, numbering, settings
from frontdesk.services.notice_text import chinese_date
from frontdesk.services.text import normalize

SERIES = "GG"
EXPIRING_DAYS = 7
_BUILDING = re.compile(r"^(\d+)期(\d+)栋$")

DEFAULT_TEMPLATES: tuple[tuple[str, str, str, str], ...] = (  # name, kind, title, body
    ("停水", "通知", "停水通知",
     "尊敬的各位业主/住户：\n　　因{原因}，{范围}将于{时间}暂停供水，预计{恢复时间}恢复。"
     "请各位业主提前做好储水准备，停水期间请关闭家中水龙头，以免来水时造成损失。\n"
     "　　由此给您带来的不便，敬请谅解！如有疑问请致电客服中心 {客服电话}。"),
    ("停电", "通知", "停电通知",
     "尊敬的各位业主/住户：\n　　因{原因}，{范围}将于{时间}停电，预计{恢复时间}恢复供电。"
     "停电期间电梯暂停运行，请您提前做好安排，并关闭家中电器电源。\n"
     "　　由此给您带来的不便，敬请谅解！如有疑问请致电客服中心 {客服电话}。"),
    ("电梯维保", "通知", "电梯维保通知",
     "尊敬的各位业主/住户：\n　　为保障电梯安全运行，维保单位将于{时间}对{范围}电梯进行例行维护保养，"
     "届时电梯暂停使用，请您合理安排出行。\n　　感谢您的理解与配合！如有疑问请致电客服中心 {客服电话}。"),
    ("消杀", "温馨提示", "小区消杀温馨提示",
     "尊敬的各位业主/住户：\n　　为预防蚊蝇、蟑螂、老鼠滋生，物业服务中心将于{时间}对{范围}的公共区域、"
     "绿化带及地下车库进行消杀。消杀期间请看管好儿童和宠物，避免接触绿化带，并关好门窗。\n"
     "　　感谢您的配合！如有疑问请致电客服中心 {客服电话}。"),
    ("节日问候", "温馨提示", "节日问候",
     "尊敬的各位业主/住户：\n　　{节日}将至，{公司名称}全体员工祝您节日快乐、阖家幸福！"
     "节日期间请注意家中用火、用电安全，外出时关好门窗。\n　　客服中心节日期间照常值班，电话 {客服电话}。"),
)


@dataclass
class AnnouncementInput:
    kind: str
    title: str
    body: str
    posted_on: date
    take_down_on: date | None = None
    buildings: list[str] | None = None  # None or empty: every building
    author: str = ""


@dataclass
class AnnouncementRow:
    id: int
    number: str
    kind: str
    title: str
    body: str
    buildings: str
    posted_on: date
    take_down_on: date | None
    author: str
    state: str  # 张贴中 / 已撤下 / 作废
    expiring: bool


@dataclass
class BoardFilter:
    view: str = "today"  # today / expiring / history
    kind: str = ""
    year: int | None = None
    text: str = ""
    include_voided: bool = False


def buildings_text(buildings: list[str] | None) -> str:
    names = [normalize(b) for b in (buildings or []) if normalize(b)]
    return ALL_BUILDINGS if not names or ALL_BUILDINGS in names else "、".join(dict.fromkeys(names))


def parse_buildings(text: str) -> list[str]:
    """"全部楼栋" or empty -> [], "1期3栋、2期5栋" -> the names (also separated by , ， ; or spaces)."""
    text = normalize(text)
    if not text or text in (ALL_BUILDINGS, "全部", "所有楼栋"):
        return []
    return [part for part in re.split(r"[、,，;；\s]+", text) if part]


def known_buildings(session: Session) -> list[str]:
    from frontdesk.services.units import building_tree

    return [f"{phase}期{building}栋" for phase, building, _n in building_tree(session)]


def _validate(session: Session, data: AnnouncementInput) -> str:
    errors: dict[str, str] = {}
    if data.kind not in ANNOUNCEMENT_KINDS:
        errors["kind"] = f"请选择公告类型：{'、'.join(ANNOUNCEMENT_KINDS)}"
    if not normalize(data.title):
        errors["title"] = "请填写标题，例如 停水通知"
    elif len(normalize(data.title)) > 100:
        errors["title"] = "标题不超过 100 字，详细内容写在正文里"
    if not normalize(data.body):
        errors["body"] = "请填写正文"
    elif unfilled_blanks(data.title + data.body):
        blanks = "、".join(f"{{{b}}}" for b in dict.fromkeys(unfilled_blanks(data.title + data.body)))
        errors["body"] = f"模板中还有没填写的内容：{blanks}，请改成实际的时间、范围等"
    if data.posted_on is None or data.posted_on > clock.today():
        errors["posted_on"] = "张贴日期不能晚于今天：贴出去的那天再登记"
    elif data.take_down_on is not None and data.take_down_on < data.posted_on:
        errors["take_down_on"] = (f"撤下日期 {data.take_down_on:%Y-%m-%d} 早于张贴日期 {data.posted_on:%Y-%m-%d}，"
                                  "请把撤下日期改为张贴当天或以后")
    names = [n for n in (normalize(b) for b in data.buildings or []) if n and n != ALL_BUILDINGS]
    if names:
        known = set(known_buildings(session))
        unknown = [n for n in names if n not in known or not _BUILDING.match(n)]
        if unknown:
            errors["buildings"] = (f"没有这些楼栋：{'、'.join(unknown)}；请写成“1期3栋”的形式，"
                                   "或选“全部楼栋”")
    if errors:
        raise ValidationError(errors)
    return buildings_text(names)


def post(session: Session, data: AnnouncementInput) -> str:
    """Put an announcement on the board; returns its number GG-YYYY-NNN (the year it went up)."""
    authz.require(session, "announcements")
    buildings = _validate(session, data)
    authz.record_as(session, normalize(data.author))
    year = f"{data.posted_on.year}"
    number = numbering.format_number(SERIES, year, numbering.next_number(session, SERIES, year), width=3)
    session.add(Announcement(number=number, kind=data.kind, title=normalize(data.title), body=data.body.strip(),
                             buildings=buildings, posted_on=data.posted_on, take_down_on=data.take_down_on,
                             author=normalize(data.author) or session.info.get("actor", "系统")))
    session.flush()
    return number


def update(session: Session, number: str, data: AnnouncementInput, expected_version: int | None = None) -> None:
    authz.require(session, "announcements")
    item = get(session, number)
    if expected_version is not None and item.version != expected_version:
        raise ConflictError(f"公告 {item.number} 已被 {item.updated_by} 修改，请重新打开后再改")
    buildings = _validate(session, data)
    if data.posted_on.year != item.posted_on.year:
        raise ValidationError({"posted_on": f"编号 {item.number} 属于 {item.posted_on.year} 年，张贴日期不能改到别的年份"})
    item.kind, item.title, item.body = data.kind, normalize(data.title), data.body.strip()
    item.buildings, item.posted_on, item.take_down_on = buildings, data.posted_on, data.take_down_on
    item.author = normalize(data.author) or item.author


def take_down(session: Session, number: str, on: date | None = None) -> None:
    authz.require(session, "announcements")
    item = get(session, number)
    day = on or clock.today()
    if day > clock.today():
        raise ValidationError({"take_down_on": "撤下日期不能晚于今天；计划撤下的日期请在公告里修改"})
    if day < item.posted_on:
        raise ValidationError({"take_down_on": f"撤下日期早于张贴日期 {item.posted_on:%Y-%m-%d}"})
    item.take_down_on = day


def void(session: Session, number: str, reason: str) -> None:
    authz.require(session, "announcements")
    item = get(session, number)
    if not normalize(reason):
        raise ValidationError({"reason": "请写明作废原因，例如 内容有误已重新发布"})
    item.void_reason, item.deleted_at = normalize(reason), clock.now()


def get(session: Session, number: str, include_voided: bool = False) -> Announcement:
    item = session.scalar(select(Announcement).where(Announcement.number == normalize(number).upper())
                          .execution_options(include_voided=include_voided))
    if item is None or (item.deleted_at is not None and not include_voided):
        raise NotFound(f"没有编号为 {normalize(number).upper()} 的公告，请核对编号（形如 GG-2026-001）")
    return item


# ---- the board's lists ------------------------------------------------------------------------


def _on_board(day: date):
    """Up from its posting day until the morning of its take-down day (撤下日期 is the day it comes down)."""
    return (Announcement.posted_on <= day) & (or_(Announcement.take_down_on.is_(None),
                                                  Announcement.take_down_on > day))


def _filtered(filt: BoardFilter):
    today = clock.today()
    stmt = select(Announcement)
    if filt.view == "today":
        stmt = stmt.where(_on_board(today))
    elif filt.view == "expiring":
        stmt = stmt.where(_on_board(today), Announcement.take_down_on <= today + timedelta(days=EXPIRING_DAYS))
    if filt.kind:
        stmt = stmt.where(Announcement.kind == filt.kind)
    if filt.year:
        stmt = stmt.where(Announcement.posted_on >= date(filt.year, 1, 1),
                          Announcement.posted_on <= date(filt.year, 12, 31))
    text = normalize(filt.text)
    if text:
        like = f"%{text}%"
        stmt = stmt.where(or_(Announcement.number.like(like), Announcement.title.like(like),
                              Announcement.body.like(like), Announcement.buildings.like(like)))
    return stmt


SORTS = {"number": Announcement.number, "posted_on": Announcement.posted_on, "kind": Announcement.kind,
         "title": Announcement.title, "take_down_on": Announcement.take_down_on}


def _voided_shown(filt: BoardFilter) -> dict:
    """The history may show voided announcements too (the global filter hides them otherwise)."""
    return {"include_voided": filt.include_voided and filt.view == "history"}


def count(session: Session, filt: BoardFilter) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(filt).subquery())
                          .execution_options(**_voided_shown(filt))) or 0


def state_of(item: Announcement, today: date | None = None) -> str:
    today = today or clock.today()
    if item.deleted_at is not None:
        return "作废"
    if item.take_down_on is not None and item.take_down_on <= today:
        return "已撤下"
    return "张贴中"


def listing(session: Session, filt: BoardFilter, offset: int = 0, limit: int = 200, sort: str = "posted_on",
            descending: bool = True) -> list[AnnouncementRow]:
    column = SORTS.get(sort, Announcement.posted_on)
    stmt = (_filtered(filt).order_by(column.desc() if descending else column, Announcement.number.desc())
            .execution_options(**_voided_shown(filt)))
    today = clock.today()
    soon = today + timedelta(days=EXPIRING_DAYS)
    return [AnnouncementRow(a.id, a.number, a.kind, a.title, a.body, a.buildings, a.posted_on, a.take_down_on,
                            a.author, state_of(a, today),
                            a.deleted_at is None and a.take_down_on is not None and today < a.take_down_on <= soon)
            for a in session.scalars(stmt.offset(offset).limit(limit))]


def board_summary(session: Session) -> tuple[int, int]:
    """(on the board today, of which expiring within the week)."""
    return count(session, BoardFilter("today")), count(session, BoardFilter("expiring"))


# ---- WeChat text ------------------------------------------------------------------------------


def wechat_text(session: Session, number: str) -> str:
    """The announcement as plain text for a WeChat group: title, body, where and when, the company."""
    item = get(session, number)
    lines = [f"【{item.kind}】{item.title}", "", *(line.strip() for line in item.body.split("\n")), ""]
    if item.buildings != ALL_BUILDINGS:
        lines.append(f"适用楼栋：{item.buildings}")
    lines += [settings.get(session, "company_name"), chinese_date(item.posted_on),
              f"客服电话：{settings.get(session, 'desk_phone')}"]
    return "\n".join(lines)


# ---- templates --------------------------------------------------------------------------------


def ensure_templates(session: Session) -> None:
    """Write the default templates the first time they are asked for (the supervisor edits them after)."""
    if session.scalar(select(func.count()).select_from(AnnouncementTemplate)):
        return
    for name, kind, title, body in DEFAULT_TEMPLATES:
        session.add(AnnouncementTemplate(name=name, kind=kind, title=title, body=body))
    session.flush()


def templates(session: Session) -> list[AnnouncementTemplate]:
    ensure_templates(session)
    return list(session.scalars(select(AnnouncementTemplate)
                                .order_by(AnnouncementTemplate.id)))


def save_template(session: Session, name: str, kind: str, title: str, body: str) -> None:
    """A supervisor's change to a template (or a new one); the templates are part of the desk's settings."""
    authz.require(session, "settings")
    ensure_templates(session)
    errors: dict[str, str] = {}
    if not normalize(name):
        errors["name"] = "请填写模板名称"
    if kind not in ANNOUNCEMENT_KINDS:
        errors["kind"] = f"请选择公告类型：{'、'.join(ANNOUNCEMENT_KINDS)}"
    if not normalize(title) or not normalize(body):
        errors["body"] = "模板的标题和正文都不能为空"
    if errors:
        raise ValidationError(errors)
    row = session.scalar(select(AnnouncementTemplate).where(AnnouncementTemplate.name == normalize(name)))
    if row is None:
        row = AnnouncementTemplate(name=normalize(name))
        session.add(row)
    row.kind, row.title, row.body, row.deleted_at = kind, normalize(title), body.strip(), None
    session.flush()


def fill_template(session: Session, name: str) -> AnnouncementInput:
    """A draft from a template: {公司名称} and {客服电话} filled in, the other {…} left for the desk to write."""
    for row in templates(session):
        if row.name == name:
            body = row.body.replace("{公司名称}", settings.get(session, "company_name"))
            body = body.replace("{客服电话}", settings.get(session, "desk_phone"))
            return AnnouncementInput(kind=row.kind, title=row.title, body=body, posted_on=clock.today(),
                                     take_down_on=clock.today() + timedelta(days=EXPIRING_DAYS))
    raise NotFound(f"没有名为“{name}”的公告模板")


def unfilled_blanks(text: str) -> list[str]:
    """The {…} a template left for the desk; posting refuses while any is left."""
    return re.findall(r"\{([^{}]{1,10})\}", text)


def posted_between(session: Session, first: date, last: date) -> int:
    return session.scalar(select(func.count()).select_from(Announcement).where(
        Announcement.posted_on >= first, Announcement.posted_on <= last)) or 0


@dataclass
class PosterDocument:
    company: str
    number: str
    kind: str
    title: str
    body: str
    buildings: str
    posted_on: date
    take_down_on: date | None
    phone: str
    voided: bool


def poster_document(session: Session, number: str) -> PosterDocument:
    item = get(session, number, include_voided=True)
    return PosterDocument(settings.get(session, "company_name"), item.number, item.kind, item.title, item.body,
                          item.buildings, item.posted_on, item.take_down_on, settings.get(session, "desk_phone"),
                          item.deleted_at is not None)
