"""The cost of violence: calendar days lost by month, location and staff group, and an
estimated cost with every assumption printed (and where to change it).

The estimate uses only what the trust set and the claims it entered
(:mod:`vpr_desktop.services.packs.cost_estimate` says why); with no cost per day set, the pack
prints the days lost and says the cost is not estimated, and why.

Days lost below trust level (by location, by staff group) go through the pack's disclosure
rule in a public-session pack (``PackContext.breakdown``), as every small breakdown does.
"""

from __future__ import annotations

from vpr_desktop.services.incidents.claims import list_claims
from vpr_desktop.services.incidents.days_lost import days_lost
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.cost_estimate import METHOD
from vpr_desktop.services.packs.cost_estimate import assumptions_table
from vpr_desktop.services.packs.cost_estimate import cost_estimate
from vpr_desktop.services.packs.cost_estimate import money
from vpr_desktop.services.packs.cost_estimate import pounds
from vpr_desktop.services.packs.count_table import TOP_LOCATIONS
from vpr_desktop.services.packs.count_table import count_table
from vpr_desktop.services.packs.count_table import location_rows
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.months import month_label
from vpr_desktop.services.packs.months import month_start
from vpr_desktop.services.packs.months import period_of
from vpr_desktop.services.packs.more_spc import days_lost_figure
from vpr_desktop.services.packs.more_spc import figure_blocks
from vpr_desktop.services.packs.wording import plural


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
        costed = f"Estimated cost of violence in the period: {pounds(total)}."
        ctx.summary.append(
            f"Cost of violence: {plural(days.total, 'calendar day')} lost in the period; "
            f"estimated cost {pounds(total)} on the trust's own assumptions."
        )
    rest = sum(n for _, n in days.by_location[TOP_LOCATIONS:])
    # The rows add up to the total printed above them.
    loc_days = location_rows(ctx, days.by_location[:TOP_LOCATIONS], rest)
    group_days = ctx.breakdown([n for _, n in days.by_staff_group], total_shown=True)
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
            assumptions_table(per_day, bank, claims),
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
            count_table(
                "days_lost_location",
                f"Days lost by location (top {TOP_LOCATIONS})",
                "Location",
                "Days lost",
                loc_days,
                footnotes=ctx.disclosure_footnote(),
                empty_text="No days lost in the period.",
            ),
            count_table(
                "days_lost_staff_group",
                "Days lost by staff group",
                "Staff group",
                "Days lost",
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
                tuple((c.reference, c.letter_date, money(c.value), c.status.label) for c in claims),
                empty_text="No claims entered with a letter dated in the period.",
            ),
        ),
        sheet_name="Cost of violence",
    )


def board_cost_section(ctx: PackContext) -> Section:
    """The board's cost of violence: the committee's section, figure for figure (one source;
    the board pack's reader and disclosure rule already apply)."""
    return cost_section(ctx)
