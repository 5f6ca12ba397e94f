"""Appending to the audit trail's hash chain, and checking it (``domain.audit_chain``).

Every audit row is written here: the unit of work's rows and the demo generator's. On
PostgreSQL two connections appending at once would both read the same last hash and fork the
chain, so appending takes a transaction-scoped advisory lock first (held until commit; audit
rows are few, so writers barely wait). SQLite writes one transaction at a time anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.audit_chain import audit_hash
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.models import AuditEvent

#: pg_advisory_xact_lock key for appending audit rows ("VPRAUDIT" as a number).
LOCK_KEY = 0x5650524155444954

SQLITE_TRIGGERS = (
    "trg_audit_event_no_update",
    "trg_audit_event_no_delete",
    "trg_audit_event_no_replace",
)
PG_TRIGGER = "trg_audit_event_append_only"


def append(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (AuditEvent columns) in order, each chained to the one before."""
    rows = list(rows)
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    prev = conn.scalar(select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1))
    for given in rows:
        row = {**given, "at": given.get("at") or utcnow()}  # hashed as stored
        digest = audit_hash(prev, row)
        conn.execute(insert(AuditEvent), {**row, "prev_hash": prev, "row_hash": digest})
        prev = digest


@dataclass(frozen=True)
class ChainCheck:
    """What ``db check`` found: rows checked and the first problem (None: all sound)."""

    rows: int
    problem: str | None


def verify(conn: Connection) -> ChainCheck:
    """Recompute the chain from the first row; the first row whose hash or link is wrong is
    named, as are missing or disabled append-only triggers."""
    trouble = trigger_problem(conn)
    prev: str | None = None
    count = 0
    cols = [AuditEvent.__table__.c[name] for name in ("id", "prev_hash", "row_hash")]
    fields = [c for c in AuditEvent.__table__.c if c.name not in ("id", "prev_hash", "row_hash")]
    result = conn.execution_options(yield_per=2000).execute(
        select(*cols, *fields).order_by(AuditEvent.id)
    )
    try:
        for row in result:
            count += 1
            values = dict(row._mapping)
            if values["prev_hash"] != prev:
                return ChainCheck(
                    count,
                    f"audit trail broken at event {values['id']}: it does not follow the event "
                    "before it (an event was removed, replaced or inserted)",
                )
            if values["row_hash"] != audit_hash(prev, values):
                return ChainCheck(
                    count, f"audit trail broken at event {values['id']}: its content was changed"
                )
            prev = values["row_hash"]
    finally:
        result.close()  # a server-side cursor on PostgreSQL: closed even when stopping early
    return ChainCheck(count, trouble)


def trigger_problem(conn: Connection) -> str | None:
    """The append-only protection in words if it is missing or switched off, else None."""
    if conn.dialect.name == "postgresql":
        state = conn.scalar(
            text(
                "SELECT tgenabled FROM pg_trigger WHERE tgname = :n "
                "AND tgrelid = 'audit_event'::regclass"
            ),
            {"n": PG_TRIGGER},
        )
        if state is None:
            return "the audit trail's append-only trigger is missing"
        if state == "D":
            return "the audit trail's append-only trigger is switched off"
        return None
    present = set(
        conn.scalars(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
            )
        )
    )
    missing = [t for t in SQLITE_TRIGGERS if t not in present]
    if missing:
        return "the audit trail's append-only triggers are missing: " + ", ".join(missing)
    return None
