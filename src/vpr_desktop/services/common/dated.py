"""What a read-side service holds: the database, the person acting, and the day it works its
figures out against.

Several services (the action log, the self-assessment, the roles register) flag things as
overdue or past review "today". Tests and packs fix that day; otherwise it is the PC's date at
each call, so a screen left open over midnight moves on with the calendar. One base keeps that
rule the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


class DatedService:
    """``DatedService(db, actor, today=None)``: ``today`` fixes the day (tests, packs as of a
    date); left None it is the PC's date at each call."""

    def __init__(self, db: Database, actor: Actor, today: dt.date | None = None) -> None:
        self.db = db
        self.actor = actor
        self._today = today

    @property
    def today(self) -> dt.date:
        """The fixed day, else the PC's date now."""
        return self._today or dt.date.today()
