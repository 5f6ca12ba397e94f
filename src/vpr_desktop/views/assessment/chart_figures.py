"""What the Self-assessment charts show: each chart's summary in words and the pack's chart
spec to draw it from, read from a cycle's summary or a comparison of two cycles.

Why apart from the panel that shows them (``assessment.charts``): the figures and their
wording are the packs' own and can be read and tested without building a widget; the panel
only decides when to draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from vpr_desktop.services.assessment.records import CycleComparison
    from vpr_desktop.services.assessment.records import CycleSummary

CHART_CHANGES = ("improved", "declined", "unchanged", "new")


def progress_lines(summary: CycleSummary) -> list[str]:
    """``1. Leadership: Red 3, Amber 4, Green 3, Not assessed 0`` per domain (scale labels)."""
    from vpr_desktop.domain.enums import Rag

    labels = {level.id: level.label for level in summary.scale}
    rags = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED)
    return [
        f"{d.code}. {d.title}: "
        + ", ".join(f"{labels.get(r, r.value)} {d.counts.of(r)}" for r in rags)
        for d in summary.domains
    ]


def progress_spec(summary: CycleSummary) -> Any:
    """The pack's "ratings by domain" chart (``assessment_blocks.rag_figure``)."""
    from vpr_desktop.services.packs.assessment_blocks import rag_figure

    return rag_figure(summary).chart


def change_counts(comparison: CycleComparison) -> dict[str, int]:
    """Improved / Declined / Unchanged / New -> count, from ``compare()``."""
    from vpr_desktop.views.assessment.common import CHANGE_WORDS

    counts = {c.value: n for c, n in comparison.change_counts.items()}
    return {CHANGE_WORDS[key]: counts.get(key, 0) for key in CHART_CHANGES}


def change_spec(comparison: CycleComparison) -> Any:
    """The pack's chart of change counts between the two cycles of ``comparison``."""
    from vpr_desktop.reports.pack_model import ChartSpec
    from vpr_desktop.reports.pack_model import Series

    counts = change_counts(comparison)
    return ChartSpec(
        kind="hbar",
        title=f"Change from {comparison.a.cycle.name} to {comparison.b.cycle.name}",
        categories=tuple(counts),
        series=(Series("Indicators", tuple(float(n) for n in counts.values())),),
        y_label="Indicators",
    )
