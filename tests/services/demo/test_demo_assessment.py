"""Every demo database holds the self-assessment: two cycles (last year's signed off by both
sides, this year's in draft) with evidence and gap actions, and the board pack shows their RAG
summary (issue 17, acceptance 4).

Why these checks: the assessment is the product's headline; a demo without it shows an empty
page and a board pack saying no cycle covers the period. The cycles are added after the trust
with their own random stream, so the trust's incidents, risks and training must stay exactly
what the generator writes (other tests and screenshots rely on those figures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_ANCHOR
from vpr_desktop.domain.models import Base

END = (DEMO_ANCHOR + dt.timedelta(days=1)).isoformat()  # stored times are before this
TRUST_TABLES = (
    "incident",
    "support_step",
    "risk_assessment",
    "risk_review",
    "training_record",
    "person",
    "assignment",
    "location",
    "committee_meeting",
)
CYCLE_TABLES = ("assessment_cycle", "rating", "evidence", "rating_evidence", "action")


@pytest.fixture(scope="module")
def con(demo_db_file: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo_db_file}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def rows(con: sqlite3.Connection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return list(con.execute(sql, params))


def table_hash(path: Path, names: tuple[str, ...]) -> dict[str, str]:
    """SHA-256 of each named table's rows in id order, columns in the model's order."""
    from vpr_desktop.store.database import open_database

    db = open_database(path, mode="ro", upgrade=False)
    try:
        out = {}
        with db.engine.connect() as conn:
            for name in names:
                table = Base.metadata.tables[name]
                digest = hashlib.sha256()
                for row in conn.execute(select(table).order_by(table.c.id)):
                    digest.update(repr(tuple(row)).encode())
                out[name] = digest.hexdigest()
        return out
    finally:
        db.close()


def test_two_cycles_one_signed_by_both_sides_one_draft(con: sqlite3.Connection) -> None:
    cycles = rows(
        con,
        "SELECT name, status, period_start, period_end, management_signed_by, "
        "staff_side_signed_by, previous_cycle_id FROM assessment_cycle ORDER BY period_start",
    )
    assert [c[:4] for c in cycles] == [
        ("2025/26 self-assessment (demo)", "signed_off", "2025-04-01", "2026-03-31"),
        ("2026/27 self-assessment (demo)", "draft", "2026-04-01", "2027-03-31"),
    ]
    signed, draft = cycles
    lead, rep = (
        rows(
            con,
            "SELECT u.username FROM app_user u JOIN user_role r ON r.user_id = u.id "
            "WHERE r.role = ?",
            role,
        )[0][0]
        for role in ("vpr_lead", "staff_side_rep")
    )
    assert signed[4:6] == (lead, rep) and lead != rep  # the creator (the lead), then the rep
    assert draft[4:6] == (None, None) and draft[6] is not None  # carried forward from last year


def test_ratings_evidence_and_gap_actions(con: sqlite3.Connection) -> None:
    per_cycle = dict(
        rows(
            con,
            "SELECT cycle_id, count(*) FROM rating WHERE rag <> 'not_rated' GROUP BY cycle_id",
        )
    )
    assert len(per_cycle) == 2 and min(per_cycle.values()) > 30
    linked = rows(con, "SELECT count(*), count(DISTINCT evidence_id) FROM rating_evidence")[0]
    assert linked[1] > 10 and linked[0] > linked[1]  # links carried into this year's cycle too
    gaps = rows(
        con,
        "SELECT a.source, a.status, a.management_owner_id, a.staff_side_owner_id, r.rag, "
        "a.due_date FROM action a JOIN rating r ON r.id = a.source_id "
        "WHERE a.source_entity = 'rating'",
    )
    assert len(gaps) == 3
    for source, status, mgmt, staff, rag, due in gaps:
        assert (source, status, rag) == ("assessment_gap", "open", "red")
        assert mgmt is not None and staff is not None  # owners on both sides
        assert due > DEMO_ANCHOR.isoformat()  # not overdue: the overdue figures stay the trust's


def test_nothing_is_dated_after_the_anchor(con: sqlite3.Connection) -> None:
    """The services stamp rows with the clock; the demo's rows are moved to its own dates."""
    for table, column in (
        ("assessment_cycle", "created_at"),
        ("assessment_cycle", "updated_at"),
        ("assessment_cycle", "staff_side_signed_at"),
        ("rating", "rated_at"),
        ("rating", "updated_at"),
        ("evidence", "created_at"),
        ("action", "created_at"),
        ("action_update", "at"),
    ):
        assert rows(con, f"SELECT count(*) FROM {table} WHERE {column} >= ?", END) == [(0,)]
    signed = rows(
        con,
        "SELECT management_signed_at, staff_side_signed_at FROM assessment_cycle "
        "WHERE status = 'signed_off'",
    )
    assert signed == [("2026-04-30 11:00:00.000000", "2026-04-30 14:00:00.000000")]


def test_trust_unchanged_and_cycles_repeat_for_a_seed(demo_db_file: Path, tmp_path: Path) -> None:
    """The trust's rows are the generator's alone; the cycles are the same for the same seed."""
    from vpr_desktop.services.admin.users import login_name
    from vpr_desktop.services.demo.database import create_demo_database
    from vpr_desktop.services.demo.generate import generate_demo
    from vpr_desktop.store.database import open_database

    twin = tmp_path / "twin.db"
    create_demo_database(twin, size="small", seed=1, anchor=DEMO_ANCHOR).close()
    bare = tmp_path / "bare.db"  # the trust alone, as the generator writes it
    db = open_database(bare, create=True)
    try:
        with db.engine.begin() as conn:
            generate_demo(
                conn, size="small", seed=1, anchor=DEMO_ANCHOR, creator_username=login_name(db)
            )
    finally:
        db.close()
    assert table_hash(demo_db_file, TRUST_TABLES) == table_hash(bare, TRUST_TABLES)
    assert table_hash(demo_db_file, CYCLE_TABLES) == table_hash(twin, CYCLE_TABLES)


def test_board_pack_shows_the_rag_summary(demo_copy: Path) -> None:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.services.packs.builder import build_pack
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.services.packs.model import iter_strings
    from vpr_desktop.store.database import open_database

    con = sqlite3.connect(demo_copy)
    try:
        red, amber, green = (
            con.execute(
                "SELECT count(*) FROM rating r JOIN assessment_cycle c ON c.id = r.cycle_id "
                "WHERE c.status = 'draft' AND r.rag = ?",
                (rag,),
            ).fetchone()[0]
            for rag in ("red", "amber", "green")
        )
    finally:
        con.close()
    db = open_database(demo_copy, mode="rw", create=False)
    try:
        request = PackRequest("board", dt.date(2026, 4, 1), DEMO_ANCHOR, as_at=DEMO_ANCHOR)
        signed = build_pack(db, identify(db), request)  # the creator: the VPR lead
        latest = replace(request, assessment_cycle="latest")
        pack = build_pack(db, identify(db), latest)
    finally:
        db.close()
    # By default the board sees the cycle both sides signed off; the draft only when chosen.
    by_default = next(s for s in signed.sections if s.id == "assessment")
    assert "Cycle 2025/26 self-assessment (demo)" in "\n".join(iter_strings(by_default))
    section = next(s for s in pack.sections if s.id == "assessment")
    text = "\n".join(iter_strings(section))
    assert section.title.startswith("Self-assessment RAG summary")
    assert "No self-assessment cycle covers this period yet." not in text
    assert "Cycle 2026/27 self-assessment (demo)" in text and "draft, not signed off" in text
    total = red + amber + green
    assert (
        f"2026/27 self-assessment (demo): {total} of {total} indicators rated (100%): "
        f"{red} red, {amber} amber, {green} green."
    ) in text
    assert red and amber and green
