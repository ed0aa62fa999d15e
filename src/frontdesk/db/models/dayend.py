"""日结 and 提成: a collector's closed day (the 日结单 as handed over), the commission schemes, and the
collector's part of the monthly assessment as the supervisor confirmed it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.staff import Staff

# The columns a closing keeps per payment method, in PAYMENT_METHODS' order.
METHOD_COLUMNS = {"现金": "cash", "微信": "wechat", "支付宝": "alipay", "银行转账": "bank_transfer", "POS": "pos"}


class DayClosing(Tracked, Base):
    """日结: one collector's day handed over; its figures are the slip as printed at the close."""

    __tablename__ = "day_closings"
    __table_args__ = (UniqueConstraint("collector_id", "day", name="uq_day_closings_collector_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collector_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    # Net of the day's reversals, per method.
    cash: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    wechat: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    alipay: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    bank_transfer: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    pos: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    reversed_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    cash_to_hand_over: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    receipts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reversals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    closed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    closed_by: Mapped[str] = mapped_column(String(40), nullable=False)
    receiver: Mapped[str] = mapped_column(String(40), nullable=False, default="")  # 接收人（财务）
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    collector: Mapped[Staff] = relationship()

    def by_method(self) -> dict[str, Decimal]:
        return {method: getattr(self, column) for method, column in METHOD_COLUMNS.items()}


class CommissionScheme(Tracked, Base):
    """提成方案 from a month on (until the next scheme's month): base pay, bands, old arrears bonus."""

    __tablename__ = "commission_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[str] = mapped_column(String(7), nullable=False, unique=True)  # YYYY-MM
    base: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    # Per ¥100 of arrears older than 12 months that the collector recovered.
    old_arrears_per_100: Mapped[Decimal] = mapped_column(Numeric(8, 2), nullable=False, default=Decimal("0"))
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    bands: Mapped[list[CommissionBand]] = relationship(
        back_populates="scheme", cascade="all, delete-orphan", order_by="CommissionBand.min_rate")


class CommissionBand(Base):
    """From `min_rate` % collection rate of the collector's buildings (to the next band): per ¥100 collected."""

    __tablename__ = "commission_bands"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("commission_schemes.id", ondelete="CASCADE"), nullable=False,
                                           index=True)
    min_rate: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False)
    per_100: Mapped[Decimal] = mapped_column(Numeric(8, 2), nullable=False)

    scheme: Mapped[CommissionScheme] = relationship(back_populates="bands")


class CollectorMonth(Tracked, Base):
    """The collector's part of 月度考核, stored when the supervisor confirms the month."""

    __tablename__ = "collector_months"
    __table_args__ = (UniqueConstraint("month", "staff_id", name="uq_collector_months_month_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), nullable=False, index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    buildings: Mapped[str] = mapped_column(Text, nullable=False, default="")
    collection_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), nullable=True)
    previous_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), nullable=True)
    collected: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    receipts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    old_arrears_recovered: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    actions: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    letters_sent: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    letters_paid: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    scheme_from: Mapped[str] = mapped_column(String(7), nullable=False, default="")
    base: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    commission: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    confirmed_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    staff: Mapped[Staff] = relationship()
