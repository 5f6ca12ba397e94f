"""A share as a percentage, the way every figure of the app states one.

Why one function: a share of nothing is not 0% or 100%, so it is None (and the screens, packs
and CLI say "nothing due" rather than a number), and a share is always rounded to one decimal
place; the incident figures wrote that rule out once per figure before.
"""

from __future__ import annotations


def percent_of(part: int, whole: int | None) -> float | None:
    """``part`` as a percentage of ``whole`` to one decimal place, or None when ``whole`` is 0
    or not known (a suppressed count)."""
    return None if not whole else round(100.0 * part / whole, 1)
