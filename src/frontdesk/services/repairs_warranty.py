"""保修期: is a repair still under the builder's warranty? From the handover date and the trade.

The periods follow the Chinese construction quality regulation (《建设工程质量管理条例》第四十条)
and are kept in a table the supervisor can edit. A period of N 年/月 covers the days before the
N-th anniversary of the handover (handed over 2024-03-10, 2 年: in warranty up to 2026-03-09);
N 采暖期 ends on the last day of the N-th heating season that starts after the handover.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import RepairOrder, Unit, WarrantyPeriod
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import authz, clock, settings
from frontdesk.services.text import normalize

LENGTH_UNITS = ("年", "月", "采暖期")
HEATING_SEASON_END = (3, 15)  # a heating season runs 11-15 .. 03-15 in the north
IN_WARRANTY, OUT_OF_WARRANTY, UNKNOWN = "保修期内", "已过保修期", "无法判断"
SEP = "、"
BASIS = "《建设工程质量管理条例》第四十条"

DEFAULT_PERIODS = (
    ("给排水管道", ("水电", "管道"), 2, "年"),
    ("电气管线", ("水电", "弱电"), 2, "年"),
    ("设备安装工程", ("电梯", "公共设施", "弱电"), 2, "年"),
    ("装修工程", ("土建", "门窗", "其他"), 2, "年"),
    ("卫生间、厨房和外墙面的防渗漏", ("土建", "管道"), 5, "年"),
    ("屋面防水工程", ("土建", "公共设施"), 5, "年"),
    ("供热与供冷系统", ("水电", "管道", "其他"), 2, "采暖期"),
)


@dataclass
class WarrantyRule:
    id: int | None
    item: str
    trades: tuple[str, ...]
    length: int
    length_unit: str
    basis: str = BASIS

    @property
    def label(self) -> str:
        return f"{self.item}（{self.length} {self.length_unit}）"


@dataclass
class WarrantyStatus:
    state: str
    rule: WarrantyRule | None
    handover: date | None
    ends: date | None  # the last day under warranty

    @property
    def explanation(self) -> str:
        if self.state == UNKNOWN or self.rule is None:
            return "没有收房日期或保修项目，无法判断是否在保修期内；请核实收房日期"
        span = f"{self.rule.label}，{self.handover:%Y-%m-%d} 收房，保修至 {self.ends:%Y-%m-%d}"
        if self.state == IN_WARRANTY:
            return f"保修期内（{span}）：属建设单位保修范围，维修不向业主收费"
        return f"已过保修期（{span}）：户内维修为有偿服务，费用由业主承担；公共部位由物业/维修资金承担"


def _rule(row: WarrantyPeriod) -> WarrantyRule:
    trades = tuple(t for t in row.trades.split(SEP) if t)
    return WarrantyRule(row.id, row.item, trades, row.length, row.length_unit, row.basis)


def ensure_periods(session: Session) -> None:
    """Write the regulation's defaults when the table is still empty."""
    if session.scalar(select(func.count()).select_from(WarrantyPeriod)):
        return
    for order, (item, trades, length, unit) in enumerate(DEFAULT_PERIODS):
        session.add(WarrantyPeriod(item=item, trades=SEP.join(trades), length=length, length_unit=unit,
                                   basis=BASIS, sort_order=order, active=True))
    session.flush()


def rules(session: Session) -> list[WarrantyRule]:
    ensure_periods(session)
    rows = session.scalars(
        select(WarrantyPeriod).where(WarrantyPeriod.active.is_(True))
        .order_by(WarrantyPeriod.sort_order, WarrantyPeriod.id)
    )
    return [_rule(r) for r in rows]


def rules_for_trade(session: Session, trade: str) -> list[WarrantyRule]:
    return [r for r in rules(session) if trade in r.trades]


def default_rule_id(session: Session, trade: str) -> int | None:
    found = rules_for_trade(session, trade)
    return found[0].id if found else None


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def warranty_end(handover: date, rule: WarrantyRule) -> date:
    """The last day under warranty."""
    if rule.length_unit == "采暖期":
        month, day = HEATING_SEASON_END
        first_end = date(handover.year, month, day)
        if first_end <= handover:
            first_end = date(handover.year + 1, month, day)
        return date(first_end.year + rule.length - 1, month, day)
    months = rule.length * 12 if rule.length_unit == "年" else rule.length
    return date.fromordinal(_add_months(handover, months).toordinal() - 1)


def status(handover: date | None, rule: WarrantyRule | None, on: date | None = None) -> WarrantyStatus:
    if handover is None or rule is None:
        return WarrantyStatus(UNKNOWN, rule, handover, None)
    ends = warranty_end(handover, rule)
    on = on or clock.today()
    return WarrantyStatus(IN_WARRANTY if on <= ends else OUT_OF_WARRANTY, rule, handover, ends)


def handover_of(session: Session, order: RepairOrder) -> date | None:
    """A home's own handover date; a public place's building was handed over with its first home."""
    if order.unit is not None:
        return order.unit.handover_date
    if order.phase is None:
        return None
    stmt = select(func.min(Unit.handover_date)).where(Unit.phase == order.phase)
    if order.building is not None:
        stmt = stmt.where(Unit.building == order.building)
    return session.scalar(stmt)


def order_status(session: Session, order: RepairOrder, on: date | None = None) -> WarrantyStatus:
    rule = _rule(order.warranty_item) if order.warranty_item is not None else None
    on = on or (order.reported_at.date() if order.reported_at else None)
    return status(handover_of(session, order), rule, on)


# ---- the supervisor's table -------------------------------------------------------------


@dataclass
class RuleInput:
    item: str
    trades: list[str]
    length: int | str
    length_unit: str
    id: int | None = None


def save_rules(session: Session, rows: list[RuleInput]) -> None:
    """Replace the warranty table with these rows (removed rows are retired, not deleted).

    Only a supervisor or administrator (the settings permission of the signed-in role).
    """
    authz.require(session, "settings")
    known_trades = set(settings.lookup_values(session, "repair_trade"))
    errors: dict[str, str] = {}
    cleaned = []
    for index, row in enumerate(rows):
        item = normalize(row.item)
        trades = [normalize(t) for t in row.trades if normalize(t)]
        where = f"第 {index + 1} 行"
        if not item:
            errors[f"rows.{index}.item"] = f"{where}缺少保修项目名称"
        unknown = [t for t in trades if t not in known_trades]
        if not trades or unknown:
            errors[f"rows.{index}.trades"] = (f"{where}的专业“{'、'.join(unknown)}”不在专业列表中" if unknown
                                              else f"{where}请至少填写一个适用专业，用顿号分隔，如 水电、管道")
        try:
            length = int(normalize(str(row.length)))
        except ValueError:
            length = 0
        if length <= 0 or length > 100:
            errors[f"rows.{index}.length"] = f"{where}的保修期限应为 1–100 之间的整数"
        if row.length_unit not in LENGTH_UNITS:
            errors[f"rows.{index}.length_unit"] = f"{where}的期限单位只能是 {'、'.join(LENGTH_UNITS)}"
        cleaned.append((row.id, item, trades, length, row.length_unit))
    if not rows:
        errors["rows"] = "保修期限表至少要有一行"
    if errors:
        raise ValidationError(errors)
    ensure_periods(session)
    kept = set()
    for order, (row_id, item, trades, length, unit) in enumerate(cleaned):
        period = session.get(WarrantyPeriod, row_id) if row_id else None
        if row_id and period is None:
            raise NotFound("要修改的保修项目已不存在，请重新打开保修期限表")
        if period is None:
            period = WarrantyPeriod(basis=BASIS)
            session.add(period)
        period.item, period.trades, period.length, period.length_unit = item, SEP.join(trades), length, unit
        period.sort_order, period.active = order, True
        session.flush()
        kept.add(period.id)
    for period in session.scalars(select(WarrantyPeriod).where(WarrantyPeriod.active.is_(True))):
        if period.id not in kept:
            period.active = False
