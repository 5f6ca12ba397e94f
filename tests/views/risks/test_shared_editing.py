"""Two people on one database, each on their own connection, on SQLite AND PostgreSQL.

* An edit conflict (issue 15, acceptance 6): B saves a risk A changed since B opened it; the
  comparison opens showing both values; "Re-apply my changes" saves B's field on top of A's
  version, and the audit trail holds both changes.
* Live refresh (acceptance 7): A's change appears on B's open register within 5 seconds,
  without F5, and B's chosen risk stays chosen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.risks.inputs import RiskInput
from vpr_desktop.views.common.conflict import ConflictDialog
from vpr_desktop.views.common.conflict import Who
from vpr_desktop.views.risks.page import RiskRegisterPage


@pytest.fixture
def two_connections(db: Any) -> Iterator[tuple[Any, Any]]:
    """Services for A (the ``db`` fixture's connection) and B, with a site, a location and two
    risks. On PostgreSQL B has its own engine (another PC). A SQLite file has one editor at a
    time (its lock), so there B shares A's database: two sessions, the same stale-save rules."""
    from vpr_desktop.services.common.unit_of_work import UnitOfWork
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    a = build_services(db)
    with UnitOfWork(db, a.actor) as uow:
        site = Site(code="NG", name="Northgate")
        uow.session.add(site)
        uow.session.flush()
        uow.session.add(
            Location(
                site_id=site.id,
                code="W1",
                name="Rowan Ward",
                setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
            )
        )
    with reading(db) as s:
        ward = s.scalar(select(Location.id))
    for title in ("Lone working on night visits", "Aggression in the waiting room"):
        a.risk_register().create_risk(
            RiskInput(title=title, current=RiskScore(3, 4), location_id=ward)
        )
    if db.kind == "postgresql":
        other = open_database(db.engine.url.render_as_string(hide_password=False))
    else:
        other = db
    b = build_services(other)
    try:
        yield a, b
    finally:
        if other is not db:
            other.close()


@pytest.fixture
def viewer(db: Any, two_connections: tuple[Any, Any]) -> Iterator[tuple[Any, Any]]:
    """A, and B opening the database as a second program would: its own connection on
    PostgreSQL; on SQLite, while A holds the file, read-only (the lock says who edits)."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    a, b = two_connections
    if db.kind == "postgresql":
        yield a, b
        return
    other = open_database(db.path, mode="auto")
    assert other.read_only
    try:
        yield a, build_services(other)
    finally:
        other.close()


def open_register(make_window: Any, services: Any, qtbot: Any, title: str) -> RiskRegisterPage:
    """B's window on the register with the risk called ``title`` chosen."""
    window = make_window(services)
    assert window.show_page("risks")
    page = window.pages["risks"]
    assert isinstance(page, RiskRegisterPage) and page.model is not None
    titles = [page.model.row_values(r) for r in range(page.model.rowCount())]
    row = next(r for r, values in enumerate(titles) if title in values)
    page.table.selectRow(row)
    risk_id = page.risk_id_at(row)
    qtbot.waitUntil(
        lambda: (
            page.detail is not None
            and page.detail.detail is not None
            and page.detail.detail.id == risk_id
        ),
        timeout=5000,
    )
    return page


def save_elsewhere(a: Any, risk_id: int, title: str, current: RiskScore) -> Any:
    """A, on its own connection, saves the risk with a new title and score; returns the
    version A read (what B had open)."""
    saved = a.risk_register().get_risk(risk_id)
    a.risk_register().update_risk(
        risk_id,
        RiskInput(title=title, current=current, location_id=saved.row.location_id),
        saved.version,
    )
    return saved


def risk_named(services: Any, title: str) -> Any:
    with reading(services.db) as s:
        return s.scalar(select(RiskAssessment).where(RiskAssessment.title.startswith(title)))


def test_a_stale_save_compares_field_by_field_and_reapplies_mine(
    two_connections: tuple[Any, Any], make_window: Any, qtbot: Any
) -> None:
    a, b = two_connections
    page = open_register(make_window, b, qtbot, "Lone working on night visits")
    detail = page.detail
    assert detail is not None
    risk_id = detail.detail.id
    # B starts describing the risk…
    qtbot.keyClicks(detail.form.description, "Staff visit alone after 22:00.")
    # …while A, on another connection, renames it and saves first
    saved = save_elsewhere(
        a, risk_id, "Lone working on night visits (community teams)", RiskScore(3, 4)
    )
    detail.save_button.click()
    qtbot.waitUntil(lambda: detail.conflict_dialog is not None, timeout=10000)
    dialog = detail.conflict_dialog
    assert isinstance(dialog, ConflictDialog)
    rows = {field: (who, theirs, mine) for field, who, theirs, mine in dialog.row_texts()}
    assert rows["Title"] == (
        Who.THEM.value,
        "Lone working on night visits (community teams)",
        "Lone working on night visits",
    )
    assert rows["Description"] == (Who.ME.value, "(empty)", "Staff visit alone after 22:00.")
    assert rows["Location"][0] == Who.NOBODY.value
    assert "nothing was overwritten" in dialog.intro.text()
    assert detail.form.description.toPlainText() == "Staff visit alone after 22:00."

    dialog.reapply_button.click()
    qtbot.waitUntil(lambda: not detail.is_busy() and not detail.has_changes(), timeout=10000)
    # THEN both changes are saved: A's title kept, B's description on top of it
    row = risk_named(a, "Lone working")
    assert row.title == "Lone working on night visits (community teams)"
    assert row.description == "Staff visit alone after 22:00."
    assert row.version == saved.version + 2
    assert detail.form.title_edit.text() == row.title
    assert not detail.banner_message()
    with reading(a.db) as s:
        updates = s.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity == "risk_assessment",
                AuditEvent.entity_id == str(risk_id),
                AuditEvent.action == AuditAction.UPDATE,
            )
            .order_by(AuditEvent.id)
        ).all()
    changed = [set(event.after or {}) for event in updates]
    assert {"title"} <= changed[-2] and "description" not in changed[-2]
    assert {"description"} <= changed[-1] and "title" not in changed[-1]


def test_reload_theirs_discards_mine_only_when_chosen(
    two_connections: tuple[Any, Any], make_window: Any, qtbot: Any
) -> None:
    a, b = two_connections
    page = open_register(make_window, b, qtbot, "Aggression in the waiting room")
    detail = page.detail
    assert detail is not None
    risk_id = detail.detail.id
    detail.form.title_edit.setText("Aggression at reception")
    save_elsewhere(a, risk_id, "Aggression in the waiting room and at reception", RiskScore(4, 4))
    detail.save_button.click()
    qtbot.waitUntil(lambda: detail.conflict_dialog is not None, timeout=10000)
    dialog = detail.conflict_dialog
    assert dialog is not None
    rows = {field: who for field, who, _theirs, _mine in dialog.row_texts()}
    assert rows["Title"] == Who.BOTH.value and rows["Current score"] == Who.THEM.value
    # Keep editing: nothing changes, and the banner can open the comparison again
    dialog.keep_button.click()
    assert detail.form.title_edit.text() == "Aggression at reception"
    assert detail.compare_button.isVisibleTo(detail)
    detail.compare_button.click()
    dialog = detail.conflict_dialog
    assert dialog is not None
    dialog.reload_button.click()
    assert detail.form.title_edit.text() == "Aggression in the waiting room and at reception"
    assert not detail.has_changes()
    assert risk_named(a, "Aggression").title.endswith("and at reception")


def test_another_connections_change_appears_within_five_seconds_keeping_the_selection(
    viewer: tuple[Any, Any], make_window: Any, qtbot: Any
) -> None:
    a, b = viewer
    page = open_register(make_window, b, qtbot, "Aggression in the waiting room")
    detail = page.detail
    assert detail is not None
    chosen = detail.detail.id
    other = risk_named(a, "Lone working")
    started = dt.datetime.now()
    save_elsewhere(a, other.id, "Lone working at night (reviewed)", RiskScore(2, 4))

    def shown() -> bool:
        model = page.model
        assert model is not None
        return any(
            "Lone working at night (reviewed)" in model.row_values(r)
            for r in range(model.rowCount())
        )

    qtbot.waitUntil(shown, timeout=5000)
    assert (dt.datetime.now() - started).total_seconds() < 5
    # the chosen risk is still chosen, in the list and in the panel
    assert page.risk_id_at(page.table.currentIndex().row()) == chosen
    assert detail.detail.id == chosen


def test_live_refresh_never_throws_away_typing(
    two_connections: tuple[Any, Any], make_window: Any, qtbot: Any
) -> None:
    a, b = two_connections
    page = open_register(make_window, b, qtbot, "Aggression in the waiting room")
    detail = page.detail
    assert detail is not None
    qtbot.keyClicks(detail.form.options_note, "Considered a second receptionist.")
    risk_id = detail.detail.id
    save_elsewhere(a, risk_id, "Aggression in the waiting room (A's edit)", RiskScore(3, 4))
    model = page.model
    assert model is not None
    qtbot.waitUntil(
        lambda: any(
            "Aggression in the waiting room (A's edit)" in model.row_values(r)
            for r in range(model.rowCount())
        ),
        timeout=5000,
    )
    # the list moved on; the form still holds what B typed, on the version B opened
    assert detail.form.options_note.toPlainText() == "Considered a second receptionist."
    assert detail.form.title_edit.text() == "Aggression in the waiting room"
    assert detail.has_changes()
