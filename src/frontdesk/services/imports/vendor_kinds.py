"""Import kinds of the vendor desk and the notice board: `vendors`, `vendor_issues` (月会 items) and
`announcements`. Each exports with the same columns it imports, so an export re-imports as nothing new.

A 月会 item's 会议日期 is the day the problem was raised: it joins that vendor's 月会 of the day, or a
月会 recorded for it when the vendor has none that month (the ledger's meetings come with their items);
otherwise it is a problem raised between meetings. An item imported as 未整改 has been carried over once.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Announcement, Vendor, VendorIssue, VendorMeeting
from frontdesk.db.models.vendors import ALL_BUILDINGS, ANNOUNCEMENT_KINDS, ISSUE_STATUSES, RECHECK_RESULTS
from frontdesk.services import board, clock, numbering
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader

ACTIVE = ("在用", "停用")
_NUMBER = re.compile(r"^GG-(\d{4})-(\d{3})$")


class VendorsKind(ImportKind):
    name = "vendors"
    title = "外包方"
    natural_key = "公司名称"
    columns = (
        ColumnSpec("公司名称", "外包方全称，不能重复", "洁美保洁服务有限公司"),
        ColumnSpec("服务内容", "保洁、绿化、秩序维护/保安、电梯维保、消防维保、外墙清洗 …", "保洁"),
        ColumnSpec("合同开始", "YYYY-MM-DD，可空", date(2026, 1, 1), kind="date"),
        ColumnSpec("合同结束", "YYYY-MM-DD，可空，不早于合同开始", date(2026, 12, 31), kind="date"),
        ColumnSpec("联系人", "外包方现场负责人", "李红"),
        ColumnSpec("电话", "手机或座机", "13815260311"),
        ColumnSpec("状态", "在用 或 停用（合同结束），空为在用", "在用", choices=ACTIVE),
    )

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        company = row.get("公司名称", cells.text, True, 80)
        service = row.get("服务内容", cells.text, True, 20)
        start, end = row.get("合同开始", cells.day, False), row.get("合同结束", cells.day, False)
        if start and end and end < start:
            row.fail("合同结束", "不早于合同开始的日期")
        contact = row.get("联系人", cells.text, False, 40)
        phones = row.get("电话", cells.phones) or []
        state = row.get("状态", cells.choice, ACTIVE, False, "在用")
        row.done()
        return dict(company=company, service=service, contract_start=start, contract_end=end, contact=contact,
                    phone=phones[0] if phones else "", active=state == "在用")

    def key(self, parsed: dict) -> str:
        return parsed["company"]

    def existing(self, session: Session, keys: set) -> set:
        if not keys:
            return set()
        stmt = select(Vendor.company).where(Vendor.company.in_(keys)).execution_options(include_voided=True)
        return set(session.scalars(stmt))  # a voided vendor keeps its name (unique)

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        session.add_all(Vendor(**row) for row in rows)
        session.flush()
        return len(rows)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        for v in session.scalars(select(Vendor).order_by(Vendor.id)):
            yield [v.company, v.service, v.contract_start, v.contract_end, v.contact, v.phone,
                   "在用" if v.active else "停用"]


class VendorIssuesKind(ImportKind):
    name = "vendor_issues"
    title = "外包方月会问题"
    natural_key = "会议日期、外包方、位置和问题描述"
    columns = (
        ColumnSpec("会议日期", "提出问题的月会日期（月会之间发现的问题写发现日期），不晚于今天", date(2026, 6, 5),
                   kind="date"),
        ColumnSpec("外包方", "已登记的外包方全称（可先导入 vendors）", "洁美保洁服务有限公司"),
        ColumnSpec("位置", "问题所在位置", "3栋1单元大堂"),
        ColumnSpec("问题描述", "不能为空", "大堂玻璃门未擦拭"),
        ColumnSpec("限期", "整改限期 YYYY-MM-DD，不早于会议日期", date(2026, 6, 12), kind="date"),
        ColumnSpec("跟进人", "到期复查的人", "周建国"),
        ColumnSpec("复查日期", "YYYY-MM-DD，未复查留空", date(2026, 6, 12), kind="date"),
        ColumnSpec("复查结果", "已整改 或 未整改，未复查留空", "已整改", choices=RECHECK_RESULTS),
        ColumnSpec("状态", "待整改、已整改 或 未整改（结转下月月会）", "已整改", choices=ISSUE_STATUSES),
    )

    def prepare(self, session: Session) -> None:
        self.vendor_ids = dict(session.execute(select(Vendor.company, Vendor.id)
                                               ).all())

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        today = clock.today()
        raised = row.get("会议日期", cells.day)
        if raised and raised > today:
            row.fail("会议日期", "不晚于今天的日期")
        vendor = row.get("外包方", cells.text, True, 80)
        if vendor and vendor not in self.vendor_ids:
            row.fail("外包方", "已登记的外包方全称（可先导入 vendors）")
        location = row.get("位置", cells.text, True, 100)
        description = row.get("问题描述", cells.text, True)
        deadline = row.get("限期", cells.day)
        if raised and deadline and deadline < raised:
            row.fail("限期", "不早于会议日期的日期")
        follower = row.get("跟进人", cells.text, True, 40)
        checked = row.get("复查日期", cells.day, False)
        if checked and (checked > today or (raised and checked < raised)):
            row.fail("复查日期", "不早于会议日期、不晚于今天的日期")
        result = row.get("复查结果", cells.choice, RECHECK_RESULTS, False)
        status = row.get("状态", cells.choice, ISSUE_STATUSES)
        if bool(checked) != bool(result):
            row.fail("复查结果", "与复查日期同时填写或同时留空")
        if status == "已整改" and result != "已整改":
            row.fail("状态", "已整改的问题须有复查日期和复查结果“已整改”")
        if result == "已整改" and status != "已整改":
            row.fail("状态", "复查结果为已整改时，状态为已整改")
        row.done()
        return dict(raised_on=raised, vendor=vendor, location=location, description=description, deadline=deadline,
                    follower=follower, recheck_on=checked, recheck_result=result, status=status)

    def key(self, parsed: dict) -> tuple:
        return parsed["raised_on"], parsed["vendor"], parsed["location"], parsed["description"]

    def existing(self, session: Session, keys: set) -> set:
        if not keys:
            return set()
        days = [k[0] for k in keys]
        rows = session.execute(
            select(VendorIssue.raised_on, Vendor.company, VendorIssue.location, VendorIssue.description)
            .join(Vendor, Vendor.id == VendorIssue.vendor_id)
            .where(VendorIssue.raised_on >= min(days),
                   VendorIssue.raised_on <= max(days))).all()
        return {tuple(r) for r in rows} & keys

    def _meeting_for(self, session: Session, vendor_id: int, day: date, made: dict) -> int | None:
        key = (vendor_id, day.year, day.month)
        if key not in made:
            following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            meetings: list[tuple[int, date]] = [(r[0], r[1]) for r in session.execute(
                select(VendorMeeting.id, VendorMeeting.held_on).where(
                    VendorMeeting.vendor_id == vendor_id, VendorMeeting.held_on >= day.replace(day=1),
                    VendorMeeting.held_on < following))]
            if not meetings:
                meeting = VendorMeeting(vendor_id=vendor_id, held_on=day, attendees="（由台账导入）",
                                        chaired_by=session.info.get("actor", "导入"))
                session.add(meeting)
                session.flush()
                meetings = [(meeting.id, day)]
            made[key] = {held: mid for mid, held in meetings}
        return made[key].get(day)

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        made: dict = {}
        for p in sorted(rows, key=lambda r: r["raised_on"]):
            vendor_id = self.vendor_ids[p["vendor"]]
            meeting_id = self._meeting_for(session, vendor_id, p["raised_on"], made)
            carried = p["status"] == "未整改" or p["recheck_result"] == "未整改"
            session.add(VendorIssue(
                vendor_id=vendor_id, source="月会" if meeting_id else "巡查", meeting_id=meeting_id,
                agenda_meeting_id=meeting_id, raised_on=p["raised_on"], location=p["location"],
                description=p["description"], deadline=p["deadline"], follower=p["follower"],
                recheck_on=p["recheck_on"], recheck_result=p["recheck_result"], status=p["status"],
                carry_overs=1 if carried else 0, closed_on=p["recheck_on"] if p["status"] == "已整改" else None))
        session.flush()
        return len(rows)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        stmt = (select(VendorIssue, Vendor.company).join(Vendor, Vendor.id == VendorIssue.vendor_id)
                .order_by(VendorIssue.raised_on, VendorIssue.id))
        if date_from:
            stmt = stmt.where(VendorIssue.raised_on >= date_from)
        if date_to:
            stmt = stmt.where(VendorIssue.raised_on <= date_to)
        for i, company in session.execute(stmt):
            yield [i.raised_on, company, i.location, i.description, i.deadline, i.follower, i.recheck_on,
                   i.recheck_result, i.status]


class AnnouncementsKind(ImportKind):
    name = "announcements"
    title = "宣传栏公告"
    natural_key = "编号（没有编号时：张贴日期和标题）"
    columns = (
        ColumnSpec("编号", "GG-YYYY-NNN，年份与张贴日期一致；留空则按张贴日期自动编号", "GG-2026-001"),
        ColumnSpec("类型", "、".join(ANNOUNCEMENT_KINDS) + " 之一", "通知", choices=ANNOUNCEMENT_KINDS),
        ColumnSpec("标题", "不超过 100 字", "停水通知"),
        ColumnSpec("正文", "公告全文", "因市政管网维修，6月12日9:00-17:00停水。"),
        ColumnSpec("张贴楼栋", "全部楼栋，或用顿号分隔的楼栋，例如 1期3栋、2期5栋", ALL_BUILDINGS),
        ColumnSpec("张贴日期", "YYYY-MM-DD，不晚于今天", date(2026, 6, 10), kind="date"),
        ColumnSpec("撤下日期", "YYYY-MM-DD，不早于张贴日期；长期张贴留空", date(2026, 6, 13), kind="date"),
        ColumnSpec("发布人", "发布公告的员工", "张丽"),
    )

    def prepare(self, session: Session) -> None:
        self.buildings = set(board.known_buildings(session))

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        number = row.get("编号", cells.text, False, 16).upper()
        kind = row.get("类型", cells.choice, ANNOUNCEMENT_KINDS)
        title = row.get("标题", cells.text, True, 100)
        body = row.get("正文", cells.text, True, 5000)
        where = board.parse_buildings(row.get("张贴楼栋", cells.text) or "")
        unknown = [b for b in where if b not in self.buildings]
        if unknown:
            row.fail("张贴楼栋", f"全部楼栋或已有的楼栋（没有 {'、'.join(unknown)}），例如 1期3栋")
        posted = row.get("张贴日期", cells.day)
        if posted and posted > clock.today():
            row.fail("张贴日期", "不晚于今天的日期")
        down = row.get("撤下日期", cells.day, False)
        if posted and down and down < posted:
            row.fail("撤下日期", "不早于张贴日期的日期（撤下日期早于张贴日期）")
        match = _NUMBER.match(number) if number else None
        if number and (not match or (posted and int(match[1]) != posted.year)):
            row.fail("编号", "GG-YYYY-NNN，年份与张贴日期的年份一致，例如 GG-2026-001")
        author = row.get("发布人", cells.text, True, 40)
        row.done()
        return dict(number=number, kind=kind, title=title, body=body, buildings=board.buildings_text(where),
                    posted_on=posted, take_down_on=down, author=author)

    def key(self, parsed: dict) -> tuple:
        return (parsed["number"],) if parsed["number"] else ("", parsed["posted_on"], parsed["title"])

    def existing(self, session: Session, keys: set) -> set:
        numbers = {k[0] for k in keys if k[0]}
        found = {(n,) for n in session.scalars(select(Announcement.number).where(Announcement.number.in_(numbers))
                                               .execution_options(include_voided=True))}  # numbers are never reused
        for key in keys:
            if not key[0] and session.scalar(select(Announcement.id).where(
                    Announcement.posted_on == key[1], Announcement.title == key[2])):
                found.add(key)
        return found

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        for p in rows:  # numbered rows first keep their numbers; the counter moves past them
            if p["number"]:
                year, serial = p["number"][3:7], p["number"][8:]  # GG-YYYY-NNN, checked when parsed
                numbering.skip_past(session, board.SERIES, year, int(serial))
        for p in sorted(rows, key=lambda r: r["posted_on"]):
            number = p["number"] or numbering.format_number(
                board.SERIES, str(p["posted_on"].year),
                numbering.next_number(session, board.SERIES, str(p["posted_on"].year)), width=3)
            session.add(Announcement(**dict(p, number=number)))
        session.flush()
        return len(rows)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        stmt = select(Announcement).order_by(Announcement.number)
        if date_from:
            stmt = stmt.where(Announcement.posted_on >= date_from)
        if date_to:
            stmt = stmt.where(Announcement.posted_on <= date_to)
        for a in session.scalars(stmt):
            yield [a.number, a.kind, a.title, a.body, a.buildings, a.posted_on, a.take_down_on, a.author]
