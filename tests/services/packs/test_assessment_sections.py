"""The self-assessment section's frame the committee and the board share: why there is no
cycle, and a draft cycle marked in the title and first line."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import cast

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.packs.assessment_cycle import cycle_section
from vpr_desktop.services.packs.assessment_cycle import no_cycle_section
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import DRAFT_MARK
from vpr_desktop.services.packs.model import Paragraph

PERIOD = (dt.date(2026, 6, 1), dt.date(2026, 11, 30))


def _summary(read_only: bool) -> CycleSummary:
    # Only ``cycle.read_only`` is read by the frame.
    return cast(CycleSummary, SimpleNamespace(cycle=SimpleNamespace(read_only=read_only)))


def test_no_cycle_section_says_why() -> None:
    ctx = PackContext(
        db=None,  # type: ignore[arg-type]  # no_cycle_text reads only the request
        actor=Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}), user_id=7),
        request=PackRequest("board", *PERIOD),
        trust="Trust",
        as_at=PERIOD[1],
        generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        previous=None,
    )
    s = no_cycle_section(ctx, "Self-assessment RAG summary")
    assert (s.id, s.title, s.sheet_name) == (
        "assessment",
        "Self-assessment RAG summary",
        "Self-assessment",
    )
    assert s.paragraphs == [
        "No self-assessment cycle covering this period has been signed off by both "
        "management and the staff side yet."
    ]


def test_a_signed_cycle_shows_its_blocks_only() -> None:
    s = cycle_section("Title", _summary(True), (Paragraph("one"),))
    assert (s.title, s.blocks, s.sheet_name) == ("Title", (Paragraph("one"),), "Self-assessment")


def test_a_draft_is_marked_in_the_title_and_first_line() -> None:
    s = cycle_section("Title", _summary(False), (Paragraph("one"),))
    assert s.title == "Title (draft)"
    assert s.blocks == (Paragraph(DRAFT_MARK, "callout"), Paragraph("one"))
