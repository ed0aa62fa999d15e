"""All ORM models; importing this module registers every table on Base.metadata."""

from frontdesk.db.base import Base
from frontdesk.db.models.accounts import ShiftNote, UserAccount
from frontdesk.db.models.collections import (
    Allocation,
    BuildingCollector,
    Charge,
    ClosedFigures,
    ClosedFiguresEpoch,
    CollectionAction,
    FeeEnrolment,
    Payment,
    UnitArrears,
)
from frontdesk.db.models.contacts import Complaint, Contact, Handover, ReturnVisit
from frontdesk.db.models.dayend import CollectorMonth, CommissionBand, CommissionScheme, DayClosing
from frontdesk.db.models.repairs import RepairEvent, RepairKnowledge, RepairOrder, WarrantyPeriod
from frontdesk.db.models.rings import Ring
from frontdesk.db.models.roster import Occupancy, Person, PersonPhone, Unit
from frontdesk.db.models.staff import Staff
from frontdesk.db.models.surveys import Survey, SurveyScore, SurveyUnit
from frontdesk.db.models.system import AuditEntry, LookupItem, NumberCounter, Setting
from frontdesk.db.models.training import (
    Inspection,
    InspectionMark,
    MonthlyAssessment,
    TrainingAttendance,
    TrainingMaterial,
    TrainingSession,
    WeeklySlogan,
)
from frontdesk.db.models.vendors import (
    Announcement,
    AnnouncementTemplate,
    Vendor,
    VendorIssue,
    VendorIssuePhoto,
    VendorJob,
    VendorMeeting,
)
from frontdesk.db.models.violations import (
    NoticeDelivery,
    RectificationNotice,
    Reinspection,
    Violation,
    ViolationEvent,
    ViolationPhoto,
)

__all__ = [
    "Allocation",
    "Announcement",
    "AnnouncementTemplate",
    "AuditEntry",
    "Base",
    "BuildingCollector",
    "Charge",
    "ClosedFigures",
    "ClosedFiguresEpoch",
    "CollectionAction",
    "CollectorMonth",
    "CommissionBand",
    "CommissionScheme",
    "Complaint",
    "Contact",
    "DayClosing",
    "FeeEnrolment",
    "Handover",
    "Inspection",
    "InspectionMark",
    "LookupItem",
    "MonthlyAssessment",
    "NoticeDelivery",
    "NumberCounter",
    "Occupancy",
    "Payment",
    "Person",
    "PersonPhone",
    "RectificationNotice",
    "Reinspection",
    "RepairEvent",
    "Ring",
    "RepairKnowledge",
    "RepairOrder",
    "ReturnVisit",
    "Setting",
    "ShiftNote",
    "Staff",
    "Survey",
    "SurveyScore",
    "SurveyUnit",
    "TrainingAttendance",
    "TrainingMaterial",
    "TrainingSession",
    "Unit",
    "UnitArrears",
    "UserAccount",
    "Vendor",
    "VendorIssue",
    "VendorIssuePhoto",
    "VendorJob",
    "VendorMeeting",
    "Violation",
    "ViolationEvent",
    "ViolationPhoto",
    "WarrantyPeriod",
    "WeeklySlogan",
]
