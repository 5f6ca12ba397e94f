"""Period presets of the pack dialog: last month, last quarter, financial year to date.

Pure date arithmetic (no Qt), so the presets are unit-tested for a fixed "today".

- Last month: the previous calendar month, whole.
- Last quarter: the last complete quarter of the financial year (April–June, July–September,
  October–December, January–March), which are also calendar quarters.
- Financial year to date: 1 April of the current financial year (April–March) **to today
  inclusive** — the pack's "data as at" is today, so today's records are in it. On 1 April
  that is a one-day period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Period = tuple[dt.date, dt.date]


def last_month(today: dt.date) -> Period:
    """The calendar month before the one holding ``today``."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def last_quarter(today: dt.date) -> Period:
    """The calendar quarter before the one holding ``today``."""
    first_month = ((today.month - 1) // 3) * 3 + 1  # start of the quarter holding today
    end = today.replace(month=first_month, day=1) - dt.timedelta(days=1)
    return end.replace(month=end.month - 2, day=1), end


def financial_year_start(today: dt.date) -> dt.date:
    """1 April of the NHS financial year holding ``today``."""
    return dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def financial_year_to_date(today: dt.date) -> Period:
    """From the start of the financial year to ``today``."""
    return financial_year_start(today), today


#: (key, label, function of today) in the order the dialog lists them; "custom" has none.
PRESETS: tuple[tuple[str, str, Callable[[dt.date], Period] | None], ...] = (
    ("last_month", "Last month", last_month),
    ("last_quarter", "Last quarter", last_quarter),
    ("fy_to_date", "Financial year to date (from 1 April)", financial_year_to_date),
    ("custom", "Custom dates", None),
)


def preset_period(key: str, today: dt.date) -> Period | None:
    """The period of the preset ``key`` (None: the user picks dates); KeyError if unknown."""
    for name, _label, fn in PRESETS:
        if name == key:
            return fn(today) if fn is not None else None
    raise KeyError(key)


def period_problem(start: dt.date, end: dt.date, today: dt.date) -> str:
    """Why a custom period cannot be used, in words; empty when it can."""
    if end < start:
        return "The end date is before the start date."
    if start > today:
        return "The period starts after today, so there is nothing to report yet."
    if (end - start).days > 366 * 3:
        return "The period is longer than three years; choose a shorter one."
    return ""
