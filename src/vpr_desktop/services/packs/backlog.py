"""What is overdue *now*, whenever it arose: the backlog a pack states beside its period figures.

Why: a pack's period figures count only the incidents that occurred in the period, so a RIDDOR
report still unsubmitted from an incident two years ago, or a support step left open since, is
in no period figure. The board must see both, labelled in words: "for the period's incidents"
and "all, at <date>".

Why through :meth:`SummaryService.home`: every number a user sees comes from one service
function. The Home page's cards are counted there (on PostgreSQL by revision 0006's
``vpr_home_figures``, for logins that may not read person-level rows), so the pack's backlog
is the Home card's number by construction, not a second query that could drift from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vpr_desktop.services.common.summary import SummaryService

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass(frozen=True)
class Backlog:
    """Counts overdue at ``as_at`` over all records, as the Home page's cards show them."""

    as_at: dt.date
    riddor_overdue: int  # reportable, not submitted, deadline before as_at
    support_overdue: int  # open, not declined, due before the end of as_at
    actions_overdue: int  # live actions due before as_at


def backlog(db: Database, actor: Actor, as_at: dt.date) -> Backlog:
    """The backlog at ``as_at``, from the Home summary's "needs attention" figures."""
    counts = {item.key: item.count for item in SummaryService(db, actor).home(as_at).attention}
    return Backlog(
        as_at=as_at,
        riddor_overdue=counts["riddor_overdue"],
        support_overdue=counts["support_overdue"],
        actions_overdue=counts["actions_overdue"],
    )
