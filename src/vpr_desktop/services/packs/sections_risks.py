"""Risk register sections: heat map, top risks, overdue reviews (committee) and the board's
short version. Figures come from ``RiskRegisterService``'s pack functions; a board pack reads
them through the pack-only reader, so owner names never arrive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import (
    Badge,
    Block,
    Bullets,
    ChartSpec,
    Column,
    Figure,
    Paragraph,
    Section,
    Table,
)
from vpr_desktop.services.risks.records import HeatMap, RiskRow

#: Long lists show this many rows in the PDF (a pack holds short lists); Excel holds them all.
PDF_LIST = 30


def badge(cell: ScoreCell) -> Badge:
    return Badge(cell.label, cell.colour, cell.text_colour)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


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
    cols = [
        Column("Ref", "text", 1.0),
        Column("Risk", "text", 3.0),
        Column("Location", "text", 1.8),
        Column("Current", "text", 1.1),
        Column("Target", "text", 1.0),
        Column("Trend", "text", 1.0),
        Column("Review due", "date", 1.0),
    ]
    if as_at is not None:
        cols.append(Column("Days overdue", "int", 0.8))
    if names:
        cols.append(Column("Owner", "text", 1.4))
    out = []
    for r in rows:
        row: list[object] = [
            r.reference,
            r.title,
            r.location or "Trust-wide",
            badge(r.current),
            badge(r.target),
            r.trend.label,
            r.review_date,
        ]
        if as_at is not None:
            row.append((as_at - r.review_date).days if r.review_date else None)
        if names:
            row.append(r.owner)
        out.append(tuple(row))
    return Table(
        table_id,
        title,
        tuple(cols),
        tuple(out),  # type: ignore[arg-type]
        empty_text=empty,
        pdf_rows=pdf_rows,
    )


def risk_section(ctx: PackContext) -> Section:
    """Committee: heat map, top risks, overdue reviews, risks above target and without a plan."""
    svc = ctx.risks()
    hm = svc.heat_map("current")
    top = svc.top_risks(limit=ctx.request.top_risks)
    overdue = svc.overdue_reviews(ctx.as_at)
    above = svc.above_target()
    no_plan = svc.high_without_plan()
    on_time = svc.controls_on_time(ctx.as_at, (ctx.request.period_from, ctx.request.period_to))
    m = svc.matrix()
    extreme = hm.band_totals()[m.top_band.key]
    ctx.summary.append(
        f"Risk register: {plural(hm.total, 'live risk')}, {extreme:,} {m.top_band.label.lower()}; "
        f"{plural(len(overdue), 'review')} overdue; {len(above):,} above target."
    )
    if no_plan:
        ctx.decisions.append(
            f"Agree owners for the {plural(len(no_plan), 'top-band risk')} with no options "
            "note and no action."
        )
    share = (
        "no controls fell due in the period"
        if on_time.percent is None
        else f"{on_time.on_time:,} of {on_time.due:,} controls due in the period were "
        f"implemented by their expected date ({on_time.percent:.0f}%)"
    )
    blocks: list[Block] = [
        Paragraph(
            f"The register holds {plural(hm.total, 'live risk')} (open or tolerated). "
            f"{len(above):,} are scored above their target and "
            f"{plural(len(no_plan), 'risk')} in the top band "
            f"({m.top_band.label}) have neither an options note nor an action. "
            f"Controls: {share}."
        ),
        heat_figure(hm, "risk_heat"),
        risk_table("top_risks", f"Top {len(top)} risks by current score", top, names=ctx.names),
        risk_table(
            "overdue_reviews",
            f"Risk reviews overdue at {ctx.as_at:%d %b %Y} (longest overdue first)",
            overdue,
            names=ctx.names,
            as_at=ctx.as_at,
            empty="No risk review is overdue.",
            pdf_rows=PDF_LIST,
        ),
    ]
    if no_plan:
        blocks.append(
            risk_table(
                "no_plan",
                f"{m.top_band.label} risks with no plan",
                no_plan,
                names=ctx.names,
                pdf_rows=PDF_LIST,
            )
        )
    return Section("risks", "Risk register", tuple(blocks), sheet_name="Risks")


def board_risk_section(ctx: PackContext) -> Section:
    """Board: the heat map, the top risks and how many reviews are overdue (no names)."""
    svc = ctx.risks()
    hm = svc.heat_map("current")
    top = svc.top_risks(limit=min(ctx.request.top_risks, 10))
    overdue = svc.overdue_reviews(ctx.as_at)
    m = svc.matrix()
    extreme = hm.band_totals()[m.top_band.key]
    ctx.summary.append(
        f"{plural(hm.total, 'live risk')}, {extreme:,} "
        f"{m.top_band.label.lower()}; {plural(len(overdue), 'review')} overdue."
    )
    return Section(
        "risks",
        "Top risks",
        (
            Bullets(
                (
                    f"{plural(extreme, 'risk')} scored {m.top_band.label} "
                    f"({m.top_band.min_score} or more).",
                    f"{plural(len(overdue), 'risk review')} overdue at {ctx.as_at:%d %b %Y}.",
                )
            ),
            heat_figure(hm, "risk_heat"),
            risk_table("top_risks", f"Top {len(top)} risks by current score", top, names=False),
        ),
        sheet_name="Risks",
    )
