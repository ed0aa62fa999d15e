"""报修单 export to Excel: the filtered list, newest first, money as numbers, typed text as text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from frontdesk.reports.excel import Column, export_paged
from frontdesk.services import repair_lists

REPAIR_COLUMNS = (
    Column("单号", lambda r: r.number),
    Column("报修时间", lambda r: r.reported_at),
    Column("范围", lambda r: r.scope),
    Column("房号/位置", lambda r: r.place),
    Column("专业", lambda r: r.trade),
    Column("紧急程度", lambda r: r.urgency),
    Column("报修内容", lambda r: r.description),
    Column("报修人", lambda r: r.reporter),
    Column("电话", lambda r: r.phone),
    Column("状态", lambda r: r.state),
    Column("维修师傅", lambda r: r.technician),
    Column("时限", lambda r: r.due_at),
    Column("超时", lambda r: "是" if r.overdue else ""),
    Column("完工时间", lambda r: r.finished_at),
    Column("保修", lambda r: r.warranty),
    Column("有偿", lambda r: "是" if r.paid else ""),
    Column("收费（元）", lambda r: r.charge),
    Column("满意度", lambda r: r.satisfaction),
    Column("返修前单", lambda r: r.repeat_of),
    Column("受理人", lambda r: r.owner),
)


def export_repairs(session: Session, filt: repair_lists.RepairFilter, out: Path, page: int = 2000,
                   progress: Callable[[int, int], bool | None] | None = None) -> int:
    """`progress(done, total)` returning False cancels."""
    return export_paged("报修单", REPAIR_COLUMNS, repair_lists.count_orders(session, filt),
                        lambda offset, limit: repair_lists.list_orders(session, filt, offset=offset, limit=limit),
                        out, page, progress)
