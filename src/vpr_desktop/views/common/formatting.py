"""How values read on screen: dates as ``dd Mon yyyy``, numbers with separators, enums as words.

One place so every table, card and label in the window writes a date or a count the same way
(UI.md "Visual language"). Month names are fixed English abbreviations rather than the locale's,
because the packs the board reads use them too and a Welsh- or US-locale PC must not change them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Column kinds whose text is right-aligned (numbers line up by their units).
RIGHT_ALIGNED_KINDS = frozenset({"number", "int", "integer", "decimal", "count"})


def format_date(value: dt.date | None) -> str:
    """``07 Mar 2025``; a datetime is shown by its date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return f"{value.day:02d} {MONTHS[value.month - 1]} {value.year:04d}"


def format_datetime(value: dt.datetime | dt.date | None) -> str:
    """``07 Mar 2025 14:05`` in the PC's local time (stored values are UTC)."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return format_date(value)
    value = _local(value)
    return f"{format_date(value.date())} {value.hour:02d}:{value.minute:02d}"


def _local(value: dt.datetime) -> dt.datetime:
    # Aware values are converted to local time; naive ones (SQLite hands back naive UTC-less
    # values) are shown as stored rather than guessed at.
    return value.astimezone() if value.tzinfo is not None else value


def format_number(value: int | float | None) -> str:
    """``60,000``; floats keep one decimal place."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def enum_words(value: Any) -> str:
    """``no_harm`` → ``No harm``; members with a ``label`` property use it."""
    if value is None:
        return ""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    text = value.value if isinstance(value, Enum) else str(value)
    text = str(text).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def format_bool(value: Any) -> str:
    """ "Yes" or "No", and "" when not recorded."""
    if value is None:
        return ""
    return "Yes" if value else "No"


def format_value(kind: str, value: Any) -> str:
    """Text for a table cell of column ``kind`` (text | number | date | datetime | enum | bool)."""
    if value is None:
        return ""
    if kind == "date":
        return format_date(value)
    if kind == "datetime":
        return format_datetime(value)
    if kind in RIGHT_ALIGNED_KINDS:
        return format_number(value)
    if kind == "enum":
        return enum_words(value)
    if kind == "bool":
        return format_bool(value)
    if isinstance(value, Enum):
        return enum_words(value)
    return str(value)


def sort_value(value: Any) -> Any:
    """The raw value behind a cell, as Qt can carry it: enums by their stored value."""
    if isinstance(value, Enum):
        return value.value
    return value


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 incident`` / ``60,000 incidents``."""
    word = one if count == 1 else (many or one + "s")
    return f"{count:,} {word}"


def first_upper(text: str) -> str:
    """``text`` with its first letter in capitals and the rest as it is ("location name" ->
    "Location name"), unlike ``str.capitalize``, which would lower "ESR" in the rest."""
    return text[:1].upper() + text[1:]
