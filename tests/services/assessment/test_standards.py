"""Standard editions on SQLite AND PostgreSQL: shipping, showing, loading from a library file
or a spreadsheet (acceptance 2), retiring, refusing a version that is not higher, crosswalk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Rating
from vpr_desktop.domain.models import Standard
from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK
from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.assessment.standards import StandardsService
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
REP = Actor("rep", "Robin Rep", frozenset({Role.STAFF_SIDE_REP}))
TODAY = dt.date(2026, 6, 30)
OFFICIAL = [
    "Leadership and accountability",
    "Governance and assurance",
    "Collaboration",
    "Data",
    "Workforce",
    "Interventions",
    "Evaluation",
]


def sheet_rows(svc: StandardsService, edition: str = "2024") -> list[list[Any]]:
    """The edition as a sheet (domain, code, text, guidance), in the order shown."""
    rows = []
    for d in svc.edition(edition).domains:
        for i in d.indicators:
            if not i.retired:
                rows.append([f"{d.code} {d.title}", i.code, i.text, i.guidance])
    return rows


def write_sheet(
    path: Path,
    rows: list[list[Any]],
    header: tuple[str, ...] = ("Domain", "Indicator number", "Indicator", "Guidance"),
) -> Path:
    """As a trust might keep it: a title row and a blank row above the header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Assessment tool"
    ws.append(["Violence prevention and reduction standard — indicators"])
    ws.append([])
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_shipped_editions_appear_once_with_proposed_crosswalk(db: Any) -> None:
    svc = StandardsService(db, LEAD)
    editions = svc.list_editions()
    assert [e.edition for e in editions] == ["vpr-2024", "vpr-2020"]
    e2024 = editions[0]
    assert (e2024.domains, e2024.indicators, e2024.working_summary) == (7, 45, True)
    assert StandardsService(db, LEAD).ensure_shipped_editions() == []  # already there
    with reading(db) as s:
        assert s.scalar(select(func.count()).select_from(Standard)) == 2
    links = svc.crosswalk()
    assert len(links) == 73 and not any(link.confirmed for link in links)
    assert links[0].from_code == "P.1" and links[0].to_code == "1.1"  # Plan first, 1.1 first
    assert {link.strength for link in links} == {"primary", "secondary"}


def test_show_accepts_the_short_name_and_sorts_naturally(db: Any) -> None:
    svc = StandardsService(db, REP)  # reading needs only READ_ASSESSMENT
    detail = svc.edition("2024")
    assert detail.summary.edition == "vpr-2024" == svc.resolve("VPR-2024")
    assert [d.title for d in detail.domains] == OFFICIAL
    codes = [i.code for i in detail.domains[0].indicators]
    assert codes == [f"1.{n}" for n in range(1, 11)]
    assert all(i.working_summary for d in detail.domains for i in d.indicators)
    assert [s.label for s in detail.scale] == ["Red", "Amber", "Green", "Not assessed"]
    with pytest.raises(NotFoundError, match="2031"):
        svc.edition("2031")


def test_acceptance_2_sheet_changes_two_wordings_and_adds_one(db: Any, tmp_path: Path) -> None:
    """Changing the wording of two indicators and adding one: the two ratings in the open
    cycle are flagged to re-confirm, the new one is not assessed; the same version again is
    refused with a message."""
    std = StandardsService(db, LEAD)
    ass = AssessmentService(db, LEAD, today=TODAY)
    cycle = ass.create_cycle("2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)).cycle
    for code, rag in (("1.2", Rag.RED), ("1.10", Rag.AMBER), ("4.2", Rag.GREEN)):
        ass.rate(ass.rating_for(cycle.id, code).rating.id, rag, WorkStatus.DONE, "Rated.")
    rows = sheet_rows(std)
    for row in rows:
        if row[1] in ("1.2", "1.10"):
            row[2] = strip_mark(row[2]) + " Updated wording."
    rows.insert(
        10,
        [
            "1 Leadership and accountability",
            "1.11",
            "A brand new indicator. (" + WORKING_SUMMARY_MARK + ")",
            None,
        ],
    )
    path = write_sheet(tmp_path / "tool.xlsx", rows)

    preview = std.preview_sheet(path, limit=3)
    assert preview.ok and preview.header_row == 3
    assert {f.key: f.header for f in preview.fields}["code"] == "Indicator number"
    assert [r["code"] for r in preview.rows] == ["1.1", "1.2", "1.3"]

    dry = std.load_sheet(path, "2024", 2, dry_run=True)
    assert dry.ok and dry.changes is not None and dry.changes.ratings_flagged == 2
    assert std.edition("2024").summary.library_version == 1  # a dry run writes nothing
    extract = std.load_sheet(
        write_sheet(tmp_path / "extract.xlsx", rows[:5]), "2024", 2, dry_run=True
    )
    assert (
        extract.changes is not None and "40 of 45 indicators would be retired" in extract.summary()
    )

    result = std.load_sheet(path, "2024", 2)
    assert result.ok, result.problems
    c = result.changes
    assert c is not None
    assert (c.changed_codes, c.new_codes, c.retired_codes) == (["1.2", "1.10"], ["1.11"], [])
    assert (c.ratings_flagged, c.ratings_added) == (2, 1)
    tree = ass.tree(cycle.id)
    views = {v.code: v for n in tree.domains for v in n.ratings}
    assert [code for code, v in views.items() if v.needs_reconfirm] == ["1.2", "1.10"]
    assert views["1.11"].rag is Rag.NOT_RATED and not views["1.11"].needs_reconfirm
    assert [v.code for v in tree.domains[0].ratings][-3:] == ["1.9", "1.10", "1.11"]
    assert views["4.2"].rag is Rag.GREEN and not views["4.2"].needs_reconfirm
    assert tree.total == 46
    assert std.edition("2024").summary.working_summary  # 1.2 and 1.10 are not ours now, the rest is

    with pytest.raises(ValidationError, match="already at library version 2") as refused:
        std.load_sheet(path, "2024", 2)
    assert "nothing was changed" in refused.value.message
    with pytest.raises(ValidationError, match="Only a higher version"):
        std.load_sheet(path, "2024", 1)


def test_removed_indicators_are_retired_and_keep_history(db: Any, tmp_path: Path) -> None:
    std = StandardsService(db, LEAD)
    ass = AssessmentService(db, LEAD, today=TODAY)
    old = ass.create_cycle("2024", "2024/25", dt.date(2024, 4, 1), dt.date(2025, 3, 31)).cycle
    rid = ass.rating_for(old.id, "7.4").rating.id
    ass.rate(rid, Rag.AMBER, WorkStatus.DONE, "Plan shared at the staff forum.")
    ass.submit_for_review(old.id)
    ass.sign_off(old.id)
    AssessmentService(db, REP, today=TODAY).sign_off(old.id)
    new = ass.create_cycle("2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)).cycle
    ass.rate(ass.rating_for(new.id, "7.3").rating.id, Rag.RED, WorkStatus.TO_DO, None)
    rows = [r for r in sheet_rows(std) if r[1] not in ("7.3", "7.4")]
    result = std.load_sheet(write_sheet(tmp_path / "fewer.xlsx", rows), "vpr-2024", 2)
    assert result.ok and result.changes is not None
    assert result.changes.retired_codes == ["7.3", "7.4"]
    assert (result.changes.ratings_removed, result.changes.ratings_flagged) == (1, 1)
    assert result.changes.warnings == []  # 2 of 45: an ordinary update
    kept = ass.rating_for(new.id, "7.3").rating  # rated: kept, flagged, shown as retired
    assert kept.retired and kept.needs_reconfirm and kept.rag is Rag.RED
    with pytest.raises(NotFoundError):
        ass.rating_for(new.id, "7.4")  # empty rating in the open cycle removed
    history = ass.rating_for(old.id, "7.4").rating  # the signed-off cycle is untouched
    assert history.rag is Rag.AMBER and history.retired and not history.needs_reconfirm
    detail = std.edition("2024")
    assert detail.summary.retired == 2 and detail.summary.indicators == 43
    assert ass.create_cycle(
        "2024", "2026/27", dt.date(2026, 4, 1), dt.date(2027, 3, 31)
    ).cycle.id  # new cycles leave retired ones out
    assert ass.tree(ass.latest_cycle("2024").id).total == 43  # type: ignore[union-attr]


def test_bad_rows_are_reported_and_nothing_changes(db: Any, tmp_path: Path) -> None:
    std = StandardsService(db, LEAD)
    rows = sheet_rows(std)
    rows[3][1] = rows[2][1]  # duplicate code (sheet row 7 repeats row 6)
    rows[5][0] = "Domain 12"  # no such domain
    rows[6][2] = None  # no text
    result = std.load_sheet(write_sheet(tmp_path / "bad.xlsx", rows), "2024", 2)
    assert not result.ok and result.changes is None
    found = {(p.row, p.column) for p in result.problems}
    assert found == {(7, "Indicator number"), (9, "Domain"), (10, "Indicator")}
    assert std.edition("2024").summary.library_version == 1
    with reading(db) as s:
        batch = s.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(1))
        assert batch is not None and batch.outcome is ImportOutcome.REJECTED


def test_preview_lists_missing_columns_for_the_mapping_step(db: Any, tmp_path: Path) -> None:
    std = StandardsService(db, LEAD)
    path = write_sheet(
        tmp_path / "odd.xlsx",
        [["1", "1.1", "Text", None]],
        header=("Domain", "Item", "Wording", "Notes"),
    )
    preview = std.preview_sheet(path)
    assert not preview.ok and set(preview.missing_required) == {"Code", "Indicator"}
    assert {"Item", "Wording"} <= set(preview.headers)
    mapped = std.preview_sheet(path, {"code": "Item", "text": "Wording"})
    assert mapped.ok and mapped.rows[0]["code"] == "1.1"


def test_a_new_edition_from_a_sheet_takes_its_domains_from_the_rows(
    db: Any, tmp_path: Path
) -> None:
    std = StandardsService(db, LEAD)
    rows = [
        ["1 Leadership", "1.2", "Two", None],
        ["1 Leadership", "1.10", "Ten", None],
        ["", "2.1", "Domain from the code", None],
    ]
    path = write_sheet(tmp_path / "local.xlsx", rows)
    with pytest.raises(ValidationError, match="title and publisher"):
        std.load_sheet(path, "trust-local", 1)
    result = std.load_sheet(path, "trust-local", 1, title="Local standard", publisher="Our trust")
    assert result.ok and result.changes is not None and result.changes.created
    detail = std.edition("trust-local")
    assert [(d.code, d.title) for d in detail.domains] == [("1", "Leadership"), ("2", "Domain 2")]
    assert [i.code for i in detail.domains[0].indicators] == ["1.2", "1.10"]
    assert not detail.summary.working_summary
    assert detail.summary.title == "Local standard"


def test_library_file_update_and_published_wording_drops_the_mark(db: Any, tmp_path: Path) -> None:
    std = StandardsService(db, LEAD)
    source = Path(__file__).parents[3] / "resources" / "standards" / "vpr-2024.toml"
    text = source.read_text(encoding="utf-8")
    same = tmp_path / "same.toml"
    same.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match="already at library version 1"):
        std.load_library(same)
    published = (
        text.replace(" (VPR Desktop working summary — replace with the published wording)", "")
        .replace(" — VPR Desktop working summary — replace with the published wording", "")
        .replace("library_version = 1", "library_version = 2")
        .replace("working_summary = true", "working_summary = false")
    )
    newer = tmp_path / "published.toml"
    newer.write_text(published, encoding="utf-8")
    dry = std.load_library(newer, dry_run=True)
    assert dry.ok and dry.changes is not None and len(dry.changes.changed_codes) == 45
    assert std.edition("2024").summary.library_version == 1  # the dry run wrote nothing
    result = std.load_library(newer)
    assert result.ok and result.changes is not None
    assert len(result.changes.changed_codes) == 45
    summary = std.edition("2024").summary
    assert not summary.working_summary and WORKING_SUMMARY_MARK not in summary.title
    broken = tmp_path / "broken.toml"
    broken.write_text(
        published.replace("library_version = 2", "library_version = 3").replace(
            'code = "1.1"\n', 'code = "1.2"\n'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        std.load_library(broken)
    assert any("used twice" in p[3] for p in caught.value.problems)


def test_crosswalk_links_are_confirmed_one_by_one(db: Any) -> None:
    std = StandardsService(db, LEAD)
    first = std.crosswalk()[0]
    item = std.confirm_link(first.id)
    assert item.confirmed and item.confirmed_by == "lead"
    assert sum(link.confirmed for link in std.crosswalk()) == 1
    assert not std.unconfirm_link(item.id).confirmed
    assert std.confirm_links([link.id for link in std.crosswalk()[:5]]) == 5
    with pytest.raises(PermissionDeniedError):
        StandardsService(db, REP).confirm_link(first.id)


def test_only_importers_load_standards(db: Any, tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedError):
        StandardsService(db, REP).load_sheet(tmp_path / "x.xlsx", "2024", 2)
    with reading(db) as s:  # (the refusal wrote nothing either)
        assert s.scalar(select(func.count()).select_from(Indicator)) in (0, 52)
        assert s.scalar(select(func.count()).select_from(Rating)) == 0
