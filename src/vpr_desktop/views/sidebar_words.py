"""What the sidebar says for a page: its title or short label, and its attention count in words.

Imported before the first paint with the sidebar, so like :mod:`vpr_desktop.views.navigation`
it stays free of the ``Qt`` namespace and the domain enums. The counts are words and numbers,
never a coloured dot alone (UI.md): screen readers hear "Support queue, 12 need attention".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.views.navigation import PageSpec

#: Short labels for narrow mode; a page not listed keeps its title.
SHORT_TITLES: dict[str, str] = {
    "assessment": "Assessment",
    "risks": "Risks",
    "support": "Support",
    "actions": "Actions",
    "roles": "Roles",
    "audit": "Audit",
}


def short_spec(spec: PageSpec) -> PageSpec:
    """``spec`` with its narrow-mode title."""
    return spec._replace(title=SHORT_TITLES.get(spec.key, spec.title))


def badge_counts(badges: Iterable[object]) -> dict[str, int]:
    """The summary's badges (``HomeSummary.badges``, one per page) by page key.

    Each badge is the row count of one filter its page shows; the Home cards are not summed,
    as an overdue action awaiting sign-off would then be counted twice.
    """
    counts: dict[str, int] = {}
    for item in badges:
        page = str(getattr(item, "page", ""))
        counts[page] = counts.get(page, 0) + int(getattr(item, "count", 0))
    return counts


def sidebar_text(spec: PageSpec, count: int) -> str:
    """``Support queue (12)``: the number in text, never a coloured dot alone."""
    return f"{spec.title} ({count:,})" if count else spec.title


def sidebar_accessible_text(spec: PageSpec, count: int) -> str:
    """The sidebar entry as read aloud, with how many items need attention."""
    if not count:
        return spec.title
    return f"{spec.title}, {count:,} need{'s' if count == 1 else ''} attention"
