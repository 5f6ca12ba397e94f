"""Setting up a new trust: the steps a new, empty database goes through before its first imports.

A new database knows nothing of the trust: no name for its packs, no sites or wards for the
imports to place people and incidents at, no courses, no staff groups. Every first import then
fails on every row. The set-up wizard (``views.admin.setup_wizard``) walks the person who made
the database through the few things to do first -- trust name and code, sites and locations,
the starter catalogue and needs rules, the standard edition -- and then to the first imports.

Why progress is kept in the database (setting ``setup``), not on this PC: a shared database is
set up once, by whoever gets there first, and the wizard picks up on another PC -- or after a
closed window -- where it was left. Each step writes its own rows *and* its progress in one
transaction, so a step is either done and recorded, or neither. Skipping is recorded too, so
the wizard is not offered again (it stays on the Admin menu).

The trust code (its ODS code, e.g. "RXX") is kept with the progress; the trust name is the
Settings page's own value, so packs print what the wizard was told.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import exists
from sqlalchemy import select

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Setting
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.trust_settings import DEFAULT_TRUST_NAME
from vpr_desktop.services.admin.trust_settings import put_trust_name
from vpr_desktop.services.admin.trust_settings import read as read_settings
from vpr_desktop.services.common.settings import put_setting
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.mapping import normalise_header
from vpr_desktop.services.importing.new_values import create_location
from vpr_desktop.services.importing.new_values import make_code
from vpr_desktop.services.importing.reader import open_table
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.training.starter import StarterAdded
    from vpr_desktop.store.database import Database

SETUP_KEY = "setup"
#: The wizard's steps, in order (stored in the progress as they are done).
STEPS = ("trust", "places", "catalogue", "standard", "imports")
STEP_TITLES = {
    "trust": "The trust",
    "places": "Sites and locations",
    "catalogue": "Training catalogue and needs",
    "standard": "The standard",
    "imports": "First imports",
}
MAX_CODE = 10


@dataclass(frozen=True)
class SetupState:
    """Where set-up stands: ``status`` is "new" (never started), "started", "skipped" or
    "finished"; ``done`` the steps done; ``empty`` whether the database holds no site or
    location yet (a new database)."""

    status: str
    done: tuple[str, ...]
    trust_name: str
    trust_code: str
    empty: bool
    version: int | None

    @property
    def offered(self) -> bool:
        """Whether the window offers the wizard when the database opens: a new, empty
        database, or set-up started and left unfinished."""
        return self.status == "started" or (self.status == "new" and self.empty)

    @property
    def next_step(self) -> int:
        """The index of the first step not done yet (the last one when all are)."""
        return next((i for i, key in enumerate(STEPS) if key not in self.done), len(STEPS) - 1)


@dataclass(frozen=True)
class NewPlace:
    """One row of the sites-and-locations step: a location at a site (a new site is added by
    its name), its setting type, and its code (made from the name when blank)."""

    site: str
    name: str
    setting_type: str
    code: str = ""


def _progress(s: Session) -> tuple[dict[str, Any], int | None]:
    row = s.scalar(select(Setting).where(Setting.key == SETUP_KEY))
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    return dict(value), (row.version if row is not None else None)


def _state(s: Session) -> SetupState:
    value, version = _progress(s)
    done = tuple(k for k in STEPS if k in (value.get("done") or []))
    status = str(value.get("status") or "new")
    empty = not s.scalar(select(exists().where(Site.id.isnot(None)))) and not s.scalar(
        select(exists().where(Location.id.isnot(None)))
    )
    name = read_settings(s, with_logo=False).trust_name
    return SetupState(
        status if status in ("new", "started", "skipped", "finished") else "new",
        done,
        "" if name == DEFAULT_TRUST_NAME else name,
        str(value.get("trust_code") or ""),
        empty,
        version,
    )


def setup_state(db: Database, actor: Actor) -> SetupState:
    """Where set-up stands (anyone may ask; only a settings manager is offered the wizard)."""
    with reading(db) as s:
        return _state(s)


#: Every step's permission: the trust's settings, its places, its catalogue.
SETUP_PERMISSIONS = (Permission.MANAGE_SETTINGS, Permission.IMPORT_DATA, Permission.EDIT_TRAINING)


def may_set_up(actor: Actor) -> bool:
    """Whether ``actor`` may run the wizard (a VPR lead, or the person who created the
    database)."""
    return all(actor.can(p) for p in SETUP_PERMISSIONS)


def _require(actor: Actor) -> None:
    for p in SETUP_PERMISSIONS:
        actor.require(p, "set up the trust")


def _record(uow: UnitOfWork, step: str | None, status: str = "started", **extra: str) -> None:
    """Mark ``step`` done (and the status) in the progress setting, in ``uow``."""
    value, version = _progress(uow.session)
    done = list(value.get("done") or [])
    if step is not None and step not in done:
        done.append(step)
    value.update(status=status, done=[k for k in STEPS if k in done], **extra)
    put_setting(uow, SETUP_KEY, value, version)


def save_trust(db: Database, actor: Actor, name: str, code: str) -> SetupState:
    """Step 1: the trust's name (as packs print it) and code, with the progress."""
    _require(actor)
    code = code.strip().upper()
    if len(code) > MAX_CODE or not re.fullmatch(r"[A-Z0-9]*", code):
        raise ValidationError(
            f"The trust code is letters and digits only, at most {MAX_CODE} of them.",
            "Type the trust's ODS code, for example RXX, or leave it blank.",
            [(None, "trust_code", code, "is not a trust code")],
        )
    with UnitOfWork(db, actor) as uow:
        put_trust_name(uow, name)
        _record(uow, "trust", trust_code=code)
        return _state(uow.session)


def setting_of(text: str) -> SettingType:
    """A setting type from its code, its label, or the words the location import knows
    ("A&E"); ValueProblem when it is none of them (the places step asks for one)."""
    from vpr_desktop.services.admin.location_import import setting_words

    found = setting_words(load_format("locations")).get(normalise_header(text))
    if found is None:
        raise ValueProblem("has no setting type chosen")
    return found


def save_places(db: Database, actor: Actor, places: Sequence[NewPlace]) -> SetupState:
    """Step 2: add the sites and locations typed, pasted or read from a staff export, in one
    transaction; a row whose code is here already is left as it is. Every row's problem is
    said (by its row number) and nothing is written when any row has one."""
    _require(actor)
    problems: list[tuple[int | None, str, Any, str]] = []
    for n, p in enumerate(places, start=1):
        if not p.name.strip():
            problems.append((n, "name", p.name, "has no location name"))
        if not p.site.strip():
            problems.append((n, "site", p.site, "has no site"))
        try:
            setting_of(p.setting_type)
        except ValueProblem as exc:
            problems.append((n, "setting_type", p.setting_type, str(exc)))
    if problems:
        raise ValidationError(
            f"{len({r for r, *_ in problems})} of {len(places)} rows need more: "
            + "; ".join(f"row {r} {why}" for r, _k, _v, why in problems[:5])
            + ("…" if len(problems) > 5 else "."),
            "Fill in each row's site, location name and setting type, or remove the row.",
            problems,
        )
    with UnitOfWork(db, actor) as uow:
        for p in places:
            create_location(
                uow.session,
                {
                    "name": p.name.strip(),
                    "code": p.code.strip() or make_code(f"{p.site} {p.name}", 30),
                    "site": p.site.strip(),
                    "setting_type": setting_of(p.setting_type).value,
                },
            )
        _record(uow, "places")
        return _state(uow.session)


def add_catalogue(db: Database, actor: Actor) -> tuple[StarterAdded, SetupState]:
    """Step 3: the starter catalogue (ESR staff groups, the VPR courses, the national needs
    rules), with the progress."""
    from vpr_desktop.services.training.starter import add_starter

    _require(actor)
    with UnitOfWork(db, actor) as uow:
        added = add_starter(uow.session)
        _record(uow, "catalogue")
        return added, _state(uow.session)


def mark_step(db: Database, actor: Actor, step: str) -> SetupState:
    """A step whose work is done elsewhere (the standard, loaded by its own dialog; the first
    imports, each by its own dialog) is recorded as done."""
    _require(actor)
    if step not in STEPS:
        raise ValidationError(f"There is no set-up step '{step}'.", "")
    with UnitOfWork(db, actor) as uow:
        _record(uow, step)
        return _state(uow.session)


def end_setup(db: Database, actor: Actor, *, finished: bool) -> SetupState:
    """Finish set-up, or skip it ("skipped": not offered again; the Admin menu keeps it)."""
    _require(actor)
    with UnitOfWork(db, actor) as uow:
        _record(uow, None, "finished" if finished else "skipped")
        return _state(uow.session)


def place_rows(text: str) -> list[NewPlace]:
    """Rows pasted from a spreadsheet (tab-separated; a comma list when there is no tab):
    site, location, setting type and, optionally, code. A first row of headings is skipped."""
    rows: list[NewPlace] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = [c.strip() for c in (line.split("\t") if "\t" in line else line.split(","))]
        cells += [""] * (4 - len(cells))
        if not rows and normalise_header(cells[0]) in ("site", "sitename", "sitecode"):
            continue
        rows.append(NewPlace(cells[0], cells[1], cells[2], cells[3]))
    return rows


def organisations(db: Database, actor: Actor, path: Path | str) -> list[tuple[str, int]]:
    """The distinct organisations of an ESR staff export, each with its row count (most
    first), as location names: the leading cost-centre number ESR puts before a ward's name
    ("123 Ward 9 Older Adults") is dropped. Existing locations' names are left out."""
    actor.require(Permission.IMPORT_DATA, "read a staff export")
    counts: Counter[str] = Counter()
    with open_table(Path(path), load_format("staff")) as table:
        if not table.has("organisation"):
            raise ValidationError(
                f"{Path(path).name} has no organisation column.",
                "Choose the staff list exported from ESR (it names each assignment's "
                "organisation).",
            )
        for row in table.rows():
            text = clean_text(row["organisation"])
            if text:
                counts[re.sub(r"^\d+\s+", "", text)] += 1
    with reading(db) as s:
        known = {normalise_header(n) for n in s.scalars(select(Location.name))}
    return sorted(
        ((name, n) for name, n in counts.items() if normalise_header(name) not in known),
        key=lambda item: (-item[1], item[0].casefold()),
    )


def site_names(db: Database, actor: Actor) -> list[str]:
    """The sites there are, by name (the places step offers them)."""
    with reading(db) as s:
        return list(s.scalars(select(Site.name).order_by(Site.name)))
