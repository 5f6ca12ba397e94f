"""The estimated cost of violence and the assumptions it rests on, for the cost section.

Why no figure of our own: the cost of a day lost differs between trusts and staff groups, and
a national average quoted without its source would be an invented number in a board paper.
So the estimate uses only what the trust set (Settings: cost of a day lost, cost of bank
cover per day) and the claims it entered from NHS Resolution letters, and every one of those
is printed beside it. The section around it (days lost by month, location and staff group) is
:mod:`vpr_desktop.services.packs.sections_costs`.
"""

from __future__ import annotations

from decimal import Decimal

from vpr_desktop.domain.costs import ClaimStatus
from vpr_desktop.services.incidents.claims import Claim
from vpr_desktop.services.incidents.days_lost import DaysLost
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Table

COUNTED = (ClaimStatus.OPEN, ClaimStatus.SETTLED)  # closed claims paid nothing
METHOD = (
    "Method. Days lost are calendar days, summed from the incidents that occurred in the "
    "period: each incident's days lost (the days each member of staff involved was absent, "
    "or the total recorded on the incident) by month and location, and each member of "
    "staff's days absent by their staff group; days on incidents with no member of staff "
    "recorded are shown as 'staff group not recorded'. The estimated cost is the days lost "
    "times the trust's cost of a day lost, plus the days lost times the cost of bank cover "
    "per day where one is set, plus the value of the claims NHS Resolution wrote about in "
    "the period (settled claims at the amount paid, open claims at NHS Resolution's "
    "reserve; closed claims count nothing). Every assumption is listed below with where it "
    "is set; no national or average figure is used."
)


def pounds(value: Decimal | float | None) -> str:
    """A sum of money in words for the text (``not set`` when the trust has not set it)."""
    return "not set" if value is None else f"£{Decimal(str(value)):,.2f}"


def money(value: Decimal | float) -> float:
    """A sum of money for a cell (the renderers print it as pounds)."""
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


def cost_estimate(
    days: DaysLost, per_day: float | None, bank: float | None, claims: list[Claim]
) -> tuple[tuple[tuple[CellValue, ...], ...], Decimal | None]:
    """The estimate's rows (item, quantity, rate, cost) and its total, or no total when no
    cost per day lost is set (the days are never costed at a figure the trust did not set)."""
    claimed = sum((c.value for c in claims if c.status in COUNTED), Decimal(0))
    counted = [c for c in claims if c.status in COUNTED]
    rows: list[tuple[CellValue, ...]] = []
    total: Decimal | None = None
    if per_day is not None:
        lost = Decimal(days.total) * Decimal(str(per_day))
        rows.append(("Days lost × cost of a day lost", days.total, money(per_day), money(lost)))
        total = lost
        if bank is not None:
            cover = Decimal(days.total) * Decimal(str(bank))
            rows.append(
                ("Days lost × cost of bank cover per day", days.total, money(bank), money(cover))
            )
            total += cover
    rows.append(("Claims (settled and open)", len(counted), None, money(claimed)))
    if total is not None:
        total += claimed
        rows.append(("Estimated cost of violence", None, None, money(total)))
    return tuple(rows), total


def assumptions_table(per_day: float | None, bank: float | None, claims: list[Claim]) -> Table:
    """Every assumption of the estimate with where it is set, printed beside the estimate so a
    reader can check each number it rests on and knows whom to ask to change it."""
    assumptions: tuple[tuple[CellValue, ...], ...] = (
        ("Cost of a day lost", pounds(per_day), "Trust settings (by the VPR lead)"),
        ("Cost of bank cover per day", pounds(bank), "Trust settings (by the VPR lead)"),
        (
            "Claims from NHS Resolution letters dated in the period",
            f"{len(claims):,} entered",
            "Entered from each letter by the VPR lead",
        ),
    )
    return Table(
        "cost_assumptions",
        "Assumptions",
        (
            Column("Assumption", "text", 2.6),
            Column("Value", "text", 1.2),
            Column("Where it is set", "text", 2.0),
        ),
        assumptions,
    )
