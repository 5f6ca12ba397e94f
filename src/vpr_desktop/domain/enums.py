"""Value lists shared by the model, services and screens.

Stored as their string values (never native database enums) so SQLite and PostgreSQL hold the
same text and a later value can be added without a type migration.
"""

from __future__ import annotations

from enum import StrEnum

from vpr_desktop.domain.labelled_enum import LabelledEnum
from vpr_desktop.domain.labelled_enum import give_labels


class Role(LabelledEnum):
    """App roles (see ARCHITECTURE.md, Roles). A user may hold several."""

    ADMINISTRATOR = "administrator"
    VPR_LEAD = "vpr_lead"
    COMMITTEE_CHAIR = "committee_chair"
    STAFF_SIDE_REP = "staff_side_rep"
    BOARD_SECRETARY = "board_secretary"


give_labels(Role, {Role.VPR_LEAD: "VPR lead", Role.STAFF_SIDE_REP: "Staff-side rep"})


class SettingType(LabelledEnum):
    """The kind of care setting a location is, which decides the training a staff group needs
    there.
    """

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


give_labels(SettingType, {SettingType.AMBULANCE_CALL_HANDLING: "Ambulance / 111 call handling"})


class CycleStatus(LabelledEnum):
    """Where a self-assessment cycle stands; a signed-off cycle is no longer edited."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SIGNED_OFF = "signed_off"


class Rag(StrEnum):
    """An indicator's result against the standard: red, amber, green, or not rated yet."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NOT_RATED = "not_rated"


class WorkStatus(LabelledEnum):
    """Where the work on an indicator stands, separate from its RAG result."""

    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    DONE = "done"


class RiskStatus(StrEnum):
    """A risk is worked on while open; tolerated risks are accepted; closed ones are kept for
    history.
    """

    OPEN = "open"
    TOLERATED = "tolerated"
    CLOSED = "closed"


class ControlType(StrEnum):
    """What kind of measure a risk control is."""

    ENVIRONMENTAL = "environmental"
    PROCEDURAL = "procedural"
    STAFFING = "staffing"
    TRAINING = "training"
    EQUIPMENT = "equipment"
    LONE_WORKER_DEVICE = "lone_worker_device"
    INFORMATION_SHARING = "information_sharing"


class Effectiveness(StrEnum):
    """How well a control is judged to reduce its risk."""

    NOT_ASSESSED = "not_assessed"
    INEFFECTIVE = "ineffective"
    PARTIALLY_EFFECTIVE = "partially_effective"
    EFFECTIVE = "effective"


class IncidentType(StrEnum):
    """The kind of violence or aggression recorded; an incident may have several."""

    PHYSICAL = "physical"
    VERBAL = "verbal"
    THREATENING = "threatening"
    ATTEMPTED_ASSAULT = "attempted_assault"
    SEXUAL = "sexual"
    HATE_MOTIVATED = "hate_motivated"
    ONLINE = "online"
    STALKING_HARASSMENT = "stalking_harassment"


class PerpetratorType(StrEnum):
    """Who the person responsible was, in relation to the staff member."""

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
    """The harm an incident caused, from none to death."""

    NO_HARM = "no_harm"
    LOW = "low"
    MODERATE = "moderate"
    SEVERE = "severe"
    DEATH = "death"


class RiddorStatus(StrEnum):
    """Whether an incident must be reported to HSE under RIDDOR."""

    NOT_ASSESSED = "not_assessed"
    NOT_REPORTABLE = "not_reportable"
    RECORD_ONLY = "record_only"  # over-3-day injury: recorded, not reported
    REPORTABLE = "reportable"
    JUDGEMENT_NEEDED = "judgement_needed"


class PoliceOutcome(StrEnum):
    """What came of reporting an incident to the police."""

    NOT_REPORTED = "not_reported"
    UNDER_INVESTIGATION = "under_investigation"
    NO_FURTHER_ACTION = "no_further_action"
    COMMUNITY_RESOLUTION = "community_resolution"
    CAUTION = "caution"
    CHARGED = "charged"
    VICTIM_DECLINED = "victim_declined"


class CpsOutcome(StrEnum):
    """What came of a prosecution by the Crown Prosecution Service."""

    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISCONTINUED = "discontinued"


class ActionSource(StrEnum):
    """What led to an action: an assessment gap, a risk, an incident, a committee or an
    inspector.
    """

    ASSESSMENT_GAP = "assessment_gap"
    RISK = "risk"
    INCIDENT_LEARNING = "incident_learning"
    COMMITTEE = "committee"
    HSE_CQC_FINDING = "hse_cqc_finding"
    OTHER = "other"


class ActionStatus(StrEnum):
    """Where an action stands; it closes only when management and staff side have signed it off."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Priority(StrEnum):
    """How urgent an action is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Side(StrEnum):
    """The two parties who agree VPR work in partnership: management and staff side."""

    MANAGEMENT = "management"
    STAFF_SIDE = "staff_side"


class ActionUpdateKind(StrEnum):
    """What an entry in an action's timeline records."""

    UPDATE = "update"
    COMMENT = "comment"
    STATUS_CHANGE = "status_change"
    SIGN_OFF = "sign_off"
    REOPEN = "reopen"


class VprRoleType(StrEnum):
    """The roles the VPR standard expects a trust to fill (named in the roles register)."""

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
    """How much of the trust a role holder covers: all of it, or a site, directorate or location."""

    TRUST = "trust"
    SITE = "site"
    DIRECTORATE = "directorate"
    LOCATION = "location"


class ImportKind(StrEnum):
    """What an import batch brought in (kept so it can be listed and undone)."""

    STAFF = "staff"
    TRAINING = "training"
    INCIDENTS = "incidents"
    RISKS = "risks"
    STANDARD = "standard"
    ASSESSMENT = "assessment"
    LOCATIONS = "locations"


class ImportOutcome(StrEnum):
    """How an import batch ended: committed, rejected whole, or undone later."""

    COMMITTED = "committed"
    REJECTED = "rejected"
    UNDONE = "undone"


class ProtectedCharacteristic(StrEnum):
    """The Equality Act 2010 characteristics, recorded only with the person's consent."""

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
    """What an audit log entry records being done."""

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
