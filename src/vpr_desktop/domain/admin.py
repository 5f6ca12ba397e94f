"""Accounts, audit trail, import batches, settings and drafts.

The records of files the app wrote (backups, the pack archive) are in ``domain.archives``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from vpr_desktop.domain.base import Base
from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import enum_column
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.enums import Role


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
