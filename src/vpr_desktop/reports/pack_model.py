"""The pack model the renderers draw from (re-exported from ``services.packs.model``).

The builders in ``services.packs`` make the model, and the layer rule (services below reports)
means the dataclasses must be defined there; renderers import them from here so that
``reports`` reads as the home of "pack model -> PDF / Excel / charts" (ARCHITECTURE.md).
"""

from __future__ import annotations

from vpr_desktop.services.packs.model import (
    ASSURANCE_MEANINGS,
    SUPPRESSION_MARK,
    AssuranceLevel,
    Badge,
    Block,
    Bullets,
    CellValue,
    ChartSpec,
    Column,
    ColumnType,
    Figure,
    FrontSheet,
    Icon,
    Pack,
    PackKind,
    Paragraph,
    Purpose,
    Section,
    Series,
    SessionKind,
    Suppressed,
    Table,
    iter_strings,
    period_label,
)

__all__ = [
    "ASSURANCE_MEANINGS",
    "SUPPRESSION_MARK",
    "AssuranceLevel",
    "Badge",
    "Block",
    "Bullets",
    "CellValue",
    "ChartSpec",
    "Column",
    "ColumnType",
    "Figure",
    "FrontSheet",
    "Icon",
    "Pack",
    "PackKind",
    "Paragraph",
    "Purpose",
    "Section",
    "Series",
    "SessionKind",
    "Suppressed",
    "Table",
    "iter_strings",
    "period_label",
]
