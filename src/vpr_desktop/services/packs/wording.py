"""Counts and shares in words, as the sections of a pack write them ("1 review", "2,140 live
risks", "87%").

Why its own module: the sections, the front sheet and the assurance statement all say counts
this way, and each reaching into the risk section for it tied them to that section.
"""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` with thousands separators and the noun for that number (``many``: an irregular
    plural; otherwise ``one`` with an s)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def percent_of_due(x: float | None) -> str:
    """A whole percentage of what was due, or "no steps due" when nothing was (a percentage
    of nothing is neither 0% nor 100%)."""
    return "no steps due" if x is None else f"{x:.0f}%"


def sentence(text: str) -> str:
    """``text`` with a capital first letter (a clause used on its own)."""
    return text[:1].upper() + text[1:]
