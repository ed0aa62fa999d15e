"""收费催缴: charges (应收), payments (实收) and their allocations, collection actions, collectors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked
from frontdesk.db.models.roster import Unit
from frontdesk.db.models.staff import Staff

PAYMENT_METHODS = ("现金", "微信", "支付宝", "银行转账", "POS")
ACTION_METHODS = ("电话", "上门", "短信", "催缴函", "催收函", "律师函")
PAYMENT = "收款"
REVERSAL = "冲正"


OPEN_CHARGE_COLUMNS = ("unit_id", "period", "item", "amount", "paid", "due_date", "deleted_at")
OPEN_DUE_COLUMNS = ("due_date", "unit_id", "amount", "paid", "deleted_at")


class Charge(Tracked, Base):
    """One bill line: a unit owes `amount` for a fee item and a month (period YYYY-MM)."""

    __tablename__ = "charges"
    __table_args__ = (
        UniqueConstraint("unit_id", "item", "period", name="uq_charges_unit_item_period"),
        # A period's bills with what the collection rates add up, read from the index alone.
        Index("ix_charges_period", "period", "unit_id", "amount", "paid", "due_date", "deleted_at"),
        Index("ix_charges_due_date", "due_date", "deleted_at"),
        # The open bills only (a sixth of ten years of bills): a unit's arrears, oldest first, read from
        # the index alone.
        Index("ix_charges_open", *OPEN_CHARGE_COLUMNS, sqlite_where=text("paid < amount")),  # PostgreSQL too (base.py)
        # The open bills by due date: those falling due from a past day on (a month's or a year's),
        # which the per-unit summary counts and that day's arrears do not.
        Index("ix_charges_open_due", *OPEN_DUE_COLUMNS, sqlite_where=text("paid < amount")),  # PostgreSQL too
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), nullable=False, index=True)
    item: Mapped[str] = mapped_column(String(20), nullable=False)
    period: Mapped[str] = mapped_column(String(7), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    basis: Mapped[str] = mapped_column(String(60), nullable=False, default="")  # "89.50㎡ × 1.50"
    # The sum of the charge's allocations, kept by every writer (payments.recount_paid); never edited.
    paid: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"), server_default="0")

    unit: Mapped[Unit] = relationship()


class UnitArrears(Base):
    """What a unit's open bills add up to, kept with them (db/arrears_summary.py), so that the arrears
    lists read one row per unit instead of ageing every open bill on each query.

    Only what does not change with time is kept; whether a bill is overdue, and how old, is worked out
    when read. The bills of the latest due date are counted apart: they are the ones not yet due
    between a month's bill run and its due day, and the list takes them off without reading them.
    A unit without open bills has no row. Derived data: no stamps, no audit of its own."""

    __tablename__ = "unit_arrears"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, autoincrement=False)
    open_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)  # Σ (amount − paid)
    open_charges: Mapped[int] = mapped_column(Integer, nullable=False)
    oldest_period: Mapped[str] = mapped_column(String(7), nullable=False)
    oldest_due: Mapped[date] = mapped_column(Date, nullable=False)
    last_due: Mapped[date] = mapped_column(Date, nullable=False)  # the latest due date of its open bills
    last_due_open: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)  # what those bills owe
    last_due_charges: Mapped[int] = mapped_column(Integer, nullable=False)
    last_due_first_period: Mapped[str] = mapped_column(String(7), nullable=False)
    due_before_last: Mapped[date | None] = mapped_column(Date, nullable=True)  # the next latest, if any


class ClosedFigures(Base):
    """Figures of a period already over, as computed from its bills and the money put on them, kept so
    that the statistics read them once (db/closed_figures.py says when they are dropped). `kind` names
    the figures (`closed_figures.Kind`); `figures` is their JSON. Derived data: no stamps, no audit of
    its own."""

    __tablename__ = "closed_figures"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    start_on: Mapped[date] = mapped_column(Date, primary_key=True)
    end_on: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    figures: Mapped[str] = mapped_column(Text, nullable=False)


class ClosedFiguresEpoch(Base):
    """One row counting the changes that dropped kept figures: a reader keeps what it computed only if
    the count is still the one it read before computing."""

    __tablename__ = "closed_figures_epoch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    epoch: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Payment(Tracked, Base):
    """Money taken (收款) or a reversal entry (冲正, negative, pointing at the payment it undoes)."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_unit_paid", "unit_id", "paid_on"),
        Index("ix_payments_paid_on", "paid_on", "deleted_at"),  # the payments since a date, voided left out
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(4), nullable=False, default=PAYMENT)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), nullable=False)
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)
    method: Mapped[str] = mapped_column(String(8), nullable=False)
    payer: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    collector_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reversal_of_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), nullable=True, unique=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    approved_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    unit: Mapped[Unit] = relationship()
    collector: Mapped[Staff] = relationship()
    allocations: Mapped[list[Allocation]] = relationship(
        back_populates="payment", cascade="all, delete-orphan", order_by="Allocation.id"
    )


REVERSED = "amount < 0"
ALLOCATION_PAID_ON_COLUMNS = ("paid_on", "charge_period", "charge_due_date", "unit_id", "charge_id", "amount")


class Allocation(Base):
    """The part of a payment that settles one charge (negative for a reversal).

    It carries copies of what the statistics ask of it by date: its payment's date, and its charge's
    unit, month and due date. What was owed on a past day, or at the start of a period, is today's
    figure with the money taken since put back; with the copies, "the money taken since, on which
    bills" is a range of one index instead of every later payment joined to its allocations and their
    bills. None of the copied fields changes once written (a payment is corrected by a reversal, a
    bill is never re-dated); every writer of allocations sets them, and `frontdesk check`
    compares them with the payment and the charge (`check --repair` rewrites them)."""

    __tablename__ = "allocations"
    __table_args__ = (
        # A payment's allocations with their bill and amount, read from the index alone.
        Index("ix_allocations_payment_id", "payment_id", "charge_id", "amount"),
        # The money taken from a day on, with the bills it went to, read from the index alone.
        Index("ix_allocations_paid_on", *ALLOCATION_PAID_ON_COLUMNS),
        # The bills a reversal touched (a handful): worked out one by one when a past day is summed.
        Index("ix_allocations_reversed", "charge_id", "amount", sqlite_where=text(REVERSED)),  # PostgreSQL too
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), nullable=False)
    charge_id: Mapped[int] = mapped_column(ForeignKey("charges.id"), nullable=False, index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)  # = payments.paid_on
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), nullable=False)  # = charges.unit_id
    charge_period: Mapped[str] = mapped_column(String(7), nullable=False)  # = charges.period
    charge_due_date: Mapped[date] = mapped_column(Date, nullable=False)  # = charges.due_date

    payment: Mapped[Payment] = relationship(back_populates="allocations")
    charge: Mapped[Charge] = relationship()


class FeeEnrolment(Tracked, Base):
    """A unit that pays an enrolled fee item (车位费 for the units that rent a space)."""

    __tablename__ = "fee_enrolments"
    __table_args__ = (UniqueConstraint("unit_id", "item", name="uq_fee_enrolments_unit_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), nullable=False)
    item: Mapped[str] = mapped_column(String(20), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class CollectionAction(Tracked, Base):
    """催缴记录: a call, visit, message or letter to a unit in arrears, and what came of it."""

    __tablename__ = "collection_actions"
    __table_args__ = (Index("ix_collection_actions_unit_date", "unit_id", "acted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), nullable=False)
    acted_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    method: Mapped[str] = mapped_column(String(6), nullable=False)
    collector_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    reason: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")
    result: Mapped[str] = mapped_column(Text, nullable=False, default="")
    promise_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    arrears: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0"))

    unit: Mapped[Unit] = relationship()
    collector: Mapped[Staff] = relationship()


class BuildingCollector(Tracked, Base):
    """楼栋助理: the collector responsible for a building's fees."""

    __tablename__ = "building_collectors"
    __table_args__ = (UniqueConstraint("phase", "building", name="uq_building_collectors_phase_building"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase: Mapped[int] = mapped_column(Integer, nullable=False)
    building: Mapped[int] = mapped_column(Integer, nullable=False)
    collector_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)

    collector: Mapped[Staff] = relationship()
