"""The "Making Data Count" icons as pack cells, and the key that explains them.

Why cells rather than words in a column: NHS boards read performance summaries by their icons
(variation and assurance, in NHS England's shapes and colours), so the pack draws them; but a
picture or a colour alone says nothing to a screen reader or on a grey-scale print, so every
icon travels with its words (:class:`~vpr_desktop.services.packs.model.Icon`) and the pack
prints a key in plain English next to the first summary that uses them.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.domain.spc import Assurance
from vpr_desktop.domain.spc import Variation
from vpr_desktop.domain.spc import XmR
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Icon
from vpr_desktop.services.packs.model import Table

#: Icons drawn by ``reports.mdc_icons`` (the other values are shown in words only).
DRAWN = frozenset(
    {
        *(f"variation/{v.value}" for v in Variation if v is not Variation.NOT_ENOUGH_DATA),
        *(
            f"assurance/{a.value}"
            for a in (
                Assurance.CONSISTENTLY_PASSES,
                Assurance.CONSISTENTLY_FAILS,
                Assurance.HIT_AND_MISS,
            )
        ),
    }
)

KEY: tuple[tuple[str, str, str], ...] = (
    (
        "variation/common_cause",
        "Common cause",
        "Grey: the latest month is within the variation the process produces on its own; "
        "nothing has changed.",
    ),
    (
        "variation/concern_high",
        "Special cause of concern (high)",
        "Orange, H: higher than the process explains, where lower is better "
        "(for example more incidents).",
    ),
    (
        "variation/concern_low",
        "Special cause of concern (low)",
        "Orange, L: lower than the process explains, where higher is better "
        "(for example fewer steps on time).",
    ),
    (
        "variation/improvement_high",
        "Special cause of improvement (high)",
        "Blue, H: higher than the process explains, where higher is better.",
    ),
    (
        "variation/improvement_low",
        "Special cause of improvement (low)",
        "Blue, L: lower than the process explains, where lower is better.",
    ),
    (
        "assurance/pass",
        "Consistently passes the target",
        "Blue, P: both process limits are on the good side of the target; it will be met "
        "month after month unless the process changes.",
    ),
    (
        "assurance/fail",
        "Consistently fails the target",
        "Orange, F: both process limits are on the wrong side of the target; it will not be "
        "met without a change to the process.",
    ),
    (
        "assurance/hit_and_miss",
        "Hit and miss",
        "Grey, ?: the target lies between the process limits; it will be met in some months "
        "and missed in others by chance alone.",
    ),
)


def variation_icon(chart: XmR) -> Icon:
    """The latest point's variation as an icon with its words."""
    return Icon(f"variation/{chart.variation.value}", chart.variation.label)


def assurance_icon(chart: XmR) -> Icon:
    """The assurance against the target as an icon with its words."""
    return Icon(f"assurance/{chart.assurance.value}", chart.assurance.label)


def key_table(table_id: str = "mdc_key") -> Table:
    """The key to the icons, in plain English (the legend for every icon the pack draws)."""
    return Table(
        table_id,
        "Key to the Making Data Count icons",
        (Column("Icon", "text", 2.2), Column("What it means", "text", 4.2)),
        tuple((Icon(key, name), meaning) for key, name, meaning in KEY),
        footnotes=(
            "Variation icons say what the latest month shows; assurance icons say whether "
            "a target will be met reliably. Purple icons (H or L) mark a special cause where "
            "neither direction is better.",
        ),
    )


def summary_table(rows: Sequence[tuple[CellValue, ...]], rate_note: str) -> Table:
    """The performance summary: one row per measure with its latest value, mean, limits and
    the two icons, with the footnotes that say what the icons judge (``rate_note``: whether
    rates per 1,000 staff could be shown)."""
    return Table(
        "mdc_summary",
        "Performance summary (Making Data Count)",
        (
            Column("Measure", "text", 2.3),
            Column("Latest", "text", 0.9),
            Column("Value", "float", 0.7),
            Column("Mean", "float", 0.6),
            Column("Lower limit", "float", 0.7),
            Column("Upper limit", "float", 0.7),
            Column("Variation", "text", 2.0),
            Column("Assurance", "text", 1.4),
        ),
        tuple(rows),
        footnotes=(
            "Variation: what the latest month shows (common cause, or a special cause "
            "of concern or of improvement). Assurance: whether the process limits lie "
            "on the right side of a target; incidents have no target. The key below "
            "explains each icon.",
            "Days lost and training compliance are charted in the cost and training "
            "sections; each course's compliance against its target is in the training section.",
            rate_note,
        ),
    )
