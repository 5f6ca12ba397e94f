"""What a person chose for each value an import did not know: map it, create it, leave it out.

A real export names the same few unknown values in hundreds of rows ("111 Call Centre" for a
location, "MOD" for a severity, "Physical assault by patient" for a sub-category). The import
already groups them (``ImportResult.unknown``: kind -> value -> rows); a :class:`ValueMap`
holds, for each kind and value, one :class:`ValueChoice`:

* ``map``: the value means an existing one (``target`` is the key the importer's
  :class:`MappableKind` offered, e.g. a location code);
* ``create``: the value names something to add (``new`` holds its fields, e.g. a location's
  name, code, site and setting type); the importer adds it *inside the import's transaction*,
  so a dry run or a refused import adds nothing;
* ``leave_out``: the rows holding the value are not imported (and are counted in the result).

Why the importer, not the dialog, decides what can be mapped: only it knows which values it
looks up and what they may become (:class:`MappableKind`). Values are matched the way the
imports match names -- case, spaces and punctuation ignored -- so "111 call centre" in next
month's file finds the choice made for "111 Call Centre". A map is plain JSON, so it is saved
in the database as a named profile (:mod:`.value_profiles`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from vpr_desktop.services.importing.mapping import normalise_header

ACTIONS = ("map", "create", "leave_out")


class LeftOut(Exception):
    """Raised by a lookup when the person chose to leave out rows holding this value."""

    def __init__(self, what: str, value: str) -> None:
        super().__init__(f"{what} '{value}' left out")
        self.what, self.value = what, value


@dataclass(frozen=True)
class Target:
    """One existing value an unknown one can be mapped to: ``key`` is stored, ``label`` shown."""

    key: str
    label: str


@dataclass(frozen=True)
class MappableKind:
    """A kind of value an import looks up and lets a person map ("location name").

    ``create`` names what a new value would be ("location"; empty when nothing can be created),
    ``create_options`` the choices its form offers (e.g. "site" and "setting_type"),
    ``fields`` the values typed in (key -> label, e.g. a course's renewal months) and
    ``optional`` the keys of either that may be left blank."""

    what: str
    targets: tuple[Target, ...]
    create: str = ""
    create_options: Mapping[str, tuple[Target, ...]] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)
    optional: tuple[str, ...] = ()

    def label_of(self, key: str) -> str:
        """The label of target ``key`` (the key itself when it is not offered any more)."""
        return next((t.label for t in self.targets if t.key == key), key)


@dataclass(frozen=True)
class ValueChoice:
    """What to do with one unknown value (see the module docstring)."""

    action: str
    target: str = ""
    new: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}")

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.action}
        if self.target:
            out["target"] = self.target
        if self.new:
            out["new"] = dict(self.new)
        return out


def value_key(value: Any) -> str:
    """How values are matched: case, spaces and punctuation ignored (as column headings)."""
    return normalise_header(value)


@dataclass
class ValueMap:
    """The choices for one import: kind ("location name") -> value as shown -> choice.

    ``used`` counts, while an import runs, the rows each chosen value was found in (kind ->
    value -> rows), so a check can say what the map did."""

    choices: dict[str, dict[str, ValueChoice]] = field(default_factory=dict)
    used: dict[str, dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, str], str] = {}
        for what, values in self.choices.items():
            for value in values:
                self._index[(what, value_key(value))] = value

    def set(self, what: str, value: str, choice: ValueChoice | None) -> None:
        """Choose (or, with None, forget) what to do with ``value`` of kind ``what``."""
        old = self._index.pop((what, value_key(value)), None)
        if old is not None:
            self.choices.get(what, {}).pop(old, None)
        if choice is not None:
            self.choices.setdefault(what, {})[value] = choice
            self._index[(what, value_key(value))] = value
        if what in self.choices and not self.choices[what]:
            del self.choices[what]

    def get(self, what: str, value: Any) -> ValueChoice | None:
        """The choice for ``value`` of kind ``what``, matched loosely; None when none."""
        shown = self._index.get((what, value_key(value)))
        return None if shown is None else self.choices[what][shown]

    def lookup(self, what: str, value: Any) -> ValueChoice | None:
        """As :meth:`get`, counting the row in :attr:`used` and raising :class:`LeftOut` for
        a value whose rows are left out."""
        choice = self.get(what, value)
        if choice is None:
            return None
        shown = self._index[(what, value_key(value))]
        per = self.used.setdefault(what, {})
        per[shown] = per.get(shown, 0) + 1
        if choice.action == "leave_out":
            raise LeftOut(what, shown)
        return choice

    def __bool__(self) -> bool:
        return any(self.choices.values())

    def left_out_lines(self) -> list[str]:
        """One line per value whose rows were left out, with the row count (for notes)."""
        lines = []
        for what, values in self.choices.items():
            for value, choice in values.items():
                n = self.used.get(what, {}).get(value, 0)
                if choice.action == "leave_out" and n:
                    lines.append(f"{what} '{value}' ({n:,} row{'s' if n != 1 else ''})")
        return lines

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (kind -> value -> choice) for a saved profile."""
        return {
            what: {value: c.as_json() for value, c in values.items()}
            for what, values in self.choices.items()
            if values
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ValueMap:
        """Read :meth:`to_json`'s shape; entries that are not understood are skipped (a
        profile written by a later version must not stop an import)."""
        choices: dict[str, dict[str, ValueChoice]] = {}
        for what, values in (data or {}).items():
            if not isinstance(values, Mapping):
                continue
            for value, spec in values.items():
                if not isinstance(spec, Mapping) or spec.get("action") not in ACTIONS:
                    continue
                new = spec.get("new") or {}
                choices.setdefault(str(what), {})[str(value)] = ValueChoice(
                    str(spec["action"]),
                    str(spec.get("target") or ""),
                    {str(k): str(v) for k, v in new.items()} if isinstance(new, Mapping) else {},
                )
        return cls(choices)

    def copy(self) -> ValueMap:
        """A fresh map with the same choices and nothing counted (one per import run)."""
        return ValueMap.from_json(self.to_json())
