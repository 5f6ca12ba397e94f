"""The risk register's blocks in a pack: the heat map as a figure with its data, a table of
risks with their bands as coloured badges, and the badge itself.

Kept apart from :mod:`vpr_desktop.services.packs.sections_risks` (which chooses the risks and
words each section) because the committee and board sections, and the changes section, draw
risks the same way; a change to how a risk is shown is then made once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.register_table import RegisterColumns
from vpr_desktop.services.packs.register_table import register_table
from vpr_desktop.services.packs.wording import plural
from vpr_desktop.services.risks.records import HeatMap
from vpr_desktop.services.risks.records import RiskRow


def badge(cell: ScoreCell) -> Badge:
    """A score as its band's label on the band's colours (never colour alone)."""
    return Badge(cell.label, cell.colour, cell.text_colour)


def heat_figure(hm: HeatMap, fig_id: str) -> Figure:
    """The heat map as a chart (counts on band colours) with its data as a table."""
    m = hm.matrix
    rows = range(5, 0, -1)
    grid = tuple(tuple(hm.count(lk, c) for c in range(1, 6)) for lk in rows)
    colours = tuple(tuple(m.cell(lk, c).colour for c in range(1, 6)) for lk in rows)
    text = tuple(tuple(m.cell(lk, c).text_colour for c in range(1, 6)) for lk in rows)
    totals = hm.band_totals()
    top = m.top_band
    busiest = max((hm.count(lk, c), lk, c) for lk in range(1, 6) for c in range(1, 6))
    caption = (
        f"{plural(hm.total, 'live risk')} on the register; "
        f"{totals[top.key]:,} scored {top.label} ({top.min_score} or more). "
        + ("; ".join(f"{b.label} {totals[b.key]:,}" for b in reversed(m.bands)) + ". ")
        + (
            f"The most common position is likelihood {busiest[1]} x consequence "
            f"{busiest[2]} ({busiest[0]:,} risks)."
            if busiest[0]
            else ""
        )
    )
    data = Table(
        id=f"{fig_id}_data",
        title="Live risks by current likelihood and consequence",
        columns=(
            Column("Likelihood", "text", 1.6),
            *(Column(m.consequence_label(c), "int", 1.0) for c in range(1, 6)),
        ),
        rows=tuple(
            (m.likelihood_label(lk), *(hm.count(lk, c) for c in range(1, 6))) for lk in rows
        ),
        footnotes=("Open and tolerated risks, current scores.",),
    )
    chart = ChartSpec(
        kind="heatmap",
        title="Risk heat map (current scores)",
        categories=tuple(m.consequence_label(c) for c in range(1, 6)),
        row_labels=tuple(m.likelihood_label(lk) for lk in rows),
        grid=grid,
        grid_colours=colours,
        grid_text_colours=text,
        x_label="Consequence",
        y_label="Likelihood",
    )
    return Figure(
        fig_id,
        chart,
        caption,
        data,
        alt_text="A five by five grid of risk counts by likelihood and consequence.",
    )


def risk_table(
    table_id: str,
    title: str,
    rows: Sequence[RiskRow],
    *,
    names: bool,
    as_at: dt.date | None = None,
    empty: str = "None.",
    pdf_rows: int | None = None,
) -> Table:
    """Risks as a pack table with their bands as badges; owners only when ``names`` (a board
    pack holds no staff names), days overdue for review only with ``as_at``."""
    return register_table(
        table_id,
        title,
        rows,
        _RISK_LAYOUT,
        names=names,
        as_at=as_at,
        empty=empty,
        pdf_rows=pdf_rows,
    )


_RISK_LAYOUT = RegisterColumns[RiskRow](
    (
        Column("Ref", "text", 1.0),
        Column("Risk", "text", 3.0),
        Column("Location", "text", 1.8),
        Column("Current", "text", 1.1),
        Column("Target", "text", 1.0),
        Column("Trend", "text", 1.0),
        Column("Review due", "date", 1.0),
    ),
    lambda r: (
        r.reference,
        r.title,
        r.location or "Trust-wide",
        badge(r.current),
        badge(r.target),
        r.trend.label,
        r.review_date,
    ),
    lambda r: r.review_date,
    (Column("Owner", "text", 1.4),),
    lambda r: (r.owner,),
)
