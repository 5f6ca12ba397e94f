"""The front sheet's committee-to-board fields: the chair's Alert / Advise / Assure summary,
"previously considered by", Board Assurance Framework and corporate risk references, and the
equality, quality and financial implications; the warnings a front sheet with gaps gets; and
the *suggestions* from the data the chair may insert into the summary.

Why suggestions and never a pre-filled summary: the chair's summary is the chair's judgement
of what the board must be alerted to, advised of and assured about. The app offers lines
built from the same figures as the Home page and the packs ("146 RIDDOR reports overdue"),
and the chair chooses whether to use them; a field the chair leaves empty prints as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import TypeVar

from vpr_desktop.services.packs.assurance import assurance_figures
from vpr_desktop.services.packs.wording import plural

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.services.packs.model import FrontSheet
    from vpr_desktop.services.packs.model import Pack
    from vpr_desktop.services.packs.model import PackKind
    from vpr_desktop.store.database import Database

#: What an empty committee-to-board field prints as (never left to look forgotten).
NOT_STATED = "Not stated"
NOT_WRITTEN = "Not written by the chair"

#: How a renderer shows the date of the meeting (words or a date).
D = TypeVar("D")


def route_rows(front: FrontSheet) -> list[tuple[str, str]]:
    """The committee-to-board fields as the PDF, Word and Excel front sheets print them."""
    return [
        ("Chair's summary: Alert", front.chair_alert or NOT_WRITTEN),
        ("Chair's summary: Advise", front.chair_advise or NOT_WRITTEN),
        ("Chair's summary: Assure", front.chair_assure or NOT_WRITTEN),
        ("Previously considered by", front.previously_considered or NOT_STATED),
        (
            "Board Assurance Framework / corporate risk references",
            front.risk_references or NOT_STATED,
        ),
        ("Equality implications", front.equality_implications or NOT_STATED),
        ("Quality implications", front.quality_implications or NOT_STATED),
        ("Financial implications", front.financial_implications or NOT_STATED),
    ]


def front_fields(
    p: Pack, meeting_date: D, *, title: bool, scale: bool
) -> list[tuple[str, str | D]]:
    """The front sheet's fields from the meeting to the session, in the order and words every
    renderer prints them. ``meeting_date`` as the renderer shows it (words on paper, a date in
    the workbook); ``title``: the paper's title among them (the PDF and Word front sheets);
    ``scale``: the trust's assurance scale under the level (the workbook, whose front sheet
    has no page of its own for it)."""
    f = p.front
    return [
        ("Meeting", f.meeting),
        ("Date of meeting", meeting_date),
        ("Agenda item", f.agenda_item),
        *((("Title", f.title),) if title else ()),
        ("Executive sponsor", f.executive_sponsor),
        ("Author", f.author),
        ("Purpose", f.purpose.label),
        ("Level of assurance", p.assurance_line),
        *(
            (f"Assurance scale: {e.name}", e.definition)
            for e in (p.assurance_scale if scale else ())
        ),
        ("Recommendation", f.recommendation),
        ("Committee route", f.committee_route),
        *route_rows(f),
        ("Session", f.session.label),
    ]


def front_warnings(request: PackRequest) -> tuple[str, ...]:
    """What the author should know before the pack goes out: the meeting date or the agenda
    item left empty (a board secretary files papers by both)."""
    out: list[str] = []
    if request.meeting_date is None:
        out.append("The meeting date is empty: the front sheet shows no date of meeting.")
    if not (request.agenda_item or "").strip():
        out.append("The agenda item is empty: the front sheet shows no agenda item.")
    return tuple(out)


@dataclass(frozen=True)
class ChairSuggestions:
    """Lines from the figures the chair may insert into the Alert / Advise / Assure summary."""

    alert: tuple[str, ...]
    advise: tuple[str, ...]
    assure: tuple[str, ...]
    as_at: dt.date


def chair_suggestions(
    db: Database, actor: Actor, as_at: dt.date, kind: PackKind = "board"
) -> ChairSuggestions:
    """Suggestions at ``as_at`` from the figures behind the Home page and the suggested level
    of assurance: statutory and top-band gaps to alert, other overdue work to advise, and what
    is clear to assure. Read as a ``kind`` pack reads (a board pack's reader sees no names)."""
    f = assurance_figures(db, actor, as_at, kind)
    b = f.backlog
    alert: list[str] = []
    advise: list[str] = []
    assure: list[str] = []
    # (how many, where a gap goes, what is counted, what is wrong, the line when none is)
    checks = (
        (
            b.riddor_overdue,
            alert,
            "RIDDOR report",
            "overdue",
            "No RIDDOR report is past its legal deadline",
        ),
        (
            f.no_plan,
            alert,
            f"{f.band} risk",
            "with no action or options note",
            f"Every {f.band} risk has an action or an options note",
        ),
        (
            b.support_overdue,
            advise,
            "post-incident support step",
            "overdue",
            "No post-incident support step is overdue",
        ),
        (b.actions_overdue, advise, "action", "overdue", "No action is overdue"),
    )
    for count, gaps, noun, wrong, clear in checks:
        if count:
            gaps.append(f"{plural(count, noun)} {wrong}")
        else:
            assure.append(clear)
    return ChairSuggestions(tuple(alert), tuple(advise), tuple(assure), as_at)
