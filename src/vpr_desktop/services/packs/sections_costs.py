"""The cost of violence: calendar days lost by month, location and staff group, and an
estimated cost with every assumption printed (and where to change it).

Why no figure of our own: the cost of a day lost differs between trusts and staff groups, and
a national average quoted without its source would be an invented number in a board paper.
So the estimate uses only what the trust set (Settings: cost of a day lost, cost of bank
cover per day) and the claims it entered from NHS Resolution letters; with no cost per day
set, the pack prints the days lost and says the cost is not estimated, and why.

Days lost below trust level (by location, by staff group) go through the pack's disclosure
rule in a public-session pack (``PackContext.breakdown``), as every small breakdown does.
"""

from __future__ import annotations

from decimal import Decimal

from vpr_desktop.domain.costs import ClaimStatus
from vpr_desktop.services.incidents.claims import Claim, list_claims
from vpr_desktop.services.incidents.days_lost import DaysLost, days_lost
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import CellValue, Column, Paragraph, Section, Table
from vpr_desktop.services.packs.months import month_label, month_start, period_of
from vpr_desktop.services.packs.more_spc import days_lost_figure, figure_blocks
from vpr_desktop.services.packs.sections_risks import plural

TOP_LOCATIONS = 15
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


def _pounds(value: Decimal | float | None) -> str:
    return "not set" if value is None else f"£{Decimal(str(value)):,.2f}"


def _money(value: Decimal | float) -> float:
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
        rows.append(("Days lost × cost of a day lost", days.total, _money(per_day), _money(lost)))
        total = lost
        if bank is not None:
            cover = Decimal(days.total) * Decimal(str(bank))
            rows.append(
                ("Days lost × cost of bank cover per day", days.total, _money(bank), _money(cover))
            )
            total += cover
    rows.append(("Claims (settled and open)", len(counted), None, _money(claimed)))
    if total is not None:
        total += claimed
        rows.append(("Estimated cost of violence", None, None, _money(total)))
    return tuple(rows), total


def cost_section(ctx: PackContext) -> Section:
    """Days lost and the estimated cost, for the committee and the board."""
    period = period_of(ctx)
    days = days_lost(ctx.db, ctx.reader, period)
    settings = ctx.settings
    per_day = settings.cost_per_day_lost if settings is not None else None
    bank = settings.bank_cover_per_day if settings is not None else None
    claims = list_claims(ctx.db, ctx.reader, period.start, period.end)
    estimate, total = cost_estimate(days, per_day, bank, claims)
    if total is None:
        costed = "The cost is not estimated: the trust has not set a cost for a day lost."
        ctx.summary.append(
            f"Cost of violence: {plural(days.total, 'calendar day')} lost in the period; "
            "the cost is not estimated because no cost of a day lost is set."
        )
    else:
        costed = f"Estimated cost of violence in the period: {_pounds(total)}."
        ctx.summary.append(
            f"Cost of violence: {plural(days.total, 'calendar day')} lost in the period; "
            f"estimated cost {_pounds(total)} on the trust's own assumptions."
        )
    locations = days.by_location[:TOP_LOCATIONS]
    rest = sum(n for _, n in days.by_location[TOP_LOCATIONS:])
    loc_names = [k for k, _ in locations] + (["All other locations"] if rest else [])
    # The rows add up to the total printed above them: secondary suppression applies.
    loc_days = ctx.breakdown([n for _, n in locations] + ([rest] if rest else []), total_shown=True)
    group_days = ctx.breakdown([n for _, n in days.by_staff_group], total_shown=True)
    assumptions: tuple[tuple[CellValue, ...], ...] = (
        ("Cost of a day lost", _pounds(per_day), "Trust settings (by the VPR lead)"),
        ("Cost of bank cover per day", _pounds(bank), "Trust settings (by the VPR lead)"),
        (
            "Claims from NHS Resolution letters dated in the period",
            f"{len(claims):,} entered",
            "Entered from each letter by the VPR lead",
        ),
    )
    return Section(
        "costs",
        "Cost of violence",
        (
            Paragraph(
                f"{plural(days.total, 'calendar day')} lost to violence and aggression in the "
                f"period. {costed}",
                "lead",
            ),
            Paragraph(METHOD, "note"),
            Table(
                "cost_assumptions",
                "Assumptions",
                (
                    Column("Assumption", "text", 2.6),
                    Column("Value", "text", 1.2),
                    Column("Where it is set", "text", 2.0),
                ),
                assumptions,
            ),
            Table(
                "cost_estimate",
                "Estimated cost",
                (
                    Column("Item", "text", 2.8),
                    Column("Days or claims", "int", 1.0),
                    Column("Rate", "money", 1.0),
                    Column("Cost", "money", 1.2),
                ),
                estimate,
                footnotes=() if total is not None else (costed,),
            ),
            Table(
                "days_lost_month",
                "Days lost by month",
                (Column("Month", "month", 1.0), Column("Days lost", "int", 1.0)),
                (
                    *((month_start(m), n) for m, n in days.by_month),
                    ("All months", days.total),
                ),
                footnotes=(
                    f"Months: {month_label(days.by_month[0][0])} to "
                    f"{month_label(days.by_month[-1][0])}; calendar days.",
                )
                if days.by_month
                else (),
            ),
            *figure_blocks(days_lost_figure(ctx)),
            Table(
                "days_lost_location",
                f"Days lost by location (top {TOP_LOCATIONS})",
                (Column("Location", "text", 3.0), Column("Days lost", "int", 1.0)),
                tuple(zip(loc_names, loc_days, strict=True)),
                footnotes=ctx.disclosure_footnote(),
                empty_text="No days lost in the period.",
            ),
            Table(
                "days_lost_staff_group",
                "Days lost by staff group",
                (Column("Staff group", "text", 3.0), Column("Days lost", "int", 1.0)),
                tuple(zip([k for k, _ in days.by_staff_group], group_days, strict=True)),
                footnotes=ctx.disclosure_footnote(),
                empty_text="No days lost in the period.",
            ),
            Table(
                "nhsr_claims",
                "Claims from NHS Resolution letters dated in the period",
                (
                    Column("Reference", "text", 1.4),
                    Column("Letter date", "date", 1.0),
                    Column("Value", "money", 1.0),
                    Column("Status", "text", 1.4),
                ),
                tuple(
                    (c.reference, c.letter_date, _money(c.value), c.status.label) for c in claims
                ),
                empty_text="No claims entered with a letter dated in the period.",
            ),
        ),
        sheet_name="Cost of violence",
    )


def board_cost_section(ctx: PackContext) -> Section:
    """The board's cost of violence: the committee's section, figure for figure (one source;
    the board pack's reader and disclosure rule already apply)."""
    return cost_section(ctx)
