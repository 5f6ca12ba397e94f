"""The accessible Word paper (issue 16, acceptance 6, the docx part), read back with
python-docx: the title and language are set, every section is a real heading, the front sheet is
a table, every table's header row repeats, every picture has alt text, and a chosen draft
self-assessment is marked in the header of every page. ``pdfinfo`` shows the PDF's title."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from tests.services.packs.test_pack_truthful import AS_AT
from tests.services.packs.test_pack_truthful import LEAD
from tests.services.packs.test_pack_truthful import PERIOD
from tests.services.packs.test_pack_truthful import add_backlog
from tests.services.packs.test_pack_truthful import make_cycles
from vpr_desktop.cli.main import run
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import DRAFT_MARK
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.store.database import Database


def headings(doc: object) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs  # type: ignore[attr-defined]
        if p.style.name.startswith(("Heading", "Title"))
    ]


def test_the_word_paper_is_structured_for_assistive_technology(
    sqlite_db: Database, tmp_path: Path
) -> None:
    add_backlog(sqlite_db)
    make_cycles(sqlite_db)
    request = PackRequest(
        "board",
        *PERIOD,
        as_at=AS_AT,
        assurance_level=AssuranceLevel.LIMITED,
        assessment_cycle="latest",
    )
    result = generate_pack(sqlite_db, LEAD, request, tmp_path, ("pdf", "docx"))
    pack = result.pack
    path = next(f.path for f in result.files if f.file_format == "docx")
    assert result.archive is not None
    assert {f.file_format for f in result.archive.files} == {"pdf", "docx"}
    doc = Document(str(path))

    assert doc.core_properties.title == pack.title
    assert doc.core_properties.language == "en-GB"
    found = headings(doc)
    assert found[0] == ("Title", pack.title)
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1 == ["Executive summary"] + [
        f"{i}. {s.title}" for i, s in enumerate(pack.sections, start=1)
    ]
    level2 = {text for style, text in found if style == "Heading 2"}
    assert {t.title for s in pack.sections for t in s.tables} <= level2

    # The front sheet is the first table: field and value, with the chosen level.
    front = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert front["Level of assurance"] == f"Limited: {AssuranceLevel.LIMITED.meaning}"
    assert front["Title"] == pack.title
    # Every table's first row is a header row Word repeats on each page.
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    backlog = next(t for t in doc.tables if t.rows[0].cells[0].text == "Overdue")
    assert [c.text for c in backlog.rows[1].cells] == [
        "RIDDOR reports past the legal deadline, not submitted",
        "1",
        "5",
    ]

    # Every picture carries alt text: the charts say what they are and their finding, the
    # Making Data Count icons (in table cells) say what they mean.
    every = [p._inline.docPr.get("descr") for p in doc.inline_shapes]
    assert all(d and len(d) > 10 for d in every)
    icons = [d for d in every if d.startswith("Icon: ")]
    descriptions = [d for d in every if not d.startswith("Icon: ")]
    assert len(descriptions) == len({f.id for f in pack.figures}) > 0
    assert all(len(d) > 20 for d in descriptions)
    assert "Icon: Common cause" in icons  # the key to the icons
    assert "Icon: Hit and miss" in icons
    for fig in {f.id: f for f in pack.figures}.values():
        assert any(fig.caption in d for d in descriptions)

    # The draft self-assessment is marked in the page header: on every page.
    header = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    assert f"Self-assessment 2026/27: {DRAFT_MARK}" in header
    assert DRAFT_MARK in [p.text for p in doc.paragraphs]

    pdf = next(f.path for f in result.files if f.file_format == "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert f"Title:           {pack.title}" in info.stdout


def test_the_cli_writes_the_word_paper_with_format_all(sqlite_db: Database, tmp_path: Path) -> None:
    sqlite_db.close()  # the command opens the file itself
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out, err = io.StringIO(), io.StringIO()
    args = ["pack", "committee", "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    args += ["--as-at", AS_AT.isoformat(), "--out", str(out_dir), "--format", "all"]
    code = run([*args, "--assurance", "reasonable", "--db", str(tmp_path / "test.db")], out, err)
    assert code == 0, err.getvalue()
    assert sorted(p.suffix for p in out_dir.iterdir()) == [".docx", ".pdf", ".xlsx"]
    doc = Document(str(next(out_dir.glob("*.docx"))))
    assert ("Heading 1", "Executive summary") in headings(doc)
