"""Crosswalks between two editions of the VPR standard: thematic proposals, checked, never final.

No official crosswalk exists (vpr-standard.md §1.7), so a crosswalk file only proposes: each rule
says an old indicator relates to a new edition's domain, the service turns it into one proposed
link per indicator, and a person confirms each. Kept apart from the library parser because it
reads a different file and is checked against two libraries, not one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum
from typing import Any

from vpr_desktop.domain.standard_library import EDITION_RE
from vpr_desktop.domain.standard_library import Library
from vpr_desktop.domain.standard_library import LibraryError
from vpr_desktop.domain.standard_library import check_unknown_keys
from vpr_desktop.domain.standard_library import table_entries
from vpr_desktop.domain.standard_library import text_field


class Strength(StrEnum):
    PRIMARY = "primary"  # the most likely new home of the old area
    SECONDARY = "secondary"  # an "also" domain in the thematic table


@dataclass(frozen=True)
class CrosswalkRule:
    """A thematic proposal: old indicator ``from_code`` relates to every indicator of the new
    edition's domain ``to_domain``. Turned into one proposed link per indicator, each confirmed
    by a person (vpr-standard.md §1.7: no official crosswalk exists)."""

    from_code: str
    to_domain: str
    strength: Strength
    rationale: str


@dataclass(frozen=True)
class Crosswalk:
    from_edition: str
    to_edition: str
    version: int
    title: str
    provenance: str
    rules: tuple[CrosswalkRule, ...] = field(default_factory=tuple)


def parse_crosswalk(data: Mapping[str, Any], source: str = "<crosswalk>") -> Crosswalk:
    problems: list[str] = []
    head = data.get("crosswalk")
    if not isinstance(head, dict):
        raise LibraryError(source, ["missing the [crosswalk] table"])
    check_unknown_keys(
        head,
        {"from_edition", "to_edition", "version", "title", "provenance"},
        "[crosswalk]",
        problems,
    )
    check_unknown_keys(data, {"crosswalk", "rules"}, "top level", problems)
    editions = [str(head.get(k, "")) for k in ("from_edition", "to_edition")]
    for e in editions:
        if not EDITION_RE.match(e):
            problems.append(f"[crosswalk] {e!r} is not an edition id")
    version = head.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("[crosswalk] version must be a whole number from 1")
        version = 1
    rules: list[CrosswalkRule] = []
    keys = {"from", "to_domain", "strength", "rationale"}
    missing = "give at least one [[rules]] entry"
    for _, item, where in table_entries(data.get("rules"), "rule", keys, problems, missing):
        try:
            strength = Strength(str(item.get("strength", "primary")))
        except ValueError:
            problems.append(f"{where}: strength must be primary or secondary")
            strength = Strength.PRIMARY
        rules.append(
            CrosswalkRule(
                str(item.get("from", "")).strip(),
                str(item.get("to_domain", "")).strip(),
                strength,
                text_field(item, "rationale", where, problems),
            )
        )
    if problems:
        raise LibraryError(source, problems)
    return Crosswalk(
        editions[0],
        editions[1],
        version,
        str(head.get("title", "")),
        str(head.get("provenance", "")).strip(),
        tuple(rules),
    )


def check_crosswalk(crosswalk: Crosswalk, old: Library, new: Library) -> list[str]:
    """Problems with ``crosswalk`` against the two libraries it joins."""
    problems = []
    if (crosswalk.from_edition, crosswalk.to_edition) != (old.edition, new.edition):
        problems.append(
            f"the crosswalk joins {crosswalk.from_edition} → {crosswalk.to_edition},"
            f" not {old.edition} → {new.edition}"
        )
    codes = {i.code for i in old.indicators}
    domains = {d.code for d in new.domains}
    for rule in crosswalk.rules:
        if rule.from_code not in codes:
            problems.append(f"rule from {rule.from_code}: no such indicator in {old.edition}")
        if rule.to_domain not in domains:
            problems.append(f"rule to domain {rule.to_domain}: no such domain in {new.edition}")
    return problems
