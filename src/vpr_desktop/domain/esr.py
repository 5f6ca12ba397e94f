"""ESR (Electronic Staff Record) competency names: the scheme, the title and the period.

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

A person cell (``A01|Smith, Jane``) is read by ``domain.esr_people``; refresher due dates
(whole calendar months, clamped) are ``domain.refresher_dates``.
"""

from __future__ import annotations

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
