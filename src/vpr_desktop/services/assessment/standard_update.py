"""Writing a library into the database: create an edition, or update one by indicator code.

Shared by the three ways a library arrives — the shipped TOML files (first use of a new
database), a trust's own TOML, and a spreadsheet through the import framework — so an update
has one meaning whichever way it came:

* the library version must be higher than the loaded one, else the whole load is refused with
  a plain message (CISO Assistant ignored such files silently and users were lost);
* indicators are matched by code. Changed *wording* (the text) flags the ratings of that
  indicator in every cycle not yet signed off "to re-confirm" (when there is something to
  re-confirm: a rating or a narrative); guidance and typical evidence are updated quietly;
* an indicator no longer in the library is marked retired — never deleted — so signed-off
  cycles keep their history. In open cycles an empty rating for it is removed; one holding a
  rating, narrative, evidence or actions is kept and flagged to re-confirm;
* a new indicator gets a "not assessed" rating in every open cycle of the edition;
* the shipped crosswalk rules are turned into proposed links for any indicator that lacks them.

Everything runs in the caller's session (one transaction); nothing here commits.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from importlib.resources import files
from typing import Any

from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.crosswalk import Crosswalk
from vpr_desktop.domain.crosswalk import check_crosswalk
from vpr_desktop.domain.crosswalk import parse_crosswalk
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import CrosswalkLink
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Rating
from vpr_desktop.domain.models import RatingEvidence
from vpr_desktop.domain.models import Standard
from vpr_desktop.domain.models import StandardDomain
from vpr_desktop.domain.standard_library import Library
from vpr_desktop.domain.standard_library import LibraryError
from vpr_desktop.domain.standard_library import loads_library
from vpr_desktop.domain.standard_library import natural_sort_key
from vpr_desktop.domain.standard_library import sort_codes

SHIPPED_LIBRARIES = ("vpr-2024.toml", "vpr-2020.toml")
SHIPPED_CROSSWALKS = ("crosswalk-2020-2024.toml",)
OPEN_STATUSES = (CycleStatus.DRAFT, CycleStatus.IN_REVIEW)


@dataclass
class Changes:
    """What one load did (or, in a dry run, would do)."""

    edition: str
    library_version: int
    previous_version: int | None
    created: bool
    working_summary: bool
    new_codes: list[str] = field(default_factory=list)
    changed_codes: list[str] = field(default_factory=list)
    retired_codes: list[str] = field(default_factory=list)
    restored_codes: list[str] = field(default_factory=list)
    ratings_flagged: int = 0
    ratings_added: int = 0
    ratings_removed: int = 0
    crosswalk_links_added: int = 0
    indicators_before: int = 0  # in use before the load

    @property
    def warnings(self) -> list[str]:
        """What a person should check before confirming (shown with a dry run)."""
        out = []
        if self.indicators_before and len(self.retired_codes) * 2 > self.indicators_before:
            out.append(
                f"{len(self.retired_codes)} of {self.indicators_before} indicators "
                "would be retired because the file does not list them; check it holds "
                "the whole edition, not an extract."
            )
        return out

    def counts(self) -> dict[str, int]:
        return {
            "new indicators": len(self.new_codes),
            "indicators with changed wording": len(self.changed_codes),
            "retired indicators": len(self.retired_codes),
            "ratings to re-confirm": self.ratings_flagged,
            "ratings added": self.ratings_added,
        }


def _standards_dir() -> Any:
    return files("vpr_desktop.resources").joinpath("standards")


@lru_cache(maxsize=8)
def shipped_library(name: str) -> Library:
    """A library shipped in ``resources/standards`` (checked; a bad file is a packaging bug)."""
    resource = _standards_dir().joinpath(name)
    return loads_library(resource.read_text(encoding="utf-8"), f"standards/{name}")


@lru_cache(maxsize=8)
def shipped_crosswalk(name: str) -> Crosswalk:
    resource = _standards_dir().joinpath(name)
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(f"standards/{name}", [f"not valid TOML ({exc})"]) from exc
    return parse_crosswalk(data, f"standards/{name}")


def shipped_libraries() -> list[Library]:
    return [shipped_library(n) for n in SHIPPED_LIBRARIES]


def shipped_crosswalks() -> list[Crosswalk]:
    """The shipped crosswalks, each checked against the shipped libraries it joins."""
    out = []
    libraries = {lib.edition: lib for lib in shipped_libraries()}
    for name in SHIPPED_CROSSWALKS:
        cw = shipped_crosswalk(name)
        old, new = libraries.get(cw.from_edition), libraries.get(cw.to_edition)
        if old is not None and new is not None:
            problems = check_crosswalk(cw, old, new)
            if problems:
                raise LibraryError(f"standards/{name}", problems)
        out.append(cw)
    return out


def version_refusal(edition: str, loaded: int, offered: int) -> ValidationError:
    return ValidationError(
        f"The {edition} edition is already at library version {loaded}; this file is version "
        f"{offered}. Only a higher version number updates an edition, so nothing was changed.",
        "If the wording really is newer, ask whoever prepared the file to raise its version "
        f"number (to {loaded + 1} or more); otherwise there is nothing to load.",
    )


def apply_library(session: Session, lib: Library, note: str = "") -> Changes:
    """Create or update ``lib.edition`` in ``session`` (see the module docstring)."""
    std = session.scalar(select(Standard).where(Standard.edition == lib.edition))
    header = _header(lib, note)
    if std is None:
        std = Standard(edition=lib.edition, **header)
        session.add(std)
        session.flush()
        changes = Changes(lib.edition, lib.library_version, None, True, lib.working_summary)
    else:
        if lib.library_version <= std.library_version:
            raise version_refusal(lib.edition, std.library_version, lib.library_version)
        changes = Changes(
            lib.edition, lib.library_version, std.library_version, False, lib.working_summary
        )
        for name, value in header.items():
            setattr(std, name, value)
    domain_ids = _apply_domains(session, std.id, lib)
    _apply_indicators(session, std.id, lib, domain_ids, changes)
    return changes


def _header(lib: Library, note: str) -> dict[str, object]:
    """The edition's own columns as ``lib`` gives them (all but the edition, its key), with
    ``note`` added to the provenance: one list, so a new edition and an updated one are
    written with the same values."""
    return {
        "title": lib.title,
        "publisher": lib.publisher,
        "library_version": lib.library_version,
        "published_on": lib.published_on,
        "provenance": lib.provenance + (f"\n\n{note}" if note else ""),
        "working_summary": lib.working_summary,
        "rating_scale": [level.as_dict() for level in lib.scale],
    }


def _apply_domains(session: Session, standard_id: int, lib: Library) -> dict[str, int]:
    existing = {
        d.code: d
        for d in session.scalars(
            select(StandardDomain).where(StandardDomain.standard_id == standard_id)
        )
    }
    for order, spec in enumerate(lib.domains, start=1):
        domain = existing.get(spec.code)
        if domain is None:
            domain = StandardDomain(
                standard_id=standard_id, code=spec.code, title=spec.title, sort_order=order
            )
            session.add(domain)
            existing[spec.code] = domain
        else:
            if domain.title != spec.title:
                domain.title = spec.title
            if domain.sort_order != order:
                domain.sort_order = order
    listed = {d.code for d in lib.domains}
    for extra, domain in enumerate(
        sorted((d for c, d in existing.items() if c not in listed), key=lambda d: d.sort_order),
        start=len(lib.domains) + 1,
    ):
        domain.sort_order = extra  # headings no longer listed go last (they keep history)
    session.flush()
    return {code: d.id for code, d in existing.items()}


def _apply_indicators(
    session: Session, standard_id: int, lib: Library, domain_ids: dict[str, int], changes: Changes
) -> None:
    existing = {
        i.code: i
        for i in session.scalars(select(Indicator).where(Indicator.standard_id == standard_id))
    }
    changes.indicators_before = sum(1 for i in existing.values() if not i.retired)
    new_ids: list[int] = []
    changed_ids: list[int] = []
    retired_ids: list[int] = []
    for spec in lib.indicators:
        ind = existing.get(spec.code)
        if ind is None:
            ind = Indicator(
                standard_id=standard_id,
                domain_id=domain_ids[spec.domain],
                code=spec.code,
                sort_key=spec.sort_key,
                text=spec.text,
                guidance=spec.guidance,
                typical_evidence=spec.typical_evidence,
            )
            session.add(ind)
            session.flush()
            changes.new_codes.append(spec.code)
            new_ids.append(ind.id)
            continue
        if ind.retired:
            ind.retired = False
            changes.restored_codes.append(spec.code)
            new_ids.append(ind.id)
        if ind.text != spec.text:
            ind.text = spec.text
            changes.changed_codes.append(spec.code)
            changed_ids.append(ind.id)
        for attr, value in (
            ("guidance", spec.guidance),
            ("typical_evidence", spec.typical_evidence),
            ("domain_id", domain_ids[spec.domain]),
            ("sort_key", natural_sort_key(spec.code)),
        ):
            if getattr(ind, attr) != value:
                setattr(ind, attr, value)
    listed = {i.code for i in lib.indicators}
    for code, ind in existing.items():
        if code not in listed and not ind.retired:
            ind.retired = True
            changes.retired_codes.append(code)
            retired_ids.append(ind.id)
    session.flush()
    for codes in (
        changes.new_codes,
        changes.changed_codes,
        changes.retired_codes,
        changes.restored_codes,
    ):
        codes[:] = sort_codes(codes)
    _update_open_cycles(session, standard_id, new_ids, changed_ids, retired_ids, changes)


def _has_content() -> Any:
    """SQL: the rating holds something a person did (rating, narrative, evidence, actions)."""
    return (
        (Rating.rag != Rag.NOT_RATED)
        | Rating.narrative.is_not(None)
        | exists().where(RatingEvidence.rating_id == Rating.id)
        | exists().where(Action.source_entity == "rating", Action.source_id == Rating.id)
    )


def _update_open_cycles(
    session: Session,
    standard_id: int,
    new_ids: list[int],
    changed_ids: list[int],
    retired_ids: list[int],
    changes: Changes,
) -> None:
    cycles = session.scalars(
        select(AssessmentCycle.id).where(
            AssessmentCycle.standard_id == standard_id, AssessmentCycle.status.in_(OPEN_STATUSES)
        )
    ).all()
    if not cycles:
        return
    flag_ids = list(changed_ids)
    if retired_ids:
        empty = session.scalars(
            select(Rating.id).where(
                Rating.cycle_id.in_(cycles), Rating.indicator_id.in_(retired_ids), ~_has_content()
            )
        ).all()
        if empty:
            # ORM deletes, so each removed (empty) rating is audited.
            for rating in session.scalars(select(Rating).where(Rating.id.in_(empty))):
                session.delete(rating)
            changes.ratings_removed = len(empty)
        flag_ids += retired_ids
    if flag_ids:
        for rating in session.scalars(
            select(Rating)
            .where(
                Rating.cycle_id.in_(cycles),
                Rating.indicator_id.in_(flag_ids),
                Rating.needs_reconfirm.is_(False),
                _has_content(),
            )
            .order_by(Rating.id)
        ):
            rating.needs_reconfirm = True
            changes.ratings_flagged += 1
    if new_ids:
        have = {
            tuple(r)
            for r in session.execute(
                select(Rating.cycle_id, Rating.indicator_id).where(
                    Rating.cycle_id.in_(cycles), Rating.indicator_id.in_(new_ids)
                )
            )
        }
        for cycle_id in cycles:
            for indicator_id in new_ids:
                if (cycle_id, indicator_id) not in have:
                    session.add(
                        Rating(cycle_id=cycle_id, indicator_id=indicator_id, rag=Rag.NOT_RATED)
                    )
                    changes.ratings_added += 1
    session.flush()


def sync_crosswalks(session: Session) -> int:
    """Add the proposed links the shipped rules imply and that are missing (never confirms,
    never removes); returns how many were added."""
    added = 0
    for cw in shipped_crosswalks():
        ids = dict(
            session.execute(
                select(Standard.edition, Standard.id).where(
                    Standard.edition.in_((cw.from_edition, cw.to_edition))
                )
            ).all()
        )
        if len(ids) < 2:
            continue
        old = dict(
            session.execute(
                select(Indicator.code, Indicator.id).where(
                    Indicator.standard_id == ids[cw.from_edition], Indicator.retired.is_(False)
                )
            ).all()
        )
        targets: dict[str, list[int]] = {}
        for code, iid in session.execute(
            select(StandardDomain.code, Indicator.id)
            .join(Indicator, Indicator.domain_id == StandardDomain.id)
            .where(Indicator.standard_id == ids[cw.to_edition], Indicator.retired.is_(False))
        ):
            targets.setdefault(code, []).append(iid)
        have = {
            tuple(r)
            for r in session.execute(
                select(CrosswalkLink.from_indicator_id, CrosswalkLink.to_indicator_id)
            )
        }
        for rule in cw.rules:
            source = old.get(rule.from_code)
            if source is None:
                continue
            for target in targets.get(rule.to_domain, []):
                if (source, target) in have:
                    continue
                session.add(
                    CrosswalkLink(
                        from_indicator_id=source,
                        to_indicator_id=target,
                        note=f"Proposed ({rule.strength.value}): {rule.rationale}",
                    )
                )
                have.add((source, target))
                added += 1
    session.flush()
    return added
