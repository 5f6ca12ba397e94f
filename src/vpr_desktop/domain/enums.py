"""Value lists shared by the model, services and screens.

Stored as their string values (never native database enums) so SQLite and PostgreSQL hold the
same text and a later value can be added without a type migration.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """App roles (see ARCHITECTURE.md, Roles). A user may hold several."""

    ADMINISTRATOR = "administrator"
    VPR_LEAD = "vpr_lead"
    COMMITTEE_CHAIR = "committee_chair"
    STAFF_SIDE_REP = "staff_side_rep"
    BOARD_SECRETARY = "board_secretary"

    @property
    def label(self) -> str:
        return {
            Role.ADMINISTRATOR: "Administrator",
            Role.VPR_LEAD: "VPR lead",
            Role.COMMITTEE_CHAIR: "Committee chair",
            Role.STAFF_SIDE_REP: "Staff-side rep",
            Role.BOARD_SECRETARY: "Board secretary",
        }[self]


class SettingType(StrEnum):
    INPATIENT_MENTAL_HEALTH = "inpatient_mental_health"
    EMERGENCY_DEPARTMENT = "emergency_department"
    ACUTE_WARD = "acute_ward"
    COMMUNITY = "community"
    AMBULANCE_CALL_HANDLING = "ambulance_call_handling"
    AMBULANCE_FRONTLINE = "ambulance_frontline"
    PRIMARY_CARE = "primary_care"
    PRISON_HEALTHCARE = "prison_healthcare"
    LEARNING_DISABILITY = "learning_disability"
    NON_CLINICAL_SUPPORT = "non_clinical_support"

    @property
    def label(self) -> str:
        return (
            self.value.replace("_", " ")
            .capitalize()
            .replace("Ambulance call handling", "Ambulance / 111 call handling")
        )


class CycleStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SIGNED_OFF = "signed_off"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NOT_RATED = "not_rated"


class WorkStatus(StrEnum):
    """Where the work on an indicator stands, separate from its RAG result."""

    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    DONE = "done"


class RiskStatus(StrEnum):
    OPEN = "open"
    TOLERATED = "tolerated"
    CLOSED = "closed"


class ControlType(StrEnum):
    ENVIRONMENTAL = "environmental"
    PROCEDURAL = "procedural"
    STAFFING = "staffing"
    TRAINING = "training"
    EQUIPMENT = "equipment"
    LONE_WORKER_DEVICE = "lone_worker_device"
    INFORMATION_SHARING = "information_sharing"


class Effectiveness(StrEnum):
    NOT_ASSESSED = "not_assessed"
    INEFFECTIVE = "ineffective"
    PARTIALLY_EFFECTIVE = "partially_effective"
    EFFECTIVE = "effective"


class IncidentType(StrEnum):
    PHYSICAL = "physical"
    VERBAL = "verbal"
    THREATENING = "threatening"
    ATTEMPTED_ASSAULT = "attempted_assault"
    SEXUAL = "sexual"
    HATE_MOTIVATED = "hate_motivated"
    ONLINE = "online"
    STALKING_HARASSMENT = "stalking_harassment"


class PerpetratorType(StrEnum):
    PATIENT = "patient"
    RELATIVE_VISITOR = "relative_visitor"
    PUBLIC = "public"
    COLLEAGUE = "colleague"
    MANAGER = "manager"
    UNKNOWN = "unknown"


class Intent(StrEnum):
    """Whether behaviour was linked to illness or lack of capacity, or deliberate."""

    CLINICALLY_RELATED = "clinically_related"
    DELIBERATE = "deliberate"
    UNKNOWN = "unknown"


class Harm(StrEnum):
    NO_HARM = "no_harm"
    LOW = "low"
    MODERATE = "moderate"
    SEVERE = "severe"
    DEATH = "death"


class RiddorStatus(StrEnum):
    NOT_ASSESSED = "not_assessed"
    NOT_REPORTABLE = "not_reportable"
    RECORD_ONLY = "record_only"  # over-3-day injury: recorded, not reported
    REPORTABLE = "reportable"
    JUDGEMENT_NEEDED = "judgement_needed"


class PoliceOutcome(StrEnum):
    NOT_REPORTED = "not_reported"
    UNDER_INVESTIGATION = "under_investigation"
    NO_FURTHER_ACTION = "no_further_action"
    COMMUNITY_RESOLUTION = "community_resolution"
    CAUTION = "caution"
    CHARGED = "charged"
    VICTIM_DECLINED = "victim_declined"


class CpsOutcome(StrEnum):
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISCONTINUED = "discontinued"


class ActionSource(StrEnum):
    ASSESSMENT_GAP = "assessment_gap"
    RISK = "risk"
    INCIDENT_LEARNING = "incident_learning"
    COMMITTEE = "committee"
    HSE_CQC_FINDING = "hse_cqc_finding"
    OTHER = "other"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Side(StrEnum):
    MANAGEMENT = "management"
    STAFF_SIDE = "staff_side"


class ActionUpdateKind(StrEnum):
    UPDATE = "update"
    COMMENT = "comment"
    STATUS_CHANGE = "status_change"
    SIGN_OFF = "sign_off"
    REOPEN = "reopen"


class VprRoleType(StrEnum):
    EXECUTIVE_LEAD = "executive_lead"
    NON_EXECUTIVE_CHAMPION = "non_executive_champion"
    STRATEGIC_LEAD = "strategic_lead"
    VPR_LEAD = "vpr_lead"
    SECURITY_MANAGEMENT = "security_management"
    LOCAL_CHAMPION = "local_champion"
    HS_COMMITTEE_CHAIR = "hs_committee_chair"
    STAFF_SIDE_HS_REP = "staff_side_hs_rep"
    POST_INCIDENT_SUPPORT_LEAD = "post_incident_support_lead"
    TRAINER_RESTRICTIVE_INTERVENTION = "trainer_restrictive_intervention"
    TRAINER_CONFLICT_RESOLUTION = "trainer_conflict_resolution"


class ScopeLevel(StrEnum):
    TRUST = "trust"
    SITE = "site"
    DIRECTORATE = "directorate"
    LOCATION = "location"


class ImportKind(StrEnum):
    STAFF = "staff"
    TRAINING = "training"
    INCIDENTS = "incidents"
    RISKS = "risks"
    STANDARD = "standard"
    ASSESSMENT = "assessment"
    LOCATIONS = "locations"


class ImportOutcome(StrEnum):
    COMMITTED = "committed"
    REJECTED = "rejected"
    UNDONE = "undone"


class ProtectedCharacteristic(StrEnum):
    AGE = "age"
    DISABILITY = "disability"
    GENDER_REASSIGNMENT = "gender_reassignment"
    MARRIAGE_CIVIL_PARTNERSHIP = "marriage_civil_partnership"
    PREGNANCY_MATERNITY = "pregnancy_maternity"
    RACE = "race"
    RELIGION_BELIEF = "religion_belief"
    SEX = "sex"
    SEXUAL_ORIENTATION = "sexual_orientation"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    VIEW = "view"
    EXPORT = "export"
    IMPORT = "import"
    BACKUP = "backup"
    RESTORE = "restore"
    MIGRATE = "migrate"
    SIGN_OFF = "sign_off"
