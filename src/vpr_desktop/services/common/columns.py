"""A list's columns, importable without SQLAlchemy.

A list source (``services/common/paging.py``) names its columns here so that a window can lay
out a list's table before SQLAlchemy has been imported: the incident list paints its first rows
at start-up from a kept statement (``store/early_read.py``) with these same columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a list screen: its key (also its sort key), heading, kind and width."""

    key: str
    title: str
    kind: str = "text"  # text | number | date | datetime | enum
    width: int = 120
