"""Issue 16: the staff-side statement printed unedited in both packs (escaped in the PDF, who
wrote it and when; no name in a board pack), and the board pack's "changed since the last
signed-off cycle", domain by domain, in words. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import update

from tests.services.packs.test_pack_truthful import AS_AT
from tests.services.packs.test_pack_truthful import LEAD
from tests.services.packs.test_pack_truthful import PERIOD
from tests.services.packs.test_pack_truthful import REP
from tests.services.packs.test_pack_truthful import board_pack
from tests.services.packs.test_pack_truthful import file_of
from tests.services.packs.test_pack_truthful import make_cycles
from tests.services.packs.test_pack_truthful import pdf_pages
from tests.services.packs.test_pack_truthful import sheet_rows
from tests.services.packs.test_pack_truthful import squash
from vpr_desktop.domain.models import StaffSideStatement
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.services.assessment.statement import write_statement
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.store.database import Database

STATEMENT = 'We do not agree <b>domain 1</b> is "green" & ask for a review.\nSecond line.'


def write(db: Database, cycle_id: int) -> None:
    write_statement(db, REP, cycle_id, STATEMENT)
    with db.engine.begin() as conn:  # a fixed time, for the text
        conn.execute(
            update(StaffSideStatement).values(
                written_at=dt.datetime(2026, 4, 23, 9, 30, tzinfo=dt.UTC)
            )
        )


def assessment(result: object) -> object:
    return next(s for s in result.pack.sections if s.id == "assessment")  # type: ignore[attr-defined]


def test_the_statement_is_printed_unedited_in_both_packs(db: Database, tmp_path: Path) -> None:
    signed, _draft = make_cycles(db)
    write(db, signed)
    board = board_pack(db, tmp_path / "board", assurance_level=AssuranceLevel.LIMITED)
    paragraphs = assessment(board).paragraphs  # type: ignore[attr-defined]
    lead = (
        "Staff-side statement on 2025/26, written by a staff-side representative on "
        "23 Apr 2026 at 10:30 and printed as written:"
    )
    assert lead in paragraphs
    at = paragraphs.index(lead)
    assert paragraphs[at + 1 : at + 3] == STATEMENT.splitlines()
    assert "Robin Rep" not in " ".join(iter_strings(board.pack))  # a board pack names nobody
    pdf = squash(" ".join(pdf_pages(file_of(board, "pdf"))))
    assert squash(STATEMENT.splitlines()[0]) in pdf  # markup printed as typed
    notes = [r[0] for r in sheet_rows(file_of(board, "xlsx"), "Self-assessment") if r]
    assert STATEMENT.splitlines()[0] in notes

    out = tmp_path / "committee"
    out.mkdir()
    committee = generate_pack(
        db, LEAD, PackRequest("committee", *PERIOD, as_at=AS_AT), out, ("pdf",)
    )
    text = " ".join(assessment(committee).paragraphs)  # type: ignore[attr-defined]
    assert "written by Robin Rep (staff-side representative) on 23 Apr 2026 at 10:30" in text
    assert STATEMENT.splitlines()[1] in text


def test_a_cycle_with_no_statement_says_so(db: Database, tmp_path: Path) -> None:
    make_cycles(db)
    board = board_pack(db, tmp_path, assurance_level=AssuranceLevel.LIMITED)
    assert (
        "Staff-side statement: the staff side has written no statement on 2025/26."
        in assessment(board).paragraphs  # type: ignore[attr-defined]
    )


def test_the_board_pack_says_what_changed_since_the_last_signed_off_cycle(
    db: Database, tmp_path: Path
) -> None:
    make_cycles(db)
    # The signed-off cycle has none before it.
    first = board_pack(db, tmp_path / "a", assurance_level=AssuranceLevel.LIMITED)
    assert (
        "Changed since the last signed-off cycle: there is no earlier self-assessment cycle "
        "signed off by both sides to compare 2025/26 with."
    ) in assessment(first).paragraphs  # type: ignore[attr-defined]

    # The draft 2026/27 rates 1.1 red; 2025/26 (signed off) rated it green.
    shown = board_pack(
        db, tmp_path / "b", assurance_level=AssuranceLevel.LIMITED, assessment_cycle="latest"
    )
    table = next(
        t
        for t in assessment(shown).tables  # type: ignore[attr-defined]
        if t.id == "assessment_since_signed"
    )
    assert isinstance(table, Table)
    assert table.title == "Changed since the last signed-off cycle: 2025/26 to 2026/27"
    rows = {str(r[0]).split(".")[0]: r for r in table.rows}
    domain1 = rows["1"]
    assert domain1[3] == "Worsened: 0 indicators rated higher, 1 rated lower"
    # Hand count: domain 1's 1.1 went from green to red; everything else was carried.
    assert domain1[1].startswith("0 red, 0 amber, 1 green")
    assert domain1[2].startswith("1 red, 0 amber, 0 green")
    others = [r[3] for k, r in rows.items() if k != "1"]
    assert others and all(c == "Unchanged: no indicator's rating changed" for c in others)
    summary = " ".join(shown.pack.summary)
    assert (
        "Self-assessment since 2025/26, the last cycle signed off by both sides: 0 domains "
        f"improved, 1 worsened, {len(others)} unchanged." in summary
    )
    pdf = squash(" ".join(pdf_pages(file_of(shown, "pdf"))))
    assert "Changed since the last signed-off cycle: 2025/26 to 2026/27" in pdf
    assert "Worsened:" in pdf  # the cell wraps in the PDF's layout text
