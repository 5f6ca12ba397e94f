"""The audit trail as lines, one per changed field, and the CSV that writes them as they are.

One line per changed field (event number, when, user, action, record type, record, detail,
field, before, after), so a reader can filter a field's history in Excel; an event with no
field changes (an export, a login) is one line with the field columns blank. The workbook
(:mod:`vpr_desktop.reports.audit_export`) writes the same lines, so both files agree line for
line; times are the trust's local time (Europe/London).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from collections.abc import Iterator
from typing import IO
from zoneinfo import ZoneInfo

from vpr_desktop.reports.xlsx_safety import csv_safe
from vpr_desktop.services.admin.audit import AuditEntry

TRUST_ZONE = ZoneInfo("Europe/London")
#: Column titles and Excel widths, in file order.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Event", 8),
    ("When", 19),
    ("User", 18),
    ("Action", 10),
    ("Record type", 22),
    ("Record", 10),
    ("Detail", 40),
    ("Field", 24),
    ("Before", 36),
    ("After", 36),
)


def local_time(at: dt.datetime) -> dt.datetime:
    """A stored time (UTC, naive from SQLite) in the trust's local time, as both files show it."""
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(TRUST_ZONE)


def lines(entries: Iterable[AuditEntry]) -> Iterator[tuple[AuditEntry, tuple[str, str, str]]]:
    """Each event once per field change (once, with blank fields, when it has none)."""
    for entry in entries:
        if not entry.changes:
            yield entry, ("", "", "")
        for change in entry.changes:
            yield entry, (change.field, change.before, change.after)


def event_texts(entry: AuditEntry) -> list[str]:
    """The event's own texts of a line (user, action, record type, record, detail)."""
    return [
        entry.username,
        entry.action.value.replace("_", " "),
        entry.record_type,
        entry.entity_id or "",
        entry.detail or "",
    ]


def write_csv(entries: Iterable[AuditEntry], out: IO[str]) -> tuple[int, int]:
    """Write the CSV (UTF-8 text, header first); returns (events, lines)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for title, _width in COLUMNS])
    events: set[int] = set()
    n = 0
    for entry, fields in lines(entries):
        events.add(entry.id)
        when = local_time(entry.at).isoformat(timespec="seconds")
        texts = [*event_texts(entry), *fields]
        writer.writerow([str(entry.id), when, *(csv_safe(t) for t in texts)])
        n += 1
    return len(events), n
