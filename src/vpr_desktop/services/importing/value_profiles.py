"""Saved value mappings ("Datix monthly": '111 Call Centre' is location 111, 'MOD' is moderate…).

Why in the database (the ``mapping_profile`` table, beside the saved column mappings): a shared
database shares them, they travel with backups, and a VPR lead on a locked-down desktop can
make them -- unlike a TOML file inside the program folder. A value profile is stored with the
kind ``"<import> values"`` (so the column-mapping lists of :mod:`.profiles` never show it) and a
JSON body ``{"values": <ValueMap JSON>, "headers": [the file's column headings]}``.

"The next file from the same source" is the next file with the same column headings: an
export report keeps its layout month after month, and a different report (another system,
another trust's layout) has other headings. :func:`matching_profile` picks the newest profile
whose headings are those of the file (case, spaces and punctuation ignored), so the dialog and
the CLI apply it by themselves. Saving under a name that exists replaces it (like column
profiles); deleting uses :func:`.profiles.delete_profile`. Needs IMPORT_DATA, audited.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import MappingProfile
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.profiles import delete_profile
from vpr_desktop.services.importing.profiles import profile_name
from vpr_desktop.services.importing.profiles import store_profile
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.value_map import value_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.importing.batch import ImportResult
    from vpr_desktop.store.database import Database


def profile_kind(kind: str) -> str:
    """The ``mapping_profile.kind`` of value profiles for import ``kind`` ("incidents")."""
    return f"{kind} values"


@dataclass(frozen=True)
class ValueProfile:
    """A saved value mapping for one import, with the headings of the file it was made for."""

    id: int
    kind: str  # the import ("incidents")
    name: str
    values: ValueMap
    headers: tuple[str, ...]
    version: int

    def fits(self, headers: Iterable[str]) -> bool:
        """True when ``headers`` are this profile's headings (order and case ignored)."""
        return bool(self.headers) and _signature(self.headers) == _signature(headers)


def _signature(headers: Iterable[str]) -> frozenset[str]:
    return frozenset(k for h in headers if (k := value_key(h)))


def _info(kind: str, p: MappingProfile) -> ValueProfile:
    body: dict[str, Any] = dict(p.mapping or {})
    headers = body.get("headers") or []
    return ValueProfile(
        p.id,
        kind,
        p.name,
        ValueMap.from_json(body.get("values")),
        tuple(str(h) for h in headers if isinstance(h, str)),
        p.version,
    )


def list_value_profiles(db: Database, actor: Actor, kind: str) -> list[ValueProfile]:
    """The saved value mappings of import ``kind``, by name (case-insensitive)."""
    actor.require(Permission.IMPORT_DATA, "see saved value mappings")
    with reading(db) as s:
        rows = s.scalars(select(MappingProfile).where(MappingProfile.kind == profile_kind(kind)))
        found = [_info(kind, p) for p in rows]
    return sorted(found, key=lambda p: (p.name.casefold(), p.id))


def get_value_profile(db: Database, actor: Actor, kind: str, name: str) -> ValueProfile:
    """The value profile of ``kind`` called ``name``; NotFoundError naming those there are."""
    profiles = list_value_profiles(db, actor, kind)
    wanted = (name or "").strip()
    for p in profiles:
        if p.name == wanted:
            return p
    for p in profiles:
        if p.name.casefold() == wanted.casefold():
            return p
    there = ", ".join(f"'{p.name}'" for p in profiles)
    raise NotFoundError(
        f"There is no saved value mapping called '{wanted}' for {kind} imports.",
        f"Use one of: {there}." if there else "Map the values in the import window and save them.",
    )


def matching_profile(
    profiles: Sequence[ValueProfile], headers: Iterable[str]
) -> ValueProfile | None:
    """The newest profile made for a file with these headings (see the module docstring)."""
    wanted = _signature(headers)
    for p in sorted(profiles, key=lambda p: -p.id):
        if p.headers and _signature(p.headers) == wanted:
            return p
    return None


def save_value_profile(
    db: Database,
    actor: Actor,
    kind: str,
    name: str,
    values: ValueMap,
    headers: Iterable[str] = (),
) -> ValueProfile:
    """Create or replace (by kind and name) a saved value mapping; audited."""
    actor.require(Permission.IMPORT_DATA, "save a value mapping")
    name = profile_name(name, "A saved mapping", "Datix monthly")
    if not values:
        raise ValidationError(
            "No value has a choice yet, so there is nothing to save.",
            "Choose what at least one value is, or leave its rows out.",
        )
    body = {"values": values.to_json(), "headers": [str(h) for h in headers if str(h).strip()]}
    with UnitOfWork(db, actor) as uow:
        info = _info(kind, store_profile(uow.session, profile_kind(kind), name, body))
    return info


@dataclass(frozen=True)
class ValueMapping:
    """What an import dialog needs for its value step, for one import: which kinds of value
    can be mapped (and to what), the saved profiles, and the import run with a map. The
    importer's service builds it, so the dialog stays the same for every import."""

    db: Database
    actor: Actor
    kind: str
    kinds_fn: Callable[[], list[MappableKind]]
    run_fn: Callable[[Path, bool, ValueMap, str | None], ImportResult]

    @classmethod
    def session_kinds(
        cls,
        db: Database,
        actor: Actor,
        kind: str,
        read_kinds: Callable[[Session], list[MappableKind]],
        run_fn: Callable[[Path, bool, ValueMap, str | None], ImportResult],
    ) -> ValueMapping:
        """The value step of an import whose kinds come from the database (the locations,
        courses or staff groups a value may become): ``read_kinds`` is given one reading
        session each time the dialog asks, so no importer opens it by hand."""

        def kinds() -> list[MappableKind]:
            with reading(db) as s:
                return read_kinds(s)

        return cls(db, actor, kind, kinds, run_fn)

    def kinds(self) -> list[MappableKind]:
        """The kinds of value a person may map, with what each may become."""
        self.actor.require(Permission.IMPORT_DATA, "map the values of an import")
        return self.kinds_fn()

    def run(
        self, path: Path, dry_run: bool, values: ValueMap, profile_name: str | None = None
    ) -> ImportResult:
        """Check (``dry_run``) or import ``path`` with ``values`` applied."""
        return self.run_fn(path, dry_run, values, profile_name)

    def profiles(self) -> list[ValueProfile]:
        return list_value_profiles(self.db, self.actor, self.kind)

    def save_profile(self, name: str, values: ValueMap, headers: Iterable[str]) -> ValueProfile:
        return save_value_profile(self.db, self.actor, self.kind, name, values, headers)

    def delete_profile(self, profile_id: int) -> None:
        delete_profile(self.db, self.actor, profile_id)
