"""KIND `rings` (export only): the 来电记录 the phone line produced; nothing to import, the line is the source."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Occupancy, Person, Unit
from frontdesk.db.models.rings import Ring
from frontdesk.services.imports.framework import ColumnSpec


class RingsExport:
    name = "rings"
    title = "来电记录"
    columns = (
        ColumnSpec("时间", "来电时间", datetime(2026, 11, 25, 14, 5), kind="datetime"),
        ColumnSpec("号码", "来电号码（私密号码显示为“私密号码”）", "13800001111"),
        ColumnSpec("房屋编号", "按号码匹配到的房屋", "2-5-1-0302"),
        ColumnSpec("业主", "该房屋的业主", "张三"),
        ColumnSpec("接听人", "接起或回拨的人", "张丽"),
        ColumnSpec("状态", "已接 / 未接 / 已回拨", "已接"),
    )

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        owner = (select(func.min(Person.name)).join(Occupancy, Occupancy.person_id == Person.id)
                 .where(Occupancy.unit_id == Ring.unit_id, Occupancy.relation == "业主").scalar_subquery())
        stmt = (select(Ring.rang_at, Ring.number, func.coalesce(Unit.code, ""), func.coalesce(owner, ""),
                       Ring.answered_by, Ring.status).outerjoin(Unit, Unit.id == Ring.unit_id))
        if date_from:
            stmt = stmt.where(Ring.rang_at >= datetime.combine(date_from, datetime.min.time()))
        if date_to:
            stmt = stmt.where(Ring.rang_at < datetime.combine(date_to + timedelta(days=1), datetime.min.time()))
        for row in session.execute(stmt.order_by(Ring.rang_at, Ring.id)).yield_per(2000):
            yield list(row)
