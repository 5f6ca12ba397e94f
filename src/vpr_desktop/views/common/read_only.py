"""A named, read-only item view: what every table that only shows rows starts from.

Why: the Training page's lists and grids (``training.models.read_only_view``) and Load
standard…'s file tables (``assessment.sheet_tables``) each named their view for tests and screen
readers and stopped it editing in place with the same calls; changes go through a form or
dialog that checks them, never through a cell.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QAbstractItemView

V = TypeVar("V", bound=QAbstractItemView)


def read_only(view: V, name: str, accessible: str) -> V:
    """``view`` named ``name`` (tests, the style sheet) and ``accessible`` (screen readers),
    never editing in place; returned for use in an assignment."""
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view
