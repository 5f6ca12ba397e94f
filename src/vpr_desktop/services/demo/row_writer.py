"""How the demo generator writes its rows: buffered per table, in batches, parents first.

Apart from the run's state (``context``) because it is the one part that talks to the
database: every stage hands it rows and it decides when and in what order they are inserted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import Table
from sqlalchemy import insert
from sqlalchemy import text

BATCH_ROWS = 4000  # rows per executemany: big enough to amortise, small enough to stay cheap


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
