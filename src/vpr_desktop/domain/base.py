"""Declarative base: naming convention, the ``version`` column, common column types.

The naming convention gives every constraint a predictable name so Alembic's SQLite batch
mode can find and rebuild them. Every mutable entity carries ``version`` as SQLAlchemy's
``version_id_col``: an UPDATE that finds a different version matches no row and raises
``StaleDataError``, which the unit of work turns into a :class:`ConflictError`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any
from typing import ClassVar
from typing import overload

from sqlalchemy import JSON
from sqlalchemy import DateTime
from sqlalchemy import Enum
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import func
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import declared_attr
from sqlalchemy.orm import mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: What the audit holds instead of a special-category value: on an update (before and after),
#: and on a create or delete (the row's snapshot). None stays None: it reveals nothing.
AUDIT_CHANGED = "(changed)"
AUDIT_RECORDED = "(recorded)"


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC (the default of ``created_at``/``updated_at``)."""
    return dt.datetime.now(dt.UTC)


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: dt.datetime | None) -> dt.datetime | None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as an aware UTC time: every time is stored in UTC, but SQLite hands it
    back naive and PostgreSQL aware. None stays None, and a time stays a time, so callers
    that hold a non-null column need not check again."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def enum_column(enum: type[StrEnum], **kw: Any) -> Any:
    """A string column holding an enum's *value* (portable; no native DB enum type)."""
    return mapped_column(
        Enum(
            enum,
            native_enum=False,
            length=40,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
        **kw,
    )


class Base(DeclarativeBase):
    """Every mapped class: one naming convention for constraints, one map of Python types."""

    # Every model here is mapped to a Table (SQLAlchemy types ``__table__`` as the wider
    # FromClause): saying so lets Core insert/update/delete on it type-check.
    __table__: ClassVar[Table]

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSON(none_as_null=True),
        list[Any]: JSON(none_as_null=True),
        str: String(255),
    }


class Entity(Base):
    """A table row people edit: integer id, optimistic-concurrency version, timestamps."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}

    # Columns never shown in audit before/after (noise, or set by the mapper itself).
    __audit_exclude__: frozenset[str] = frozenset({"created_at", "updated_at", "version"})
    # Special-category columns (UK GDPR art. 9: protected characteristics). The audit records
    # THAT they changed (``AUDIT_CHANGED`` / ``AUDIT_RECORDED``), never their value: the audit
    # is append-only, so a value written there could never be erased when consent is withdrawn.
    __audit_special__: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id={self.id}>"
