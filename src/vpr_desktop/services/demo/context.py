"""What the demo generator's stages share: the run's state and two small tools (the row
writer they write through is ``row_writer``).

Why apart from ``generate``: the stage modules (``events``, ``action_events``, ``risk_events``,
``role_events``) need the state object and the weighted picker, and ``generate`` runs those
stages; with the shared parts here neither has to import the other to get them.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from itertools import accumulate
from typing import Any
from typing import Generic
from typing import TypeVar

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.services.demo.row_writer import RowWriter

_T = TypeVar("_T")


@dataclass(frozen=True)
class DemoSize:
    """How big a demo trust is: sites, staff, incidents and the years they span."""

    index: int  # 0 small, 1 large: picks the location count from SettingSpec.locations
    sites: tuple[tuple[str, str, tuple[SettingType, ...]], ...]
    staff: int
    incidents: int
    years: int
    risks: int
    actions: int
    meetings: int
    training_history_years: int


class Picker(Generic[_T]):
    """Weighted choice with precomputed cumulative weights (``rng.choices`` redoes them)."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, items: Sequence[_T], weights: Sequence[float]) -> None:
        self._items = list(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def __call__(self, rng: random.Random) -> _T:
        i = bisect_right(self._cum, rng.random() * self._total)
        return self._items[min(i, len(self._items) - 1)]

    @classmethod
    def of(cls, mapping: Mapping[Any, float]) -> Picker[Any]:
        """Pick a key of ``mapping`` with its value as the weight."""
        return cls(list(mapping), list(mapping.values()))


@dataclass
class Loc:
    """What the stages need to know about a location, without holding its row."""

    id: int
    site_id: int
    setting: SettingType
    name: str
    directorate: str
    headcount: int


@dataclass
class Ctx:
    """State shared by the stages: the rng, the writer, and compact lookups (no row dicts)."""

    rng: random.Random
    w: RowWriter
    size: DemoSize
    anchor: dt.date
    now: dt.datetime  # the anchor's midnight, UTC: nothing generated happens after it
    creator: str
    report: Callable[[int, str], None]
    seed: int  # the run's seed: a stage's side stream (never ctx.rng) is derived from it
    sites: list[tuple[int, str]] = field(default_factory=list)  # (id, code)
    locations: list[Loc] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)  # staff-group code -> id
    courses: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # code->id,months,raw
    required: dict[tuple[str, SettingType], list[str]] = field(default_factory=dict)
    compliance: dict[tuple[str, SettingType], float] = field(default_factory=dict)
    # location id -> [(person id, staff group id, start ordinal, end ordinal)]
    roster: dict[int, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    managers: dict[int, list[int]] = field(default_factory=dict)  # location id -> person ids
    all_managers: list[int] = field(default_factory=list)
    leavers: list[int] = field(default_factory=list)
    people: dict[str, int] = field(default_factory=dict)  # demo username -> person id
    staff_side: list[int] = field(default_factory=list)
    risks: list[tuple[int, int]] = field(default_factory=list)  # (risk id, location id)
    notable_incidents: list[tuple[int, int]] = field(default_factory=list)  # (id, location id)

    @property
    def today(self) -> int:
        """The anchor day as an ordinal: the generator works in day numbers to keep date arithmetic
        cheap."""
        return self.anchor.toordinal()

    def loc(self, loc_id: int) -> Loc:
        """The location with this id (ids are assigned in order from 1)."""
        return self.locations[loc_id - 1]

    def manager_for(self, loc_id: int | None) -> int:
        """A manager at the location (any manager when it has none), drawn from the seeded generator
        so runs repeat."""
        pool = self.managers.get(loc_id or 0) or self.all_managers
        return self.rng.choice(pool)
