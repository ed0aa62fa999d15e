"""收费催缴 exports: the arrears list (full, or masked for posting in public) and the reason statistics."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from frontdesk.files import atomic_output
from frontdesk.reports.excel import Column, write_sheet
from frontdesk.services import collection_plan, collections

ARREARS_COLUMNS = (
    Column("房号", lambda r: r.unit_code),
    Column("业主", lambda r: r.owners),
    Column("电话", lambda r: r.phones),
    Column("收房状态", lambda r: r.handover_state),
    Column("欠费合计", lambda r: r.total),
    Column("3个月以内", lambda r: r.within3),
    Column("3–12个月", lambda r: r.within12),
    Column("12个月以上", lambda r: r.over12),
    Column("最早欠费账期", lambda r: r.oldest_period),
    Column("收费员", lambda r: r.collector),
    Column("最近催缴", lambda r: r.last_action),
    Column("催缴日期", lambda r: r.last_action_on),
    Column("欠费原因", lambda r: r.last_reason),
    Column("承诺缴费日期", lambda r: r.promise_date),
)

PUBLIC_COLUMNS = (
    Column("房号", lambda r: r.unit_code),
    Column("业主", lambda r: mask_name(r.owners.split("、")[0] if r.owners else "")),
    Column("欠费起始账期", lambda r: r.oldest_period),
    Column("欠费金额（元）", lambda r: r.total),
)

REASON_COLUMNS = (
    Column("欠费原因", lambda r: r.reason),
    Column("期", lambda r: f"{r.phase}期"),
    Column("户数", lambda r: r.units),
    Column("欠费金额", lambda r: r.arrears),
)


def mask_name(name: str) -> str:
    """张三丰 -> 张**: a list posted in public never shows a full name."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def _save(wb: Workbook, out: Path) -> None:
    with atomic_output(out) as tmp:
        wb.save(tmp)


def export_arrears(session: Session, filt: collections.ArrearsFilter, out: Path, public: bool = False) -> int:
    rows = collections.list_arrears(session, filt, 0, 1_000_000, sort="unit_code" if public else "total",
                                    descending=not public)
    wb = Workbook()
    ws = wb.active
    ws.title = "欠费公示" if public else "欠费清单"
    count = write_sheet(ws, PUBLIC_COLUMNS if public else ARREARS_COLUMNS, rows)
    _save(wb, out)
    return count


def export_reasons(session: Session, date_from, date_to, out: Path) -> int:
    rows = collection_plan.reason_statistics(session, date_from, date_to)
    wb = Workbook()
    ws = wb.active
    ws.title = "欠费原因统计"
    count = write_sheet(ws, REASON_COLUMNS, rows)
    _save(wb, out)
    return count
