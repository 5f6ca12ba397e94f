"""The trust's calendar: every period, "today" and date a person sees is a London date, while
every time is stored in UTC.

So an action closed at 00:30 BST on 1 April counts in April, not in March as its UTC time would
say, and a period "1 to 30 April" runs from London midnight to London midnight. The action log,
the audit trail and the incident figures all ask these same two questions; answering them in
one place keeps a day the same day on every screen and in every pack.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from vpr_desktop.domain.base import aware

TRUST_ZONE = ZoneInfo("Europe/London")


def trust_day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of the trust's calendar day ``day``, in UTC (how times are
    stored), so ``stored >= trust_day_start(d)`` means "on or after ``d``"."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=TRUST_ZONE).astimezone(dt.UTC)


def trust_date(value: dt.datetime | None) -> dt.date:
    """The trust's calendar day of a stored time (naive means UTC) the caller knows is set."""
    stamp = aware(value)
    assert stamp is not None
    return stamp.astimezone(TRUST_ZONE).date()
