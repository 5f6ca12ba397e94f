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
from vpr_desktop.reports import chart_parts
from vpr_desktop.reports import charts
from vpr_desktop.reports.palette import NHS_BLUE
from vpr_desktop.reports.palette import NHS_DARK_BLUE
from vpr_desktop.reports.palette import NHS_GREY_1
from vpr_desktop.reports.palette import NHS_RED
from vpr_desktop.services.system.system_pack import FUNNEL_ID
from vpr_desktop.services.system.system_pack import build_system_pack
from vpr_desktop.services.system.system_view import system_figures

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from vpr_desktop.domain.funnel import FunnelPoint
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.packs.model import Pack
    from vpr_desktop.store.database import Database

FORMATS = ("pdf", "xlsx", "docx")


def funnel_drawing(theta: float, points: tuple[FunnelPoint, ...]) -> Drawing:
    """The funnel plot as a reportlab drawing (vector in the PDF)."""
    d = chart_parts.new_drawing(7.2, 4.0)
    w, h = float(d.width), float(d.height)
    sizes = [p.n for p in points]
    lo, hi = max(1.0, min(sizes) * 0.3), max(sizes) * 1.6
    xs = [lo + (hi - lo) * i / 200 for i in range(201)]
    lims = [limits_at(theta, x) for x in xs]
    top = max(max(lim.upper998 for lim in lims), max(p.rate for p in points))
    low = min(min(lim.lower998 for lim in lims), min(p.rate for p in points))
    y_ticks = chart_parts.nice_ticks(max(0.0, low * 0.9), top * 1.05, 7)
    widest = max(chart_parts.width_of(chart_parts.tick_label(t, y_ticks)) for t in y_ticks)
    left = widest + 26
    x_ticks = [t for t in chart_parts.nice_ticks(0.0, hi, 7) if t >= lo]
    plot = chart_parts.Plot(
        left, 68.0, w - left - 10, h - 68 - 26, lo, hi, max(0.0, low * 0.9), top * 1.05
    )
    shapes = plot.grid_y(y_ticks, 8, "Incidents per 1,000 staff")
    shapes += plot.grid_x(x_ticks, [chart_parts.tick_label(t, x_ticks) for t in x_ticks], 8)
    shapes.append(
        chart_parts.text((plot.left + plot.right) / 2, 30, "Staff in post", 8, anchor="middle")
    )
    lines = (
        ("System rate", [theta] * len(xs), NHS_DARK_BLUE, 1.2, ()),
        ("95% limits", [lim.upper95 for lim in lims], NHS_GREY_1, 1.0, chart_parts.DASHED),
        ("", [lim.lower95 for lim in lims], NHS_GREY_1, 1.0, chart_parts.DASHED),
        ("99.8% limits", [lim.upper998 for lim in lims], NHS_RED, 1.2, chart_parts.DOTTED),
        ("", [lim.lower998 for lim in lims], NHS_RED, 1.2, chart_parts.DOTTED),
    )
    entries: list[tuple[str, chart_parts.Glyph]] = []
    for name, ys, stroke, width, dash in lines:
        shapes += [chart_parts.line(piece, stroke, width, dash) for piece in plot.series(xs, ys)]
        if name:
            entries.append((name, chart_parts.line_glyph(stroke, width, dash)))
    for i, p in enumerate(sorted(points, key=lambda p: (p.n, p.rate))):
        inside = p.position == "within the limits"
        x, y = plot.at(p.n, p.rate)
        shapes.append(chart_parts.marker("o", x, y, 7, NHS_BLUE if inside else "#FFFFFF", NHS_BLUE))
        shapes.append(chart_parts.text(x + 8, y + 10 - 12 * (i % 3) - 3, p.name, 8))
    entries.append(
        ("Trust outside the 95% limits", chart_parts.marker_glyph("o", "#FFFFFF", 7, NHS_BLUE))
    )
    shapes += chart_parts.legend(entries, w / 2, 12, 4, 7)
    shapes.append(
        chart_parts.text(
            w / 2, h - 16, "Incidents per 1,000 staff by trust size", 9, anchor="middle"
        )
    )
    for shape in shapes:
        d.add(shape)
    return d


@dataclass(frozen=True)
class SystemPackFile:
    """One file written, with its SHA-256."""

    path: Path
    sha256: str


def chart_drawings(db: Database, actor: Actor, pack: Pack) -> dict[str, Drawing]:
    """Every figure's drawing: the funnel drawn here, any other by the pack charts."""
    figures = system_figures(db, actor)
    out: dict[str, Drawing] = {}
    for section in pack.sections:
        for block in section.blocks:
            fig_id = getattr(block, "id", None)
            if fig_id == FUNNEL_ID and figures.theta is not None:
                out[fig_id] = funnel_drawing(figures.theta, figures.points)
            elif hasattr(block, "chart"):
                out[str(fig_id)] = charts.drawing(block.chart)
    return out


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
    drawings = chart_drawings(db, actor, pack)
    stem = f"vpr-system-pack-{pack.period_from:%Y-%m-%d}-to-{pack.period_to:%Y-%m-%d}"
    written: list[Path] = []
    if "pdf" in formats:
        written.append(write_pdf(pack, drawings, Path(out_dir) / f"{stem}.pdf"))
    if "xlsx" in formats:
        written.append(write_xlsx(pack, Path(out_dir) / f"{stem}.xlsx"))
    if "docx" in formats:
        pictures = charts.pngs(drawings)
        written.append(write_docx(pack, pictures, Path(out_dir) / f"{stem}.docx"))
    return [SystemPackFile(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in written]
