"""Records of the files the app wrote and must find or prove later: backups and pack files.

Apart from ``domain.admin``'s accounts and settings because these rows describe files outside
the database (or, for a pack since revision 0006, carry the file's bytes), and the services
that read them are the backup and pack-history ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import utcnow


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
