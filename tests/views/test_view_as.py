"""View > View as role…: a VPR lead previews what the staff-side rep sees, read-only, over the
demo trust; every save is refused; the way back restores the lead's own view; the real
database is the one the window closes, never the preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.views.common import dialogs
from vpr_desktop.views.navigation import PAGES
from vpr_desktop.views.navigation import visible_pages
from vpr_desktop.views.view_as_dialog import RoleChoiceDialog

STAFF_SIDE_PAGES = ["home", "assessment", "training", "actions", "roles"]
WAIT_MS = 15000


def audit_rows(services: Any) -> int:
    with reading(services.db) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


@pytest.fixture
def owned(tmp_path: Path) -> Iterator[Any]:
    """Services over a new database that the window, not the test, will close."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    services = build_services(open_database(tmp_path / "own.db"))
    yield services
    services.close()  # (a second close is harmless)


def test_a_lead_views_as_the_staff_side_read_only_and_goes_back(
    make_window: Any, lead: Any, qtbot: Any, summary_shown: Any
) -> None:
    window = make_window(lead)
    view_as = window.view_as
    assert view_as.choose_action.isEnabled() and not view_as.back_action.isEnabled()
    assert not view_as.banner.isVisibleTo(window)
    own_pages = window.visible_page_keys()
    assert "incidents" in own_pages and "risks" in own_pages
    window.show_page("actions")
    before = audit_rows(lead)

    assert view_as.start(Role.STAFF_SIDE_REP)
    preview = window.services
    assert preview is not lead and preview.preview_of is lead
    assert preview.actor.roles == {Role.STAFF_SIDE_REP}
    assert window.visible_page_keys() == STAFF_SIDE_PAGES
    assert [s.key for s in visible_pages(preview.actor)] == STAFF_SIDE_PAGES
    assert not window.show_page("incidents") and not window.show_page("risks")
    assert window.current_page().key == "actions"  # the page shown, kept where the role has it
    assert view_as.banner.isVisibleTo(window)
    assert view_as.banner.text.text() == "Viewing as Staff-side rep — read-only"
    assert view_as.banner.back_button.isVisibleTo(window)
    assert window.read_only_label.full_text() == "Read-only: viewing as Staff-side rep"
    # The status bar says it whole beside the database and the person (the way back is on
    # the banner): a longer note was cut in the middle on a 1280-pixel-wide window.
    note = window.status.note_label
    qtbot.waitUntil(lambda: note.text() == note.full_text())
    assert note.full_text() == "Viewing as Staff-side rep — read-only"
    assert view_as.back_action.isEnabled()
    summary_shown(window)  # the home page reads the figures as the role sees them

    # A save the staff side may make is refused: the preview can never write.
    with reading(lead.db) as session:
        action_id = session.scalar(select(Action.id).order_by(Action.id).limit(1))
    assert action_id is not None
    with pytest.raises(DatabaseRefused) as refused:
        preview.action_log().add_comment(action_id, "Seen on the ward walk-round.")
    assert refused.value.message == "The database is open read-only (viewing as Staff-side rep)."
    assert audit_rows(lead) == before

    qtbot.mouseClick(view_as.banner.back_button, Qt.MouseButton.LeftButton)
    assert window.services is lead
    assert window.visible_page_keys() == own_pages
    assert window.current_page().key == "actions"
    assert not view_as.banner.isVisibleTo(window) and not view_as.back_action.isEnabled()
    assert not window.read_only_label.isVisibleTo(window)
    assert lead.summary.home().attention is not None  # the real database is still open


def test_the_role_is_chosen_in_a_dialog(make_window: Any, empty_services: Any, qtbot: Any) -> None:
    window = make_window(empty_services)
    dialog = window.view_as.choose()
    assert isinstance(dialog, RoleChoiceDialog) and dialog.isVisible()
    assert dialog.role() == Role.STAFF_SIDE_REP  # the usual reason to preview
    assert [c.accessibleName() for c in dialog.choices.values()] == [
        "View as VPR lead",
        "View as Committee chair",
        "View as Staff-side rep",
        "View as Board secretary",
        "View as Administrator",
    ]
    choice = dialog.choices[Role.BOARD_SECRETARY]
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=choice.rect().bottomLeft() / 2)
    assert choice.isChecked()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert window.visible_page_keys() == ["home", "packs"]
    assert window.view_as.banner.text.text() == "Viewing as Board secretary — read-only"
    assert window.view_as.stop()
    assert window.visible_page_keys() == [s.key for s in PAGES]


def test_only_a_lead_or_administrator_may_view_as_a_role(
    make_window: Any, empty_services: Any, services_as: Any
) -> None:
    chair = Actor("cat", "Cat Chair", frozenset({Role.COMMITTEE_CHAIR}))
    window = make_window(services_as(empty_services, chair))
    assert not window.view_as.choose_action.isEnabled()
    assert window.view_as.choose() is None
    assert not window.view_as.start(Role.STAFF_SIDE_REP)
    assert dialogs.recent[-1][0] == "error"
    assert (
        "Cat Chair (Committee chair) may not view the app as another role."
        in (dialogs.recent[-1][2])
    )
    assert window.services.actor is chair and not window.view_as.banner.isVisibleTo(window)


def test_the_window_closes_the_real_database_never_the_preview(
    make_window: Any, owned: Any, empty_services: Any, qtbot: Any
) -> None:
    window = make_window()
    window.attach(owned, owned=True)
    assert window.view_as.start(Role.STAFF_SIDE_REP)
    assert window.view_as.start(Role.BOARD_SECRETARY)  # from one preview to another
    assert window.services.preview_of is owned and window.owns_services
    assert owned.db._lock is not None  # still open: nothing closed it
    window.view_as.stop()
    assert window.services is owned and owned.db._lock is not None
    window.view_as.start(Role.STAFF_SIDE_REP)
    window.attach(empty_services, owned=False)  # another database opened while previewing
    qtbot.waitUntil(lambda: owned.db._lock is None, timeout=WAIT_MS)  # the real one closed
    assert not window.view_as.banner.isVisibleTo(window)


def test_closing_the_window_while_previewing_closes_the_real_database(
    make_window: Any, owned: Any
) -> None:
    window = make_window()
    window.attach(owned, owned=True)
    assert window.view_as.start(Role.STAFF_SIDE_REP)
    window.close()
    assert owned.db._lock is None
