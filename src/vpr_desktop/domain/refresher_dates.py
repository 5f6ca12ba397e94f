"""When training falls due again: a completion date moved by whole calendar months.

Pure functions, no database: the training import, the training service and the demo generator
share them, so imported records, the database's own and the demo's agree on every date.

Refresher due date (:func:`add_months`, :func:`refresher_due`): completion moved by whole
calendar months, **clamped to the last day of the target month** when that month is shorter.
So 31 Jan + 1 month = 28 (29) Feb, and 29 Feb 2024 + 36 months = 28 Feb 2027 (2027 has no
29 February) while 29 Feb 2024 + 48 months = 29 Feb 2028. Why clamping and not rolling over
to 1 March: the refresher is then never due later than "the same date N years on", which is
the safer side for compliance, the result never depends on the time of year it was computed,
and it is what the demo generator and spreadsheet ``EDATE`` do (consistency between the
database's own records and imported ones). The record's ``expires_on`` when the export gives
none is the day before the due date (:func:`expiry_from`): the last day the training is in
date, as ESR exports show it (``23/03/2025`` -> ``22/03/2028``).
"""

from __future__ import annotations

import datetime as dt


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` moved by whole months, clamped to the target month's last day (module docstring)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (nxt - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last))


def refresher_due(completed: dt.date, months: int) -> dt.date:
    """The date a refresher is due: completion + ``months`` (clamped; 29 Feb safe)."""
    return add_months(completed, months)


def expiry_from(completed: dt.date, months: int | None) -> dt.date | None:
    """The last day in date when the export gives no expiry: the day before the due date."""
    if months is None:
        return None
    return refresher_due(completed, months) - dt.timedelta(days=1)
