"""The desk's own figures (来电来访, 投诉, 报修, 回访, 收费, 催缴函, 整改, 培训), each declared once.

Each source gathers one area's aggregates for a period; each figure names its label, kind, definition,
value and the records behind it. See `catalog` for how the declarations are read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Contact, RepairOrder
from frontdesk.services import clock
from frontdesk.services.stats import contacts, desks, money, records, repairs
from frontdesk.services.stats.catalog import (
    Figure,
    Note,
    Section,
    Source,
    declare,
    declare_note,
    declare_section,
    declare_source,
)
from frontdesk.services.stats.money import fraction
from frontdesk.services.stats.period import Period


@dataclass
class ContactFigures:
    channels: dict[str, int]
    return_visits: int
    by_category: dict[str, int]
    visit_results: dict[str, int]
    complaints: tuple[int, int, int, int]  # received, 有效, closed on time, due or closed


def _contacts(session: Session, period: Period) -> ContactFigures:
    channels, categories = contacts.channel_and_category_counts(session, period)
    return ContactFigures(channels, contacts.return_visit_count(session, period, channels.get("回访", 0)),
                          categories, contacts.visit_results(session, period), contacts.complaint_figures(session, period))


declare_source(Source("contacts", _contacts))
declare_source(Source("repairs", repairs.repair_figures))
declare_source(Source("bills_by_unit", money.bills_by_unit))
declare_source(Source("money", money.money_figures, needs=("bills_by_unit",)))
declare_source(Source("letters", money.letter_figures))
declare_source(Source("notices", desks.notice_figures))
declare_source(Source("training", desks.training_figures))


def _satisfaction(f) -> float | None:
    results = f.data["contacts"].visit_results
    return fraction(sum(results.get(r, 0) for r in contacts.SATISFIED), sum(results.get(r, 0) for r in contacts.RATED))


# ---- how the records behind a figure are listed ---------------------------------------------------


def _channel(channel: str):
    def listing(session: Session, period: Period, title: str):
        return records.contact_records(
            session, title, select(Contact.id).where(contacts.live_contacts(period), Contact.channel == channel))
    return listing


def _orders(condition=None):
    def listing(session: Session, period: Period, title: str):
        stmt = select(RepairOrder.id).where(repairs.reported_in(period))
        if condition is not None:
            stmt = stmt.where(condition() if callable(condition) else condition)
        return records.repair_records(session, title, stmt)
    return listing


def _complaints(effective_only: bool = False):
    def listing(session: Session, period: Period, title: str):
        return records.complaint_records(session, title, period, effective_only)
    return listing


def _units(owed: bool):
    def listing(session: Session, period: Period, title: str):
        return records.unit_records(session, title, period, owed)
    return listing


_DAILY = "统计期内截至今天已开始的天数为分母，保留一位小数。"

declare(
    Figure("days", "统计天数", "count", "统计期内截至今天已开始的天数（未结束的统计期截至今天）。",
           lambda f: f.days),
    Figure("calls", "来电（电话）", "count", "来电来访台账中方式为“电话”的记录数（作废的不计）。",
           lambda f: f.data["contacts"].channels.get("电话", 0), _channel("电话"), card=True),
    Figure("visits", "来访", "count", "来电来访台账中方式为“来访”的记录数。",
           lambda f: f.data["contacts"].channels.get("来访", 0), _channel("来访"), card=True),
    Figure("return_visits", "回访", "count",
           "台账中方式为“回访”的记录，加上报修单、投诉的回访记录（同一房屋或同一报修单同一天已登记为“回访”来电的不重复计算）。",
           lambda f: f.data["contacts"].return_visits, lambda s, p, t: records.return_visit_records(s, t, p),
           card=True),
    Figure("calls_per_day", "日均来电", "number", "来电 ÷ 统计天数；" + _DAILY,
           lambda f: f.per_day(f.value("calls")), _channel("电话"), card=True),
    Figure("visits_per_day", "日均来访", "number", "来访 ÷ 统计天数；" + _DAILY,
           lambda f: f.per_day(f.value("visits")), _channel("来访")),
    Figure("return_visits_per_day", "日均回访", "number", "回访 ÷ 统计天数；" + _DAILY,
           lambda f: f.per_day(f.value("return_visits")), lambda s, p, t: records.return_visit_records(s, t, p)),
    Figure("complaints", "投诉", "count", "统计期内受理的投诉（作废的来电不计）。",
           lambda f: f.data["contacts"].complaints[0], _complaints(), card=True, worse_when_up=True),
    Figure("complaints_effective", "有效投诉", "count", "统计期内受理、判定为“有效”的投诉。",
           lambda f: f.data["contacts"].complaints[1], _complaints(effective_only=True), worse_when_up=True),
    Figure("complaints_closed_on_time_rate", "投诉按时办结率", "rate",
           "在办结时限内办结的投诉 ÷ 已办结或已超过办结时限的投诉（均为统计期内受理的投诉）。",
           lambda f: fraction(f.data["contacts"].complaints[2], f.data["contacts"].complaints[3]), _complaints(),
           card=True),
    Figure("repairs", "报修", "count", "统计期内登记的报修单（含已取消，作废的不计）。",
           lambda f: f.data["repairs"].reported, _orders(), card=True),
    Figure("repairs_household", "业主日常报修（户内）", "count", "统计期内登记的户内报修单（业主日常报修）。",
           lambda f: f.data["repairs"].household, _orders(RepairOrder.scope == "户内")),
    Figure("repairs_public", "公共报修", "count", "统计期内登记的公共区域报修单。",
           lambda f: f.data["repairs"].public, _orders(RepairOrder.scope == "公共")),
    Figure("repairs_completed", "报修完工", "count", "统计期内登记、已完工的报修单（不含已取消）。",
           lambda f: f.data["repairs"].completed, _orders(repairs.finished)),
    Figure("repairs_on_time_rate", "报修及时完工率", "rate",
           "在目标时间内完工的 ÷ 已完工或已超过目标时间的报修单（不含已取消）。",
           lambda f: fraction(f.data["repairs"].on_time, f.data["repairs"].due),
           _orders(lambda: repairs.due_by(clock.now())), card=True),
    Figure("repairs_repeat", "返修", "count", "统计期内登记、在返修期限内同一房屋（或位置）同一专业再次报修的报修单。",
           lambda f: f.data["repairs"].repeats, _orders(RepairOrder.repeat_of_id.is_not(None)), card=True,
           worse_when_up=True),
    Figure("satisfaction_rate", "回访满意率", "rate",
           "（满意 + 基本满意）÷ 有评价的回访（满意、基本满意、不满意；无法联系不计），按回访完成时间统计。",
           _satisfaction, lambda s, p, t: records.visit_records(s, t, p), card=True),
    Figure("charged", "应收（本期账单）", "money", "账期在统计期内的账单金额（作废的不计）。",
           lambda f: f.data["money"].charged, _units(owed=False), ledger="bills"),
    Figure("collected", "已收（本期账单）", "money", "本期账单截至期末（未结束的统计期截至今天）已收到的金额。",
           lambda f: f.data["money"].collected, _units(owed=False), ledger="bills"),
    Figure("collection_rate", "收费率", "rate", "已收（本期账单）÷ 应收（本期账单）。",
           lambda f: f.data["money"].collection_rate, _units(owed=False), card=True, ledger="bills"),
    Figure("household_collection_rate", "户收费率", "rate", "本期账单已全部缴清的户数 ÷ 本期有账单的户数。",
           lambda f: f.data["money"].household_collection_rate, _units(owed=False), card=True, ledger="bills"),
    Figure("arrears_recovery_rate", "清缴率", "rate",
           "统计期内收回的往期欠费 ÷ 期初往期欠费（账期早于统计期、期初尚未缴清的金额）。",
           lambda f: f.data["money"].arrears_recovery_rate, _units(owed=True), card=True, ledger="bills"),
    Figure("letters_sent", "发出催缴函/催收函", "count", "统计期内发出的催缴函、催收函封数。",
           lambda f: f.data["letters"].sent, lambda s, p, t: records.letter_records(s, t, p), card=True),
    Figure("letters_paid_units", "收函后缴费户数", "count", "收函各户自首次收函至期末（或今天）有缴费的户数。",
           lambda f: f.data["letters"].paid_units, lambda s, p, t: records.letter_records(s, t, p)),
    Figure("letters_paid_amount", "收函后缴费金额", "money", "收函各户自首次收函至期末（或今天）缴纳的金额。",
           lambda f: f.data["letters"].paid_amount, lambda s, p, t: records.letter_records(s, t, p)),
    Figure("notices_issued", "出具整改通知书", "count", "统计期内出具的整改通知书（作废的不计）。",
           lambda f: f.data["notices"][0], lambda s, p, t: records.notice_records(s, t, p), card=True),
    Figure("notices_rectified", "复查已整改", "count", "统计期内复查结果为“已整改”的违章数。",
           lambda f: f.data["notices"][1], lambda s, p, t: records.rectified_records(s, t, p)),
    Figure("training_sessions", "培训场次", "count", "统计期内举办的培训场次。",
           lambda f: f.data["training"].sessions, lambda s, p, t: records.training_records(s, t, p), card=True),
    Figure("training_hours", "培训课时", "number", "统计期内举办的培训课时之和。",
           lambda f: float(f.data["training"].hours), lambda s, p, t: records.training_records(s, t, p)),
    Figure("training_pass_rate", "笔试一次通过率", "rate", "首次笔试及格人次 ÷ 参加笔试人次。",
           lambda f: fraction(f.data["training"].passed, f.data["training"].tested),
           lambda s, p, t: records.training_records(s, t, p)),
)

declare_section(Section("contacts_by_category", lambda f: dict(f.contacts_by_category)))
declare_section(Section("by_phase", lambda f: {
    p.phase: {"charged": f"{p.charged}", "collected": f"{p.collected}", "collection_rate": p.collection_rate,
              "household_collection_rate": p.household_collection_rate} for p in f.by_phase}))

declare_note(Note("来电来访类别", "电话、来访及其他方式的记录按类别计数（回访是前台主动联系，不计入类别）。"))
declare_note(Note("比率", "以小数表示（0–1，保留四位），报表中显示为百分数；分母为 0 时不计算（显示“—”）。"))
