"""The incident form's vocabulary: what each type, intent and perpetrator is called, the
field captions, and how times are read and shown (the trust's wall-clock time).
"""

from __future__ import annotations

import datetime as dt
import re

from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType

MAX_REF = 60
MAX_TEXT = 20_000
TIME_HINT = "hh:mm"
TYPE_LABELS = {
    IncidentType.PHYSICAL: "Physical assault",
    IncidentType.VERBAL: "Verbal abuse",
    IncidentType.THREATENING: "Threatening behaviour",
    IncidentType.ATTEMPTED_ASSAULT: "Attempted assault",
    IncidentType.SEXUAL: "Sexual",
    IncidentType.HATE_MOTIVATED: "Hate-motivated",
    IncidentType.ONLINE: "Online / social media",
    IncidentType.STALKING_HARASSMENT: "Stalking / harassment",
}
INTENT_LABELS = {
    Intent.CLINICALLY_RELATED: "Clinically related (illness or lack of capacity)",
    Intent.DELIBERATE: "Deliberate",
    Intent.UNKNOWN: "Not known",
}
PERPETRATOR_LABELS = {
    PerpetratorType.PATIENT: "Patient / service user",
    PerpetratorType.RELATIVE_VISITOR: "Relative or visitor",
    PerpetratorType.PUBLIC: "Member of the public",
    PerpetratorType.COLLEAGUE: "Colleague",
    PerpetratorType.MANAGER: "Manager",
    PerpetratorType.UNKNOWN: "Not known",
}
FIELD_TITLES = {
    "occurred_date": "Date of the incident",
    "occurred_time": "Time",
    "location": "Location",
    "types": "Type of incident",
    "hate_strand": "Hate-crime strand",
    "perpetrator": "Perpetrator",
    "intent": "Clinically related or deliberate",
    "harm": "Harm",
    "injury_description": "Injury",
    "days_lost": "Days lost",
    "riddor": "RIDDOR decision",
    "flags": "Other facts",
    "crime_reference": "Crime reference",
    "external_ref": "Datix ID (external reference)",
    "staff": "Staff affected",
    "description": "What happened",
}
DAYS_FROM_STAFF = "Sum of staff days absent"


def parse_time(text: str) -> dt.time | None:
    """``14:05``, ``14.05``, ``1405`` or ``9:5``; empty is None; anything else ValueError."""
    t = text.strip()
    if not t:
        return None
    m = re.fullmatch(r"(\d{1,2})[:.]?(\d{2})", t) or re.fullmatch(r"(\d{1,2})[:.](\d)", t)
    if not m:
        raise ValueError(t)
    return dt.time(int(m.group(1)), int(m.group(2)))  # ValueError for 25:00


def london(value: dt.datetime) -> dt.datetime:
    """A stored (aware UTC) time as the trust's wall-clock time, naive."""
    from vpr_desktop.services.incidents.records import TRUST_TZ
    from vpr_desktop.services.incidents.records import aware

    v = aware(value)
    assert v is not None
    return v.astimezone(TRUST_TZ).replace(tzinfo=None)
