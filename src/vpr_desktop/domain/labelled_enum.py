"""A value list whose members carry a label for people: one ``label`` for every such enum.

Why: many value lists had the same hand-written ``label`` property, each a dictionary lookup
on ``self``. Most of those labels are simply the stored value in sentence case
(``"done_on_time"`` is shown as "Done on time"), so the base class derives them, and a class
whose wording differs lists only the differing members once with ``give_labels``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

#: The listed wording of each labelled enum, by the member's stored value.
_WORDING: dict[type[LabelledEnum], dict[str, str]] = {}

E = TypeVar("E", bound="LabelledEnum")


class LabelledEnum(StrEnum):
    """A ``StrEnum`` with a ``label``: the wording given by ``give_labels`` for the member, or
    else its value in sentence case."""

    @property
    def label(self) -> str:
        """The member as people see it."""
        wording = _WORDING.get(type(self), {}).get(self.value)
        return wording if wording is not None else sentence_case(self.value)


def sentence_case(value: str) -> str:
    """A stored value as words: underscores become spaces and only the first letter is upper."""
    return value.replace("_", " ").capitalize()


def give_labels(enum: type[E], labels: Mapping[E, str]) -> Mapping[E, str]:
    """Set the wording of ``enum``'s members that is not their value in sentence case; returns
    ``labels`` so a module can keep its table under a name."""
    _WORDING[enum] = {member.value: text for member, text in labels.items()}
    return labels
