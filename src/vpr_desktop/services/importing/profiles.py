"""Saved column mappings ("ESR monthly": field -> the exact heading in that export).

Why they are stored: a trust's ESR report names its columns its own way and keeps that name
month after month, so the person maps the columns once and picks the profile next time
(ecosystem-and-reliability.md A2). A profile belongs to one import kind (``training``,
``staff``, ...) and is named uniquely within it; saving a name that exists *replaces* its
mapping (an upsert, so "Save" in the dialog never fails on a duplicate). Mappings are checked
against the kind's shipped format (:func:`~.mapping.check_mapping`): unknown fields and blank
headings are refused, so a profile can always be applied later. Every change goes through a
:class:`UnitOfWork`, which audits it. Needs IMPORT_DATA, like the imports that use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import MappingProfile
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.mapping import FormatError
from vpr_desktop.services.importing.mapping import check_mapping
from vpr_desktop.services.importing.mapping import load_format

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

MAX_NAME = 100


@dataclass(frozen=True)
class ProfileInfo:
    """A saved column mapping for one kind of import, so a trust maps its export's headers once."""

    id: int
    kind: str
    name: str
    mapping: dict[str, str]  # field key -> exact header text
    version: int


def _info(p: MappingProfile) -> ProfileInfo:
    return ProfileInfo(
        p.id, p.kind, p.name, {str(k): str(v) for k, v in (p.mapping or {}).items()}, p.version
    )


def _format(kind: str) -> Any:
    try:
        return load_format(kind)
    except FormatError as exc:
        raise ValidationError(
            f"There is no import called {kind!r}.", "Choose a listed import."
        ) from exc


def list_profiles(db: Database, actor: Actor, kind: str) -> list[ProfileInfo]:
    """The saved mappings of ``kind``, by name (case-insensitive)."""
    actor.require(Permission.IMPORT_DATA, "see saved column mappings")
    with reading(db) as s:
        found = [
            _info(p) for p in s.scalars(select(MappingProfile).where(MappingProfile.kind == kind))
        ]
    return sorted(found, key=lambda p: (p.name.casefold(), p.id))


def get_profile(db: Database, actor: Actor, kind: str, name: str) -> ProfileInfo:
    """The profile of ``kind`` called ``name`` (stripped); NotFoundError if there is none."""
    actor.require(Permission.IMPORT_DATA, "use a saved column mapping")
    with reading(db) as s:
        p = s.scalar(
            select(MappingProfile).where(
                MappingProfile.kind == kind, MappingProfile.name == name.strip()
            )
        )
        if p is None:
            raise NotFoundError(
                f"There is no saved column mapping called '{name.strip()}'.",
                "Choose another, or map the columns and save it again.",
            )
        return _info(p)


def save_profile(
    db: Database, actor: Actor, kind: str, name: str, mapping: Mapping[str, str]
) -> ProfileInfo:
    """Create or replace (by kind and name) a saved mapping; audited."""
    actor.require(Permission.IMPORT_DATA, "save a column mapping")
    name = profile_name(name, "A mapping", "ESR monthly")
    checked = check_mapping(_format(kind), mapping)
    if not checked:
        raise ValidationError(
            "The mapping chooses no columns, so there is nothing to save.",
            "Pick the file's column for at least one field.",
        )
    with UnitOfWork(db, actor) as uow:
        info = _info(store_profile(uow.session, kind, name, checked))
    return info


def profile_name(name: str | None, what: str, example: str) -> str:
    """``name`` without surrounding spaces, or ValidationError when it is empty or too long:
    one rule for the names of column and value mappings, which share the table and its name
    column; ``what`` ("A mapping") and ``example`` word the refusal for the one being saved."""
    name = (name or "").strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise ValidationError(
            f"{what} needs a name of 1 to {MAX_NAME} characters.",
            f"Type a short name such as '{example}'.",
        )
    return name


def store_profile(s: Session, kind: str, name: str, body: dict[str, Any]) -> MappingProfile:
    """Create or replace (by stored kind and name) a saved mapping in the caller's unit of
    work, flushed so its id is known. Column and value mappings share the table and this."""
    profile = s.scalar(
        select(MappingProfile).where(MappingProfile.kind == kind, MappingProfile.name == name)
    )
    if profile is None:
        profile = MappingProfile(kind=kind, name=name, mapping=body)
        s.add(profile)
    elif dict(profile.mapping or {}) != body:
        profile.mapping = body  # a new dict, so the JSON change is seen and audited
    s.flush()
    return profile


def delete_profile(db: Database, actor: Actor, profile_id: int) -> None:
    """Delete a saved mapping (imports that used it keep its name in their history)."""
    actor.require(Permission.IMPORT_DATA, "delete a column mapping")
    with UnitOfWork(db, actor) as uow:
        uow.session.delete(uow.get(MappingProfile, profile_id))
