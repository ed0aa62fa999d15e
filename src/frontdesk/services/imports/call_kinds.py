"""Import kind of the call ledger (来电来访台账)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, aliased

from frontdesk.db import audit
from frontdesk.db.models import Complaint, Contact, Staff, Unit
from frontdesk.db.models.contacts import CATEGORIES, CHANNELS, STATUSES
from frontdesk.db.sequences import IdSource
from frontdesk.services import clock, settings
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader
from frontdesk.services.imports.roster_kinds import stamps


class CallsKind(ImportKind):
    name = "calls"
    title = "来电来访"
    natural_key = "时间、房屋编号、电话和内容"
    columns = (
        ColumnSpec("时间", "YYYY-MM-DD HH:MM，不晚于现在", datetime(2026, 3, 15, 9, 30), kind="datetime"),
        ColumnSpec("方式", "以下之一：" + "、".join(CHANNELS), "电话", choices=CHANNELS),
        ColumnSpec("类别", "以下之一：" + "、".join(CATEGORIES), "报修", choices=CATEGORIES),
        ColumnSpec("房屋编号", "可空；期-楼栋-单元-房号，须已在房屋档案中", "2-5-1-0302"),
        ColumnSpec("来电人", "可空", "张三丰"),
        ColumnSpec("电话", "可空，只含数字", "13800001111"),
        ColumnSpec("内容", "不能为空", "卫生间漏水"),
        ColumnSpec("处理情况", "可空", "已派维修师傅"),
        ColumnSpec("状态", "以下之一：" + "、".join(STATUSES), "已办结", choices=STATUSES),
        ColumnSpec("接待人", "系统中已有的员工姓名（首问负责人）", "张丽"),
    )

    def prepare(self, session: Session) -> None:
        self.unit_ids = dict(session.execute(select(Unit.code, Unit.id)).all())
        self.staff_ids = dict(session.execute(select(Staff.name, Staff.id)).all())

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        at = row.get("时间", cells.moment)
        if at is not None and at > clock.now() + timedelta(minutes=5):
            row.fail("时间", "不晚于现在的时间")
        channel = row.get("方式", cells.choice, CHANNELS, default="电话")
        category = row.get("类别", cells.choice, CATEGORIES)
        code = row.get("房屋编号", cells.unit_code, False)
        if code and code not in self.unit_ids:
            row.fail("房屋编号", "已在房屋档案中登记的房屋编号（可先导入 units）")
        caller = row.get("来电人", cells.text, False, 40)
        phone_list = row.get("电话", cells.phones) or []
        content = row.get("内容", cells.text, True)
        handling = row.get("处理情况", cells.text, False)
        status = row.get("状态", cells.choice, STATUSES)
        owner = row.get("接待人", cells.text, True, 40)
        if owner and owner not in self.staff_ids:
            row.fail("接待人", "系统中已有的员工姓名（可先导入 staff）")
        row.done()
        return dict(occurred_at=at, channel=channel, category=category, unit_code=code, caller_name=caller,
                    phone=phone_list[0] if phone_list else "", content=content, handling=handling,
                    status=status, owner=owner)

    def key(self, parsed: dict) -> tuple:
        return (parsed["occurred_at"], parsed["unit_code"], parsed["phone"], parsed["content"])

    def existing(self, session: Session, keys: set) -> set:
        if not keys:
            return set()
        moments = [k[0] for k in keys]
        rows = session.execute(
            select(Contact.occurred_at, Unit.code, Contact.phone, Contact.content)
            .outerjoin(Unit, Unit.id == Contact.unit_id)
            .where(Contact.occurred_at >= min(moments), Contact.occurred_at <= max(moments))
        ).all()
        return {(at, code or "", phone, content) for at, code, phone, content in rows} & keys

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        now, actor = clock.now(), session.info.get("actor", "系统")
        stamp = dict(stamps(now), created_by=actor, updated_by=actor)
        first_hours = int(settings.get(session, "complaint_first_action_hours"))
        close_hours = int(settings.get(session, "complaint_close_hours"))
        ids = IdSource(session, Contact.id)
        contacts, complaints = [], []
        for parsed in rows:
            next_id = next(ids)
            closed = parsed["status"] == "已办结"
            contacts.append(dict(
                id=next_id, channel=parsed["channel"], occurred_at=parsed["occurred_at"],
                unit_id=self.unit_ids.get(parsed["unit_code"]), person_id=None, location="",
                caller_name=parsed["caller_name"], phone=parsed["phone"], category=parsed["category"],
                content=parsed["content"], handling=parsed["handling"], status=parsed["status"],
                owner_id=self.staff_ids[parsed["owner"]], closed_at=parsed["occurred_at"] if closed else None,
                **stamp))
            if parsed["category"] == "投诉" and parsed["channel"] != "回访":
                at = parsed["occurred_at"]
                complaints.append(dict(
                    contact_id=next_id, calm_note="", cause="", regulation="", solution="", carried_out_by="",
                    summary="（导入的历史记录）" if closed else "", effective="",
                    first_action_due=at + timedelta(hours=first_hours), close_due=at + timedelta(hours=close_hours),
                    first_action_at=at if closed else None, closed_at=at if closed else None,
                    closed_by=parsed["owner"] if closed else "", **stamp))
        for start in range(0, len(contacts), 2000):
            session.execute(insert(Contact), contacts[start:start + 2000])
            if progress is not None:
                progress(min(start + 2000, len(contacts)), len(contacts))
        if complaints:
            session.execute(insert(Complaint), complaints)
        audit.record_bulk_creates(session, "contacts", contacts)
        return len(contacts)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        owner = aliased(Staff)
        stmt = (select(Contact, Unit.code, owner.name).outerjoin(Unit, Unit.id == Contact.unit_id)
                .join(owner, owner.id == Contact.owner_id)
                .order_by(Contact.occurred_at, Contact.id))
        if date_from:
            stmt = stmt.where(Contact.occurred_at >= datetime.combine(date_from, datetime.min.time()))
        if date_to:
            stmt = stmt.where(Contact.occurred_at < datetime.combine(date_to + timedelta(days=1), datetime.min.time()))
        for contact, code, owner_name in session.execute(stmt).yield_per(2000):
            yield [contact.occurred_at, contact.channel, contact.category, code or "", contact.caller_name,
                   contact.phone, contact.content, contact.handling, contact.status, owner_name]
