"""The front sheet's fields every renderer prints, from the meeting to the session: the title
only on paper, the assurance scale only in the workbook, the date as the renderer shows it."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.services.packs.front import NOT_STATED
from vpr_desktop.services.packs.front import NOT_WRITTEN
from vpr_desktop.services.packs.front import front_fields
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import FrontSheet
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import ScaleLevel
from vpr_desktop.services.packs.model import SessionKind

FRONT = FrontSheet(
    meeting="Board",
    meeting_date=dt.date(2026, 12, 10),
    agenda_item="7",
    title="VPR report",
    executive_sponsor="Director",
    author="Author",
    purpose=Purpose.ASSURANCE,
    recommendation="Note it.",
    assurance_level=AssuranceLevel.LIMITED,
    committee_route="Committee",
    session=SessionKind.PUBLIC,
)
PACK = Pack(
    kind="board",
    trust="Trust",
    period_from=dt.date(2026, 6, 1),
    period_to=dt.date(2026, 11, 30),
    data_as_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    front=FRONT,
    summary=(),
    sections=(),
    assurance_scale=(ScaleLevel(AssuranceLevel.LIMITED, "Partial", "Some gaps."),),
)


def test_paper_fields_with_the_title_and_the_date_in_words() -> None:
    rows = front_fields(PACK, "10 December 2026", title=True, scale=False)
    assert rows[:5] == [
        ("Meeting", "Board"),
        ("Date of meeting", "10 December 2026"),
        ("Agenda item", "7"),
        ("Title", "VPR report"),
        ("Executive sponsor", "Director"),
    ]
    assert ("Level of assurance", "Partial: Some gaps.") in rows
    assert not any(label.startswith("Assurance scale") for label, _ in rows)
    assert ("Chair's summary: Alert", NOT_WRITTEN) in rows
    assert ("Equality implications", NOT_STATED) in rows
    assert rows[-1] == ("Session", "Public session")


def test_workbook_fields_with_the_scale_and_a_date() -> None:
    rows = front_fields(PACK, FRONT.meeting_date, title=False, scale=True)
    labels = [label for label, _ in rows]
    assert "Title" not in labels
    assert rows[1] == ("Date of meeting", dt.date(2026, 12, 10))
    at = labels.index("Level of assurance")
    assert rows[at + 1] == ("Assurance scale: Partial", "Some gaps.")
    assert labels[at + 2] == "Recommendation"
