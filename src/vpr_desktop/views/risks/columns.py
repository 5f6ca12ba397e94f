"""The risk register table's columns: their reading order and how wide each one is drawn.

Why apart from the panel (``risks.listing``) that lays the table out: the order is the page's
(``ListPage.COLUMN_ORDER``) and the widths depend on the trust's risk matrix, so both are read
here without the widgets that show them. Reference, title, scores and trend come first, and a
score chip, a date or a trend is never cut.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTableView

from vpr_desktop.views.common.table_model import LazyTableModel
from vpr_desktop.views.risks.chips import CHIP_PADDING

#: Visual order of the register's columns (the source's own order is kept in the model).
COLUMN_ORDER = (
    "reference",
    "title",
    "current",
    "target",
    "trend",
    "review_date",
    "status",
    "location",
    "activity",
    "owner",
)
#: Column widths in average characters (chips and dates must never be cut).
COLUMN_CHARS = {
    "reference": 10,
    "title": 36,
    "current": 13,
    "target": 13,
    "trend": 17,
    "review_date": 12,
    "status": 10,
    "location": 24,
    "activity": 18,
    "owner": 18,
}


def size_register_columns(table: QTableView, model: LazyTableModel, matrix: Any, char: int) -> None:
    """Column widths: a score chip with its band's words, a date, a trend, never cut.

    ``char`` is the average character width the widths in :data:`COLUMN_CHARS` are counted in.
    """
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for key in COLUMN_ORDER:
        logical = model.column_index(key)
        if logical < 0:
            continue
        width = max(COLUMN_CHARS.get(key, 14) * char, header.sectionSizeHint(logical))
        if model.columns[logical].kind == "score":  # the widest band with its top score
            widest = max(
                metrics.horizontalAdvance(matrix.label(score))
                for score in (1, 2, 3, 4, 6, 9, 10, 12, 15, 16, 20, 25)
            )
            width = max(width, widest + 2 * CHIP_PADDING + 20)
        if key == "trend":
            from vpr_desktop.domain.risk_matrix import Trend

            width = max(width, max(metrics.horizontalAdvance(t.label) for t in Trend) + 20)
        header.resizeSection(logical, width)
