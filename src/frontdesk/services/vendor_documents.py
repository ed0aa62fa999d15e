"""What the 月会纪要 and the 整改通知单 print: gathered here, rendered by reports/pdf/vendor_minutes.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from frontdesk.errors import ValidationError
from frontdesk.services import authz, clock, settings, vendor_issues, vendors
from frontdesk.services.vendor_issues import IssueRow


@dataclass
class MinutesDocument:
    company: str
    project: str
    phone: str
    vendor: str
    service: str
    vendor_contact: str
    held_on: date
    attendees: str
    chaired_by: str
    minutes: str
    items: list[IssueRow] = field(default_factory=list)
    printed_on: date | None = None

    @property
    def open_items(self) -> list[IssueRow]:
        return [i for i in self.items if i.status != "已整改"]


def minutes_document(session: Session, meeting_id: int) -> MinutesDocument:
    authz.require(session, "vendor_issues")
    meeting = vendors.get_meeting(session, meeting_id)
    vendor = vendors.get_vendor(session, meeting.vendor_id)
    contact = " ".join(p for p in (vendor.contact, vendor.phone) if p)
    return MinutesDocument(
        company=settings.get(session, "company_name"), project=settings.get(session, "project_name"),
        phone=settings.get(session, "desk_phone"), vendor=vendor.company, service=vendor.service,
        vendor_contact=contact, held_on=meeting.held_on, attendees=meeting.attendees,
        chaired_by=meeting.chaired_by, minutes=meeting.minutes, items=vendor_issues.agenda(session, meeting.id),
        printed_on=clock.today())


def meeting_for_month(session: Session, vendor_name: str, month: str) -> int:
    vendor = vendors.find_vendor(session, vendor_name)
    return vendors.meeting_in_month(session, vendor.id, month).id


def rectification_document(session: Session, meeting_id: int) -> MinutesDocument:
    """整改通知单: the meeting's problems still to be fixed, each with its deadline."""
    doc = minutes_document(session, meeting_id)
    if not doc.open_items:
        raise ValidationError({"items": f"{doc.vendor} 这次月会的问题都已整改，不需要再发整改通知单"})
    doc.items = doc.open_items
    return doc
