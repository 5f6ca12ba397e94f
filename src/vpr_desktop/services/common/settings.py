"""Trust-wide settings stored as one versioned JSON row each (``Setting``): version, save, delete.

The risk matrix and the support pathway are both edited on a settings screen by one person at a
time, yet two could open it at once; saving hands back the version that was read, so the second
save fails as stale instead of silently overwriting the first. Deleting the row means "use the
built-in default". The caller checks permission and validates the value first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain.models import Setting
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


def setting_version(db: Database, key: str) -> int | None:
    """The saved setting's version, or None when the built-in default is in use."""
    with reading(db) as s:
        return s.scalar(select(Setting.version).where(Setting.key == key))


def save_setting(
    db: Database, actor: Actor, key: str, value: dict[str, Any], expected_version: int | None
) -> int:
    """Create or replace the setting's value (stale if ``expected_version`` is not current);
    returns the new version."""
    with UnitOfWork(db, actor) as uow:
        return put_setting(uow, key, value, expected_version)


def put_setting(
    uow: UnitOfWork, key: str, value: dict[str, Any], expected_version: int | None
) -> int:
    """:func:`save_setting` inside the caller's unit of work, so a screen that saves several
    settings saves all of them or none; returns the new version."""
    row = uow.session.scalar(select(Setting).where(Setting.key == key))
    if row is None:
        row = Setting(key=key, value=value)
        uow.session.add(row)
    else:
        uow.get(Setting, row.id, expected_version=expected_version).value = value
    uow.session.flush()
    return row.version


def delete_setting(db: Database, actor: Actor, key: str) -> None:
    """Go back to the built-in default by deleting the setting, if saved."""
    with UnitOfWork(db, actor) as uow:
        row = uow.session.scalar(select(Setting).where(Setting.key == key))
        if row is not None:
            uow.session.delete(row)
