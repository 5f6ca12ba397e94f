"""Funnel plot limits for rates: comparing organisations of different sizes fairly.

Why a funnel and not a league table: a trust of 2,000 staff will show a more extreme rate per
1,000 staff by chance alone than one of 20,000. A funnel plot draws each trust's rate against
its size with control limits around the system's overall rate that narrow as size grows, so
only a trust outside the limits differs by more than chance (Spiegelhalter, "Funnel plots for
comparing institutional performance", Statistics in Medicine 2005; see
``spc-funnel-assurance.md``). Counts of incidents are treated as Poisson with expected count
θ·n, and the limits use the normal approximation θ ± z·√(θ/n), per 1,000 staff, with the lower
limit floored at 0. No over-dispersion adjustment is made (say so where the plot is shown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PER = 1000.0
Z95 = 1.959964
Z998 = 3.090232


@dataclass(frozen=True)
class FunnelLimits:
    """Limits at one size ``n`` (staff), as rates per 1,000 staff."""

    n: float
    lower95: float
    upper95: float
    lower998: float
    upper998: float


@dataclass(frozen=True)
class FunnelPoint:
    """One organisation: its count, size, rate per 1,000 and where it sits in the funnel."""

    name: str
    count: int
    n: int
    rate: float
    limits: FunnelLimits

    @property
    def position(self) -> str:
        """'above 99.8%', 'above 95%', 'within', 'below 95%' or 'below 99.8%' in words."""
        lim = self.limits
        if self.rate > lim.upper998:
            return "above the 99.8% limit"
        if self.rate > lim.upper95:
            return "above the 95% limit"
        if self.rate < lim.lower998:
            return "below the 99.8% limit"
        if self.rate < lim.lower95:
            return "below the 95% limit"
        return "within the limits"


def system_rate(counts: list[int], sizes: list[int]) -> float:
    """θ: all organisations' counts over all their sizes, per 1,000."""
    total = sum(sizes)
    if total <= 0:
        raise ValueError("the organisations' sizes add up to nothing")
    return PER * sum(counts) / total


def limits_at(theta_per_1000: float, n: float) -> FunnelLimits:
    """The 95% and 99.8% limits per 1,000 at size ``n`` around θ (per 1,000)."""
    if n <= 0:
        raise ValueError("a size must be positive")
    theta = theta_per_1000 / PER
    sd = math.sqrt(theta / n)

    def at(z: float) -> tuple[float, float]:
        return max(0.0, PER * (theta - z * sd)), PER * (theta + z * sd)

    lo95, hi95 = at(Z95)
    lo998, hi998 = at(Z998)
    return FunnelLimits(n, lo95, hi95, lo998, hi998)


def funnel(
    names: list[str], counts: list[int], sizes: list[int]
) -> tuple[float, list[FunnelPoint]]:
    """θ per 1,000 and each organisation's point with its limits."""
    theta = system_rate(counts, sizes)
    points = [
        FunnelPoint(name, c, n, PER * c / n, limits_at(theta, n))
        for name, c, n in zip(names, counts, sizes, strict=True)
        if n > 0
    ]
    return theta, points
