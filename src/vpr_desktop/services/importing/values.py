"""Cell values to Python values, with a reason a person can act on when a value is refused.

Shared by every import (risk register, ESR staff/training, Datix incidents). Each parser
raises :class:`ValueProblem` (a ``ValueError``) whose message is the "why" column of the row
report, so callers never word those themselves.

Dates: ISO (``2024-03-05``, also with a time part as spreadsheets export it), day/month/year
(``05/03/2024``, ``5.3.2024``, ``05-03-2024``), day-Mon-year (``30-Nov-2028``, ``30 Nov 2028``,
``30-November-2028``), Excel serial numbers (1900 date system), real ``date``/``datetime``
cells, and the words ESR uses for "no date" (``No Expiry``) as ``None``. Never a US
month/day guess: ``03/25/2024`` is refused, not read as 25 March. Two-digit years are refused
too (``05/03/24`` could be 1924 or 2024). Month names are matched from a fixed English table,
not ``strptime("%b")``, which follows the machine's locale.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

DATE_STYLES = ("iso", "dmy", "d-mon-y", "excel_serial")
NO_DATE_WORDS = frozenset({"", "no expiry", "n/a", "na", "none", "not applicable", "-", "--"})

_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_DMONY = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{2,4})$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 = 1900-03-01 (Excel's fake 29 Feb 1900 = 60)
_MAX_SERIAL = 2_958_465  # 9999-12-31


class ValueProblem(ValueError):
    """A cell value that cannot be used; ``str(exc)`` is the reason for the report."""


class UnknownValue(ValueProblem):
    """A well-formed value this database does not know (a location name, a sub-category, a
    severity word): the same few values fill hundreds of rows of a real export, so a report
    names each distinct one once with its row count (see ``ProblemLog.unknown``).

    ``what`` names the kind in the singular ("location name"; empty: the caller knows it),
    ``fix`` says what to do about such values, and ``value`` is the value to group under when
    it is not the cell's own text."""

    def __init__(self, why: str, *, what: str = "", fix: str = "", value: str | None = None):
        super().__init__(why)
        self.what, self.fix, self.value = what, fix, value


def is_blank(value: Any) -> bool:
    """True for an empty cell: None or only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: Any, *, max_length: int | None = None) -> str | None:
    """Text with outer spaces removed (``None`` when blank); numbers as Excel shows them."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime | dt.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise ValueProblem(f"is {len(text)} characters long; at most {max_length} fit")
    return text


def _serial_to_date(serial: float) -> dt.date:
    if not math.isfinite(serial) or serial < 1 or serial >= _MAX_SERIAL + 1:
        raise ValueProblem("is a number outside the range of Excel dates")
    n = int(serial)  # a fraction is a time of day on the date: keep the date
    if n < 1 or n > _MAX_SERIAL:
        raise ValueProblem("is a number outside the range of Excel dates")
    if n == 60:
        raise ValueProblem("is Excel's day 60 (29 February 1900), which never existed")
    if n < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=n)
    return _EXCEL_EPOCH + dt.timedelta(days=n)


def _make(year: int, month: int, day: int, style: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        hint = " (dates are read as day/month/year)" if style == "dmy" else ""
        raise ValueProblem(f"is not a real date{hint}") from None


def parse_date(
    value: Any, *, styles: Iterable[str] = DATE_STYLES, no_date_words: Iterable[str] = NO_DATE_WORDS
) -> dt.date | None:
    """A date, ``None`` for blank / "No Expiry", or :class:`ValueProblem`."""
    allowed = set(styles)
    blanks = {w.casefold() for w in no_date_words}
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem("is not a date")
    if isinstance(value, int | float):
        if "excel_serial" not in allowed:
            raise ValueProblem("is a number, not a date")
        return _serial_to_date(float(value))
    text = " ".join(str(value).split())
    if text.casefold() in blanks or not text:
        return None
    if "iso" in allowed and (m := _ISO.match(text)):
        return _make(int(m[1]), int(m[2]), int(m[3]), "iso")
    if "dmy" in allowed and (m := _DMY.match(text)):
        if len(m[4]) != 4:
            raise ValueProblem("has a two-digit year; write the year in full (e.g. 05/03/2024)")
        return _make(int(m[4]), int(m[3]), int(m[1]), "dmy")
    if "d-mon-y" in allowed and (m := _DMONY.match(text)):
        month = _MONTHS.get(m[2].casefold())
        if month is None:
            raise ValueProblem(f"has an unknown month name '{m[2]}'")
        if len(m[3]) != 4:
            raise ValueProblem("has a two-digit year; write the year in full (e.g. 30-Nov-2028)")
        return _make(int(m[3]), month, int(m[1]), "d-mon-y")
    if "excel_serial" in allowed and _SERIAL.match(text):
        return _serial_to_date(float(text))
    raise ValueProblem("is not a date (use YYYY-MM-DD, DD/MM/YYYY or DD-Mon-YYYY)")


def parse_int(
    value: Any,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    words: Mapping[str, int] | None = None,
) -> int | None:
    """A whole number (``None`` when blank), also from "4", 4.0, "4 - Likely" or a word.

    ``words`` maps lower-case descriptors to numbers (e.g. the matrix's "likely" -> 4), so a
    register that writes "Likely" imports without retyping.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("is not a number")
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem("is not a whole number")
        number = int(value)
    else:
        text = " ".join(str(value).split())
        m = re.match(r"^([+-]?\d+)(?:\.0+)?(?:\s*[-–:(]?\s*([A-Za-z][A-Za-z ]*)\)?)?$", text)
        if m:
            number = int(m[1])
            word = (m[2] or "").strip().casefold()
            if word and words and word in words and words[word] != number:
                raise ValueProblem(f"says {number} but '{m[2].strip()}' means {words[word]}")
        elif words and text.casefold() in words:
            number = words[text.casefold()]
        else:
            raise ValueProblem("is not a whole number")
    low = minimum is not None and number < minimum
    high = maximum is not None and number > maximum
    if low or high:
        if minimum is not None and maximum is not None:
            raise ValueProblem(f"must be from {minimum} to {maximum}")
        raise ValueProblem(f"must be at least {minimum}" if low else f"must be at most {maximum}")
    return number


def parse_choice(value: Any, choices: Mapping[str, str]) -> str | None:
    """One of ``choices`` (lower-case synonym -> stored value); ``None`` when blank."""
    if is_blank(value):
        return None
    key = " ".join(str(value).split()).casefold()
    if key in choices:
        return choices[key]
    allowed = ", ".join(sorted(set(choices.values())))
    raise UnknownValue("is not one of: " + allowed, fix=f"use one of: {allowed}")


def split_list(value: Any, separators: Iterable[str] = (";", "\n", "|")) -> list[str]:
    """Cell text holding several items ("Nursing; Medical") as a list of non-blank items."""
    if is_blank(value):
        return []
    text = str(value)
    seps = list(separators)
    if not seps:
        return [text.strip()]
    pattern = "|".join(re.escape(s) for s in seps)
    return [part.strip() for part in re.split(pattern, text) if part.strip()]
