"""Word lists and shapes for the demo-trust generator (all fictional), read from a data file.

The vocabularies live in ``resources/demo/names.toml`` (package data, read with
importlib.resources) so the generator's logic reads without scrolling past them, and so a
reviewer can check in one place that nothing there names a real person, patient or
organisation. This module turns the file into typed constants once, at import: the rest of the
generator sees enums and tuples, never raw TOML. Order is kept as written, because the generator
draws from these lists with a seeded random source.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from vpr_desktop.domain.enums import ControlType as C
from vpr_desktop.domain.enums import IncidentType as T
from vpr_desktop.domain.enums import PerpetratorType as P
from vpr_desktop.domain.enums import SettingType as S

_DATA: dict[str, Any] = tomllib.loads(
    files("vpr_desktop.resources").joinpath("demo", "names.toml").read_text(encoding="utf-8")
)


def _strs(key: str) -> tuple[str, ...]:
    return tuple(str(item) for item in _DATA[key])


def _settings(values: list[str]) -> tuple[S, ...]:
    return tuple(S(value) for value in values)


def _texts_by(key: str) -> dict[str, tuple[str, ...]]:
    return {name: tuple(texts) for name, texts in _DATA[key].items()}


TRUST_NAME: str = _DATA["trust_name"]
TRUST_SHORT: str = _DATA["trust_short"]
EMAIL_DOMAIN: str = _DATA["email_domain"]
VPD_CODE: str = _DATA["vpd_code"]  # the trust's ESR VPD code, first token of local competencies

FIRST_NAMES = _strs("first_names")
LAST_NAMES = _strs("last_names")

# The nine ESR staff groups: (code, name, ESR label, clinical).
STAFF_GROUPS: tuple[tuple[str, str, str, bool], ...] = tuple(
    (code, name, label, clinical) for code, name, label, clinical in _DATA["staff_groups"]
)
ALL_GROUPS = tuple(g[0] for g in STAFF_GROUPS)
CLINICAL_GROUPS = tuple(g[0] for g in STAFF_GROUPS if g[3])

# Job titles per staff group: (title, weight, counts as a manager for owning risks/actions).
JOB_TITLES: dict[str, tuple[tuple[str, int, bool], ...]] = {
    group: tuple((title, weight, manager) for title, weight, manager in titles)
    for group, titles in _DATA["job_titles"].items()
}


@dataclass(frozen=True)
class SettingSpec:
    """How one setting type looks in the demo trust (sizes are relative weights)."""

    abbr: str
    places: tuple[tuple[str, str], ...]  # (location name, directorate), used in turn per site
    locations: tuple[int, int]  # how many locations: (small, large)
    headcount: int  # relative headcount of one location
    incident_rate: float  # incidents per head, relative
    staff_mix: dict[str, int]  # staff-group code -> weight
    incident_mix: dict[T, int]
    perpetrators: dict[P, int]
    clinical_share: float  # share of patient incidents linked to illness / lack of capacity


def _setting_spec(raw: dict[str, Any]) -> SettingSpec:
    small, large = raw["locations"]
    return SettingSpec(
        abbr=raw["abbr"],
        places=tuple((name, directorate) for name, directorate in raw["places"]),
        locations=(small, large),
        headcount=raw["headcount"],
        incident_rate=float(raw["incident_rate"]),
        staff_mix=dict(raw["staff_mix"]),
        incident_mix={T(k): w for k, w in raw["incident_mix"].items()},
        perpetrators={P(k): w for k, w in raw["perpetrators"].items()},
        clinical_share=float(raw["clinical_share"]),
    )


SETTINGS: dict[S, SettingSpec] = {
    S(setting): _setting_spec(raw) for setting, raw in _DATA["settings"].items()
}

# Sites: (code, name, setting types hosted). Every setting type is hosted by some site.
SITES_SMALL: tuple[tuple[str, str, tuple[S, ...]], ...] = tuple(
    (code, name, _settings(hosted)) for code, name, hosted in _DATA["sites_small"]
)
SITES_LARGE: tuple[tuple[str, str, tuple[S, ...]], ...] = tuple(
    (code, name, _settings(hosted)) for code, name, hosted in _DATA["sites_large"]
)

# Courses: (code, name, refresher months, ESR competency names, RRN certified).
COURSES: tuple[tuple[str, str, int, tuple[str, ...], bool], ...] = tuple(
    (code, name, months, tuple(competencies), rrn)
    for code, name, months, competencies, rrn in _DATA["courses"]
)

# Training-needs analysis: (course code, settings, staff groups, rationale). A cell is made only
# where the setting actually employs that staff group.
REQUIREMENTS: tuple[tuple[str, tuple[S, ...], tuple[str, ...], str], ...] = tuple(
    (course, _settings(settings), tuple(groups), rationale)
    for course, settings, groups, rationale in _DATA["requirements"]
)

# Post-incident support pathway: (step type, label, due hours after report, applies to).
# "all": every affected person; "serious": physical, sexual, threatening, hate or harm >=
# moderate; "absence": injury or time off; "reporter": once per incident (first person).
SUPPORT_PATHWAY: tuple[tuple[str, str, int, str], ...] = tuple(
    (step, label, hours, applies) for step, label, hours, applies in _DATA["support_pathway"]
)

DESCRIPTIONS: dict[T, tuple[str, ...]] = {
    T(kind): texts for kind, texts in _texts_by("descriptions").items()
}
INJURIES = _strs("injuries")
SPECIFIED_INJURIES = _strs("specified_injuries")
HATE_STRANDS: dict[str, int] = dict(_DATA["hate_strands"])  # strand -> relative frequency

# Values recorded with consent (NHS ethnic categories and staff-survey style bands).
CHARACTERISTIC_VALUES: dict[str, tuple[str, ...]] = _texts_by("characteristic_values")
STRAND_CHARACTERISTIC: dict[str, str] = dict(_DATA["strand_characteristic"])

# Risk activities: (activity, settings where assessed, hazard text).
ACTIVITIES: tuple[tuple[str, tuple[S, ...], str], ...] = tuple(
    (activity, _settings(settings), hazard) for activity, settings, hazard in _DATA["activities"]
)

CONTROLS: dict[C, tuple[str, ...]] = {
    C(kind): texts for kind, texts in _texts_by("controls").items()
}
ACTION_TITLES: dict[str, tuple[str, ...]] = _texts_by("action_titles")
UPDATE_TEXTS = _strs("update_texts")
MEETING_DECISIONS = _strs("meeting_decisions")
