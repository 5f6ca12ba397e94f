"""The incident modules' clocks: "now" and "today" for the service and for the figures.

Why one class: the incident service (RIDDOR deadlines, support steps due) and the incident
figures (steps on time, RIDDOR on time, as of a day) must agree on what "today" is when a test
or a pack fixes the day, and on the time of day that stands for it (the end of that London
day). :class:`~vpr_desktop.services.incidents.service_base.IncidentServiceBase` and
:class:`~vpr_desktop.services.incidents.stats.IncidentStats` both build on it, so the rule is
written once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from vpr_desktop.services.incidents.records import TRUST_TZ
from vpr_desktop.services.incidents.records import to_utc

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


class IncidentClock:
    """``IncidentClock(db, actor, today=None, now=None)``: the database and the person acting,
    with the clocks every incident operation reads."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        today: dt.date | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        """``today`` fixes "today" (tests, packs as of a date); times are then taken as the
        end of that day unless ``now`` is given too."""
        self._admit(actor)
        self.db = db
        self.actor = actor
        self._fixed_today = today
        self._now_fn = now

    def _admit(self, actor: Actor) -> None:
        """Refuse ``actor`` before anything is built, where a whole class is for some people
        only (the figures); the service's operations each check their own permission, so by
        default everyone is admitted."""

    def now(self) -> dt.datetime:
        """The current time in UTC, or the fixed clock tests and dated packs use (a naive time
        from ``now`` is London wall-clock time, as every incident input is)."""
        if self._now_fn is not None:
            return to_utc(self._now_fn())
        if self._fixed_today is not None:
            return dt.datetime.combine(
                self._fixed_today, dt.time(23, 59, 59), tzinfo=TRUST_TZ
            ).astimezone(dt.UTC)
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        """Today in the trust's time zone (deadlines are London days), or the fixed day."""
        if self._fixed_today is not None:
            return self._fixed_today
        return self.now().astimezone(TRUST_TZ).date()
