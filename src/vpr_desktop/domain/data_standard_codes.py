"""The code lists of the common data standard (``domain/data_standard.py``): every code a return
may use, what it means, and which of the app's own values it is counted from.

Why a module of their own: they are most of the standard by length and change on their own (a
new code, a clearer definition), while the tables, header and lookups around them stay put.
Codes mirror the app's enums wherever they can (``_from_enum``), so the mapping stays reviewable
in one place.
"""

from __future__ import annotations

from typing import Any

from vpr_desktop.domain.data_standard import NOT_RECORDED
from vpr_desktop.domain.data_standard import Code
from vpr_desktop.domain.data_standard import CodeList
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import SettingType


def _from_enum(
    enum: Any, definitions: dict[str, str], extra: tuple[Code, ...] = ()
) -> tuple[Code, ...]:
    """Codes equal to the app's enum values (the app is the reference implementation)."""
    return (
        *(
            Code(m.value, m.value.replace("_", " ").capitalize(), definitions[m.value], (m.value,))
            for m in enum
        ),
        *extra,
    )


_NOT_RECORDED = Code(NOT_RECORDED, "Not recorded", "The record does not say.")
_YES_NO = (
    Code("yes", "Yes", "The condition holds.", ("yes",)),
    Code("no", "No", "The condition does not hold.", ("no",)),
)

CODE_LISTS: tuple[CodeList, ...] = (
    CodeList(
        "incident_type",
        "Type of violence or abuse",
        "The main kind of violence or abuse the incident was (its primary type). Online abuse "
        "and stalking are types in their own right; near misses are counted by outcome.",
        _from_enum(
            IncidentType,
            {
                "physical": "Physical assault: force used against a member of staff.",
                "verbal": "Verbal abuse: words, shouting or gestures meant to intimidate.",
                "threatening": "Threatening behaviour, including threats to kill or harm.",
                "attempted_assault": "An assault attempted but not completed.",
                "sexual": "Sexual assault, harassment or abuse of a sexual nature.",
                "hate_motivated": "Abuse or assault motivated by hostility to a protected "
                "characteristic (see the hate strand table).",
                "online": "Abuse through social media, e-mail, messages or online reviews.",
                "stalking_harassment": "A course of conduct of stalking or harassment.",
            },
        ),
    ),
    CodeList(
        "outcome",
        "Happened or near miss",
        "Whether harm could have happened but did not (a near miss) or the incident happened.",
        (
            Code("happened", "Happened", "The incident took place.", ("happened",)),
            Code("near_miss", "Near miss", "Prevented or stopped before it happened.", ("near",)),
        ),
    ),
    CodeList(
        "setting",
        "Setting",
        "The kind of care setting where the incident happened (from the location's setting).",
        _from_enum(
            SettingType,
            {
                "inpatient_mental_health": "Mental health or psychiatric inpatient wards.",
                "emergency_department": "Emergency departments and urgent treatment centres.",
                "acute_ward": "Acute hospital inpatient wards.",
                "community": "Community services, including home visits and clinics.",
                "ambulance_call_handling": "Ambulance and NHS 111 call handling (remote).",
                "ambulance_frontline": "Ambulance crews and paramedics on the road.",
                "primary_care": "General practice and other primary care.",
                "prison_healthcare": "Healthcare in prisons and secure settings.",
                "learning_disability": "Learning disability and autism services.",
                "non_clinical_support": "Non-clinical and support areas (reception, estates).",
            },
            (_NOT_RECORDED,),
        ),
    ),
    CodeList(
        "staff_group",
        "Staff group",
        "The ESR staff group of the member of staff (for headcount, and of each member of "
        "staff affected by an incident). Counted from the app's staff group by its ESR name.",
        (
            Code(
                "add_clinical",
                "Additional Clinical Services",
                "Healthcare assistants, support workers and other clinical support staff.",
                ("Additional Clinical Services",),
            ),
            Code(
                "add_prof_sci_tech",
                "Additional Professional Scientific and Technical",
                "Pharmacists, psychologists and other professional staff.",
                (
                    "Additional Professional Scientific and Technical",
                    "Add Prof Scientific and Technic",
                ),
            ),
            Code(
                "admin_clerical",
                "Administrative and Clerical",
                "Receptionists, call handlers, managers and other administrative staff.",
                ("Administrative and Clerical",),
            ),
            Code(
                "ahp",
                "Allied Health Professionals",
                "Physiotherapists, occupational therapists, paramedics and others.",
                ("Allied Health Professionals",),
            ),
            Code(
                "estates_ancillary",
                "Estates and Ancillary",
                "Porters, security, domestic and estates staff.",
                ("Estates and Ancillary",),
            ),
            Code(
                "healthcare_scientists",
                "Healthcare Scientists",
                "Healthcare science staff.",
                ("Healthcare Scientists",),
            ),
            Code(
                "medical_dental",
                "Medical and Dental",
                "Doctors and dentists in every grade.",
                ("Medical and Dental",),
            ),
            Code(
                "nursing_midwifery",
                "Nursing and Midwifery Registered",
                "Registered nurses and midwives.",
                ("Nursing and Midwifery Registered",),
            ),
            Code("students", "Students", "Students on placement.", ("Students",)),
            _NOT_RECORDED,
        ),
    ),
    CodeList(
        "perpetrator",
        "Perpetrator type",
        "Who the person responsible was, in relation to the member of staff.",
        _from_enum(
            PerpetratorType,
            {
                "patient": "A patient or service user.",
                "relative_visitor": "A relative, carer or visitor of a patient.",
                "public": "A member of the public.",
                "colleague": "A colleague.",
                "manager": "A manager of the member of staff.",
                "unknown": "Not known.",
            },
        ),
    ),
    CodeList(
        "intent",
        "Clinically related or deliberate",
        "Whether the behaviour was linked to illness or lack of capacity, or deliberate.",
        _from_enum(
            Intent,
            {
                "clinically_related": "Linked to the person's illness, condition or capacity.",
                "deliberate": "Deliberate: the person knew what they were doing.",
                "unknown": "Not known.",
            },
        ),
    ),
    CodeList(
        "harm",
        "Harm",
        "The harm the incident caused to staff, from none to death.",
        _from_enum(
            Harm,
            {
                "no_harm": "No harm.",
                "low": "Low harm: minimal, short-term.",
                "moderate": "Moderate harm: needing further treatment or time off.",
                "severe": "Severe harm: permanent or long-term.",
                "death": "The incident caused a death.",
            },
        ),
    ),
    CodeList(
        "injury",
        "Injury",
        "Whether the incident caused an injury, and whether it was a RIDDOR specified injury.",
        (
            Code("no_injury", "No injury", "No physical injury.", ("no_injury",)),
            Code("injury", "Injury", "An injury that is not a specified injury.", ("injury",)),
            Code(
                "specified_injury",
                "Specified injury",
                "A specified injury under RIDDOR regulation 4 (fractures, amputations and more).",
                ("specified_injury",),
            ),
        ),
    ),
    CodeList(
        "days_lost",
        "Days lost",
        "Working days lost to the incident (the incident's total over staff affected), banded.",
        (
            Code("none", "None", "No days lost.", ("none",)),
            Code("1_3", "1 to 3 days", "One to three days lost.", ("1_3",)),
            Code("4_7", "4 to 7 days", "Four to seven days: over-3-day injuries.", ("4_7",)),
            Code("over_7", "Over 7 days", "More than seven days: RIDDOR reportable.", ("over_7",)),
        ),
    ),
    CodeList(
        "hate_strand",
        "Hate-motivated strand",
        "The protected characteristic a hate-motivated incident was aimed at (the five "
        "monitored hate crime strands, and sex).",
        (
            Code("race", "Race", "Race, ethnicity or nationality.", ("race",)),
            Code("religion", "Religion or belief", "Religion or belief.", ("religion",)),
            Code(
                "sexual_orientation",
                "Sexual orientation",
                "Sexual orientation.",
                ("sexual_orientation",),
            ),
            Code("disability", "Disability", "Disability.", ("disability",)),
            Code("transgender", "Transgender identity", "Transgender identity.", ("transgender",)),
            Code("sex", "Sex", "Sex (misogyny and misandry).", ("sex",)),
            _NOT_RECORDED,
        ),
    ),
    CodeList(
        "protected_characteristic",
        "Protected characteristic recorded",
        "The Equality Act 2010 characteristics staff affected chose to record (with consent). "
        "Only how many staff recorded each kind is returned, never a value.",
        _from_enum(
            ProtectedCharacteristic,
            {
                "age": "Age band recorded.",
                "disability": "Disability recorded.",
                "gender_reassignment": "Gender reassignment recorded.",
                "marriage_civil_partnership": "Marriage or civil partnership recorded.",
                "pregnancy_maternity": "Pregnancy or maternity recorded.",
                "race": "Ethnic group recorded.",
                "religion_belief": "Religion or belief recorded.",
                "sex": "Sex recorded.",
                "sexual_orientation": "Sexual orientation recorded.",
            },
        ),
    ),
    CodeList(
        "riddor_status",
        "RIDDOR decision",
        "Whether the incident must be reported to the HSE under RIDDOR 2013.",
        _from_enum(
            RiddorStatus,
            {
                "not_assessed": "Not yet assessed.",
                "not_reportable": "Assessed: not reportable.",
                "record_only": "Over-3-day injury: recorded, not reported.",
                "reportable": "Reportable to the HSE.",
                "judgement_needed": "The rule cannot decide: a person must.",
            },
        ),
    ),
    CodeList(
        "riddor_timeliness",
        "RIDDOR submitted in time",
        "For reportable incidents: whether the report reached the HSE by its deadline (15 days; "
        "10 days for a specified injury), as at the day the return was made.",
        (
            Code("on_time", "On time", "Submitted by the deadline.", ("on_time",)),
            Code("late", "Late", "Submitted after the deadline.", ("late",)),
            Code("overdue", "Overdue", "Not submitted, deadline passed.", ("overdue",)),
            Code("not_yet_due", "Not yet due", "Not submitted, deadline to come.", ("due",)),
        ),
    ),
    CodeList(
        "police_outcome",
        "Police outcome",
        "What came of reporting the incident to the police (incidents reported to police).",
        _from_enum(
            PoliceOutcome,
            {
                "not_reported": "Not reported to the police.",
                "under_investigation": "The police are investigating.",
                "no_further_action": "No further action.",
                "community_resolution": "Community resolution.",
                "caution": "A caution was given.",
                "charged": "The person was charged.",
                "victim_declined": "The member of staff chose not to support a prosecution.",
            },
        ),
    ),
    CodeList(
        "cps_outcome",
        "CPS outcome",
        "What came of a prosecution by the Crown Prosecution Service.",
        _from_enum(
            CpsOutcome,
            {
                "not_applicable": "No prosecution.",
                "pending": "Prosecution under way.",
                "convicted": "Convicted.",
                "acquitted": "Acquitted.",
                "discontinued": "Discontinued.",
            },
        ),
    ),
    CodeList(
        "aewa",
        "Assaults on Emergency Workers Act sanction",
        "Whether a sanction under the Assaults on Emergency Workers (Offences) Act 2018 followed.",
        _YES_NO,
    ),
    CodeList(
        "support_timeliness",
        "Post-incident support in time",
        "Each step of the post-incident support pathway for each member of staff affected, as "
        "at the day the return was made.",
        (
            Code("on_time", "On time", "Done by its due time.", ("on_time",)),
            Code("late", "Late", "Done after its due time.", ("late_done",)),
            Code("overdue", "Overdue", "Not done, due time passed.", ("overdue",)),
            Code("not_yet_due", "Not yet due", "Not done, due time to come.", ("pending",)),
            Code("declined", "Declined", "Offered and declined, or not needed.", ("not_needed",)),
        ),
    ),
    CodeList(
        "feedback",
        "Feedback to the reporter",
        "Whether the person who reported the incident was given feedback on it.",
        (
            Code("given", "Given", "Feedback was given.", ("given",)),
            Code("not_given", "Not given", "No feedback recorded.", ("not_given",)),
        ),
    ),
    CodeList(
        "rag",
        "Self-assessment rating",
        "An indicator's result against the VPR standard.",
        _from_enum(
            Rag,
            {
                "red": "Not met.",
                "amber": "Partly met.",
                "green": "Met.",
                "not_rated": "Not rated yet.",
            },
        ),
    ),
)


def code_list(name: str) -> CodeList:
    """The code list called ``name``."""
    for cl in CODE_LISTS:
        if cl.name == name:
            return cl
    raise KeyError(name)
