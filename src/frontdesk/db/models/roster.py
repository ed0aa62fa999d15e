"""房屋档案: units, the people who own or live in them, and their phones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked

HANDED_OVER = "已收房"
NOT_HANDED_OVER = "未收房"
# Which rows a partial index of a unit's own records holds (its live calls, its live repair orders):
# a query naming units takes it, one that names none never mistakes it for a list of every live record.
LIVE_OF_A_UNIT = text("unit_id IS NOT NULL AND deleted_at IS NULL")


class Unit(Tracked, Base):
    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("phase", "building", "entrance", "room", name="uq_units_parts"),
        Index("ix_units_building", "phase", "building"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase: Mapped[int] = mapped_column(Integer, nullable=False)
    building: Mapped[int] = mapped_column(Integer, nullable=False)
    entrance: Mapped[int] = mapped_column(Integer, nullable=False)
    room: Mapped[str] = mapped_column(String(8), nullable=False)
    code: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    area: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False)
    handover_state: Mapped[str] = mapped_column(String(8), nullable=False, default=NOT_HANDED_OVER)
    handover_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    occupancies: Mapped[list[Occupancy]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="Occupancy.id"
    )


class Person(Tracked, Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    # Pinyin initials of the name ("zsf" for 张三丰), kept for the search box.
    name_initials: Mapped[str] = mapped_column(String(40), nullable=False, default="", index=True)
    remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    phones: Mapped[list[PersonPhone]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonPhone.id"
    )
    occupancies: Mapped[list[Occupancy]] = relationship(back_populates="person", order_by="Occupancy.id")


class PersonPhone(Base):
    __tablename__ = "person_phones"
    __table_args__ = (UniqueConstraint("person_id", "phone", name="uq_person_phones_person_phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), nullable=False)
    phone: Mapped[str] = mapped_column(String(20), nullable=False, index=True)

    person: Mapped[Person] = relationship(back_populates="phones")


class Occupancy(Base):
    """A person's tie to a unit: 业主, 家属, 租户 …"""

    __tablename__ = "occupancies"
    __table_args__ = (UniqueConstraint("unit_id", "person_id", name="uq_occupancies_unit_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), nullable=False, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), nullable=False, index=True)
    relation: Mapped[str] = mapped_column(String(10), nullable=False, default="业主")

    unit: Mapped[Unit] = relationship(back_populates="occupancies")
    person: Mapped[Person] = relationship(back_populates="occupancies")
