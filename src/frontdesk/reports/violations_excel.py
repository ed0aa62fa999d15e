"""违章整改 export: the filtered list of violations with their latest notice, as one Excel sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from frontdesk.reports.excel import Column, ExportCancelled, write_sheet

COLUMNS = (
    Column("发现日期", lambda r: r.found_date),
    Column("房号/位置", lambda r: r.place),
    Column("违章类型", lambda r: r.kind),
    Column("违章情况", lambda r: r.description),
    Column("发现人", lambda r: r.found_by),
    Column("状态", lambda r: r.status),
    Column("通知书编号", lambda r: r.notice_number),
    Column("整改期限", lambda r: r.deadline),
    Column("下次复查", lambda r: r.next_due),
    Column("复查逾期", lambda r: "是" if r.overdue else ""),
)


def export_violations(session: Session, filt, out: Path | str, page: int = 1000,
                      progress: Callable[[int, int], bool | None] | None = None) -> int:
    from frontdesk.services import violations

    total = violations.count_violations(session, filt)

    def rows():
        offset = 0
        while offset < total:
            batch = violations.list_violations(session, filt, offset=offset, limit=page)
            if not batch:
                return
            yield from batch
            offset += len(batch)
            if progress is not None and progress(min(offset, total), total) is False:
                raise ExportCancelled()

    wb = Workbook()
    ws = wb.active
    ws.title = "违章整改"
    count = write_sheet(ws, COLUMNS, rows())
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    return count
