"""Issue 16, acceptance 1-3, on SQLite and PostgreSQL: a board pack states the period figure AND
the backlog (equal to the Home card and a SQL count) for overdue RIDDOR reports and support
steps; a pack made with no level of assurance says "not stated" (and the CLI warns, with the
suggested level); the self-assessment shown is the last signed-off cycle with both sign-off
dates, and a draft only when chosen, then marked as a draft on every page it appears."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert
from sqlalchemy import text
from sqlalchemy import update

from vpr_desktop.cli.main import run
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.reports.pack_job import PackResult
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.summary import SummaryService
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.packs.assurance import suggest_assurance
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import ASSURANCE_NOT_STATED
from vpr_desktop.services.packs.model import DRAFT_MARK
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.store.database import Database

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
REP = Actor("rep", "Robin Rep", frozenset({Role.STAFF_SIDE_REP}))
PERIOD = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
AS_AT = dt.date(2026, 7, 20)

# (occurred, RIDDOR deadline, submitted on): overdue ones span 2023 to the period.
RIDDOR = [
    (dt.date(2023, 3, 1), dt.date(2023, 3, 16), None),
    (dt.date(2023, 11, 5), dt.date(2023, 11, 20), None),
    (dt.date(2024, 6, 2), dt.date(2024, 6, 17), None),
    (dt.date(2025, 1, 9), dt.date(2025, 1, 24), None),
    (dt.date(2025, 8, 30), dt.date(2025, 9, 14), dt.date(2025, 9, 1)),  # submitted on time
    (dt.date(2026, 4, 10), dt.date(2026, 4, 25), None),  # in the period, overdue
    (dt.date(2026, 5, 3), dt.date(2026, 5, 18), dt.date(2026, 5, 30)),  # in the period, late
    (dt.date(2026, 6, 28), dt.date(2026, 7, 28), None),  # in the period, not yet due
]
# (incident index, due, done, declined): overdue steps span the years too.
SUPPORT = [
    (0, dt.datetime(2023, 3, 3, 9), None, False),
    (1, dt.datetime(2023, 11, 7, 9), None, False),
    (2, dt.datetime(2024, 6, 4, 9), None, False),
    (3, dt.datetime(2025, 1, 11, 9), dt.datetime(2025, 1, 10, 9), False),  # done on time
    (4, dt.datetime(2025, 9, 1, 9), None, True),  # declined
    (5, dt.datetime(2026, 4, 12, 9), None, False),  # in the period, overdue
    (6, dt.datetime(2026, 5, 5, 9), None, False),  # in the period, overdue
    (7, dt.datetime(2026, 7, 30, 9), None, False),  # in the period, not yet due
]
RIDDOR_ROW = "RIDDOR reports past the legal deadline, not submitted"
SUPPORT_ROW = "Post-incident support steps past their due time, not done"


def add_backlog(db: Database) -> None:
    with UnitOfWork(db, LEAD) as uow:
        person = Person(employee_number="E0001", first_name="Sam", last_name="Porter")
        uow.session.add(person)
        uow.session.flush()
        rows = [
            {
                "reference": f"VPR-{i:06d}",
                "occurred_at": dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
                "month": f"{day:%Y-%m}",
                "primary_type": IncidentType.PHYSICAL,
                "riddor_status": RiddorStatus.REPORTABLE,
                "riddor_deadline": deadline,
                "riddor_submitted_on": submitted,
            }
            for i, (day, deadline, submitted) in enumerate(RIDDOR, start=1)
        ]
        uow.session.execute(insert(Incident), rows)
        ids = {
            ref: id_ for id_, ref in uow.session.execute(text("SELECT id, reference FROM incident"))
        }
        uow.session.execute(
            insert(SupportStep),
            [
                {
                    "incident_id": ids[f"VPR-{n + 1:06d}"],
                    "person_id": person.id,
                    "step_type": "welfare_check",
                    "due_by": due.replace(tzinfo=dt.UTC),
                    "done_at": done.replace(tzinfo=dt.UTC) if done else None,
                    "declined": declined,
                }
                for n, due, done, declined in SUPPORT
            ],
        )


def sql_count(db: Database, query: str, **params: Any) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(query), params).scalar_one())


def pdf_pages(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")


def squash(value: str) -> str:
    return " ".join(value.split())


def board_pack(db: Database, out: Path, **kw: Any) -> PackResult:
    out.mkdir(parents=True, exist_ok=True)
    return generate_pack(db, LEAD, PackRequest("board", *PERIOD, as_at=AS_AT, **kw), out)


def file_of(result: PackResult, fmt: str) -> Path:
    return next(f.path for f in result.files if f.file_format == fmt)


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def all_xlsx_text(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    try:
        return " ".join(str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v)
    finally:
        wb.close()


# ------------------------------------------------------------------ acceptance 1: backlog


def test_the_board_pack_states_the_period_figure_and_the_backlog(
    db: Database, tmp_path: Path
) -> None:
    add_backlog(db)
    riddor_sql = sql_count(
        db,
        "SELECT count(*) FROM incident WHERE riddor_status = 'reportable' "
        "AND riddor_submitted_on IS NULL AND riddor_deadline < :d",
        d=AS_AT,
    )
    support_sql = sql_count(
        db,
        "SELECT count(*) FROM support_step WHERE done_at IS NULL AND NOT declined AND due_by < :t",
        t=dt.datetime.combine(AS_AT, dt.time(23, 59, 59), tzinfo=dt.UTC),
    )
    assert (riddor_sql, support_sql) == (5, 5)  # 4 before the period, 1 in it; 3 + 2
    home = {a.key: a.count for a in SummaryService(db, LEAD).home(AS_AT).attention}
    assert (home["riddor_overdue"], home["support_overdue"]) == (riddor_sql, support_sql)

    result = board_pack(db, tmp_path, assurance_level=AssuranceLevel.LIMITED)
    performance = next(s for s in result.pack.sections if s.id == "performance")
    backlog = next(t for t in performance.tables if t.id == "backlog")
    assert backlog.rows == ((RIDDOR_ROW, 1, 5), (SUPPORT_ROW, 2, 5))
    assert backlog.columns[2].title == "All incidents, at 20 Jul 2026"

    # The PDF says both, in words, in the summary and in the table.
    pdf = squash(" ".join(pdf_pages(file_of(result, "pdf"))))
    assert (
        "5 RIDDOR reports past the legal deadline and not submitted at 20 Jul 2026, "
        "whenever the incident occurred (1 of them for incidents in the period)." in pdf
    )
    assert (
        "5 post-incident support steps overdue at 20 Jul 2026, whenever the incident "
        "occurred (2 of them for incidents in the period)." in pdf
    )
    assert "Note the 5 RIDDOR reports past the legal deadline and not yet submitted" in pdf
    # The workbook holds the same table, as numbers.
    rows = sheet_rows(file_of(result, "xlsx"), "Performance")
    figures = {r[0]: r[1:3] for r in rows if r and r[0] in (RIDDOR_ROW, SUPPORT_ROW)}
    assert figures == {RIDDOR_ROW: (1, 5), SUPPORT_ROW: (2, 5)}


def test_the_committee_pack_states_the_backlog_beside_the_period(
    db: Database, tmp_path: Path
) -> None:
    add_backlog(db)
    tmp_path.mkdir(exist_ok=True)
    request = PackRequest("committee", *PERIOD, as_at=AS_AT)
    result = generate_pack(db, LEAD, request, tmp_path, ("xlsx",))
    sections = {s.id: s for s in result.pack.sections}
    riddor_text = " ".join(sections["riddor_police"].paragraphs)
    assert "5 RIDDOR reports past the legal deadline and not submitted at 20 Jul 2026" in (
        riddor_text
    )
    assert "5 post-incident support steps overdue at 20 Jul 2026" in " ".join(
        sections["support"].paragraphs
    )
    summary = " ".join(result.pack.summary)
    assert "5 reports overdue at 20 Jul 2026 for all incidents" in summary
    assert "5 steps overdue at 20 Jul 2026 for all incidents (2 for the period's incidents)" in (
        summary
    )


# ------------------------------------------------------------- acceptance 2: assurance


def test_a_pack_made_with_no_level_says_not_stated(db: Database, tmp_path: Path) -> None:
    add_backlog(db)
    result = board_pack(db, tmp_path)
    assert result.pack.front.assurance_level is None
    assert result.pack.parameters["assurance_level"] is None
    pages = pdf_pages(file_of(result, "pdf"))
    assert "Level of assurance" in pages[0] and ASSURANCE_NOT_STATED in squash(pages[0])
    statement = next(s for s in result.pack.sections if s.id == "assurance")
    assert statement.paragraphs[0].startswith(
        "Level of assurance: not stated — to be completed by the author"
    )
    # The scale is printed, so no level is implied: every level with its meaning.
    for level in AssuranceLevel:
        assert f"{level.label}: {level.meaning}" in statement.paragraphs
    assert "offers reasonable assurance" not in " ".join(iter_strings(result.pack))
    readme = sheet_rows(file_of(result, "xlsx"), "README")
    assert ("Level of assurance", ASSURANCE_NOT_STATED) in [r[:2] for r in readme]


def test_a_chosen_level_is_printed_as_chosen(db: Database, tmp_path: Path) -> None:
    result = board_pack(db, tmp_path, assurance_level=AssuranceLevel.SUBSTANTIAL)
    first = squash(pdf_pages(file_of(result, "pdf"))[0])
    assert f"Substantial: {AssuranceLevel.SUBSTANTIAL.meaning}" in first
    assert "not stated" not in first


def test_the_suggestion_follows_documented_rules(db: Database) -> None:
    empty = suggest_assurance(db, LEAD, AS_AT)
    assert empty.level is AssuranceLevel.SUBSTANTIAL
    add_backlog(db)
    suggestion = suggest_assurance(db, LEAD, AS_AT)
    assert suggestion.level is AssuranceLevel.LIMITED
    assert suggestion.text == "Limited suggested: 5 RIDDOR reports overdue"
    # Submit every RIDDOR report: only the support steps remain, so Reasonable.
    with db.engine.begin() as conn:
        conn.execute(update(Incident).values(riddor_submitted_on=dt.date(2026, 7, 1)))
    assert (
        suggest_assurance(db, LEAD, AS_AT).text == "Reasonable suggested: 5 support steps overdue"
    )


def test_the_cli_warns_when_a_board_pack_has_no_level(
    db: Database, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    add_backlog(db)
    target = (
        str(tmp_path / "test.db")  # the db fixture's file
        if db.kind == "sqlite"
        else request.getfixturevalue("pg_migrated_url")
    )
    db.close()  # the command opens the database itself (SQLite: one writer at a time)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out, err = io.StringIO(), io.StringIO()
    args = ["pack", "board", "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    args += ["--as-at", AS_AT.isoformat(), "--out", str(tmp_path), "--format", "xlsx"]
    code = run([*args, "--db", target], out, err)
    assert code == 0, err.getvalue()
    warning = err.getvalue()
    assert "warning: no level of assurance given (--assurance)" in warning
    assert "Level of assurance: not stated — to be completed by the author" in warning
    assert "Limited suggested: 5 RIDDOR reports overdue." in warning
    xlsx = next(tmp_path.glob("*.xlsx"))
    assert ASSURANCE_NOT_STATED in all_xlsx_text(xlsx)
    # With --assurance: no warning, and the level chosen is the one printed.
    out, err = io.StringIO(), io.StringIO()
    again = tmp_path / "again"
    again.mkdir()
    args[args.index("--out") + 1] = str(again)
    code = run([*args, "--assurance", "limited", "--db", target], out, err)
    assert code == 0 and "no level of assurance" not in err.getvalue()
    assert f"Limited: {AssuranceLevel.LIMITED.meaning}" in all_xlsx_text(next(again.glob("*.xlsx")))


# ------------------------------------------------------- acceptance 3: self-assessment


def make_cycles(db: Database) -> tuple[int, int]:
    """A cycle both sides signed off (2025/26) and a newer draft (2026/27) rated worse."""
    from vpr_desktop.domain.enums import Rag
    from vpr_desktop.services.assessment.service import AssessmentService

    lead = AssessmentService(db, LEAD, today=AS_AT)
    signed = lead.create_cycle("2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    sid = signed.cycle.id
    lead.rate(lead.rating_for(sid, "1.1").rating.id, Rag.GREEN, WorkStatus.DONE, "Agreed.")
    lead.submit_for_review(sid)
    lead.sign_off(sid)
    AssessmentService(db, REP, today=AS_AT).sign_off(sid)
    with db.engine.begin() as conn:  # fixed sign-off days, for the text
        conn.execute(
            update(AssessmentCycle)
            .where(AssessmentCycle.id == sid)
            .values(
                management_signed_at=dt.datetime(2026, 4, 14, 10, tzinfo=dt.UTC),
                staff_side_signed_at=dt.datetime(2026, 4, 22, 15, tzinfo=dt.UTC),
            )
        )
    draft = lead.create_cycle(
        "2024", "2026/27", dt.date(2026, 4, 1), dt.date(2027, 3, 31), carry_from=sid
    ).cycle.id
    lead.rate(lead.rating_for(draft, "1.1").rating.id, Rag.RED, WorkStatus.DONE, "Draft view.")
    return sid, draft


def test_the_board_pack_shows_the_signed_off_cycle_by_default(db: Database, tmp_path: Path) -> None:
    make_cycles(db)
    result = board_pack(db, tmp_path, assurance_level=AssuranceLevel.LIMITED)
    section = next(s for s in result.pack.sections if s.id == "assessment")
    assert section.title == "Self-assessment RAG summary"
    line = section.paragraphs[0]
    assert line.startswith("Cycle 2025/26 ")
    assert (
        "signed off by both sides: management signed on 14 Apr 2026; staff side signed on "
        "22 Apr 2026." in line
    )
    assert "lead" not in line.split(":")[-1]  # a board pack names nobody, signers included
    assert result.pack.running_note == ""
    blob = " ".join(iter_strings(result.pack))
    assert "2026/27" not in blob and DRAFT_MARK not in blob
    pdf = squash(" ".join(pdf_pages(file_of(result, "pdf"))))
    assert "management signed on 14 Apr 2026; staff side signed on 22 Apr 2026" in pdf
    assert "not yet agreed" not in pdf


def test_a_chosen_draft_is_marked_on_every_page(db: Database, tmp_path: Path) -> None:
    _signed, draft = make_cycles(db)
    for choice in ("latest", str(draft)):
        result = board_pack(
            db, tmp_path / choice, assurance_level=AssuranceLevel.LIMITED, assessment_cycle=choice
        )
        section = next(s for s in result.pack.sections if s.id == "assessment")
        assert section.title == "Self-assessment RAG summary (draft)"
        assert section.paragraphs[0] == DRAFT_MARK
        assert section.paragraphs[1].startswith("Cycle 2026/27 ")
        assert "management not yet signed; staff side not yet signed" in section.paragraphs[1]
        pages = pdf_pages(file_of(result, "pdf"))
        shown = [p for p in pages if p.strip()]
        assert len(shown) > 3
        for page in shown:  # the running mark: on every page, so on each that shows the cycle
            assert DRAFT_MARK in squash(page), page[:200]
        heading = next(p for p in shown if "Cycle 2026/27" in p)  # the section's page
        assert squash(heading).count(DRAFT_MARK) >= 2  # the section's own line and the footer
        xlsx = file_of(result, "xlsx")
        notes = [r[0] for r in sheet_rows(xlsx, "Self-assessment") if r and r[0]]
        assert DRAFT_MARK in notes
        assert f"Self-assessment 2026/27: {DRAFT_MARK}" in all_xlsx_text(xlsx)  # README


def test_with_no_signed_off_cycle_the_pack_says_so(db: Database, tmp_path: Path) -> None:
    from vpr_desktop.services.assessment.service import AssessmentService

    AssessmentService(db, LEAD, today=AS_AT).create_cycle(
        "2024", "2026/27", dt.date(2026, 4, 1), dt.date(2027, 3, 31)
    )
    result = board_pack(db, tmp_path, assurance_level=AssuranceLevel.LIMITED)
    section = next(s for s in result.pack.sections if s.id == "assessment")
    assert section.paragraphs == [
        "No self-assessment cycle covering this period has been signed off by both "
        "management and the staff side yet."
    ]
    assert not section.tables


def test_an_unknown_cycle_is_refused_in_words(db: Database, tmp_path: Path) -> None:
    from vpr_desktop.domain.errors import NotFoundError
    from vpr_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        PackRequest("board", *PERIOD, assessment_cycle="newest").check()
    with pytest.raises(NotFoundError, match="no self-assessment cycle 999"):
        board_pack(db, tmp_path, assessment_cycle="999")
