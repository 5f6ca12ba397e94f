"""A *suggested* level of assurance, with its reasons: never filled in for the author.

Why only a suggestion: the level of assurance a paper offers is the author's professional
judgement, which the board relies on. A level filled in by default ("Reasonable" whatever the
data said) misleads; so the pack dialog and the command line show this suggestion next to the
choice, with the figures behind it, and leave the choice to the author. A pack made without a
choice says "not stated".

The rules are deliberately simple, so an author can check them against the figures:

* **Limited** when any RIDDOR report is past its legal deadline and not submitted (a
  statutory duty is not being met), or any open risk in the top band of the risk matrix
  ("Extreme" by default) has neither an options note nor an action (a serious risk with no
  plan).
* **Reasonable** when neither holds but post-incident support steps or joint actions are
  overdue (controls are in place, with gaps).
* **Substantial** when nothing above is overdue.
* **No assurance** is never suggested: it says controls are absent or not working, which
  needs a judgement the figures cannot make.

The figures are the ones the Home page and the packs show (:mod:`.backlog` and the risk
register's "top band without a plan"), so the reasons never quote a number found nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vpr_desktop.services.packs.backlog import Backlog
from vpr_desktop.services.packs.backlog import backlog
from vpr_desktop.services.packs.context import pack_reader
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import PackKind
from vpr_desktop.services.packs.wording import plural

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass(frozen=True)
class AssuranceSuggestion:
    """A level the figures point to, and the figures that point to it, in words."""

    level: AssuranceLevel
    reasons: tuple[str, ...]
    as_at: dt.date

    @property
    def text(self) -> str:
        """One line: "Limited suggested: 146 RIDDOR reports overdue; 25 extreme risks with no
        action"."""
        return f"{self.level.label} suggested: " + "; ".join(self.reasons)


@dataclass(frozen=True)
class AssuranceFigures:
    """The figures behind a suggestion (the chair's summary suggestions use them too)."""

    backlog: Backlog
    band: str  # the risk matrix's top band, lower case ("extreme")
    no_plan: int  # open top-band risks with neither an options note nor an action


def assurance_figures(
    db: Database, actor: Actor, as_at: dt.date, kind: PackKind = "board"
) -> AssuranceFigures:
    """The backlog and the top-band risks without a plan at ``as_at``, read as a ``kind`` pack
    reads (a board pack's reader sees no names)."""
    from vpr_desktop.services.risks.service import RiskRegisterService

    reader = pack_reader(actor, kind)
    risks = RiskRegisterService(db, reader, today=lambda: as_at)
    return AssuranceFigures(
        backlog(db, reader, as_at),
        risks.matrix().top_band.label.lower(),
        len(risks.high_without_plan()),
    )


def suggest_assurance(
    db: Database, actor: Actor, as_at: dt.date, kind: PackKind = "board"
) -> AssuranceSuggestion:
    """The suggested level at ``as_at`` (see the module for the rules), read as a ``kind``
    pack reads (a board pack's reader sees no names)."""
    f = assurance_figures(db, actor, as_at, kind)
    b, band, no_plan = f.backlog, f.band, f.no_plan
    limited = []
    if b.riddor_overdue:
        limited.append(f"{plural(b.riddor_overdue, 'RIDDOR report')} overdue")
    if no_plan:
        limited.append(f"{plural(no_plan, f'{band} risk')} with no action or options note")
    if limited:
        return AssuranceSuggestion(AssuranceLevel.LIMITED, tuple(limited), as_at)
    gaps = []
    if b.support_overdue:
        gaps.append(f"{plural(b.support_overdue, 'support step')} overdue")
    if b.actions_overdue:
        gaps.append(f"{plural(b.actions_overdue, 'action')} overdue")
    if gaps:
        return AssuranceSuggestion(AssuranceLevel.REASONABLE, tuple(gaps), as_at)
    return AssuranceSuggestion(
        AssuranceLevel.SUBSTANTIAL,
        (f"no RIDDOR report, support step or action overdue and every {band} risk has a plan",),
        as_at,
    )
