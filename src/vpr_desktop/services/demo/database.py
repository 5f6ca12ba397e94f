"""Create a database filled with the demo trust (CLI ``demo`` and the window's ``--demo``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.store.database import Database, open_database


def create_demo_database(
    target: str | Path,
    *,
    size: Literal["small", "large"] = "small",
    seed: int = 1,
    anchor: dt.date | None = None,
    creator_username: str | None = None,
    progress: Callable[[int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Database:
    """Open (creating) ``target`` and fill it with the demo trust in one transaction.

    Refuses a database that already holds data: a demo must never be mixed into real records.
    Returns the open database (the caller closes it).
    """
    from sqlalchemy import func, select

    from vpr_desktop.domain.models import Person, User
    from vpr_desktop.services.admin.users import login_name
    from vpr_desktop.services.demo.generate import generate_demo

    db = open_database(target, mode="rw", create=True)
    try:
        with db.engine.connect() as conn:
            people = conn.execute(select(func.count()).select_from(Person)).scalar() or 0
            users = conn.execute(select(func.count()).select_from(User)).scalar() or 0
        if people or users:
            raise ValidationError(
                f"{db.location} already holds data, so demo data was not added.",
                "Choose a new file name for the demo database.",
            )
        creator = creator_username or login_name(db)
        with db.engine.begin() as conn:
            generate_demo(
                conn,
                size=size,
                seed=seed,
                anchor=anchor,
                creator_username=creator,
                progress=progress,
                is_cancelled=is_cancelled,
            )
        return db
    except BaseException:
        db.close()
        if db.created and db.path is not None:  # leave no half-made demo file behind
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(db.path) + suffix).unlink(missing_ok=True)
        raise
