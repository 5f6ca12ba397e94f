"""Value helpers of the Datix-style import: the local-name maps (categories, locations),
Datix times, and blanking patient identifiers out of narratives.

Split from ``incident_import.py`` for length; the why is in that module's docstring.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Setting
from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.mapping import normalise_header
from vpr_desktop.services.importing.new_values import create_location
from vpr_desktop.services.importing.new_values import location_kind
from vpr_desktop.services.importing.reader import SourceRow
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import Target
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.values import UnknownValue
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text
from vpr_desktop.services.importing.values import parse_date
from vpr_desktop.services.incidents.records import HATE_STRANDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAP_SETTING = "incident_import_map"
_NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"^(\d{1,2}):?(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class CategoryMap:
    """What one Datix (sub)category means here: the incident types, and the perpetrator and hate
    strand it implies, so a trust maps its own category list once, not per row."""

    types: tuple[IncidentType, ...]
    perpetrator: PerpetratorType | None = None
    hate_strand: str | None = None


def _key(text: Any) -> str:
    return normalise_header(text)


LOCATION = "location name"


def choice_what(fmt: ImportFormat, key: str) -> str:
    """How a choice field's unknown values are grouped ("severity", "RIDDOR")."""
    label = fmt.field(key).label
    return label if label.isupper() else label.lower()


class LocalNames:
    """Reference data and value maps, loaded once per import.

    ``values``: the person's choices for values the file names that are not known here (see
    ``services.importing.value_map``); they are looked at first, so a choice always wins.
    A location to create is added to the import's own session, so it exists only if the
    import commits (``created`` lists those added)."""

    def __init__(self, s: Session, fmt: ImportFormat, values: ValueMap | None = None) -> None:
        self.session = s
        self.fmt = fmt
        self.values = values if values is not None else ValueMap()
        self.created: list[str] = []
        extra = s.scalar(select(Setting.value).where(Setting.key == MAP_SETTING)) or {}
        self.categories: dict[str, CategoryMap] = {}
        for source in (fmt.options.get("categories", {}), extra.get("categories", {})):
            for name, spec in source.items():
                self.categories[_key(name)] = _category(name, spec)
        self.loc_by_code: dict[str, int] = {}
        self.loc_by_name: dict[str, list[int]] = {}
        for lid, code, name in s.execute(select(Location.id, Location.code, Location.name)):
            self.loc_by_code[_key(code)] = lid
            self.loc_by_name.setdefault(_key(name), []).append(lid)
        self.aliases: dict[str, str] = {}
        for source in (fmt.options.get("locations", {}), extra.get("locations", {})):
            for name, code in source.items():
                self.aliases[_key(name)] = str(code)

    def location(self, value: Any) -> int:
        """The location id a Datix location value names: a mapped alias first, then a code, then a
        unique name. Raises ValueProblem (never guesses) so the row is reported, not misfiled."""
        text = clean_text(value)
        if text is None:
            raise ValueProblem("is empty; every incident needs a location")
        chosen = self.values.lookup(LOCATION, text)
        if chosen is not None:
            return self._chosen_location(chosen)
        key = _key(text)
        if key in self.aliases:
            lid = self.loc_by_code.get(_key(self.aliases[key]))
            if lid is None:
                raise ValueProblem(
                    f"is mapped to location code '{self.aliases[key]}', which is not in VPR Desktop"
                )
            return lid
        if (lid := self.loc_by_code.get(key)) is not None:
            return lid
        ids = self.loc_by_name.get(key, [])
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise ValueProblem(
                f"{len(ids)} locations have this name; map it to a location "
                "code under [options.locations]"
            )
        raise UnknownValue(
            "is not a location code or name in VPR Desktop (map it to a location, create it "
            "or leave its rows out in the import window, or add the location)",
            what=LOCATION,
            fix="map it to a location (or create it, or leave its rows out) in the import "
            "window and save the choices, then use --profile NAME here",
        )

    def _chosen_location(self, chosen: ValueChoice) -> int:
        if chosen.action == "map":
            lid = self.loc_by_code.get(_key(chosen.target))
            if lid is None:
                raise ValueProblem(
                    f"is mapped to location code '{chosen.target}', which is not in VPR Desktop"
                )
            return lid
        return self._create_location(chosen.new)

    def _create_location(self, new: Mapping[str, str]) -> int:
        """A location to create (or the one a saved choice created before)."""
        location = create_location(self.session, new)
        if _key(location.code) not in self.loc_by_code:
            self.loc_by_code[_key(location.code)] = location.id
            self.loc_by_name.setdefault(_key(location.name), []).append(location.id)
            self.created.append(location.name)
        return location.id

    def category(self, sub: Any, cat: Any) -> CategoryMap:
        """The category mapping for a row, trying the subcategory before the category (the finer one
        wins). A person's choice for the sub-category (or, without one, the category) wins.
        Raises ValueProblem when neither is mapped."""
        for what, value in (("sub-category", sub), ("category", cat)):
            text = clean_text(value)
            chosen = None if text is None or not self.values else self.values.lookup(what, text)
            if chosen is not None:
                found = self.categories.get(_key(chosen.target))
                if found is None:
                    raise ValueProblem(f"is mapped to '{chosen.target}', which is not in the map")
                return found
            if text is not None:
                break  # the finer value the file gives is the one a person maps
        for value in (sub, cat):
            text = clean_text(value)
            if text is not None and (found := self.categories.get(_key(text))) is not None:
                return found
        shown = clean_text(sub) or clean_text(cat)
        if shown is None:
            raise ValueProblem("is empty; the (sub)category says what kind of incident it was")
        raise UnknownValue(
            "is not in the category map (choose what it is in the import window, or add it "
            "under [options.categories] with its VPR types)",
            what="sub-category" if clean_text(sub) else "category",
            fix="choose the category it is in the import window and save the choices (then "
            "--profile NAME here), or add it to the category map",
            value=shown,
        )

    def choice(self, key: str, value: Any) -> str | None:
        """The stored value a person mapped a choice field's unknown ``value`` to, else None."""
        text = clean_text(value)
        chosen = None if text is None else self.values.lookup(choice_what(self.fmt, key), text)
        if chosen is None:
            return None
        if chosen.target not in set(self.fmt.field(key).choices.values()):
            raise ValueProblem(f"is mapped to '{chosen.target}', which is not a choice here")
        return chosen.target


def mappable_kinds(s: Session, fmt: ImportFormat) -> list[MappableKind]:
    """What a person may map an unknown value of a Datix import to (see ``value_map``):
    locations (or a new one: its site and setting type), the category map's names, and each
    choice field's values."""
    extra = s.scalar(select(Setting.value).where(Setting.key == MAP_SETTING)) or {}
    names = dict.fromkeys([*fmt.options.get("categories", {}), *extra.get("categories", {})])
    categories = tuple(Target(n, n) for n in sorted(names, key=str.casefold))
    kinds = [
        location_kind(s, LOCATION),
        MappableKind("sub-category", categories),
        MappableKind("category", categories),
    ]
    for f in fmt.fields:
        if f.choices:
            stored = sorted(set(f.choices.values()))
            kinds.append(
                MappableKind(
                    choice_what(fmt, f.key),
                    tuple(Target(v, v.replace("_", " ").capitalize()) for v in stored),
                )
            )
    return kinds


def _category(name: str, spec: Any) -> CategoryMap:
    if not isinstance(spec, Mapping) or not spec.get("types"):
        raise ValidationError(
            f"The incident import map for '{name}' has no types.",
            'Give each category its types, e.g. types = ["physical"].',
        )
    try:
        types = tuple(dict.fromkeys(IncidentType(t) for t in spec["types"]))
        perp = PerpetratorType(spec["perpetrator"]) if spec.get("perpetrator") else None
    except ValueError as exc:
        raise ValidationError(
            f"The incident import map for '{name}': {exc}.",
            "Use the value names listed in incidents.toml.",
        ) from exc
    strand = spec.get("hate_strand")
    if strand is not None and strand not in HATE_STRANDS:
        raise ValidationError(
            f"The incident import map for '{name}': unknown hate strand '{strand}'.",
            "Use one of: " + ", ".join(HATE_STRANDS),
        )
    if strand is not None and IncidentType.HATE_MOTIVATED not in types:
        types = (*types, IncidentType.HATE_MOTIVATED)
    return CategoryMap(types, perp, strand)


def parse_time(value: Any) -> dt.time | None:
    """Datix ``HHMM`` (also ``HH:MM``, ``H:MM:SS``, an Excel time or day fraction)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):  # Excel can hold #NUM!-like infinities
            raise ValueProblem("is not a time (use HHMM or HH:MM, 24-hour clock)")
        if 0 <= value < 1:  # Excel: a fraction of a day
            seconds = round(value * 86400)
            return dt.time(seconds // 3600 % 24, seconds // 60 % 60)
        value = f"{int(value):04d}"
    text = str(value).strip()
    if text.isdigit() and len(text) < 4:
        text = text.zfill(4)
    m = _TIME.match(text)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueProblem("is not a time (use HHMM or HH:MM, 24-hour clock)")
    return dt.time(int(m[1]), int(m[2]))


def redact(text: str | None, secrets: Iterable[str], marker: str) -> tuple[str | None, int]:
    """``text`` with each secret value (case-insensitive), NHS-number-shaped and
    postcode-shaped strings replaced by ``marker``; returns (text, replacements)."""
    if not text:
        return text, 0
    n = 0
    folded = text.casefold()
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        if secret.casefold() in folded:  # cheap test first: most narratives name no one
            text, k = re.subn(re.escape(secret), marker, text, flags=re.IGNORECASE)
            n += k
            folded = text.casefold()
    if _DIGIT.search(text):  # both patterns need a digit
        for pattern in (_NHS_NUMBER, _POSTCODE):
            text, k = pattern.subn(marker, text)
            n += k
    return text, n


@lru_cache(maxsize=4096)
def _date_forms(text: str) -> tuple[str, ...]:
    try:
        day = parse_date(text)
    except ValueProblem:
        return ()
    return (
        ()
        if day is None
        else (day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}")
    )


def patient_values(row: SourceRow, fields: Iterable[str]) -> list[str]:
    """The patient values of this row, in the forms they could appear in a narrative."""
    out: list[str] = []
    for key in fields:
        value = row[key]
        if value is None:
            continue
        if isinstance(value, dt.datetime | dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            out += [day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}"]
            continue
        text = str(value).strip()
        out.append(text)
        if key == "patient_dob":
            out += _date_forms(text)
        if key == "patient_name" and "," in text:  # "Surname, Forename"
            out += [p.strip() for p in text.split(",")]
        elif key == "patient_name":
            out += [p for p in text.split() if len(p) >= 3]
    return out
