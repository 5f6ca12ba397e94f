"""Values an import may add when a person chose "create" for an unknown one: a location.

Shared by every import that looks locations up (Datix incidents, ESR staff organisations), so
"create this location, at this site, with this setting type" means the same everywhere. The
location is added to the import's own session -- it exists only if the import commits, so a
check (dry run) or a refused import adds nothing -- and a saved choice applied again finds
the location it created the first time (by its code) instead of adding a second one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.services.importing.mapping import normalise_header
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import Target
from vpr_desktop.services.importing.values import ValueProblem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def make_code(text: str, limit: int) -> str:
    """A code for a new site or location from its name ("Ward 7 (Acute)" -> "WARD-7-ACUTE")."""
    return "-".join(re.sub(r"[^0-9A-Za-z]+", " ", text).upper().split())[:limit].strip("-")


def location_kind(s: Session, what: str) -> MappableKind:
    """Unknown values of kind ``what`` may become an active location ("Name (Site)"), or a
    new one with its site (existing, or a new name) and setting type."""
    sites = tuple(
        Target(code, name)
        for code, name in s.execute(select(Site.code, Site.name).order_by(Site.name))
    )
    places = tuple(
        Target(code, f"{name} ({site})")
        for code, name, site in s.execute(
            select(Location.code, Location.name, Site.name)
            .join(Site, Location.site_id == Site.id)
            .where(Location.active)
            .order_by(Location.name, Site.name)
        )
    )
    settings = tuple(Target(t.value, t.label) for t in SettingType)
    return MappableKind(what, places, "location", {"site": sites, "setting_type": settings})


def location_id(s: Session, code: str) -> int | None:
    """The id of the location with ``code`` (case, spaces and punctuation ignored)."""
    key = normalise_header(code)
    for lid, found in s.execute(select(Location.id, Location.code)):
        if normalise_header(found) == key:
            return int(lid)
    return None


def create_location(s: Session, new: Mapping[str, str]) -> Location:
    """The location a "create" choice describes (see the module docstring); ValueProblem
    when the choice lacks its name, site or setting type."""
    name = (new.get("name") or "").strip()
    code = ((new.get("code") or "").strip() or make_code(name, 30))[:30]
    if not name or not code:
        raise ValueProblem("is to be created as a location, but it has no name")
    existing = s.scalar(select(Location).where(Location.code == code))
    if existing is not None:
        return existing
    try:
        setting = SettingType(new.get("setting_type", ""))
    except ValueError:
        raise ValueProblem(
            "is to be created as a location, but its setting type is not chosen"
        ) from None
    site_text = (new.get("site") or "").strip()
    if not site_text:
        raise ValueProblem("is to be created as a location, but its site is not chosen")
    site = s.scalar(select(Site).where(Site.code == site_text)) or next(
        (
            x
            for x in s.scalars(select(Site))
            if normalise_header(x.name) == normalise_header(site_text)
        ),
        None,
    )
    if site is None:
        site = Site(code=make_code(site_text, 20), name=site_text)
        s.add(site)
    location = Location(site=site, code=code, name=name, setting_type=setting)
    s.add(location)
    s.flush()
    return location
