"""Every ORM model in one namespace, so ``Base.metadata`` is complete once this is imported."""

from __future__ import annotations

from vpr_desktop.domain.actions import (
    Action,
    ActionSignOff,
    ActionUpdate,
    CommitteeMeeting,
    MeetingActionReview,
)
from vpr_desktop.domain.admin import (
    AuditEvent,
    Draft,
    ImportBatch,
    Setting,
    User,
    UserRole,
)
from vpr_desktop.domain.affected_staff import IncidentStaff, StaffCharacteristic, SupportStep
from vpr_desktop.domain.archives import BackupRecord, PackArchive
from vpr_desktop.domain.assessment import (
    AssessmentCycle,
    Evidence,
    Rating,
    RatingEvidence,
    StaffSideStatement,
)
from vpr_desktop.domain.base import Base, Entity
from vpr_desktop.domain.costs import NhsrClaim
from vpr_desktop.domain.incidents import Incident, IncidentTypeLink
from vpr_desktop.domain.reference import (
    Assignment,
    Location,
    Person,
    Site,
    SiteDirectorate,
    StaffGroup,
)
from vpr_desktop.domain.risk import Control, RiskAssessment, RiskReview, RiskStaffGroup
from vpr_desktop.domain.standard import CrosswalkLink, Indicator, Standard, StandardDomain
from vpr_desktop.domain.system import StaffSurveyResult, SystemReturn
from vpr_desktop.domain.training import (
    ComplianceTarget,
    Course,
    MappingProfile,
    TrainingRecord,
    TrainingRequirement,
)
from vpr_desktop.domain.vpr_roles import RoleAssignment

__all__ = [
    "Action",
    "ActionSignOff",
    "ActionUpdate",
    "AssessmentCycle",
    "Assignment",
    "AuditEvent",
    "BackupRecord",
    "Base",
    "CommitteeMeeting",
    "ComplianceTarget",
    "Control",
    "Course",
    "CrosswalkLink",
    "Draft",
    "Entity",
    "Evidence",
    "ImportBatch",
    "Incident",
    "IncidentStaff",
    "IncidentTypeLink",
    "Indicator",
    "Location",
    "MappingProfile",
    "MeetingActionReview",
    "NhsrClaim",
    "PackArchive",
    "Person",
    "Rating",
    "RatingEvidence",
    "RiskAssessment",
    "RiskReview",
    "RiskStaffGroup",
    "RoleAssignment",
    "Setting",
    "Site",
    "SiteDirectorate",
    "StaffCharacteristic",
    "StaffGroup",
    "StaffSideStatement",
    "StaffSurveyResult",
    "Standard",
    "StandardDomain",
    "SupportStep",
    "SystemReturn",
    "TrainingRecord",
    "TrainingRequirement",
    "User",
    "UserRole",
]
