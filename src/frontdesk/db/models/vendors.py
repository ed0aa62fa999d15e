"""外包方与宣传栏: vendors, their monthly meetings (月会), the problems raised and re-checked, one-off
jobs, and the notice board's announcements with their templates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import Base, Tracked

# A problem's status: 未整改 means the re-check found it not fixed; it waits for the next 月会.
ISSUE_OPEN = "待整改"
ISSUE_FIXED = "已整改"
ISSUE_CARRIED = "未整改"
ISSUE_STATUSES = (ISSUE_OPEN, ISSUE_FIXED, ISSUE_CARRIED)
RECHECK_RESULTS = (ISSUE_FIXED, ISSUE_CARRIED)
ISSUE_SOURCES = ("月会", "巡查", "投诉", "一次性外包")
VENDOR_SERVICES = ("保洁", "绿化", "秩序维护/保安", "电梯维保", "消防维保", "外墙清洗", "管道疏通", "消杀", "其他")
ACCEPTANCE_RESULTS = ("合格", "整改后合格", "不合格")
ANNOUNCEMENT_KINDS = ("通知", "温馨提示", "法规宣传", "专题", "活动", "公示")
ALL_BUILDINGS = "全部楼栋"


class Vendor(Tracked, Base):
    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    service: Mapped[str] = mapped_column(String(20), nullable=False)
    contract_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    contract_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    contact: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class VendorMeeting(Tracked, Base):
    """月会 with one vendor; the problems it raised or took up are its agenda (`VendorIssue.agenda_meeting_id`)."""

    __tablename__ = "vendor_meetings"
    __table_args__ = (Index("ix_vendor_meetings_vendor_held", "vendor_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    attendees: Mapped[str] = mapped_column(Text, nullable=False, default="")
    minutes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    chaired_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    vendor: Mapped[Vendor] = relationship()


class VendorJob(Tracked, Base):
    """一次性外包 (外墙清洗, 管道疏通 …): someone follows it, and it is accepted (验收) at the end."""

    __tablename__ = "vendor_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(60), nullable=False)
    start_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    end_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    follower: Mapped[str] = mapped_column(String(40), nullable=False)
    accepted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    acceptance_result: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    acceptance_remark: Mapped[str] = mapped_column(Text, nullable=False, default="")

    vendor: Mapped[Vendor] = relationship()


class VendorIssue(Tracked, Base):
    __tablename__ = "vendor_issues"
    __table_args__ = (
        Index("ix_vendor_issues_vendor_raised", "vendor_id", "raised_on"),
        Index("ix_vendor_issues_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    source: Mapped[str] = mapped_column(String(10), nullable=False)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("vendor_meetings.id"), nullable=True, index=True)
    agenda_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendor_meetings.id"), nullable=True, index=True)  # the latest 月会 that took it up
    job_id: Mapped[int | None] = mapped_column(ForeignKey("vendor_jobs.id"), nullable=True, index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), nullable=True, index=True)
    raised_on: Mapped[date] = mapped_column(Date, nullable=False)
    location: Mapped[str] = mapped_column(String(100), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    deadline: Mapped[date] = mapped_column(Date, nullable=False)
    follower: Mapped[str] = mapped_column(String(40), nullable=False)
    recheck_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    recheck_result: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    recheck_remark: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(8), nullable=False, default=ISSUE_OPEN)
    carry_overs: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    vendor: Mapped[Vendor] = relationship()
    meeting: Mapped[VendorMeeting | None] = relationship(foreign_keys=[meeting_id])
    photos: Mapped[list[VendorIssuePhoto]] = relationship(
        back_populates="issue", order_by="VendorIssuePhoto.id", cascade="all, delete-orphan")


class VendorIssuePhoto(Base):
    """A photo in the attachments folder, stored the way the violations desk stores its photos."""

    __tablename__ = "vendor_issue_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("vendor_issues.id", ondelete="CASCADE"), nullable=False, index=True)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    original_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    added_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    issue: Mapped[VendorIssue] = relationship(back_populates="photos")


class Announcement(Tracked, Base):
    """宣传栏 GG-YYYY-NNN; voided ones keep their number (deleted_at + void_reason)."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    title: Mapped[str] = mapped_column(String(100), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    buildings: Mapped[str] = mapped_column(String(400), nullable=False, default=ALL_BUILDINGS)
    posted_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    take_down_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    author: Mapped[str] = mapped_column(String(40), nullable=False)
    void_reason: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class AnnouncementTemplate(Tracked, Base):
    __tablename__ = "announcement_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    title: Mapped[str] = mapped_column(String(100), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
