"""The one answer to "may this window write?" and how a held control shows it.

A preview (View as role) and a database opened read-only both refuse every save; only the
preview refuses a backup too. A held control is disabled with the reason as its tooltip and
accessible description, and gets its own tooltip and description back once writing may.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.common.unit_of_work import previewing
from vpr_desktop.views.common.write_guard import PREVIEW_REASON
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import preview_refusal
from vpr_desktop.views.common.write_guard import write_refusal

PREVIEW_WORDS = "View as role is a read-only preview: View > Back to my own view to make changes"


def read_only_copy(services: Any) -> Any:
    """The same database marked read-only, as opening it read-only on request does."""
    return dataclasses.replace(
        services.db,
        read_only=True,
        read_only_reason="opened read-only on request",
        _lock=None,
        _sessions=None,
    )


def test_a_writable_database_refuses_nothing(empty_services: Any) -> None:
    assert write_refusal(empty_services.db) == ""
    assert preview_refusal(empty_services.db) == ""
    assert write_refusal(None) == "" and preview_refusal(None) == ""
    assert not previewing(empty_services.db)


def test_a_preview_refuses_writes_and_backups_in_its_own_words(empty_services: Any) -> None:
    preview = empty_services.viewing_as(Role.STAFF_SIDE_REP)
    assert previewing(preview.db)
    assert preview_refusal(preview.db) == PREVIEW_WORDS
    assert write_refusal(preview.db) == PREVIEW_WORDS
    assert PREVIEW_WORDS.startswith(PREVIEW_REASON)


def test_a_read_only_database_refuses_writes_but_not_backups(empty_services: Any) -> None:
    db = read_only_copy(empty_services)
    assert not previewing(db)
    assert write_refusal(db) == "The database is open read-only (opened read-only on request)"
    assert preview_refusal(db) == ""


def test_a_held_button_says_why_and_gets_its_own_words_back(qtbot: Any) -> None:
    button = QPushButton("Back up now")
    qtbot.addWidget(button)
    button.setToolTip("Take a verified backup now")
    button.setAccessibleDescription("Copies the database to the backup folder")

    allow(button, True, PREVIEW_WORDS)
    assert not button.isEnabled()
    assert button.toolTip() == PREVIEW_WORDS
    assert button.accessibleDescription() == PREVIEW_WORDS
    allow(button, True, PREVIEW_WORDS)  # held twice: its own words are still kept
    allow(button, False, "")  # writing may, but the page's own condition says no
    assert not button.isEnabled()
    assert button.toolTip() == "Take a verified backup now"
    assert button.accessibleDescription() == "Copies the database to the backup folder"
    allow(button, True, "")
    assert button.isEnabled()


def test_a_held_menu_entry_says_why_and_gets_its_own_tip_back(qtbot: Any) -> None:
    button = QPushButton()  # a parent for the action
    qtbot.addWidget(button)
    action = QAction("Set up the trust…", button)
    action.setToolTip("Trust name, sites and locations")
    allow(action, True, "The database is open read-only (opened read-only on request)")
    assert not action.isEnabled()
    assert action.toolTip() == "The database is open read-only (opened read-only on request)"
    allow(action, True, "")
    assert action.isEnabled() and action.toolTip() == "Trust name, sites and locations"
