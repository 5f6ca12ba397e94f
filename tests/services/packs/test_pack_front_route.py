"""Issue 16, front sheet and committee-to-board route: the chair's Alert / Advise / Assure
summary and the route fields are printed as written on the front sheet of the PDF, the Word
paper and the workbook (escaped in the PDF, text in Excel); empty ones print as "not stated";
the suggestions from the figures equal the Home page's backlog and are never filled in; the
CLI warns when the meeting date or agenda item is empty."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.services.packs.test_pack_truthful import AS_AT
from tests.services.packs.test_pack_truthful import LEAD
from tests.services.packs.test_pack_truthful import PERIOD
from tests.services.packs.test_pack_truthful import add_backlog
from tests.services.packs.test_pack_truthful import file_of
from tests.services.packs.test_pack_truthful import pdf_pages
from tests.services.packs.test_pack_truthful import squash
from vpr_desktop.cli.main import run
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.services.common.summary import SummaryService
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.front import NOT_STATED
from vpr_desktop.services.packs.front import NOT_WRITTEN
from vpr_desktop.services.packs.front import chair_suggestions
from vpr_desktop.services.packs.front import front_warnings
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.store.database import Database

MARKUP = '<b>Ward & "A"</b> <font size=40>x</font>'
FORMULA = '=HYPERLINK("http://x","y")'
ROUTE = {
    "chair_alert": "5 RIDDOR reports overdue. " + MARKUP,
    "chair_advise": "Support steps are being caught up.",
    "chair_assure": FORMULA,
    "previously_considered": "Health and Safety Committee, 3 Jul 2026",
    "risk_references": "BAF 4; CRR 112",
    "equality_implications": "None identified.",
    "quality_implications": "Staff wellbeing.",
    "financial_implications": "Bank cover for absence.",
}


def test_the_route_is_printed_as_written_in_every_format(
    sqlite_db: Database, tmp_path: Path
) -> None:
    request = PackRequest(
        "board",
        *PERIOD,
        as_at=AS_AT,
        assurance_level=AssuranceLevel.LIMITED,
        meeting_date=dt.date(2026, 7, 30),
        agenda_item="7.2",
        **ROUTE,
    )
    result = generate_pack(sqlite_db, LEAD, request, tmp_path, ("pdf", "docx", "xlsx"))
    front = squash(pdf_pages(file_of(result, "pdf"))[0])
    for value in ROUTE.values():
        assert squash(value) in front  # markup escaped: printed as typed, never interpreted
    assert "Chair's summary: Alert" in front and "Financial implications" in front

    doc = Document(str(file_of(result, "docx")))
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cells["Chair's summary: Assure"] == FORMULA
    assert cells["Board Assurance Framework / corporate risk references"] == "BAF 4; CRR 112"
    assert cells["Previously considered by"] == ROUTE["previously_considered"]

    wb = load_workbook(file_of(result, "xlsx"))
    readme = {r[0].value: r[1] for r in wb["README"].iter_rows(max_col=2) if r[0].value}
    assert readme["Chair's summary: Alert"].value == ROUTE["chair_alert"]
    assurance_cell = readme["Chair's summary: Assure"]
    assert assurance_cell.value == FORMULA and assurance_cell.data_type == "s"
    assert assurance_cell.quotePrefix  # text, never a formula
    assert readme["Equality implications"].value == "None identified."


def test_empty_route_fields_say_so(sqlite_db: Database, tmp_path: Path) -> None:
    request = PackRequest("committee", *PERIOD, as_at=AS_AT)
    result = generate_pack(sqlite_db, LEAD, request, tmp_path, ("pdf",))
    front = squash(pdf_pages(file_of(result, "pdf"))[0])
    assert f"Chair's summary: Alert {NOT_WRITTEN}" in front
    assert f"Quality implications {NOT_STATED}" in front
    assert result.pack.front.chair_alert == ""


def test_the_chair_is_offered_suggestions_from_the_home_figures(db: Database) -> None:
    clear = chair_suggestions(db, LEAD, AS_AT)
    assert clear.alert == () and clear.advise == ()
    assert "No RIDDOR report is past its legal deadline" in clear.assure
    add_backlog(db)
    home = {a.key: a.count for a in SummaryService(db, LEAD).home(AS_AT).attention}
    s = chair_suggestions(db, LEAD, AS_AT)
    assert s.alert == (f"{home['riddor_overdue']} RIDDOR reports overdue",)
    assert s.alert == ("5 RIDDOR reports overdue",)
    assert s.advise == ("5 post-incident support steps overdue",)
    assert s.assure == (
        "Every extreme risk has an action or an options note",
        "No action is overdue",
    )


def test_front_warnings_name_the_empty_fields() -> None:
    empty = PackRequest("board", *PERIOD, agenda_item="  ")
    assert front_warnings(empty) == (
        "The meeting date is empty: the front sheet shows no date of meeting.",
        "The agenda item is empty: the front sheet shows no agenda item.",
    )
    full = PackRequest("board", *PERIOD, meeting_date=dt.date(2026, 7, 30), agenda_item="7.2")
    assert front_warnings(full) == ()


@pytest.mark.parametrize("given", [False, True])
def test_the_cli_takes_the_route_and_warns_on_gaps(
    sqlite_db: Database, tmp_path: Path, given: bool
) -> None:
    sqlite_db.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ["pack", "board", "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    args += ["--as-at", AS_AT.isoformat(), "--out", str(out_dir), "--format", "xlsx"]
    args += ["--assurance", "limited", "--db", str(tmp_path / "test.db")]
    args += ["--chair-alert", "Alert text", "--risk-references", "BAF 4"]
    if given:
        args += ["--meeting-date", "2026-07-30", "--agenda-item", "7.2"]
    out, err = io.StringIO(), io.StringIO()
    assert run(args, out, err) == 0, err.getvalue()
    warned = "warning: The meeting date is empty" in err.getvalue()
    assert warned is not given
    assert ("warning: The agenda item is empty" in err.getvalue()) is not given
    wb = load_workbook(next(out_dir.glob("*.xlsx")), read_only=True)
    readme = {r[0]: r[1] for r in wb["README"].iter_rows(values_only=True) if len(r) > 1}
    assert readme["Chair's summary: Alert"] == "Alert text"
    assert readme["Board Assurance Framework / corporate risk references"] == "BAF 4"
