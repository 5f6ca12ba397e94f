"""The pack model the renderers draw from (re-exported from ``services.packs.model``).

The builders in ``services.packs`` make the model, and the layer rule (services below reports)
means the dataclasses must be defined there; renderers import them from here so that
``reports`` reads as the home of "pack model -> PDF / Excel / charts" (ARCHITECTURE.md).
"""

from __future__ import annotations

from vpr_desktop.services.packs.model import ASSURANCE_MEANINGS
from vpr_desktop.services.packs.model import SUPPRESSION_MARK
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.model import Block
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import ColumnType
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import FrontSheet
from vpr_desktop.services.packs.model import Icon
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import PackKind
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Series
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.services.packs.model import period_label

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
