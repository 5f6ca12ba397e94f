"""The "Making Data Count" icons, drawn by the app (matplotlib, no artwork copied).

NHS England's shapes and colours: a circle holding a small run of points for **variation**
(grey for common cause; orange for a special cause of concern, blue for improvement, purple
where neither direction is better, with an H or an L for high or low) and a circle holding a
letter over a target line for **assurance** (blue P: consistently passes; orange F:
consistently fails; grey ?: hit and miss). The pack always prints the words beside the icon.

Each icon is a small PNG, drawn once per process and shared by the PDF, the Word paper and the
workbook; :func:`draw` also paints one into a chart (the SPC chart's corner).
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

GREY = "#A6A6A6"
BLUE = "#00B0F0"
ORANGE = "#E46C0A"
PURPLE = "#490092"
DARK = "#3D3D3D"
ICON_DPI = 150
ICON_INCHES = 0.5  # 75 px: sharp at the 14-20 pt the documents draw it

#: key -> (colour, letter, shape of the run of points)
_VARIATION = {
    "common_cause": (GREY, "", "flat"),
    "concern_high": (ORANGE, "H", "up"),
    "concern_low": (ORANGE, "L", "down"),
    "improvement_high": (BLUE, "H", "up"),
    "improvement_low": (BLUE, "L", "down"),
    "neither_high": (PURPLE, "H", "up"),
    "neither_low": (PURPLE, "L", "down"),
}
_ASSURANCE = {"pass": (BLUE, "P"), "fail": (ORANGE, "F"), "hit_and_miss": (GREY, "?")}
_RUNS = {
    "flat": [0.50, 0.56, 0.46, 0.53, 0.47, 0.55, 0.50],
    "up": [0.42, 0.47, 0.40, 0.45, 0.43, 0.56, 0.65],
    "down": [0.58, 0.53, 0.60, 0.55, 0.57, 0.44, 0.35],
}


def drawable(key: str) -> bool:
    """Whether ``key`` (``variation/...`` or ``assurance/...``) has a drawing."""
    kind, _, name = key.partition("/")
    return (kind == "variation" and name in _VARIATION) or (
        kind == "assurance" and name in _ASSURANCE
    )


def draw(ax: Any, key: str, family: str | None = None) -> None:
    """Paint icon ``key`` into ``ax`` (its box becomes the icon's square, axes hidden)."""
    from matplotlib.patches import Circle

    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    kind, _, name = key.partition("/")
    font = {"fontfamily": family} if family else {}
    if kind == "variation":
        colour, letter, run = _VARIATION[name]
        ax.add_patch(Circle((0.5, 0.5), 0.45, facecolor="white", edgecolor=colour, linewidth=2.2))
        xs = [0.22 + 0.09 * i for i in range(7)]
        ys = _RUNS[run]
        ax.plot(xs, ys, color=GREY, linewidth=1.0, zorder=2)
        special = 2 if run != "flat" else 0
        ax.scatter(xs[: 7 - special], ys[: 7 - special], s=9, color=GREY, zorder=3)
        if special:
            ax.scatter(xs[-special:], ys[-special:], s=12, color=colour, zorder=3)
        if letter:
            ax.text(
                0.5,
                0.82 if letter == "H" else 0.14,
                letter,
                ha="center",
                va="center",
                color=colour,
                fontsize=7,
                fontweight="bold",
                **font,
            )
    else:
        colour, letter = _ASSURANCE[name]
        ax.add_patch(Circle((0.5, 0.5), 0.45, facecolor=colour, edgecolor=colour, linewidth=2.2))
        ax.text(
            0.5,
            0.56,
            letter,
            ha="center",
            va="center",
            color="white",
            fontsize=13,
            fontweight="bold",
            **font,
        )
        ax.plot([0.2, 0.8], [0.26, 0.26], color="white", linewidth=1.4, linestyle=(0, (2, 1.2)))


@cache
def icon_png(key: str) -> bytes | None:
    """The icon as PNG bytes (transparent corners), or None when ``key`` has no drawing."""
    if not drawable(key):
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from vpr_desktop.reports.charts import font_family

    fig = Figure(figsize=(ICON_INCHES, ICON_INCHES), dpi=ICON_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    draw(ax, key, font_family())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=ICON_DPI, transparent=True, metadata={"Software": None})
    return buf.getvalue()
