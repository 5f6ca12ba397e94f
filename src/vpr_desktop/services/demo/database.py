"""Create a database filled with the demo trust (CLI ``demo`` and the window's ``--demo``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import open_database


def create_demo_database(
    target: str | Path,
    *,
    size: Literal["small", "large"] = "small",
    seed: int = 1,
    anchor: dt.date | None = None,
    creator_username: str | None = None,
    progress: Callable[[int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    staff: int | None = None,
    incidents_per_1000: float | None = None,
) -> Database:
    """Open (creating) ``target`` and fill it with the demo trust in one transaction, then add
    the demo self-assessment cycles through the assessment services.

    Refuses a database that already holds data: a demo must never be mixed into real records.
    ``staff`` and ``incidents_per_1000`` make a trust of a chosen size and incident rate
    (``generate.scaled_size``). Returns the open database (the caller closes it). The window
    (File > Open demo database) and the CLI's ``demo`` both come here, so both hold the same
    trust and cycles.
    """
    from sqlalchemy import func
    from sqlalchemy import select

    from vpr_desktop.domain.models import Person
    from vpr_desktop.domain.models import User
    from vpr_desktop.services.admin.users import login_name
    from vpr_desktop.services.demo.assessment import add_demo_assessment
    from vpr_desktop.services.demo.generate import generate_demo

    day = anchor or dt.date.today()  # one "today" for the trust and its cycles

    def trust_progress(percent: int, stage: str) -> None:
        # The generator's 0-100 becomes 0-90: the cycles are the last stage.
        if progress is not None and stage != "Done":
            progress(int(percent * 0.9), stage)

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
                anchor=day,
                creator_username=creator,
                progress=trust_progress,
                is_cancelled=is_cancelled,
                staff=staff,
                incidents_per_1000=incidents_per_1000,
            )
        if progress is not None:
            progress(90, "Self-assessment cycles")
        add_demo_assessment(db, anchor=day, seed=seed)
        if progress is not None:
            progress(100, "Done")
        return db
    except BaseException:
        db.close()
        if db.created and db.path is not None:  # leave no half-made demo file behind
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(db.path) + suffix).unlink(missing_ok=True)
        raise
