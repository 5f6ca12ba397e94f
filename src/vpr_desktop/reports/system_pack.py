"""The system pack as files: PDF, Excel and the Word paper, drawn by the trust packs' renderers
from the model ``services/system/system_pack.py`` builds, plus the funnel plot's picture.

Why a picture of our own: the funnel plot is the one chart the trust packs never needed. Each
trust is a labelled point (its ODS code beside it, and a hollow marker when it is outside the
95% limits, so position never rests on colour alone), over the system rate and the 95% and
99.8% limits drawn as lines that narrow with size.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vpr_desktop.domain.funnel import limits_at
from vpr_desktop.reports.charts import _figure, _png, render
from vpr_desktop.reports.palette import NHS_BLUE, NHS_DARK_BLUE, NHS_GREY_1, NHS_RED, NHS_TEXT
from vpr_desktop.services.system.system_pack import FUNNEL_ID, build_system_pack
from vpr_desktop.services.system.system_view import system_figures

if TYPE_CHECKING:
    from vpr_desktop.domain.funnel import FunnelPoint
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.packs.model import Pack
    from vpr_desktop.store.database import Database

FORMATS = ("pdf", "xlsx", "docx")


def funnel_png(theta: float, points: tuple[FunnelPoint, ...]) -> bytes:
    """The funnel plot as a PNG."""
    fig, ax = _figure((7.2, 4.0))
    sizes = [p.n for p in points]
    lo, hi = max(1.0, min(sizes) * 0.3), max(sizes) * 1.6
    xs = [lo + (hi - lo) * i / 200 for i in range(201)]
    lims = [limits_at(theta, x) for x in xs]
    ax.plot(xs, [theta] * len(xs), color=NHS_DARK_BLUE, linewidth=1.2, label="System rate")
    ax.plot(
        xs,
        [lim.upper95 for lim in lims],
        color=NHS_GREY_1,
        linestyle="--",
        linewidth=1,
        label="95% limits",
    )
    ax.plot(xs, [lim.lower95 for lim in lims], color=NHS_GREY_1, linestyle="--", linewidth=1)
    ax.plot(
        xs,
        [lim.upper998 for lim in lims],
        color=NHS_RED,
        linestyle=":",
        linewidth=1.2,
        label="99.8% limits",
    )
    ax.plot(xs, [lim.lower998 for lim in lims], color=NHS_RED, linestyle=":", linewidth=1.2)
    for i, p in enumerate(sorted(points, key=lambda p: (p.n, p.rate))):
        inside = p.position == "within the limits"
        ax.plot(
            [p.n],
            [p.rate],
            marker="o",
            markersize=7,
            linestyle="none",
            markerfacecolor=NHS_BLUE if inside else "white",
            markeredgecolor=NHS_BLUE,
            markeredgewidth=1.6,
        )
        ax.annotate(
            p.name,
            (p.n, p.rate),
            textcoords="offset points",
            xytext=(8, 10 - 12 * (i % 3)),
            fontsize=8,
            color=NHS_TEXT,
        )
    ax.set_xlabel("Staff in post", fontsize=8, color=NHS_TEXT)
    ax.set_ylabel("Incidents per 1,000 staff", fontsize=8, color=NHS_TEXT)
    top = max(max(lim.upper998 for lim in lims), max(p.rate for p in points))
    bottom = min(min(lim.lower998 for lim in lims), min(p.rate for p in points))
    ax.set_ylim(max(0.0, bottom * 0.9), top * 1.05)
    ax.legend(fontsize=7, frameon=False, loc="lower right", ncol=3)
    ax.set_title("Incidents per 1,000 staff by trust size", fontsize=9, color=NHS_TEXT)
    fig.tight_layout()
    return _png(fig)


@dataclass(frozen=True)
class SystemPackFile:
    """One file written, with its SHA-256."""

    path: Path
    sha256: str


def chart_images(db: Database, actor: Actor, pack: Pack) -> dict[str, bytes]:
    """Every figure's picture: the funnel drawn here, any other by the pack charts."""
    figures = system_figures(db, actor)
    charts: dict[str, bytes] = {}
    for section in pack.sections:
        for block in section.blocks:
            fig_id = getattr(block, "id", None)
            if fig_id == FUNNEL_ID and figures.theta is not None:
                charts[fig_id] = funnel_png(figures.theta, figures.points)
            elif hasattr(block, "chart"):
                charts[str(fig_id)] = render(block.chart)
    return charts


def write_system_pack(
    db: Database,
    actor: Actor,
    out_dir: Path,
    formats: tuple[str, ...] = FORMATS,
    title: str = "",
) -> list[SystemPackFile]:
    """Write the system pack into ``out_dir`` (each file whole or not at all), under the
    author's ``title`` (default: the system pack's own)."""
    from vpr_desktop.reports.pack_docx import write_docx
    from vpr_desktop.reports.pack_pdf import write_pdf
    from vpr_desktop.reports.pack_xlsx import write_xlsx

    pack = build_system_pack(db, actor, title.strip())
    charts = chart_images(db, actor, pack)
    stem = f"vpr-system-pack-{pack.period_from:%Y-%m-%d}-to-{pack.period_to:%Y-%m-%d}"
    written: list[Path] = []
    if "pdf" in formats:
        written.append(write_pdf(pack, charts, Path(out_dir) / f"{stem}.pdf"))
    if "xlsx" in formats:
        written.append(write_xlsx(pack, Path(out_dir) / f"{stem}.xlsx", charts))
    if "docx" in formats:
        written.append(write_docx(pack, charts, Path(out_dir) / f"{stem}.docx"))
    return [SystemPackFile(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in written]
