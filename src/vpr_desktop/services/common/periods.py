"""SQL for "on the trust's calendar days ``start`` to ``end``" against a stored UTC time.

Periods are inclusive of both days and are London days; the clauses compare the stored
column with the two UTC instants that bound them (so an index on the column is used, and no
per-row time-zone conversion runs in the database).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from vpr_desktop.domain.trust_time import trust_day_start

#: A stored time column, required or optional.
TimeColumn = InstrumentedAttribute[dt.datetime] | InstrumentedAttribute[dt.datetime | None]


def on_trust_days(
    column: TimeColumn, start: dt.date, end: dt.date
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """``column`` on or after London midnight starting ``start`` and before the one after
    ``end``: spread into a ``where``."""
    return column >= trust_day_start(start), column < trust_day_start(end + dt.timedelta(days=1))
