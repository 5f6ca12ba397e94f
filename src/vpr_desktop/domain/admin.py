"""Accounts, audit trail, import batches, settings, drafts, backups and pack archive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vpr_desktop.domain.base import Base, Entity, enum_column, utcnow
from vpr_desktop.domain.enums import AuditAction, ImportKind, ImportOutcome, Role


class User(Entity):
    """An account. Identity is the OS login (SQLite) or the database login (PostgreSQL)."""

    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    active: Mapped[bool] = mapped_column(default=True)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def role_set(self) -> frozenset[Role]:
        """The user's app roles, as a set."""
        return frozenset(r.role for r in self.roles)


class UserRole(Entity):
    """One app role held by one user."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    role: Mapped[Role] = enum_column(Role)

    user: Mapped[User] = relationship(back_populates="roles")


class AuditEvent(Base):
    """Append-only: who did what to which record, with before/after, in the same transaction."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(120))
    action: Mapped[AuditAction] = enum_column(AuditAction)
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    detail: Mapped[str | None] = mapped_column(Text)
    #: The hash chain (revision 0008, ``domain.audit_chain``): the previous row's hash, and
    #: this row's over its fields and that link.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class ImportBatch(Entity):
    """One file imported (or rejected): lets an import be reported on and undone."""

    __tablename__ = "import_batch"

    kind: Mapped[ImportKind] = enum_column(ImportKind)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_imported: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    imported_by: Mapped[str] = mapped_column(String(120))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    outcome: Mapped[ImportOutcome] = enum_column(ImportOutcome)
    mapping_profile: Mapped[str | None]
    undone_at: Mapped[dt.datetime | None]
    undone_by: Mapped[str | None] = mapped_column(String(120))


class Setting(Entity):
    """Trust settings that travel with the database (support pathway, targets, thresholds)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(120), unique=True)
    value: Mapped[dict[str, Any]]


class Draft(Entity):
    """Unsaved form input autosaved so a crash never loses a long narrative."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("username", "form", "record_key"),)

    username: Mapped[str] = mapped_column(String(120))
    form: Mapped[str] = mapped_column(String(60))
    record_key: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]]


class BackupRecord(Entity):
    """A backup taken (before a migration, on request, or on exit) and whether it verified."""

    __tablename__ = "backup_record"

    taken_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    path: Mapped[str] = mapped_column(String(1000))
    reason: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None]
    verified: Mapped[bool] = mapped_column(default=False)
    taken_by: Mapped[str] = mapped_column(String(120))


class PackArchive(Entity):
    """One file of a pack as presented: its hash lets the board's copy be proven unchanged.

    Since revision 0006 the file's bytes live here too (``content``, loaded only when asked
    for), so every user of a shared database can retrieve it and a backup carries it; rows
    from before keep ``content`` empty and their file in the generating PC's data folder.
    """

    __tablename__ = "pack_archive"

    kind: Mapped[str] = mapped_column(String(20))
    period_from: Mapped[dt.date]
    period_to: Mapped[dt.date]
    file_name: Mapped[str] = mapped_column(String(500))
    file_format: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64))
    generated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    generated_by: Mapped[str] = mapped_column(String(120))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    meeting: Mapped[str | None] = mapped_column(String(255))
    meeting_date: Mapped[dt.date | None]
    parameters: Mapped[dict[str, Any] | None]
    app_version: Mapped[str | None] = mapped_column(String(40))
