"""What the demo generator's stages share: the row writer, the run's state and two small tools.

Why apart from ``generate``: the stage modules (``events``, ``action_events``, ``risk_events``,
``role_events``) need the state object and the weighted picker, and ``generate`` runs those
stages; with the shared parts here neither has to import the other to get them.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Table, insert, text

from vpr_desktop.domain.enums import SettingType

_T = TypeVar("_T")
BATCH_ROWS = 4000  # rows per executemany: big enough to amortise, small enough to stay cheap


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


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last))


class RowWriter:
    """Buffers rows per table and writes them with Core executemany, parents first.

    Each row is completed from a per-table template (every column present, scalar defaults,
    ``version=1`` and the run's timestamp), so Core never falls back to a Python default per
    row and the output does not depend on the clock. Before a child table's batch is written
    the batches of the tables it references are flushed, so foreign keys always resolve.
    """

    def __init__(self, conn: Connection, stamp: dt.datetime, check: Callable[[], None]) -> None:
        self._conn = conn
        self._stamp = stamp
        self._check = check
        self._tables: dict[str, Table] = {}
        self._templates: dict[str, dict[str, Any]] = {}
        self._buffers: dict[str, list[dict[str, Any]]] = {}
        self._last_id: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def append_audit(self, row: dict[str, Any]) -> None:
        """The demo's own audit row, on the hash chain like every other (after the bulk rows
        and their sequences, so it takes the next id)."""
        from vpr_desktop.store import audit_chain

        audit_chain.append(self._conn, [row])
        self.counts["audit_event"] = self.counts.get("audit_event", 0) + 1

    def _register(self, table: Table) -> dict[str, Any]:
        tpl: dict[str, Any] = {}
        for col in table.columns:
            default = col.default
            if col.name in ("created_at", "updated_at"):
                tpl[col.name] = self._stamp
            elif default is not None and getattr(default, "is_scalar", False):
                tpl[col.name] = default.arg  # type: ignore[attr-defined]
            else:
                tpl[col.name] = None
        self._tables[table.name] = table
        self._templates[table.name] = tpl
        self._buffers[table.name] = []
        self._last_id[table.name] = 0
        self.counts.setdefault(table.name, 0)
        return tpl

    def add(self, table: Table, row: dict[str, Any]) -> int:
        """Queue one row; returns its id (assigned here, sequentially from 1)."""
        name = table.name
        tpl = self._templates.get(name) or self._register(table)
        rid = 0
        if "id" in tpl and "id" not in row:
            rid = self._last_id[name] = self._last_id[name] + 1
            row["id"] = rid
        buf = self._buffers[name]
        buf.append(tpl | row)
        if len(buf) >= BATCH_ROWS:
            self.flush(table)
        return rid

    def flush(self, table: Table) -> None:
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent is not table and self._buffers.get(parent.name):
                self.flush(parent)
        rows = self._buffers[table.name]
        if rows:
            self._check()
            self._conn.execute(insert(table), rows)
            self.counts[table.name] += len(rows)
            self._buffers[table.name] = []

    def flush_all(self) -> None:
        for name in list(self._buffers):
            self.flush(self._tables[name])

    def execute(self, statement: Any) -> None:
        """Run one statement on the demo's connection (after :meth:`flush_all`)."""
        self._conn.execute(statement)

    def fix_sequences(self) -> None:
        """PostgreSQL: move each serial past the ids given here, or the app's next insert fails."""
        if self._conn.dialect.name != "postgresql":
            return
        for name, last in self._last_id.items():
            if last:
                self._conn.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": f'"{name}"', "v": last},
                )


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
