"""Pack services: no staff names in a board pack (model, PDF and workbook), the archive's hash
round trip, "changes since the last pack", permissions, the CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import DEMO_ANCHOR
from tests.reports.test_pack_pdf import PERIOD
from tests.reports.test_pack_pdf import make_pack
from tests.reports.test_pack_pdf import open_demo
from tests.reports.test_pack_pdf import pdf_of
from tests.reports.test_pack_pdf import pdf_text
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.packs import archive
from vpr_desktop.services.packs.builder import NAME_REPLACEMENT
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.builder import redact
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import iter_strings


@pytest.fixture
def demo(demo_copy: Path) -> Iterator[tuple[Any, Any]]:
    db, actor = open_demo(demo_copy)
    try:
        yield db, actor
    finally:
        db.close()


def person_names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [
            f"{f} {last}" for f, last in con.execute("SELECT first_name, last_name FROM person")
        ]
    finally:
        con.close()


def xlsx_strings(path: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def test_board_pack_holds_no_staff_name(
    demo: tuple[Any, Any], demo_copy: Path, tmp_path: Path
) -> None:
    from vpr_desktop.domain.enums import ActionSource
    from vpr_desktop.services.actions.records import ActionDraft
    from vpr_desktop.services.actions.service import ActionLogService

    db, actor = demo
    names = person_names(demo_copy)
    assert len(names) > 100
    # A title typed with a name in it must not carry the name to the board either.
    ActionLogService(db, actor).create(
        ActionDraft(
            title=f"Follow up with {names[0]} after the assault",
            source=ActionSource.COMMITTEE,
            due_date=dt.date(2024, 1, 1),
        )
    )
    board = make_pack(db, actor, "board", tmp_path / "board")
    committee = make_pack(db, actor, "committee", tmp_path / "committee")

    def leaks(texts: list[str]) -> list[str]:
        blob = _squash(" \n ".join(texts))
        return [n for n in names if _squash(n) in blob]

    assert leaks(list(iter_strings(board.pack))) == []
    assert leaks([pdf_text(pdf_of(board), layout=False)]) == []
    assert leaks(xlsx_strings(next(f.path for f in board.files if f.file_format == "xlsx"))) == []
    assert NAME_REPLACEMENT in " ".join(iter_strings(board.pack))
    # The check can see names: the committee pack shows action owners.
    assert leaks(list(iter_strings(committee.pack)))


def test_redact_replaces_full_names_only() -> None:
    names = {("ann", "lee")}
    assert redact("Call Ann Lee today", names) == f"Call {NAME_REPLACEMENT} today"
    assert redact("Ann Leeds and ann  LEE", names) == f"Ann Leeds and {NAME_REPLACEMENT}"


def test_archive_hash_round_trip_and_tamper_check(demo: tuple[Any, Any], tmp_path: Path) -> None:
    db, actor = demo
    result = make_pack(db, actor, "committee", tmp_path)
    entries = archive.history(db, actor)
    assert [e.run for e in entries] == [result.archive.run]  # type: ignore[union-attr]
    entry = entries[0]
    assert entry.kind == "committee" and (entry.period_from, entry.period_to) == PERIOD
    assert entry.meeting == "Health and Safety Committee"
    assert {f.file_format for f in entry.files} == {"pdf", "xlsx"}
    with db.engine.connect() as conn:  # the bytes, parameters and size are in the database
        rows = conn.execute(
            text("SELECT file_name, content, size, parameters FROM pack_archive ORDER BY id")
        ).all()
    for name, content, size, parameters in rows:
        written = next(g for g in result.files if g.path.name == name.rsplit("/", 1)[1])
        assert bytes(content) == written.path.read_bytes() and size == written.size
        params = parameters if isinstance(parameters, dict) else json.loads(parameters)
        assert params["as_at"] == "2026-06-30"
    for f in entry.files:
        written = next(g for g in result.files if g.path.name == f.name)
        assert f.sha256 == written.sha256
        assert archive.verify(db, actor, f.id)
        out = tmp_path / "retrieved"
        out.mkdir(exist_ok=True)
        copy = archive.retrieve(db, actor, f.id, out)
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == f.sha256
        assert copy.read_bytes() == written.path.read_bytes()
    pdf = next(f for f in entry.files if f.file_format == "pdf")
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE pack_archive SET content = :c WHERE id = :i"),
            {"c": b"%PDF-1.7 tampered\n", "i": pdf.id},
        )
    assert not archive.verify(db, actor, pdf.id)
    with pytest.raises(archive.ArchiveIntegrityError):
        archive.retrieve(db, actor, pdf.id, tmp_path / "retrieved")


def test_rows_from_before_0006_still_list_and_read_their_folder(
    demo: tuple[Any, Any], tmp_path: Path
) -> None:
    """A pack archived before the files moved into the database: listed, and retrieved from
    the data folder it was written to."""
    db, actor = demo
    root = tmp_path / "packs"
    old = root / "board" / "20260101T090000Z-abcdef" / "old.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF old pack")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO pack_archive (kind, period_from, period_to, file_name, file_format, "
                "sha256, generated_at, generated_by, version) VALUES ('board', '2025-10-01', "
                "'2025-12-31', 'board/20260101T090000Z-abcdef/old.pdf', 'pdf', :h, "
                "'2026-01-01 09:00:00', 'someone', 1)"
            ),
            {"h": hashlib.sha256(b"%PDF old pack").hexdigest()},
        )
    (entry,) = archive.history(db, actor)
    assert entry.run == "20260101T090000Z-abcdef" and entry.meeting is None
    copy = archive.retrieve(db, actor, entry.id, tmp_path, root=root)
    assert copy.read_bytes() == b"%PDF old pack"
    with pytest.raises(NotFoundError):
        archive.retrieve(db, actor, entry.id, tmp_path, root=tmp_path / "elsewhere")


def test_next_pack_reports_changes_since_the_last(demo: tuple[Any, Any], tmp_path: Path) -> None:
    db, actor = demo
    first = make_pack(db, actor, "committee", tmp_path / "q1")
    assert "first committee pack" in " ".join(first.pack.sections[0].paragraphs)
    request = PackRequest("committee", dt.date(2026, 5, 1), dt.date(2026, 7, 31), as_at=DEMO_ANCHOR)
    later = build_pack(db, actor, request)
    text = " ".join(later.sections[0].paragraphs)
    assert "Since the last committee pack (period ending 30 Jun 2026" in text
    assert later.parameters["since"] == "2026-07-01"
    assert later.parameters["previous_pack"] == first.archive.run  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("demo.staffside", set()),
        ("demo.boardsec", {"board"}),
        ("demo.chair", {"board", "committee"}),
    ],
)
def test_pack_permissions(demo_copy: Path, username: str, allowed: set[str]) -> None:
    db, actor = open_demo(demo_copy, username)
    try:
        for kind in ("committee", "board"):
            request = PackRequest(kind, *PERIOD, as_at=DEMO_ANCHOR)  # type: ignore[arg-type]
            if kind in allowed:
                pack = build_pack(db, actor, request)
                assert pack.sections
            else:
                with pytest.raises(PermissionDeniedError):
                    build_pack(db, actor, request)
        # Archived board packs hold no names: the staff side may read them too.
        assert set(archive.readable_kinds(actor)) == allowed | {"board"}
    finally:
        db.close()


def test_cli_pack_writes_files_with_hashes(demo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vpr_desktop",
            "pack",
            "board",
            "--db",
            str(demo_copy),
            "--from",
            "2026-04-01",
            "--to",
            "2026-06-30",
            "--out",
            str(out),
            "--format",
            "both",
            "--as-at",
            "2026-06-30",
            "--assurance",
            "limited",
            "--meeting-date",
            "2026-07-24",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    listed = dict(re.findall(r"^(\S+)\s+sha256 ([0-9a-f]{64})", result.stdout, re.M))
    assert {Path(p).suffix for p in listed} == {".pdf", ".xlsx"}
    for path, digest in listed.items():
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
    assert "100%" in result.stderr and "Traceback" not in result.stderr
    text = pdf_text(next(Path(p) for p in listed if p.endswith(".pdf")))
    assert "Limited" in text and "24 July 2026" in text

    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "vpr_desktop",
            "pack",
            "board",
            "--db",
            str(demo_copy),
            "--from",
            "2026-06-30",
            "--to",
            "2026-04-01",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 3 and "not valid" in bad.stderr
    usage = subprocess.run(
        [
            sys.executable,
            "-m",
            "vpr_desktop",
            "pack",
            "board",
            "--db",
            str(demo_copy),
            "--from",
            "2026-13-01",
            "--to",
            "2026-04-01",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert usage.returncode == 2


def test_cli_refuses_a_role_without_the_pack_permission(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from vpr_desktop.cli.main import run
    from vpr_desktop.services.admin import users

    monkeypatch.setattr(users, "login_name", lambda db: "demo.staffside")
    out, err = io.StringIO(), io.StringIO()
    code = run(
        [
            "pack",
            "committee",
            "--db",
            str(demo_copy),
            "--from",
            "2026-04-01",
            "--to",
            "2026-06-30",
            "--out",
            str(tmp_path),
        ],
        out,
        err,
    )
    assert code == 3 and "may not generate committee packs" in err.getvalue()
    assert list(tmp_path.glob("*.pdf")) == [] and out.getvalue() == ""


def test_cancel_keeps_nothing_and_atomic_write_leaves_no_part_file(
    demo: tuple[Any, Any], tmp_path: Path
) -> None:
    from vpr_desktop.reports.pack_job import PackCancelled
    from vpr_desktop.reports.pack_job import generate_pack
    from vpr_desktop.services.packs.atomic import write_atomically

    db, actor = demo
    out = tmp_path / "out"
    out.mkdir()
    calls = iter([False, False, True])  # cancelled after the PDF was written
    with pytest.raises(PackCancelled):
        generate_pack(
            db,
            actor,
            PackRequest("board", *PERIOD, as_at=DEMO_ANCHOR),
            out,
            cancel=lambda: next(calls, True),
        )
    assert list(out.iterdir()) == []
    assert archive.history(db, actor) == []

    def boom(fh: Any) -> None:
        fh.write(b"half a pack")
        raise OSError(28, "No space left on device")

    from vpr_desktop.domain.errors import DiskFullError

    with pytest.raises(DiskFullError):
        write_atomically(out / "pack.pdf", boom)
    assert list(out.iterdir()) == []


def test_self_assessment_section_uses_the_cycle_summary(
    demo: tuple[Any, Any], tmp_path: Path
) -> None:
    """The demo holds last year's signed-off cycle and this year's draft carried from it: the
    committee pack reports this year's, compared with last year's."""
    from vpr_desktop.domain.enums import CycleStatus
    from vpr_desktop.domain.standard_library import Change
    from vpr_desktop.services.assessment.service import AssessmentService

    db, actor = demo
    svc = AssessmentService(db, actor, today=DEMO_ANCHOR)
    current = next(c for c in svc.list_cycles() if c.status is CycleStatus.DRAFT)
    summary = svc.summary(current.id)
    # The demo's newest cycle is a draft: shown only when the author chooses the latest.
    result = make_pack(db, actor, "committee", tmp_path / "c", assessment_cycle="latest")
    section = next(s for s in result.pack.sections if s.id == "assessment")
    table = next(t for t in section.tables if t.id == "assessment_rag")
    assert table.rows[-1][1:5] == (
        summary.overall.red,
        summary.overall.amber,
        summary.overall.green,
        summary.overall.not_rated,
    )
    changes = next(t for t in section.tables if t.id == "assessment_changes")
    moved = {
        (c.code, c.change.label)
        for c in summary.changes
        if c.change in (Change.DECLINED, Change.IMPROVED)
    }
    assert moved and {(r[0], r[4]) for r in changes.rows} == moved
    text = " ".join(pdf_text(pdf_of(result), layout=False).split())
    assert "Indicators whose rating changed" in text
    assert "compared with 2025/26 self-assessment (demo)" in text
    assert "Draft — not yet agreed by management and staff side" in text
    board = make_pack(db, actor, "board", tmp_path / "b", assessment_cycle="latest")
    assert any(s.id == "assessment" and s.tables for s in board.pack.sections)
    by_default = make_pack(db, actor, "board", tmp_path / "d")
    assert "not yet agreed" not in " ".join(iter_strings(by_default.pack))  # no draft shown
