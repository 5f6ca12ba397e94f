"""A form read three times — as loaded, as typed, and as saved now by someone else — lined up
field by field, with who changed each.

A form describes itself as a list of :class:`FieldValue` (what it holds, and the same in
words); :func:`compare` lines the three readings up, and :func:`mine_to_reapply` names the
fields a three-way merge puts back on top of the saved version. Plain data and no Qt, so the
rule is read and tested apart from the dialog that shows it
(:mod:`vpr_desktop.views.common.conflict`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class FieldValue:
    """One field of a form: its key, its label, the value compared and the value in words."""

    key: str
    label: str
    value: object
    shown: str


class Who(Enum):
    """Who changed a field since this person opened the record."""

    NOBODY = "Unchanged"
    THEM = "Changed by them"
    ME = "Changed by you"
    BOTH = "Changed by both"


@dataclass(frozen=True)
class Difference:
    """One field across the three versions, and who changed it."""

    key: str
    label: str
    theirs: str
    mine: str
    who: Who


def compare(
    loaded: Sequence[FieldValue], mine: Sequence[FieldValue], theirs: Sequence[FieldValue]
) -> list[Difference]:
    """Line up the three readings of a form (same fields, same order) field by field."""
    out = []
    for base, me, them in zip(loaded, mine, theirs, strict=True):
        changed_by_me = me.value != base.value
        changed_by_them = them.value != base.value
        if changed_by_me and changed_by_them:
            who = Who.ME if me.value == them.value else Who.BOTH
        elif changed_by_me:
            who = Who.ME
        elif changed_by_them:
            who = Who.THEM
        else:
            who = Who.NOBODY
        out.append(Difference(base.key, base.label, them.shown, me.shown, who))
    return out


def mine_to_reapply(differences: Sequence[Difference]) -> set[str]:
    """The fields to put back on top of the saved version: the ones this person changed."""
    return {d.key for d in differences if d.who in (Who.ME, Who.BOTH)}
