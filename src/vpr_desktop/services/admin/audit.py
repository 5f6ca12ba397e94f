"""The audit trail for the people who answer for it: filter it, read one change, export it.

Only administrators and VPR leads (``Permission.READ_AUDIT``) may read it: the trail names
everyone who touched a record, and its before/after values hold what was in the record. Every
method checks, so the CLI and any future caller obey the same rule as the window.

The list is a :class:`ListSource` (filters, sort and keyset paging in SQL), so a trust's years of
audit rows open at once. Filters (``PageRequest.filters``):

``username``   exact login of who made the change
``entity``     record type: the table name (``incident``, ``risk_assessment``…)
``entity_id``  the record's id, as the audit holds it (text)
``action``     an :class:`AuditAction` (or its value), or several
``date_from`` / ``date_to``   trust calendar days (Europe/London), both inclusive

``PageRequest.search`` matches the detail text. Before/after come back as field rows
(:class:`FieldChange`) so a reader sees one line per changed field. Special-category values
were never written (the unit of work keeps only "(changed)"), so nothing here can show them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import User
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.trust_time import trust_day_start
from vpr_desktop.services.common.filter_values import enum_values
from vpr_desktop.services.common.paging import Column
from vpr_desktop.services.common.paging import ListSource
from vpr_desktop.services.common.paging import Page
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import audited_export
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

FILTER_KEYS = frozenset({"username", "entity", "entity_id", "action", "date_from", "date_to"})
#: Rows read per query while exporting (memory stays flat whatever the trail's size).
EXPORT_BATCH = 500
READ_DOING = "see the audit trail"


def words(name: str) -> str:
    """``incident_staff`` → ``Incident staff``: a table or column name in plain words."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def display(value: Any) -> str:
    """A before/after value as text: blank for none, Yes/No, JSON for lists and mappings."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its name in plain words, and the text before and after."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditEntry:
    """One audit event, read for a person: the row and its before/after as field rows."""

    id: int
    at: dt.datetime
    username: str
    action: AuditAction
    entity: str
    entity_id: str | None
    detail: str | None
    changes: tuple[FieldChange, ...]

    @property
    def record_type(self) -> str:
        return words(self.entity)


@dataclass(frozen=True)
class UserChoice:
    """A login found in the audit, with the account's display name when it has one."""

    username: str
    display_name: str

    @property
    def label(self) -> str:
        if self.display_name and self.display_name != self.username:
            return f"{self.display_name} ({self.username})"
        return self.username


def field_changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[FieldChange, ...]:
    """Before/after JSON as one row per field, in the order the record's columns came."""
    old, new = before or {}, after or {}
    keys = list(new) + [k for k in old if k not in new]
    return tuple(FieldChange(words(k), display(old.get(k)), display(new.get(k))) for k in keys)


def _actions(value: Any) -> list[AuditAction]:
    return enum_values(value, AuditAction, "audit action")


def _day(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"The {what} date '{value}' is not a date (yyyy-mm-dd).") from None


def audit_filters(filters: dict[str, Any]) -> list[ColumnElement[bool]]:
    """WHERE clauses for the documented filters; an unknown key is refused, never ignored."""
    unknown = sorted(set(filters) - FILTER_KEYS)
    if unknown:
        raise ValidationError(f"Unknown audit filter: {', '.join(unknown)}.")
    clauses: list[ColumnElement[bool]] = []
    if username := filters.get("username"):
        clauses.append(AuditEvent.username == str(username))
    if entity := filters.get("entity"):
        clauses.append(AuditEvent.entity == str(entity))
    if (entity_id := filters.get("entity_id")) not in (None, ""):
        clauses.append(AuditEvent.entity_id == str(entity_id).strip())
    if (action := filters.get("action")) not in (None, "", [], ()):
        clauses.append(AuditEvent.action.in_(_actions(action)))
    start = end = None
    if (value := filters.get("date_from")) not in (None, ""):
        start = _day(value, "from")
        clauses.append(AuditEvent.at >= trust_day_start(start))
    if (value := filters.get("date_to")) not in (None, ""):
        end = _day(value, "to")
        clauses.append(AuditEvent.at < trust_day_start(end + dt.timedelta(days=1)))
    if start is not None and end is not None and start > end:
        raise ValidationError(
            f"The from date ({start:%d %b %Y}) is after the to date ({end:%d %b %Y}).",
            "Swap the dates, or clear one of them.",
        )
    return clauses


#: The list's columns as SQL expressions, by column key.
_COLUMNS: dict[str, ColumnElement[Any]] = {
    "id": AuditEvent.id.expression,
    "at": AuditEvent.at.expression,
    "username": AuditEvent.username.expression,
    "action": AuditEvent.action.expression,
    "entity": AuditEvent.entity.expression,
    "entity_id": AuditEvent.entity_id.expression,
    "detail": AuditEvent.detail.expression,
}


class AuditListSource(ListSource):
    """The audit trail as a lazy list, newest first. Rows: event number, when (aware UTC),
    login, action, record type (table name), record id, detail."""

    columns = (
        Column("id", "No.", "number", width=70),
        Column("at", "When", "datetime", width=140),
        Column("username", "User", width=120),
        Column("action", "Action", "enum", width=90),
        Column("entity", "Record type", width=150),
        Column("entity_id", "Record", width=80),
        Column("detail", "Detail", width=320),
    )
    default_sort = "at"
    default_descending = True

    def __init__(self, db: Database, actor: Actor) -> None:
        actor.require(Permission.READ_AUDIT, READ_DOING)
        super().__init__(db)
        self.actor = actor
        self.search_columns = (AuditEvent.detail.expression,)

    def base_query(self) -> Select[Any]:
        columns: list[ColumnElement[Any]] = [_COLUMNS[c.key] for c in self.columns]
        return select(*columns)

    def sort_expressions(self) -> dict[str, ColumnElement[Any]]:
        # Non-null expressions only: a keyset comparison with NULL would drop rows.
        return {
            **_COLUMNS,
            "entity_id": func.coalesce(_COLUMNS["entity_id"], ""),
            "detail": func.coalesce(_COLUMNS["detail"], ""),
        }

    def id_column(self) -> ColumnElement[int]:
        return AuditEvent.id.expression

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        return audit_filters(request.filters)

    def count(self, request: PageRequest) -> int:
        self.actor.require(Permission.READ_AUDIT, READ_DOING)
        return super().count(request)

    def page(
        self, request: PageRequest, cursor: tuple[Any, int] | None = None, limit: int = 500
    ) -> Page:
        self.actor.require(Permission.READ_AUDIT, READ_DOING)
        page = super().page(request, cursor, limit)
        rows = [(r[0], aware(r[1]), *r[2:]) for r in page.rows]
        return Page(rows=rows, cursor=page.cursor)


class AuditService:
    """Read and export the audit trail (administrators and VPR leads only)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        actor.require(Permission.READ_AUDIT, READ_DOING)
        self.db = db
        self.actor = actor

    def list_source(self) -> AuditListSource:
        return AuditListSource(self.db, self.actor)

    def users(self) -> list[UserChoice]:
        """Every login the audit holds (deactivated accounts too), by display name."""
        self.actor.require(Permission.READ_AUDIT, READ_DOING)
        logins = select(AuditEvent.username).distinct().subquery()
        stmt = select(logins.c.username, User.display_name).outerjoin(
            User, User.username == logins.c.username
        )
        with reading(self.db) as session:
            rows = session.execute(stmt).all()
        choices = [UserChoice(name, display_name or name) for name, display_name in rows]
        return sorted(choices, key=lambda c: (c.display_name.casefold(), c.username))

    def record_types(self) -> list[str]:
        """The record types (table names) the audit holds, in alphabetical order."""
        self.actor.require(Permission.READ_AUDIT, READ_DOING)
        with reading(self.db) as session:
            names = session.scalars(select(AuditEvent.entity).distinct()).all()
        return sorted(names, key=words)

    def event(self, event_id: int) -> AuditEntry:
        """One event with its before/after as field rows."""
        self.actor.require(Permission.READ_AUDIT, READ_DOING)
        with reading(self.db) as session:
            row = session.get(AuditEvent, event_id)
            if row is None:
                raise NotFoundError(f"Audit event {event_id} does not exist.")
            return _entry(row)

    def entries(self, request: PageRequest) -> Iterator[AuditEntry]:
        """Every event the request lists, in its order, read in batches (for exports)."""
        source = self.list_source()
        cursor: tuple[Any, int] | None = None
        while True:
            page = source.page(request, cursor, EXPORT_BATCH)
            ids = [int(r[0]) for r in page.rows]
            if ids:
                with reading(self.db) as session:
                    found = {
                        e.id: _entry(e)
                        for e in session.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids)))
                    }
                for ident in ids:
                    if ident in found:
                        yield found[ident]
            if page.cursor is None or not page.rows:
                return
            cursor = page.cursor

    def describe(self, request: PageRequest) -> str:
        """The request's filters in words, for an export's About sheet."""
        f = request.filters
        parts: list[str] = []
        if f.get("username"):
            parts.append(f"user {f['username']}")
        if f.get("entity"):
            parts.append(f"record type {words(str(f['entity']))}")
        if f.get("entity_id") not in (None, ""):
            parts.append(f"record {f['entity_id']}")
        if f.get("action") not in (None, "", [], ()):
            parts.append("action " + ", ".join(words(a.value) for a in _actions(f["action"])))
        if f.get("date_from") not in (None, ""):
            parts.append(f"from {_day(f['date_from'], 'from'):%d %b %Y}")
        if f.get("date_to") not in (None, ""):
            parts.append(f"to {_day(f['date_to'], 'to'):%d %b %Y}")
        if request.search.strip():
            parts.append(f"detail containing '{request.search.strip()}'")
        return "; ".join(parts) if parts else "the whole audit trail"

    @contextmanager
    def recording_export(self, file_name: str, detail: str) -> Iterator[None]:
        """Audit an export in one transaction around the step that publishes the file, so a
        file that failed to appear is not audited (the reports layer moves it inside)."""
        self.actor.require(Permission.READ_AUDIT, "export the audit trail")
        with audited_export(self.db, self.actor, "audit_event", f"{file_name}: {detail}"):
            yield


def _entry(row: AuditEvent) -> AuditEntry:
    return from_same_named(
        AuditEntry,
        row,
        at=aware(row.at),
        action=AuditAction(row.action),
        changes=field_changes(row.before, row.after),
    )
