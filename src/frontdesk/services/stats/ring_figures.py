"""来电弹屏's figures: rings the line reported, how many the desk took, missed, and taken in time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models.rings import ANSWERED, MISSED, Ring
from frontdesk.services import rings
from frontdesk.services.stats.catalog import Figure, Source, declare, declare_source
from frontdesk.services.stats.money import fraction
from frontdesk.services.stats.period import Period
from frontdesk.services.stats.records import RecordTable


def _gather(session: Session, period: Period) -> rings.RingFigures:
    return rings.ring_figures(session, period.first_moment, period.after_moment)


def _listing(status: str | None):
    def listing(session: Session, period: Period, title: str) -> RecordTable:
        stmt = select(Ring.rang_at, Ring.number, Ring.caller_name, Ring.status, Ring.answered_by).where(
            Ring.rang_at >= period.first_moment, Ring.rang_at < period.after_moment)
        if status:
            stmt = stmt.where(Ring.status == status)
        rows = [tuple(r) for r in session.execute(stmt.order_by(Ring.rang_at))]
        return RecordTable(title, ("来电时间", "号码", "来电人", "状态", "接听人"), rows, len(rows))
    return listing


declare_source(Source("rings", _gather))
declare(
    Figure("rings", "来电（来电显示）", "count", "统计期内来电显示盒或电话系统报来的来电次数（含未接）。",
           lambda f: f.data["rings"].rings, _listing(None)),
    Figure("rings_answered", "来电已接", "count", "统计期内的来电中，前台接起（在弹屏上接听或据此登记）的次数。",
           lambda f: f.data["rings"].answered, _listing(ANSWERED)),
    Figure("rings_missed", "未接来电", "count", "统计期内的来电中没有接起、至今也未回拨的次数。",
           lambda f: f.data["rings"].missed, _listing(MISSED), card=True, worse_when_up=True),
    Figure("rings_answered_in_time_rate", "来电及时接听率", "rate",
           "在设定秒数（默认 15 秒，约铃响三声）内接起的来电 ÷ 已接来电。",
           lambda f: fraction(f.data["rings"].answered_in_time, f.data["rings"].answered), _listing(ANSWERED)),
)
