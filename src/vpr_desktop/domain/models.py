"""Every ORM model in one namespace, so ``Base.metadata`` is complete once this is imported."""

from __future__ import annotations

from vpr_desktop.domain.actions import Action
from vpr_desktop.domain.actions import ActionSignOff
from vpr_desktop.domain.actions import ActionUpdate
from vpr_desktop.domain.actions import CommitteeMeeting
from vpr_desktop.domain.actions import MeetingActionReview
from vpr_desktop.domain.admin import AuditEvent
from vpr_desktop.domain.admin import Draft
from vpr_desktop.domain.admin import ImportBatch
from vpr_desktop.domain.admin import Setting
from vpr_desktop.domain.admin import User
from vpr_desktop.domain.admin import UserRole
from vpr_desktop.domain.affected_staff import IncidentStaff
from vpr_desktop.domain.affected_staff import StaffCharacteristic
from vpr_desktop.domain.affected_staff import SupportStep
from vpr_desktop.domain.archives import BackupRecord
from vpr_desktop.domain.archives import PackArchive
from vpr_desktop.domain.assessment import AssessmentCycle
from vpr_desktop.domain.assessment import Evidence
from vpr_desktop.domain.assessment import Rating
from vpr_desktop.domain.assessment import RatingEvidence
from vpr_desktop.domain.assessment import StaffSideStatement
from vpr_desktop.domain.base import Base
from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.costs import NhsrClaim
from vpr_desktop.domain.incidents import Incident
from vpr_desktop.domain.incidents import IncidentTypeLink
from vpr_desktop.domain.reference import Assignment
from vpr_desktop.domain.reference import Location
from vpr_desktop.domain.reference import Person
from vpr_desktop.domain.reference import Site
from vpr_desktop.domain.reference import SiteDirectorate
from vpr_desktop.domain.reference import StaffGroup
from vpr_desktop.domain.risk import Control
from vpr_desktop.domain.risk import RiskAssessment
from vpr_desktop.domain.risk import RiskReview
from vpr_desktop.domain.risk import RiskStaffGroup
from vpr_desktop.domain.standard import CrosswalkLink
from vpr_desktop.domain.standard import Indicator
from vpr_desktop.domain.standard import Standard
from vpr_desktop.domain.standard import StandardDomain
from vpr_desktop.domain.system import StaffSurveyResult
from vpr_desktop.domain.system import SystemReturn
from vpr_desktop.domain.training import ComplianceTarget
from vpr_desktop.domain.training import Course
from vpr_desktop.domain.training import MappingProfile
from vpr_desktop.domain.training import TrainingRecord
from vpr_desktop.domain.training import TrainingRequirement
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
