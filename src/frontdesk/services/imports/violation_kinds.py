"""Import kind of the violation log (违章台账): what a patrol found, where, and who found it.

Imported violations start as 待发通知, as a newly recorded one does; the notice, delivery and
re-inspection are then done at the desk. A violation in a public place has no unit: its
房屋编号 cell reads 公共：地点 (e.g. 公共：3栋楼顶平台), and an export writes it the same way.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdesk.db import audit
from frontdesk.db.models import RectificationNotice, Unit, Violation, ViolationEvent
from frontdesk.db.models.violations import STATUS_RECORDED
from frontdesk.db.sequences import IdSource
from frontdesk.services import clock, settings
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader
from frontdesk.services.imports.roster_kinds import stamps

PUBLIC = "公共："
_PUBLIC_PLACE = re.compile(r"^公共\s*[:：]?\s*(.*)$")
PLACE_EXPECTED = "房屋编号 期-楼栋-单元-房号（例如 2-5-1-0302）；公共部位写 公共：地点，例如 公共：3栋楼顶平台"


def place_cell(value) -> tuple[str, str]:
    """(unit code, "") for a home, ("", location) for 公共：地点."""
    raw = cells.text(value, required=True)
    public = _PUBLIC_PLACE.match(raw)
    if public:
        location = public.group(1).strip()
        if not location or len(location) > 100:
            raise cells.CellError("公共：地点（地点不超过 100 字），例如 公共：3栋楼顶平台")
        return "", location
    try:
        return cells.unit_code(raw), ""
    except cells.CellError:
        raise cells.CellError(PLACE_EXPECTED) from None


class ViolationsKind(ImportKind):
    name = "violations"
    title = "违章记录"
    natural_key = "发现日期、房屋编号（或公共地点）、违章类型和描述"
    columns = (
        ColumnSpec("发现日期", "YYYY-MM-DD，不晚于今天", date(2026, 3, 12), kind="date"),
        ColumnSpec("房屋编号", PLACE_EXPECTED + "；房屋须已在房屋档案中", "2-5-1-0302"),
        ColumnSpec("违章类型", "系统“违章类型”列表中的一项：" + "、".join(settings.DEFAULT_LISTS["violation_kind"]),
                   "私搭乱建", choices=tuple(settings.DEFAULT_LISTS["violation_kind"])),
        ColumnSpec("描述", "不能为空：在哪里、搭建或改动了什么", "阳台外侧加装铝合金雨棚约 3 平方米"),
        ColumnSpec("发现人", "巡查员或前台人员姓名", "刘建国"),
    )
    # An export also says how far each matter has got; an import ignores these two columns.
    export_columns = columns + (
        ColumnSpec("通知书编号", "导出时填写：最近一份有效整改通知书的编号；导入时不读", "ZG-2026-0001"),
        ColumnSpec("状态", "导出时填写：违章目前的处理状态；导入时不读", "待复查"),
    )

    def prepare(self, session: Session) -> None:
        self.unit_ids = dict(session.execute(select(Unit.code, Unit.id)).all())
        self.kinds = settings.lookup_values(session, "violation_kind")

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        found = row.get("发现日期", cells.day)
        if found and found > clock.today():
            row.fail("发现日期", "不晚于今天的日期（实际发现的日期）")
        code, location = row.get("房屋编号", place_cell) or ("", "")
        if code and code not in self.unit_ids:
            row.fail("房屋编号", "已在房屋档案中登记的房屋编号（可先导入 units）")
        kind = row.get("违章类型", cells.choice, self.kinds)
        description = row.get("描述", cells.text, True)
        finder = row.get("发现人", cells.text, True, 40)
        row.done()
        return dict(found_date=found, code=code, location=location, kind=kind, description=description,
                    found_by=finder)

    def key(self, parsed: dict) -> tuple:
        return (parsed["found_date"], parsed["code"] or PUBLIC + parsed["location"], parsed["kind"],
                parsed["description"])

    def existing(self, session: Session, keys: set) -> set:
        if not keys:
            return set()
        days = [k[0] for k in keys]
        rows = session.execute(
            select(Violation.found_date, Unit.code, Violation.location, Violation.kind, Violation.description)
            .outerjoin(Unit, Unit.id == Violation.unit_id)
            .where(Violation.found_date >= min(days), Violation.found_date <= max(days))).all()
        return {(day, code or PUBLIC + location, kind, text) for day, code, location, kind, text in rows} & keys

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        now, actor = clock.now(), session.info.get("actor", "系统")
        stamp = dict(stamps(now), created_by=actor, updated_by=actor)
        ids = IdSource(session, Violation.id)
        violations, events = [], []
        for p in sorted(rows, key=lambda r: r["found_date"]):
            vid = next(ids)
            violations.append(dict(id=vid, unit_id=self.unit_ids.get(p["code"]), location=p["location"],
                                   kind=p["kind"], found_date=p["found_date"], found_by=p["found_by"],
                                   description=p["description"], status=STATUS_RECORDED, reported_to="",
                                   closed_on=None, **stamp))
            events.append(dict(violation_id=vid, at=now, actor=actor,
                               text=f"导入违章记录：{p['kind']}（{p['found_date']:%Y-%m-%d} {p['found_by']}发现）"))
        for start in range(0, len(violations), 2000):
            session.execute(insert(Violation), violations[start:start + 2000])
            if progress is not None:
                progress(min(start + 2000, len(violations)), len(violations))
        session.execute(insert(ViolationEvent), events)
        audit.record_bulk_creates(session, "violations", violations)
        return len(violations)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        latest_notice = (select(RectificationNotice.number)
                         .where(RectificationNotice.violation_id == Violation.id, RectificationNotice.voided_reason == "")
                         .order_by(RectificationNotice.id.desc()).limit(1).correlate(Violation).scalar_subquery())
        stmt = (select(Violation, Unit.code, latest_notice).outerjoin(Unit, Unit.id == Violation.unit_id)
                .order_by(Violation.found_date, Violation.id))
        if date_from:
            stmt = stmt.where(Violation.found_date >= date_from)
        if date_to:
            stmt = stmt.where(Violation.found_date <= date_to)
        for violation, code, notice in session.execute(stmt).yield_per(2000):
            yield [violation.found_date, code or PUBLIC + violation.location, violation.kind,
                   violation.description, violation.found_by, notice or "", violation.status]
