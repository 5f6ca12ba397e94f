"""ESR person cells: ``A01|Smith, Jane`` read as an assignment number and a name.

Pure functions, no database. Apart from the competency names (``domain.esr``) because a
person cell is the staff list's and the training export's way of naming who, where a
competency name says what was done; the staff import reads only these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
