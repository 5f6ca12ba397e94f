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


def table(name: str) -> Table:
    """The return table called ``name``."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)
