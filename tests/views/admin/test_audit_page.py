"""The Audit trail page over a real SQLite database: filter by user, before/after of the chosen
event side by side, export, the models under Qt's model tester, named controls, and who sees
the page. What the page shows is compared with the audit rows in the database."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.views.admin.audit import AuditPage
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.navigation import visible_pages

ALICE = Actor("alice", "Alice Admin", frozenset({Role.ADMINISTRATOR}))
BOB = Actor("bob", "Bob Lead", frozenset({Role.VPR_LEAD}))
WAIT_MS = 15000


@pytest.fixture
def audited(empty_services: Any) -> Any:
    """Alice adds a site; Bob renames it, then adds another."""
    db = empty_services.db
    with UnitOfWork(db, ALICE) as uow:
        site = Site(code="NG", name="Northgate")
        uow.session.add(site)
        uow.session.flush()
        site_id = site.id
    with UnitOfWork(db, BOB) as uow:
        uow.get(Site, site_id).name = "Northgate General"
        uow.session.add(Site(code="SG", name="Southgate"))
    return empty_services


@pytest.fixture
def page(opened: Any, audited: Any) -> AuditPage:
    shown: AuditPage = opened(AuditPage, "audit", audited)
    assert shown.model is not None
    return shown


def _column(page: AuditPage, key: str) -> list[Any]:
    model = page.model
    assert model is not None
    col = model.column_index(key)
    return [model.row_values(r)[col] for r in range(model.rowCount())]


def _count(services: Any, **where: Any) -> int:
    with reading(services.db) as s:
        clauses = [getattr(AuditEvent, k) == v for k, v in where.items()]
        return int(s.scalar(select(func.count()).select_from(AuditEvent).where(*clauses)) or 0)


def test_filter_by_user_shows_only_their_rows(page: AuditPage, audited: Any) -> None:
    assert page.model is not None
    assert page.model.total == _count(audited)  # everyone's, the creator's login included
    assert {"alice", "bob"} <= set(_column(page, "username"))

    bar = page.filter_bar
    users = [bar.user.itemText(i) for i in range(bar.user.count())]
    assert "Anyone" in users[0] and "bob" in users
    bar.user.setCurrentIndex(bar.user.findData("bob"))

    assert set(_column(page, "username")) == {"bob"}
    assert page.model.total == _count(audited, username="bob") == 2
    assert page.showing.text() == "Showing 2 of 2 events"

    bar.record_type.setCurrentIndex(bar.record_type.findData("site"))
    bar.action.setCurrentIndex(bar.action.findData("create"))
    assert _column(page, "action") == ["create"]
    bar.clear()
    assert page.model.total == _count(audited)


def test_selecting_an_event_shows_before_and_after_side_by_side(page: AuditPage) -> None:
    assert page.model is not None
    row = _column(page, "action").index("update")
    page.table.selectRow(row)
    detail = page.detail
    assert detail.entry is not None and detail.entry.username == "bob"
    changes = detail.model
    assert [changes.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == [
        "Field",
        "Before",
        "After",
    ]
    rows = [
        tuple(changes.data(changes.index(r, c)) for c in range(3))
        for r in range(changes.rowCount())
    ]
    assert rows == [("Name", "Northgate", "Northgate General")]
    assert "Update of Site" in detail.summary.text() and "by bob" in detail.summary.text()

    created = _column(page, "action").index("create")
    page.table.selectRow(created)
    fields = {
        changes.data(changes.index(r, 0)): changes.data(changes.index(r, 2))
        for r in range(changes.rowCount())
    }
    assert fields["Code"] in ("NG", "SG") and changes.data(changes.index(0, 1)) == ""


def test_the_models_pass_qt_model_tester(page: AuditPage, qtmodeltester: Any) -> None:
    assert page.model is not None
    qtmodeltester.check(page.model, force_py=True)
    page.table.selectRow(_column(page, "action").index("update"))
    qtmodeltester.check(page.detail.model, force_py=True)
    qtmodeltester.check(page.detail.model)


def test_export_csv_writes_what_the_list_shows(
    page: AuditPage, audited: Any, tmp_path: Path, qtbot: Any
) -> None:
    page.filter_bar.user.setCurrentIndex(page.filter_bar.user.findData("bob"))
    target = tmp_path / "audit.csv"
    page.export_to(target)
    qtbot.waitUntil(lambda: not page.exporter.is_busy() and target.exists(), timeout=WAIT_MS)
    qtbot.waitUntil(page.export_note.isVisible, timeout=WAIT_MS)
    assert page.export_note.text() == f"Saved 2 audit events to {target}"
    with open(target, encoding="utf-8-sig", newline="") as fh:
        body = list(csv.reader(fh))[1:]
    assert {r[2] for r in body} == {"bob"}
    assert ["Name", "Northgate", "Northgate General"] in [r[7:] for r in body]
    assert _count(audited, entity="audit_event") == 1  # the export itself is audited


def test_every_focusable_widget_has_an_accessible_name(page: AuditPage) -> None:
    page.table.selectRow(0)
    missing = [
        f"{type(w).__name__}#{w.objectName()}"
        for w in [page, *page.findChildren(QWidget)]
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    assert missing == []


def test_only_administrators_and_vpr_leads_see_the_page(
    actor_with: Any, make_window: Any, audited: Any
) -> None:
    spec = PAGES_BY_KEY["audit"]
    for role, sees in (
        (Role.ADMINISTRATOR, True),
        (Role.VPR_LEAD, True),
        (Role.COMMITTEE_CHAIR, False),
        (Role.STAFF_SIDE_REP, False),
        (Role.BOARD_SECRETARY, False),
    ):
        assert (spec in visible_pages(actor_with(role))) is sees, role
    window = make_window(audited)
    assert isinstance(window.pages.get("audit"), AuditPage)
