""" "Changes since the last pack" on SQLite and PostgreSQL: which risks moved band at review (from
what the first review in the window found to what the last one agreed), and the section's
baseline sentence, counts and tables."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.services.risks.test_risk_register import LEAD
from tests.services.risks.test_risk_register import TODAY
from tests.services.risks.test_risk_register import Ref
from tests.services.risks.test_risk_register import full_input
from tests.services.risks.test_risk_register import ref as risk_ref  # noqa: F401  (a fixture)
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.services.packs.archive import HistoryEntry
from vpr_desktop.services.packs.changes import changes_section
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.risk_band_moves import band_moves
from vpr_desktop.services.risks.service import ReviewInput
from vpr_desktop.services.risks.service import RiskRegisterService
from vpr_desktop.store.database import Database

Q = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))


@pytest.fixture
def places(request: pytest.FixtureRequest) -> Ref:
    """The risk register tests' site, wards, staff groups and people."""
    value: Ref = request.getfixturevalue("risk_ref")
    return value


def context(db: Database, previous_to: dt.date | None = None) -> PackContext:
    previous = None
    if previous_to is not None:
        previous = HistoryEntry(
            "20260401T090000Z-abcdef", "committee", previous_to - dt.timedelta(days=90),
            previous_to, dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC), "lead", (),
        )  # fmt: skip
    return PackContext(
        db=db,
        actor=LEAD,
        request=PackRequest("committee", *Q, as_at=TODAY),
        trust="Trust",
        as_at=TODAY,
        generated_at=dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC),
        previous=previous,
    )


def reviews(
    svc: RiskRegisterService, ref: Ref, title: str, *steps: tuple[dt.date, tuple[int, int]]
) -> None:
    """A risk at High 12 reviewed on each date, agreeing each new current score."""
    d = svc.create_risk(full_input(ref, title=title, current=RiskScore(3, 4)))
    version = d.version
    for day, (lk, cons) in steps:
        version = svc.record_review(d.id, ReviewInput(day, RiskScore(lk, cons)), version).version


def test_band_moves_compare_the_first_finding_with_the_last_decision(
    db: Database, places: Ref
) -> None:
    svc = RiskRegisterService(db, LEAD, today=lambda: TODAY)
    may, jun = dt.date(2026, 5, 10), dt.date(2026, 6, 10)
    reviews(svc, places, "Raised", (may, (5, 4)))  # High 12 -> Extreme 20
    reviews(svc, places, "Lowered twice", (may, (2, 4)), (jun, (1, 3)))  # High -> Low 3
    reviews(svc, places, "Up and back", (may, (5, 4)), (jun, (3, 4)))  # High -> ... -> High
    reviews(svc, places, "Same band", (may, (2, 4)))  # 12 -> 8: still High
    reviews(svc, places, "Before the window", (dt.date(2026, 3, 1), (5, 5)))
    reviews(svc, places, "Never reviewed")
    ctx = context(db)
    moves = band_moves(ctx, ctx.risks().matrix(), *Q)
    assert [(m.title, m.found.label, m.agreed.label, m.worse) for m in moves] == [
        ("Raised", "High 12", "Extreme 20", True),
        ("Lowered twice", "High 12", "Low 3", False),
    ]
    assert moves[0].reference.startswith("RA-") and moves[0].location == "Rowan Ward"
    assert moves[1].reviewed_on == jun
    # A window of June alone starts from what June's reviews found.
    june = band_moves(ctx, ctx.risks().matrix(), dt.date(2026, 6, 1), Q[1])
    assert [(m.title, m.found.label, m.agreed.label, m.worse) for m in june] == [
        ("Up and back", "Extreme 20", "High 12", False),
        ("Lowered twice", "High 8", "Low 3", False),
    ]


def test_the_first_pack_says_it_has_no_baseline(db: Database, places: Ref) -> None:
    svc = RiskRegisterService(db, LEAD, today=lambda: TODAY)
    reviews(svc, places, "Raised", (dt.date(2026, 5, 10), (5, 4)))
    ctx = context(db)
    section = changes_section(ctx)
    assert section.id == "changes" and section.sheet_name == "Changes"
    assert section.paragraphs[0] == (
        "This is the first committee pack in the pack history, so changes are shown from "
        "the start of its period, 01 Apr 2026."
    )
    assert section.paragraphs[1:] == [
        "0 actions closed.",
        "0 actions became overdue.",
        "1 risk moved band at review: 1 up, 0 down.",
        "0 actions closed from incident learning (you said, we did).",
    ]
    assert ctx.summary == [
        "Since the last pack: 0 actions closed, 0 newly overdue; 1 risk moved band (1 up, 0 down)."
    ]
    tables = {t.id: t for t in section.tables}
    assert list(tables) == [
        "risk_band_moves",
        "closed_since",
        "newly_overdue",
        "you_said_we_did",
    ]
    (move,) = tables["risk_band_moves"].rows
    assert move[1:] == (
        "Raised",
        "Rowan Ward",
        move[3],
        move[4],
        "Up",
        dt.date(2026, 5, 10),
    )
    assert str(move[3]) == "High 12" and str(move[4]) == "Extreme 20"
    assert tables["you_said_we_did"].rows == ()
    assert tables["you_said_we_did"].empty_text == "No incident-learning action was closed."


def test_a_later_pack_counts_from_the_day_after_the_last(db: Database, places: Ref) -> None:
    svc = RiskRegisterService(db, LEAD, today=lambda: TODAY)
    reviews(svc, places, "Early", (dt.date(2026, 4, 10), (5, 4)))  # before the baseline
    reviews(svc, places, "Late", (dt.date(2026, 6, 1), (1, 1)))
    ctx = context(db, previous_to=dt.date(2026, 4, 30))
    section = changes_section(ctx)
    assert section.paragraphs[0] == (
        "Since the last committee pack (period ending 30 Apr 2026, generated 02 Apr 2026): "
        "changes from 01 May 2026."
    )
    assert [r[1] for r in section.tables[0].rows] == ["Late"]
    assert section.tables[0].rows[0][5] == "Down"
