"""Who may see the figures the system pages hold (the trusts' returns compared, and the NHS
Staff Survey results): anyone who may read the summary or make a pack.

Why one piece: both feed the committee and board packs as well as their own pages, so whoever
may make a pack must be able to read them; the system view and the staff survey check the
same set, kept here so the two cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.domain.permissions import Permission

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor

#: Any one of these lets an actor read the system and staff-survey figures.
FIGURE_READERS = (
    Permission.READ_SUMMARY,
    Permission.GENERATE_COMMITTEE_PACK,
    Permission.GENERATE_BOARD_PACK,
)


def may_read_figures(actor: Actor) -> bool:
    """Whether ``actor`` holds any of :data:`FIGURE_READERS`."""
    return any(actor.can(p) for p in FIGURE_READERS)
