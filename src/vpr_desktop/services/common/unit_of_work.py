"""One transaction per write, with its audit rows, and errors turned into plain words.

Every change to an :class:`Entity` made through a unit of work is audited automatically
(``after_flush``: who, when, entity, id, before/after of the changed columns) on the same
connection and in the same transaction, so a write that fails leaves neither the change nor its
audit row. Special-category columns (``Entity.__audit_special__``) are audited as a marker
("(changed)"), never as their value. Stale saves (the ``version`` column) become
:class:`ConflictError`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vpr_desktop.domain.base import AUDIT_CHANGED
from vpr_desktop.domain.base import AUDIT_RECORDED
from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import DiskError
from vpr_desktop.domain.errors import DiskFullError
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.store import audit_chain

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

E = TypeVar("E", bound=Entity)


def jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _audited_value(obj: Entity, key: str, value: Any, marker: str) -> Any:
    """``value`` as the audit may hold it: a special-category column only says it was set."""
    if key in obj.__audit_special__ and value is not None:
        return marker
    return jsonable(value)


def snapshot(obj: Entity) -> dict[str, Any]:
    """The audited columns of a created or deleted row (special-category values withheld)."""
    mapper = inspect(type(obj))
    return {
        attr.key: _audited_value(obj, attr.key, getattr(obj, attr.key), AUDIT_RECORDED)
        for attr in mapper.column_attrs
        if attr.key not in obj.__audit_exclude__
    }


def label(obj: Entity) -> str:
    """A name a person recognises: 'Incident VPR-000123', 'Site Northgate (id 4)'."""
    kind = type(obj).__name__
    for attr in ("reference", "code", "username", "name", "title", "key"):
        value = getattr(obj, attr, None)
        if value:
            return f"{kind} {value}"
    return f"{kind} {getattr(obj, 'id', '?')}"


def _changes(obj: Entity) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in obj.__audit_exclude__:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            before[attr.key] = _audited_value(obj, attr.key, old, AUDIT_CHANGED)
            after[attr.key] = _audited_value(obj, attr.key, new, AUDIT_CHANGED)
    return before, after


#: How ``Services.viewing_as`` begins a preview's read-only reason (:func:`previewing`).
PREVIEW_REASON_PREFIX = "viewing as "


def previewing(db: Database) -> bool:
    """Whether ``db`` is a View as role preview (``Services.viewing_as``), not a database
    opened read-only: both refuse every write, but the way back, and so the words, differ."""
    return db.read_only and db.read_only_reason.startswith(PREVIEW_REASON_PREFIX)


class UnitOfWork:
    """``with UnitOfWork(db, actor) as uow: uow.session.add(...)`` — commit on success."""

    def __init__(self, db: Database, actor: Actor) -> None:
        if db.read_only:
            raise DatabaseRefused(
                f"The database is open read-only ({db.read_only_reason or 'on request'}).",
                "Go back to your own view (View > Back to my own view) to make changes."
                if previewing(db)
                else "Open it for editing to make changes.",
            )
        self.db = db
        self.actor = actor
        self.session: Session = db.session()
        self._explicit: list[dict[str, Any]] = []
        event.listen(self.session, "after_flush", self._after_flush)

    # -- auditing
    def _after_flush(self, session: Session, _ctx: object) -> None:
        rows: list[dict[str, Any]] = []
        now = utcnow()
        for obj in session.new:
            if isinstance(obj, Entity):
                rows.append(self._row(AuditAction.CREATE, obj, None, snapshot(obj), now))
        for obj in session.dirty:
            if isinstance(obj, Entity) and session.is_modified(obj, include_collections=False):
                before, after = _changes(obj)
                if before or after:
                    rows.append(self._row(AuditAction.UPDATE, obj, before, after, now))
        for obj in session.deleted:
            if isinstance(obj, Entity):
                rows.append(self._row(AuditAction.DELETE, obj, snapshot(obj), None, now))
        rows.extend(self._explicit)
        self._explicit.clear()
        if rows:
            audit_chain.append(session.connection(), rows)

    def _row(
        self,
        action: AuditAction,
        obj: Entity,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        now: dt.datetime,
    ) -> dict[str, Any]:
        return {
            "at": now,
            "username": self.actor.username,
            "action": action,
            "entity": type(obj).__tablename__,
            "entity_id": str(obj.id),
            "before": before,
            "after": after,
            "detail": None,
        }

    def audit(
        self,
        action: AuditAction,
        entity: str,
        entity_id: object = None,
        detail: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Record an event that is not a row change (export, import, backup, view)."""
        self._explicit.append(
            {
                "at": utcnow(),
                "username": self.actor.username,
                "action": action,
                "entity": entity,
                "entity_id": None if entity_id is None else str(entity_id),
                "before": before,
                "after": after,
                "detail": detail,
            }
        )

    # -- loading with a version check
    def get(self, model: type[E], ident: int, *, expected_version: int | None = None) -> E:
        obj = self.session.get(model, ident)
        if obj is None:
            raise NotFoundError(
                f"{model.__name__} {ident} no longer exists.",
                "Someone may have deleted it; refresh the list (F5).",
            )
        if expected_version is not None and obj.version != expected_version:
            raise ConflictError(
                f"{label(obj)} was changed by someone else after you opened it "
                f"(your copy is version {expected_version}, the database has {obj.version}). "
                "Nothing was overwritten.",
                "Reload it to see their changes, then make yours again.",
            )
        return obj

    # -- transaction
    def __enter__(self) -> UnitOfWork:
        self.session.begin()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        try:
            if exc_type is None:
                try:
                    if self._explicit:
                        self.session.flush()
                        if self._explicit:  # nothing else was flushed: write them now
                            self._after_flush(self.session, None)
                    self.session.commit()
                except BaseException as commit_exc:
                    self.session.rollback()
                    raise translate(commit_exc) from commit_exc
            else:
                self.session.rollback()
                if exc is not None and not isinstance(exc, VprError):
                    translated = translate(exc)
                    if translated is not exc:
                        raise translated from exc
        finally:
            self.session.close()


def translate(exc: BaseException) -> BaseException:
    """Known database failures in plain words; anything else is returned unchanged (a bug)."""
    if isinstance(exc, VprError):
        return exc
    if isinstance(exc, StaleDataError):
        return ConflictError(
            "This record was changed or deleted by someone else after you opened it. "
            "Nothing was overwritten.",
            "Reload it to see their changes, then make yours again.",
        )
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    if getattr(orig, "sqlstate", None) == "42501":  # PostgreSQL: insufficient privilege
        # The database itself refused this login (its role's grants, migrations 0005-0007):
        # the app's own checks let it through, so say it plainly rather than crash.
        return PermissionDeniedError(
            "Your database login is not allowed to read or change this here.",
            "Ask your VPR Desktop administrator whether your role should include it.",
        )
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate == "57014":  # PostgreSQL: statement timeout (or cancelled by the server)
        return DatabaseRefused(
            "The database server took too long to answer, so nothing was changed.",
            "Try again in a minute; if it keeps happening, ask IT whether the server or the "
            "network is overloaded. Your form is kept.",
        )
    if sqlstate in ("55P03", "40P01", "40001"):  # lock timeout, deadlock, serialization
        return DatabaseRefused(
            "The database is busy with another person's change to the same records.",
            "Wait a moment and save again; your form is kept.",
        )
    if getattr(orig, "sqlite_errorname", "") == "SQLITE_BUSY_SNAPSHOT":
        # SQLite (WAL): another connection committed after this transaction began reading,
        # so its write is refused -- the same lost-update protection as the version column.
        return ConflictError(
            "This record was changed by someone else while you were editing it. "
            "Nothing was overwritten.",
            "Reload it to see their changes, then make yours again.",
        )
    if isinstance(exc, OperationalError | DBAPIError):
        if "full" in text and ("disk" in text or "database" in text):
            return DiskFullError(
                "The disk is full, so the change was not saved.",
                "Free some disk space and save again; your form is kept.",
            )
        if "locked" in text or "busy" in text:
            return DatabaseRefused(
                "The database is busy with another change.",
                "Wait a moment and save again; your form is kept.",
            )
        if "disk i/o error" in text or getattr(orig, "sqlite_errorname", "").startswith(
            "SQLITE_IOERR"
        ):
            return DiskError(
                "The disk reported an error while saving, so the change was not saved.",
                "Check the drive (a network or USB drive may have dropped), then save again; "
                "your form is kept.",
            )
        if "readonly" in text or "read-only" in text:
            return DatabaseRefused(
                "The database is read-only here, so nothing was saved.",
                "Open it for editing on a local disk.",
            )
    if isinstance(exc, IntegrityError):
        return ValidationError(
            f"The change clashes with a record that already exists ({text.splitlines()[0][:200]}).",
            "Check for a duplicate reference or code.",
        )
    return exc


#: The session of an enclosing :func:`one_read` block, per thread of work (a context variable),
#: with the database it reads.
_ONE_READ: ContextVar[tuple[Database, Session] | None] = ContextVar("vpr_one_read", default=None)


@contextmanager
def reading(db: Database) -> Iterator[Session]:
    """A short read-only session (no audit, never commits).

    Closing (not rolling back) ends the transaction and detaches loaded objects with their
    attributes intact, so callers may read what they loaded after the block. Inside
    :func:`one_read` on the same database, the enclosing block's session instead (left open).
    """
    shared = _ONE_READ.get()
    if shared is not None and shared[0] is db:
        with _translated():
            yield shared[1]
        return
    with _translated(), _closing(db.session()) as session:
        yield session


@contextmanager
def audited_export(db: Database, actor: Actor, entity: str, detail: str) -> Iterator[None]:
    """An export audited in one transaction around the step that publishes it (the reports
    layer moves the file into place, or copies the names, inside the block), so a file that
    failed to appear is not audited. The one spelling of that for every export that records
    itself (the action log, the assessment, the audit trail, the training names)."""
    with UnitOfWork(db, actor) as uow:
        uow.audit(AuditAction.EXPORT, entity, None, detail=detail)
        yield


@contextmanager
def one_read(db: Database) -> Iterator[Session]:
    """One read transaction for every :func:`reading` inside the block (same thread).

    Why: a pack that gathers dozens of figures through many services should count them all
    from one state of the database (no import committed half-way between its incident count
    and its rates) and should not pay a transaction per figure. SQLite holds one snapshot for
    a read transaction; PostgreSQL is asked for REPEATABLE READ, its snapshot-per-transaction
    level. Nothing may be written inside the block (a write goes through its own
    :class:`UnitOfWork` connection, which would wait on this one in SQLite's rollback-journal
    mode). Nested calls reuse the outer block.
    """
    shared = _ONE_READ.get()
    if shared is not None and shared[0] is db:
        yield shared[1]
        return
    with _translated(), _closing(db.session()) as session:
        token = _ONE_READ.set((db, session))
        try:
            if db.kind == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session
        finally:
            _ONE_READ.reset(token)


@contextmanager
def _closing(session: Session) -> Iterator[Session]:
    try:
        yield session
    finally:
        session.close()


@contextmanager
def _translated() -> Iterator[None]:
    """Known database failures raised in the block become plain-words errors."""
    try:
        yield
    except Exception as exc:
        translated = translate(exc)
        if translated is exc:
            raise
        raise translated from exc
