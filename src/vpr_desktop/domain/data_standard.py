"""The common data standard for violence against staff: the one written source of its fields,
codes and definitions, and of the anonymised return a trust sends to its system or region.

Why here, as data: the national VPR report asks for one standard "at a local, system, regional
and national level". If the dictionary lived only in a document it would drift from what the
export writes. So the published dictionary (``docs/data-standard.md``) and the JSON Schema a
return is checked against (``resources/data_standard/return.schema.json``) are both generated
from this module (``reports/data_standard_doc.py``), and a test fails when either is out of
date. Every code says which of the app's own codes (``domain/enums.py``, staff groups as ESR
names them, the hate strands of the incident form) it is counted from, so the mapping is
reviewable in one place.

A return holds aggregates only: counts per month (or for the whole period) by one code list at
a time, each table made safe by the one disclosure rule (``domain/disclosure.py``) with its
secondary suppression. No names, no free text, no incident-level rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpr_desktop.domain.enums import (
    CpsOutcome,
    Harm,
    IncidentType,
    Intent,
    PerpetratorType,
    PoliceOutcome,
    ProtectedCharacteristic,
    Rag,
    RiddorStatus,
    SettingType,
)

STANDARD_ID = "vpr-staff-violence-return"
STANDARD_VERSION = "1.0.0"
STANDARD_TITLE = "Violence against NHS staff: common data standard and anonymised return"
#: Not a real code list: the code a count falls under when the app has no value for it.
NOT_RECORDED = "not_recorded"
#: The row of a table that covers the whole period rather than one month.
WHOLE_PERIOD = "period"
#: ODS organisation codes: three to five capital letters or digits (e.g. ``RXX``, ``R1A``).
TRUST_CODE_PATTERN = r"^[A-Z0-9]{3,5}$"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


@dataclass(frozen=True)
class Code:
    """One value of a code list: what a return says, what it means, what the app counts."""

    code: str
    label: str
    definition: str
    app_codes: tuple[str, ...] = ()  # the app's own values counted under this code


@dataclass(frozen=True)
class CodeList:
    """A named list of codes, the columns of one or more return tables."""

    name: str
    title: str
    definition: str
    codes: tuple[Code, ...]

    @property
    def values(self) -> tuple[str, ...]:
        """The codes in the standard's order (a table's columns)."""
        return tuple(c.code for c in self.codes)

    def code_for(self, app_value: str | None) -> str:
        """The standard's code for one of the app's values (``not_recorded`` when unmapped)."""
        if app_value is None:
            return NOT_RECORDED
        for c in self.codes:
            if app_value in c.app_codes:
                return c.code
        return NOT_RECORDED


@dataclass(frozen=True)
class Table:
    """One table of the return: rows (each month, or the whole period) by one code list."""

    name: str
    title: str
    definition: str
    columns: str  # a CodeList name
    counts: str  # what one is: "incidents", "staff affected", "support steps"
    monthly: bool = True
    mandatory: bool = True


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

TABLES: tuple[Table, ...] = (
    Table(
        "incidents_by_type",
        "Incidents by type",
        "Incidents in each month by their primary type.",
        "incident_type",
        "incidents",
    ),
    Table(
        "incidents_by_outcome",
        "Incidents and near misses",
        "Incidents in each month that happened, and near misses.",
        "outcome",
        "incidents",
    ),
    Table(
        "incidents_by_setting",
        "Incidents by setting",
        "Incidents in each month by the setting of their location.",
        "setting",
        "incidents",
    ),
    Table(
        "staff_affected_by_staff_group",
        "Staff affected by staff group",
        "Members of staff affected by incidents in each month, by their staff group at the time.",
        "staff_group",
        "staff affected",
    ),
    Table(
        "incidents_by_perpetrator",
        "Incidents by perpetrator type",
        "Incidents in each month by who was responsible.",
        "perpetrator",
        "incidents",
    ),
    Table(
        "incidents_by_intent",
        "Incidents by intent",
        "Incidents in each month, clinically related or deliberate.",
        "intent",
        "incidents",
    ),
    Table("incidents_by_harm", "Incidents by harm", "Incidents by harm.", "harm", "incidents"),
    Table(
        "incidents_by_injury", "Incidents by injury", "Incidents by injury.", "injury", "incidents"
    ),
    Table(
        "incidents_by_days_lost",
        "Incidents by days lost",
        "Incidents in each month by the working days lost, banded.",
        "days_lost",
        "incidents",
    ),
    Table(
        "hate_incidents_by_strand",
        "Hate-motivated incidents by strand",
        "Incidents recorded with a hate strand, by strand.",
        "hate_strand",
        "incidents",
    ),
    Table(
        "incidents_by_riddor_status",
        "Incidents by RIDDOR decision",
        "Incidents in each month by their RIDDOR decision.",
        "riddor_status",
        "incidents",
    ),
    Table(
        "riddor_timeliness",
        "RIDDOR reports in time",
        "Reportable incidents in each month by whether the report was made in time.",
        "riddor_timeliness",
        "incidents",
    ),
    Table(
        "incidents_by_police_outcome",
        "Incidents by police outcome",
        "Incidents in each month by what came of reporting them to the police.",
        "police_outcome",
        "incidents",
    ),
    Table(
        "incidents_by_cps_outcome",
        "Incidents by CPS outcome",
        "Incidents in each month by the outcome of any prosecution.",
        "cps_outcome",
        "incidents",
    ),
    Table(
        "incidents_by_aewa",
        "Assaults on Emergency Workers Act sanctions",
        "Incidents in each month with and without a sanction under the 2018 Act.",
        "aewa",
        "incidents",
    ),
    Table(
        "support_timeliness",
        "Post-incident support in time",
        "Support steps for the staff affected by each month's incidents, by timeliness.",
        "support_timeliness",
        "support steps",
    ),
    Table(
        "feedback_to_reporter",
        "Feedback to the reporter",
        "Incidents in each month with and without feedback given to the reporter.",
        "feedback",
        "incidents",
    ),
    Table(
        "staff_by_protected_characteristic",
        "Staff affected who recorded a protected characteristic",
        "Over the whole period, how many staff affected recorded each kind of characteristic "
        "(aggregated only: no value is returned).",
        "protected_characteristic",
        "staff affected",
        monthly=False,
    ),
    Table(
        "headcount_by_staff_group",
        "Staff in post by staff group",
        "Staff in post (distinct people) on the last day of the period, by staff group: the "
        "denominator for rates per 1,000 staff. Each person is counted once, in the staff "
        "group of their primary assignment (a second post in another group adds nothing).",
        "staff_group",
        "staff in post",
        monthly=False,
    ),
)


@dataclass(frozen=True)
class HeaderField:
    """A field of the return's header, its training or self-assessment sections."""

    name: str
    title: str
    definition: str
    kind: str  # JSON Schema type word, or "date" / "month" / "code"
    mandatory: bool = True
    pattern: str | None = None
    code_list: str | None = None


HEADER: tuple[HeaderField, ...] = (
    HeaderField("standard", "Standard", f"Always {STANDARD_ID!r}.", "string"),
    HeaderField(
        "standard_version",
        "Standard version",
        "The version of this standard the return follows.",
        "string",
    ),
    HeaderField(
        "trust_code",
        "Trust code",
        "The trust's ODS organisation code.",
        "string",
        pattern=TRUST_CODE_PATTERN,
    ),
    HeaderField("period_from", "Period from", "First day of the period.", "date"),
    HeaderField("period_to", "Period to", "Last day of the period.", "date"),
    HeaderField("made_on", "Made on", "The day the return was made ('as at').", "date"),
    HeaderField(
        "disclosure",
        "Disclosure rule",
        "The small-number rule applied: counts 1 to threshold shown as null (suppressed), "
        "others rounded to the nearest 'rounding'; secondary suppression on.",
        "object",
    ),
    HeaderField(
        "content_sha256",
        "Content SHA-256",
        "SHA-256 of the return's canonical JSON (keys sorted, no spaces, UTF-8) without this "
        "field: a changed byte of content no longer matches.",
        "string",
        pattern=r"^[0-9a-f]{64}$",
    ),
)

TRAINING_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("course", "Course", "The course as the trust's catalogue names it.", "string"),
    HeaderField("required", "Required", "Assignments that need the course (protected).", "count"),
    HeaderField("compliant", "Compliant", "Of those, assignments in date (protected).", "count"),
    HeaderField(
        "percent",
        "Percent compliant",
        "Compliant as a share of required, one decimal place; null when either is suppressed.",
        "percent",
    ),
    HeaderField("target_percent", "Target", "The trust's target for the course.", "percent"),
)

ASSESSMENT_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("edition", "Standard edition", "The VPR standard edition assessed.", "string"),
    HeaderField("period_start", "Cycle start", "First day the cycle covers.", "date"),
    HeaderField("period_end", "Cycle end", "Last day the cycle covers.", "date"),
    HeaderField(
        "status",
        "Sign-off state",
        "draft, in_review or signed_off (both management and staff side).",
        "code",
    ),
    HeaderField(
        "domains",
        "Domains",
        "Per domain of the edition: its code, title and the percentage of its indicators at "
        "each rating (percentages, not counts).",
        "array",
    ),
)


def code_list(name: str) -> CodeList:
    """The code list called ``name``."""
    for cl in CODE_LISTS:
        if cl.name == name:
            return cl
    raise KeyError(name)


def table(name: str) -> Table:
    """The return table called ``name``."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


# ------------------------------------------------------------------------- JSON Schema
_COUNT: dict[str, Any] = {"type": ["integer", "null"], "minimum": 0}
_DATE: dict[str, Any] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PERCENT: dict[str, Any] = {"type": ["number", "null"], "minimum": 0, "maximum": 100}


def _table_schema(t: Table) -> dict[str, Any]:
    columns = code_list(t.columns).values
    row: dict[str, Any] = (
        {"type": "string", "pattern": MONTH_PATTERN} if t.monthly else {"const": WHOLE_PERIOD}
    )
    return {
        "type": "object",
        "title": t.title,
        "description": f"{t.definition} Counts {t.counts}.",
        "required": ["rows", "columns", "cells", "row_totals", "column_totals", "total"],
        "additionalProperties": False,
        "properties": {
            "rows": {"type": "array", "items": row, "minItems": 1},
            "columns": {"const": list(columns)},
            "cells": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": _COUNT,
                    "minItems": len(columns),
                    "maxItems": len(columns),
                },
            },
            "row_totals": {"type": "array", "items": _COUNT},
            "column_totals": {
                "type": "array",
                "items": _COUNT,
                "minItems": len(columns),
                "maxItems": len(columns),
            },
            "total": _COUNT,
        },
    }


def return_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every return of this version must satisfy."""
    rag = code_list("rag").values
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:vpr-desktop:{STANDARD_ID}:{STANDARD_VERSION}",
        "title": STANDARD_TITLE,
        "description": f"Version {STANDARD_VERSION}. Aggregates only; null is a suppressed count.",
        "type": "object",
        "required": [f.name for f in HEADER if f.mandatory] + ["tables", "training", "assessment"],
        "additionalProperties": False,
        "properties": {
            "standard": {"const": STANDARD_ID},
            "standard_version": {"const": STANDARD_VERSION},
            "trust_code": {"type": "string", "pattern": TRUST_CODE_PATTERN},
            "period_from": _DATE,
            "period_to": _DATE,
            "made_on": _DATE,
            "disclosure": {
                "type": "object",
                "required": ["threshold", "rounding", "secondary"],
                "additionalProperties": False,
                "properties": {
                    "threshold": {"type": "integer", "minimum": 1},
                    "rounding": {"type": "integer", "minimum": 1},
                    "secondary": {"const": True},
                },
            },
            "content_sha256": {"type": "string", "pattern": r"^[0-9a-f]{64}$"},
            "tables": {
                "type": "object",
                "required": [t.name for t in TABLES if t.mandatory],
                "additionalProperties": False,
                "properties": {t.name: _table_schema(t) for t in TABLES},
            },
            "training": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [f.name for f in TRAINING_FIELDS],
                    "additionalProperties": False,
                    "properties": {
                        "course": {"type": "string", "minLength": 1, "maxLength": 200},
                        "required": _COUNT,
                        "compliant": _COUNT,
                        "percent": _PERCENT,
                        "target_percent": _PERCENT,
                    },
                },
            },
            "assessment": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": [f.name for f in ASSESSMENT_FIELDS],
                        "additionalProperties": False,
                        "properties": {
                            "edition": {"type": "string", "minLength": 1, "maxLength": 40},
                            "period_start": _DATE,
                            "period_end": _DATE,
                            "status": {"enum": ["draft", "in_review", "signed_off"]},
                            "domains": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["code", "title", "percent"],
                                    "additionalProperties": False,
                                    "properties": {
                                        "code": {"type": "string", "maxLength": 20},
                                        "title": {"type": "string", "maxLength": 500},
                                        "percent": {
                                            "type": "object",
                                            "required": list(rag),
                                            "additionalProperties": False,
                                            "properties": {r: _PERCENT for r in rag},
                                        },
                                    },
                                },
                            },
                        },
                    },
                ]
            },
        },
    }
