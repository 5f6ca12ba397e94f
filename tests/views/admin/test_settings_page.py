"""The Settings page over a real SQLite database: an administrator edits the trust's name and
saves (the value is then in the database, audited); an invalid threshold is said under its
field and nothing is saved; a stale save shows the banner and keeps what was typed; every
field has an accessible name; other roles never see the page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.services.admin import trust_settings as ts
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.views.admin.settings import SettingsPage
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.navigation import visible_pages

WAIT_MS = 15000


@pytest.fixture
def trust(tmp_path: Path) -> Iterator[Any]:
    """Services of a new database's creator (administrator and VPR lead)."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    services = build_services(open_database(tmp_path / "trust.db"))
    yield services
    services.close()


@pytest.fixture
def page(trust: Any, qtbot: Any) -> SettingsPage:
    shown = SettingsPage(PAGES_BY_KEY["settings"], trust)
    qtbot.addWidget(shown)
    shown.resize(900, 700)
    shown.show()
    shown.activated()
    return shown


def type_into(qtbot: Any, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def save_and_wait(page: SettingsPage, qtbot: Any) -> None:
    qtbot.mouseClick(page.panel.bar.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.panel.runner.is_busy(), timeout=WAIT_MS)


def test_edit_the_trust_name_and_save(page: SettingsPage, trust: Any, qtbot: Any) -> None:
    panel = page.panel
    name = panel.fields["trust_name"]
    assert name.text() == "NHS trust"
    assert not panel.bar.save_button.isEnabled()
    type_into(qtbot, name, "Northgate Hospitals NHS Foundation Trust")
    assert panel.bar.save_button.isEnabled()
    assert panel.bar.state_label.text() == "Unsaved changes."
    save_and_wait(page, qtbot)
    saved = ts.load(trust.db)
    assert saved.trust_name == "Northgate Hospitals NHS Foundation Trust"
    assert saved.version == 1
    assert panel.bar.state_label.text() == "No changes."
    with reading(trust.db) as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.entity == "setting")).all()
    assert len(audit) == 1 and audit[0].after is not None
    assert audit[0].after["value"]["name"] == "Northgate Hospitals NHS Foundation Trust"


def test_an_invalid_threshold_is_said_beside_it_and_nothing_is_saved(
    page: SettingsPage, trust: Any, qtbot: Any
) -> None:
    panel = page.panel
    field = panel.fields["disclosure_threshold"]
    assert field.text() == "7"
    type_into(qtbot, field, "25")
    error = panel.errors["disclosure_threshold"]
    assert error.isVisibleTo(page)
    assert error.text() == "The disclosure threshold must be a whole number from 1 to 20."
    assert field.accessibleDescription() == error.text()
    assert not panel.bar.save_button.isEnabled()
    assert panel.bar.state_label.text() == "Fix the problems shown above to save."
    qtbot.keyClick(panel, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not panel.save()
    assert ts.load(trust.db).version is None
    type_into(qtbot, field, "abc")
    assert error.text() == "The disclosure threshold must be a whole number from 1 to 20."
    type_into(qtbot, field, "10")
    assert not error.isVisibleTo(page)
    save_and_wait(page, qtbot)
    assert ts.load(trust.db).disclosure_threshold == 10


def test_the_month_recording_began_is_checked_and_saved(
    page: SettingsPage, trust: Any, qtbot: Any
) -> None:
    panel = page.panel
    field = panel.fields["recording_start"]
    assert field.text() == "" and field.accessibleName() == "Incidents recorded from (YYYY-MM)"
    type_into(qtbot, field, "April 2024")
    assert panel.errors["recording_start"].isVisibleTo(page)
    assert "such as 2024-04" in panel.errors["recording_start"].text()
    assert not panel.bar.save_button.isEnabled()
    type_into(qtbot, field, "2024-04")
    assert not panel.errors["recording_start"].isVisibleTo(page)
    save_and_wait(page, qtbot)
    assert ts.load(trust.db).recording_start == "2024-04"


def test_a_stale_save_shows_the_banner_and_keeps_the_typing(
    page: SettingsPage, trust: Any, qtbot: Any
) -> None:
    panel = page.panel
    other = ts.load(trust.db)
    ts.save(
        trust.db,
        trust.actor,
        replace(other, trust_name="Someone Else's Trust", disclosure_threshold=10),
        None,
    )
    type_into(qtbot, panel.fields["trust_name"], "My Trust")
    save_and_wait(page, qtbot)
    assert "changed by someone else" in panel.banner_message()
    assert "Your changes are still in the form." in panel.banner_message()
    assert panel.fields["trust_name"].text() == "My Trust"
    assert ts.load(trust.db).trust_name == "Someone Else's Trust"
    assert panel.banner.keep_button is not None
    qtbot.mouseClick(panel.banner.keep_button, Qt.MouseButton.LeftButton)
    assert panel.fields["trust_name"].text() == "My Trust"
    # only what this person changed is kept: the other person's threshold is not undone
    assert panel.fields["disclosure_threshold"].text() == "10"
    save_and_wait(page, qtbot)
    saved = ts.load(trust.db)
    assert (saved.trust_name, saved.disclosure_threshold) == ("My Trust", 10)


def test_a_logo_is_checked_and_saved(
    page: SettingsPage, trust: Any, qtbot: Any, tmp_path: Path
) -> None:
    from PIL import Image

    panel = page.panel
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image")
    assert not panel.choose_logo(str(bad))
    assert "not a PNG or JPEG" in panel.errors["logo"].text()
    good = tmp_path / "good.png"
    buf = io.BytesIO()
    Image.new("RGB", (60, 30), (0, 94, 184)).save(buf, format="PNG")
    good.write_bytes(buf.getvalue())
    assert panel.choose_logo(str(good))
    assert panel.errors["logo"].text() == ""
    assert panel.logo_text.text().startswith("PNG image")
    save_and_wait(page, qtbot)
    saved = ts.load(trust.db).logo
    assert saved is not None and saved.data == good.read_bytes()


def test_every_field_is_named_and_reachable_by_keyboard(page: SettingsPage) -> None:
    for key, field in page.panel.fields.items():
        assert field.accessibleName(), key
        assert field.focusPolicy() & Qt.FocusPolicy.TabFocus, key
    for button in page.findChildren(QPushButton):
        assert button.accessibleName() or button.text(), button.objectName()
    assert "support.welfare_check.due_hours" in page.panel.fields


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.VPR_LEAD, True),
        (Role.COMMITTEE_CHAIR, False),
        (Role.STAFF_SIDE_REP, False),
        (Role.BOARD_SECRETARY, False),
    ],
)
def test_only_administrators_and_leads_see_the_page(role: Role, sees: bool) -> None:
    actor = Actor("x", "X", frozenset({role}))
    assert ("settings" in [spec.key for spec in visible_pages(actor)]) is sees


def test_the_costs_per_day_are_checked_and_saved(
    page: SettingsPage, trust: Any, qtbot: Any
) -> None:
    panel = page.panel
    field = panel.fields["cost_per_day_lost"]
    assert field.text() == "" and field.accessibleName() == "Cost of a day lost (£)"
    type_into(qtbot, field, "lots")
    assert panel.errors["cost_per_day_lost"].isVisibleTo(page)
    assert not panel.bar.save_button.isEnabled()
    type_into(qtbot, field, "£245.50")
    type_into(qtbot, panel.fields["bank_cover_per_day"], "310")
    save_and_wait(page, qtbot)
    saved = ts.load(trust.db)
    assert (saved.cost_per_day_lost, saved.bank_cover_per_day) == (245.5, 310.0)
    type_into(qtbot, field, "")
    save_and_wait(page, qtbot)
    assert ts.load(trust.db).cost_per_day_lost is None  # empty: not set, never a default


def test_the_lead_enters_claims_in_their_own_dialog(
    page: SettingsPage, trust: Any, qtbot: Any
) -> None:
    import datetime as dt
    from decimal import Decimal

    from vpr_desktop.domain.costs import ClaimStatus
    from vpr_desktop.services.incidents.claims import list_claims

    panel = page.panel
    assert panel.claims_button.isVisibleTo(page)
    panel.open_claims()
    dialog = panel.claims_dialog
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    dialog.reference.setText("NHSR/2026/1")
    dialog.letter_date.setDate(dt.date(2026, 5, 1))
    dialog.value.setText("£12,500")
    dialog.status.setCurrentIndex(dialog.status.findData("settled"))
    dialog.save()
    assert dialog.message.text() == "Saved claim NHSR/2026/1."
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "£12,500.00"
    claims = list_claims(trust.db, trust.actor)
    assert [(c.reference, c.value, c.status) for c in claims] == [
        ("NHSR/2026/1", Decimal("12500.00"), ClaimStatus.SETTLED)
    ]
    dialog.value.setText("-5")
    dialog.reference.setText("NHSR/2026/2")
    dialog.save()
    assert "value: from £0 to £100,000,000" in dialog.message.text()
    dialog.table.selectRow(0)
    assert dialog.reference.text() == "NHSR/2026/1"
    dialog.remove()
    assert dialog.table.rowCount() == 0 and list_claims(trust.db, trust.actor) == []
    for widget in (dialog.reference, dialog.letter_date, dialog.value, dialog.status):
        assert widget.accessibleName()


def test_the_page_is_made_like_every_services_page(page: SettingsPage, trust: Any) -> None:
    """Built by ``ServicesPage``: the services kept, no ``QSettings`` of its own, the panel
    below the header."""
    from vpr_desktop.views.common.page import ServicesPage

    assert isinstance(page, ServicesPage)
    assert page.services is trust
    assert page.settings is None
    assert page.panel.parent() is page
    assert page.layout().indexOf(page.header) == 0
    assert page.layout().indexOf(page.panel) == 1
