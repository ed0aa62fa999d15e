"""Every figure of a period computed once; the screen, the PDF, the Excel file and the CLI read these."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from frontdesk.services.stats import contacts, desks, money, repairs
from frontdesk.services.stats.money import PhaseFigures, fraction
from frontdesk.services.stats.period import Period

# (key, Chinese name, kind): kind is count / rate / money / number; the order of the reports.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("days", "统计天数", "count"),
    ("calls", "来电（电话）", "count"),
    ("visits", "来访", "count"),
    ("return_visits", "回访", "count"),
    ("calls_per_day", "日均来电", "number"),
    ("visits_per_day", "日均来访", "number"),
    ("return_visits_per_day", "日均回访", "number"),
    ("complaints", "投诉", "count"),
    ("complaints_effective", "有效投诉", "count"),
    ("complaints_closed_on_time_rate", "投诉按时办结率", "rate"),
    ("repairs", "报修", "count"),
    ("repairs_household", "业主日常报修（户内）", "count"),
    ("repairs_public", "公共报修", "count"),
    ("repairs_completed", "报修完工", "count"),
    ("repairs_on_time_rate", "报修及时完工率", "rate"),
    ("repairs_repeat", "返修", "count"),
    ("satisfaction_rate", "回访满意率", "rate"),
    ("charged", "应收（本期账单）", "money"),
    ("collected", "已收（本期账单）", "money"),
    ("collection_rate", "收费率", "rate"),
    ("household_collection_rate", "户收费率", "rate"),
    ("arrears_recovery_rate", "清缴率", "rate"),
    ("letters_sent", "发出催缴函/催收函", "count"),
    ("letters_paid_units", "收函后缴费户数", "count"),
    ("letters_paid_amount", "收函后缴费金额", "money"),
    ("notices_issued", "出具整改通知书", "count"),
    ("notices_rectified", "复查已整改", "count"),
    ("training_sessions", "培训场次", "count"),
    ("training_hours", "培训课时", "number"),
    ("training_pass_rate", "笔试一次通过率", "rate"),
)
LABELS = {key: name for key, name, _kind in FIGURES}
KINDS = {key: kind for key, _name, kind in FIGURES}

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("来电、来访、回访", "来电来访台账中方式为“电话”“来访”“回访”的记录数；回访另含报修单、投诉的回访记录"
                      "（同一房屋同一天已登记为“回访”来电的不重复计算）。"),
    ("统计天数、日均", "统计期内截至今天已开始的天数；日均 = 次数 ÷ 统计天数，保留一位小数。"),
    ("来电来访类别", "电话、来访及其他方式的记录按类别计数（回访是前台主动联系，不计入类别）。"),
    ("投诉、有效投诉", "统计期内受理的投诉；有效投诉为判定为“有效”的投诉。"),
    ("投诉按时办结率", "在办结时限内办结的投诉 ÷ 已办结或已超过办结时限的投诉（均为统计期内受理的投诉）。"),
    ("报修", "统计期内登记的报修单（含已取消）；户内为业主日常报修，公共为公共报修。"),
    ("报修完工、及时完工率", "已完工的报修单；及时完工率 = 在目标时间内完工的 ÷ 已完工或已超过目标时间的（不含已取消）。"),
    ("返修", "统计期内登记、在返修期限内同一房屋（或位置）同一专业再次报修的报修单。"),
    ("回访满意率", "（满意 + 基本满意）÷ 有评价的回访（满意、基本满意、不满意；无法联系不计），按回访完成时间统计。"),
    ("应收、已收、收费率", "账期在统计期内的账单金额；已收为截至期末已收到的金额；收费率 = 已收 ÷ 应收。"),
    ("户收费率", "本期账单已全部缴清的户数 ÷ 本期有账单的户数。"),
    ("清缴率", "统计期内收回的往期欠费 ÷ 期初往期欠费（账期早于统计期、期初尚未缴清的金额）。"),
    ("催缴函", "统计期内发出的催缴函、催收函封数；收函后缴费为收函各户自首次收函至期末（或今天）的缴费户数及金额。"),
    ("整改通知书", "统计期内出具的整改通知书（作废的不计）；复查已整改为统计期内复查结果为“已整改”的违章数。"),
    ("培训", "统计期内举办的培训场次、课时；笔试一次通过率 = 首次笔试及格人次 ÷ 参加笔试人次。"),
    ("比率", "以小数表示（0–1，保留四位），报表中显示为百分数；分母为 0 时不计算（显示“—”）。"),
)


@dataclass
class Figures:
    period: Period
    days: int
    calls: int
    visits: int
    return_visits: int
    contacts_by_category: dict[str, int]
    complaints: int
    complaints_effective: int
    complaints_on_time: int
    complaints_due: int
    repairs: repairs.RepairFigures
    visit_results: dict[str, int]
    money: money.MoneyFigures
    letters: money.LetterFigures
    notices_issued: int
    notices_rectified: int
    training: desks.TrainingFigures
    extra: dict = field(default_factory=dict)

    def per_day(self, count: int) -> float:
        return round(count / self.days, 1) if self.days else 0.0

    @property
    def satisfaction_rate(self) -> float | None:
        rated = sum(self.visit_results.get(r, 0) for r in contacts.RATED)
        return fraction(sum(self.visit_results.get(r, 0) for r in contacts.SATISFIED), rated)

    def value(self, key: str):
        """One figure by its JSON key (counts int, rates float|None, money Decimal, numbers float)."""
        r, m = self.repairs, self.money
        values = {
            "days": self.days, "calls": self.calls, "visits": self.visits, "return_visits": self.return_visits,
            "calls_per_day": self.per_day(self.calls), "visits_per_day": self.per_day(self.visits),
            "return_visits_per_day": self.per_day(self.return_visits),
            "complaints": self.complaints, "complaints_effective": self.complaints_effective,
            "complaints_closed_on_time_rate": fraction(self.complaints_on_time, self.complaints_due),
            "repairs": r.reported, "repairs_household": r.household, "repairs_public": r.public,
            "repairs_completed": r.completed, "repairs_on_time_rate": fraction(r.on_time, r.due),
            "repairs_repeat": r.repeats, "satisfaction_rate": self.satisfaction_rate,
            "charged": m.charged, "collected": m.collected, "collection_rate": m.collection_rate,
            "household_collection_rate": m.household_collection_rate,
            "arrears_recovery_rate": m.arrears_recovery_rate,
            "letters_sent": self.letters.sent, "letters_paid_units": self.letters.paid_units,
            "letters_paid_amount": self.letters.paid_amount,
            "notices_issued": self.notices_issued, "notices_rectified": self.notices_rectified,
            "training_sessions": self.training.sessions, "training_hours": float(self.training.hours),
            "training_pass_rate": fraction(self.training.passed, self.training.tested),
        }
        return values[key]

    @property
    def by_phase(self) -> list[PhaseFigures]:
        return self.money.by_phase


def compute(session: Session, period: Period) -> Figures:
    channels = contacts.channel_counts(session, period)
    received, effective, on_time, due = contacts.complaint_figures(session, period)
    issued, rectified = desks.notice_figures(session, period)
    return Figures(
        period=period, days=period.days, calls=channels.get("电话", 0), visits=channels.get("来访", 0),
        return_visits=contacts.return_visit_count(session, period, channels.get("回访", 0)),
        contacts_by_category=contacts.category_counts(session, period),
        complaints=received, complaints_effective=effective, complaints_on_time=on_time, complaints_due=due,
        repairs=repairs.repair_figures(session, period), visit_results=contacts.visit_results(session, period),
        money=money.money_figures(session, period), letters=money.letter_figures(session, period),
        notices_issued=issued, notices_rectified=rectified, training=desks.training_figures(session, period),
    )


def _json_value(key: str, value):
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01'))}"
    return value


def to_json(figures: Figures) -> dict:
    """The CLI contract: counts int, rates fractions (4 places), money strings with two decimals."""
    result: dict = {"period": figures.period.key}
    for key, _name, _kind in FIGURES:
        result[key] = _json_value(key, figures.value(key))
    result["contacts_by_category"] = dict(figures.contacts_by_category)
    result["by_phase"] = {p.phase: {"charged": f"{p.charged}", "collected": f"{p.collected}",
                                    "collection_rate": p.collection_rate,
                                    "household_collection_rate": p.household_collection_rate}
                          for p in figures.by_phase}
    return result


def display(key: str, value) -> str:
    """A figure as the reports print it: 12,345 · 93.5% · ¥1,234.50 · 71.3 · — when unknown."""
    if value is None:
        return "—"
    kind = KINDS.get(key, "count")
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "money":
        return f"{Decimal(value):,.2f}"
    if kind == "number":
        return f"{value:,.1f}"
    return f"{value:,}"


def change(key: str, now, before) -> str:
    """The change against another period: +12.3% for counts and money, +1.5 个百分点 for rates."""
    if now is None or before is None:
        return "—"
    if KINDS.get(key) == "rate":
        points = (now - before) * 100
        return f"{points:+.1f}个百分点"
    if not before:
        return "—"
    ratio = (float(now) - float(before)) / float(before) * 100
    return f"{ratio:+.1f}%"


def change_value(key: str, now, before) -> float | None:
    """The same change as a number (a fraction): for Excel cells and KPI colours."""
    if now is None or before is None:
        return None
    if KINDS.get(key) == "rate":
        return round(now - before, 4)
    if not before:
        return None
    return round((float(now) - float(before)) / float(before), 4)
