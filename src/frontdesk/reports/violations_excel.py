"""违章整改 export: the filtered list of violations with their latest notice, as one Excel sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from frontdesk.reports.excel import Column, export_paged

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

    return export_paged("违章整改", COLUMNS, violations.count_violations(session, filt),
                        lambda offset, limit: violations.list_violations(session, filt, offset=offset, limit=limit),
                        out, page, progress)
