"""ESR (Electronic Staff Record) values: competency names, person cells, refresher dates.

Pure functions, no database: the training import, the catalogue screen and the tests share
them. Why this module exists (ecosystem-and-reliability.md A2): ESR competency names are
pipe-delimited and come in several forms, which must all map to one course and period:

* ``NHS|CSTF|Conflict Resolution|3 Years|``  -- national CSTF, period as its own segment;
* ``NHS|CSTF|Fire Safety - 2 Years|``        -- the period folded into the title;
* ``457|LOCAL|Title|``                        -- a local competency (first token: VPD code).

Rules: split on ``|``, drop empty segments, find the ``CSTF`` / ``LOCAL`` marker, take the
renewal period from a segment of its own (``3 Years``, ``1 Year``, ``6 Months``) or from a
title suffix (``Fire Safety - 2 Years``, ``Fire Safety (2 Years)``), and keep the raw string
for audit. A period is held in months (``3 Years`` = 36) because course refreshers are.

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
import re
from dataclasses import dataclass

SCHEMES = ("CSTF", "LOCAL")

_UNIT = r"(years?|yrs?|months?|mths?)"
_PERIOD_SEGMENT = re.compile(rf"^(\d{{1,3}})\s*{_UNIT}$", re.I)
# "Fire Safety - 2 Years", "Fire Safety – 2 Years", "Fire Safety (2 Years)", "Fire Safety 2 Years"
_PERIOD_SUFFIX = re.compile(rf"^(.*?)\s*(?:[-–—:]\s*|\(\s*|\s)(\d{{1,3}})\s*{_UNIT}\s*\)?$", re.I)


@dataclass(frozen=True)
class Competency:
    """One parsed competency name. ``title`` is the subject without the period."""

    raw: str
    segments: tuple[str, ...]
    organisation: str | None  # "NHS", or a local VPD code such as "457"
    scheme: str | None  # "CSTF" | "LOCAL" | None (not an ESR-shaped name)
    title: str
    period_months: int | None

    @property
    def key(self) -> str:
        """What two spellings of the same competency share: the title, normalised."""
        return normalise_title(self.title)

    @property
    def period_label(self) -> str:
        """The renewal period as ESR writes it ("3 Years", "6 Months"); "" if none."""
        if self.period_months is None:
            return ""
        if self.period_months % 12 == 0:
            years = self.period_months // 12
            return f"{years} Year" + ("s" if years != 1 else "")
        return f"{self.period_months} Month" + ("s" if self.period_months != 1 else "")


def normalise_title(text: str) -> str:
    """Compare titles ignoring case, punctuation and spacing ("RRN-certified" = "rrn certified")."""
    s = text.casefold().replace("&", " and ")
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " ".join(s.split())


def _months(number: str, unit: str) -> int:
    n = int(number)
    return n if unit.casefold().startswith("m") else n * 12


def parse_period(text: str) -> int | None:
    """``"3 Years"`` -> 36, ``"1 Year"`` -> 12, ``"6 Months"`` -> 6; anything else None."""
    m = _PERIOD_SEGMENT.match(" ".join(text.split()))
    return _months(m[1], m[2]) if m else None


def split_period_suffix(title: str) -> tuple[str, int | None]:
    """``"Fire Safety - 2 Years"`` -> (``"Fire Safety"``, 24); no suffix -> (title, None)."""
    m = _PERIOD_SUFFIX.match(" ".join(title.split()))
    if m and m[1].strip():
        return m[1].strip(), _months(m[2], m[3])
    return title.strip(), None


def parse_competency(raw: str) -> Competency:
    """Parse any of the three ESR forms (or a plain course title, scheme None)."""
    text = str(raw).strip()
    segments = tuple(s.strip() for s in text.split("|") if s.strip())
    upper = [s.upper() for s in segments]
    idx = next((i for i, s in enumerate(upper) if s in SCHEMES), None)
    if idx is None:
        scheme, organisation, rest = None, None, list(segments)
    else:
        scheme = upper[idx]
        organisation = " ".join(segments[:idx]) or None
        rest = list(segments[idx + 1 :])
    period: int | None = None
    titles: list[str] = []
    for seg in rest:
        months = parse_period(seg)
        if months is not None and period is None and titles:
            period = months
        else:
            titles.append(seg)
    title = " | ".join(titles)
    if period is None and titles:
        base, months = split_period_suffix(titles[-1])
        if months is not None:
            period = months
            titles[-1] = base
            title = " | ".join(titles)
    return Competency(
        raw=text,
        segments=segments,
        organisation=organisation,
        scheme=scheme,
        title=title,
        period_months=period,
    )


@dataclass(frozen=True)
class PersonCell:
    """``A01|Smith, Jane`` -> assignment ``A01``, last ``Smith``, first ``Jane``."""

    assignment_number: str | None
    first_name: str
    last_name: str


def parse_name(text: str) -> tuple[str, str]:
    """(first, last) from ``"Smith, Jane"`` or ``"Jane Smith"``; one word is a last name."""
    text = " ".join(str(text).split())
    if "," in text:
        last, first = (p.strip() for p in text.split(",", 1))
        return first, last
    if " " in text:
        first, last = text.rsplit(" ", 1)
        return first, last
    return "", text


def parse_person_cell(text: str) -> PersonCell:
    """An ESR person cell (``assignment|name``); text without ``|`` is a name only.

    The assignment number is kept exactly as written (text: ``0012``, ``1012-2``)."""
    raw = str(text).strip()
    number: str | None = None
    name = raw
    if "|" in raw:
        written, name = raw.split("|", 1)
        number = written.strip() or None
    first, last = parse_name(name.strip(" |"))
    return PersonCell(number, first, last)


def base_employee_number(assignment_number: str) -> str:
    """``1012-2`` -> ``1012``: second and later assignments carry a ``-N`` suffix (Oracle HR)."""
    m = re.fullmatch(r"(.+?)-(\d{1,3})", assignment_number.strip())
    return m[1] if m else assignment_number.strip()


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
