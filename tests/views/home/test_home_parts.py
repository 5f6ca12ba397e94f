"""Home's parts: the start page (before a database is open), the "needs attention" cards, and the
Database panel's wording for each state (backup taken or not, pack made or not), fed a summary
the way the background job hands it over. Cards follow the width there is (3, 2 or 1 a row)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.common.summary import AttentionItem
from vpr_desktop.services.common.summary import HomeSummary
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.home.page import EMPTY_HEADING
from vpr_desktop.views.home.page import AttentionCard
from vpr_desktop.views.home.page import HomePage
from vpr_desktop.views.home.start import START_SPEC
from vpr_desktop.views.home.start import StartPage
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.navigation import visible_pages

COUNTS = [
    ("Staff", 4321),
    ("Assignments", 5000),
    ("Incidents", 1200),
    ("Risk assessments", 87),
    ("Training records", 25000),
    ("Actions", 64),
]
ATTENTION = [
    AttentionItem("support_overdue", "Support steps overdue", 12, "support"),
    AttentionItem("riddor_overdue", "RIDDOR reports overdue", 0, "incidents"),
    AttentionItem("risk_reviews", "Risk reviews overdue", 3, "risks"),
    AttentionItem("control_reviews", "Control reviews overdue", 0, "risks"),
    AttentionItem("actions_overdue", "Actions overdue", 1500, "actions"),
    AttentionItem("actions_sign_off", "Actions awaiting sign-off", 2, "actions"),
]


def summary(**changes: Any) -> HomeSummary:
    base = HomeSummary(
        database="SQLite /data/trust.db",
        schema_revision="0042_head",
        app_version="9.9.9",
        counts=COUNTS,
        attention=ATTENTION,
        last_backup=dt.datetime(2026, 6, 29, 17, 45),
        last_backup_path="/data/backups/trust.db",
        last_pack=dt.datetime(2026, 6, 1, 9, 5),
        first_incident=dt.date(2024, 7, 1),
        last_incident=dt.date(2026, 6, 30),
    )
    return dataclasses.replace(base, **changes)


# ---------------------------------------------------------------------- start page


def test_start_page_says_what_is_opening(qtbot: Any) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    assert page.key == START_SPEC.key == "start"
    assert page.header.title.text() == "VPR Desktop"
    assert page.opening.heading.text() == "Opening database…"
    assert page.opening.paragraphs[0].text() == (
        "The window is ready to use as soon as the database has been checked."
    )
    assert page.closed is None  # built only when first needed
    page.show_opening("trust.db on the shared drive")
    assert (
        page.opening.paragraphs[0]
        .text()
        .startswith("Opening trust.db on the shared drive. The window is ready")
    )


def test_start_page_closed_offers_the_three_ways_in(qtbot: Any) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    page.show()
    page.show_closed("The database could not be opened.")
    assert page.closed is not None
    assert page.closed.isVisibleTo(page) and not page.opening.isVisibleTo(page)
    assert page.closed.heading.text() == "No database is open"
    text = page.closed.paragraphs[0].text()
    assert text.startswith("The database could not be opened. Open the database your trust")
    assert "demo database (made-up data for a fictional trust)" in text
    buttons = {b.text(): b for b in page.closed.findChildren(QPushButton)}
    assert list(buttons) == ["Open database…", "New database…", "Open demo database"]
    assert buttons["Open database…"].property("primary") is True
    assert buttons["New database…"].accessibleName() == "Create a new database"
    for text, signal in (
        ("Open database…", page.open_requested),
        ("New database…", page.new_requested),
        ("Open demo database", page.demo_requested),
    ):
        with qtbot.waitSignal(signal):
            buttons[text].click()
    # showing "opening" again hides the closed panel; a second close reuses it
    closed = page.closed
    page.show_opening("")
    assert not closed.isVisibleTo(page) and page.opening.isVisibleTo(page)
    page.show_closed()
    assert page.closed is closed
    assert page.closed.paragraphs[0].text().startswith("Open the database your trust uses")


# ---------------------------------------------------------------------- cards


def test_a_card_with_a_count_needs_attention_in_words(qtbot: Any) -> None:
    spec = PAGES_BY_KEY["actions"]
    card = AttentionCard(ATTENTION[4], spec)
    qtbot.addWidget(card)
    assert card.count_label.text() == "1,500"
    assert card.text_label.text() == "Actions overdue"
    assert card.status_label.text() == "Needs attention"
    assert card.property("attention") == "yes"
    assert card.accessibleName() == "Actions overdue: 1,500. Needs attention."
    assert card.link is not None and card.link.text() == "Open Action log"
    assert card.link.accessibleName() == "Open Action log: 1,500 Actions overdue"
    with qtbot.waitSignal(card.open_page) as blocker:
        card.link.click()
    assert blocker.args == ["actions", ""]


def test_a_card_at_zero_is_all_clear_and_without_a_page_has_no_link(qtbot: Any) -> None:
    card = AttentionCard(ATTENTION[1], None)
    qtbot.addWidget(card)
    assert card.count_label.text() == "0"
    assert card.status_label.text() == "All clear"
    assert card.property("attention") == "no"
    assert card.accessibleName() == "RIDDOR reports overdue: 0. All clear."
    assert card.link is None


# ---------------------------------------------------------------------- the page, fed a summary


@pytest.fixture
def home(qtbot: Any, empty_services: Any) -> Any:
    def make(services: Any = None, width: int = 1280) -> HomePage:
        services = services or empty_services
        page = HomePage(PAGES_BY_KEY["home"], services, visible_pages(services.actor))
        qtbot.addWidget(page)
        page.resize(width, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def test_records_and_database_panels_show_the_summary(home: Any, qtbot: Any) -> None:
    page = home()
    with qtbot.waitSignal(page.summary_loaded) as blocker:
        page.show_summary(summary())
    assert blocker.args[0].counts == COUNTS
    texts = page.texts()
    for name, number in COUNTS:
        assert name in texts and f"{number:,}" in texts
    assert f"{format_date(dt.date(2024, 7, 1))} to {format_date(dt.date(2026, 6, 30))}" in texts
    assert format_datetime(dt.datetime(2026, 6, 29, 17, 45)) in texts
    assert format_datetime(dt.datetime(2026, 6, 1, 9, 5)) in texts
    assert "0042_head" in texts and "9.9.9" in texts
    assert "Counting…" not in texts
    assert not page.empty.isVisibleTo(page)


def test_no_backup_no_pack_no_incidents_in_words(home: Any) -> None:
    page = home()
    page.show_summary(
        summary(last_backup=None, last_pack=None, first_incident=None, last_incident=None)
    )
    texts = page.texts()
    assert "No backup yet" in texts
    assert "No pack generated yet" in texts
    assert "None recorded yet" in texts
    assert page.last_backup_label.text() == "No backup yet"


def test_back_up_now_is_offered_only_to_those_who_may(
    home: Any, empty_services: Any, services_as: Any, actor_with: Any, qtbot: Any
) -> None:
    page = home()
    page.show_summary(summary())
    # the admin of a new database may back up (shown once the event loop lays the row out)
    qtbot.waitUntil(lambda: page.backup_button.isVisibleTo(page), timeout=3000)
    assert page.last_backup_label.accessibleName().startswith("Last backup: ")
    staff_side = services_as(empty_services, actor_with(Role.STAFF_SIDE_REP, name="Rep"))
    other = home(staff_side)
    other.show_summary(summary())
    assert other.backup_button.isHidden()
    assert format_datetime(dt.datetime(2026, 6, 29, 17, 45)) in other.texts()


def test_cards_follow_the_summary_and_link_only_to_visible_pages(
    home: Any, empty_services: Any, services_as: Any, actor_with: Any
) -> None:
    page = home()
    page.show_summary(summary())
    assert [c.count_label.text() for c in page._cards] == ["12", "0", "3", "0", "1,500", "2"]
    assert [c.status_label.text() for c in page._cards].count("All clear") == 2
    secretary = services_as(empty_services, actor_with(Role.BOARD_SECRETARY, name="Secretary"))
    limited = home(secretary)
    limited.show_summary(summary())
    assert all(card.link is None for card in limited._cards)  # no page of theirs deals with it


def test_a_second_summary_replaces_the_first(home: Any, qtbot: Any) -> None:
    page = home()
    page.show_summary(summary())
    changed = [("Staff", 1), *COUNTS[1:]]
    page.show_summary(summary(counts=changed, attention=ATTENTION[:2]))
    qtbot.waitUntil(lambda: "4,321" not in page.texts(), timeout=3000)
    assert len(page._cards) == 2
    assert "1" in page.texts()


def test_an_empty_database_shows_the_next_step(home: Any, qtbot: Any) -> None:
    page = home()
    zero = [(name, 0) for name, _ in COUNTS]
    with qtbot.waitSignal(page.demo_requested):
        page.show_summary(summary(counts=zero))
        assert page.empty.isVisibleTo(page)
        assert EMPTY_HEADING in page.empty.text()
        button = next(
            b for b in page.empty.findChildren(QPushButton) if b.text() == "Open demo database"
        )
        button.click()


@pytest.mark.parametrize(("width", "columns"), [(1400, 3), (760, 2), (420, 1)])
def test_cards_reflow_to_the_width(home: Any, qtbot: Any, width: int, columns: int) -> None:
    page = home(width=width)
    page.show_summary(summary())
    qtbot.waitUntil(lambda: page._card_columns > 0, timeout=3000)
    grid = page.cards_grid
    used = {grid.getItemPosition(grid.indexOf(card))[1] for card in page._cards}
    assert len(used) == page._card_columns
    assert page._card_columns <= columns


def test_a_known_error_is_shown_in_words(home: Any) -> None:
    from vpr_desktop.domain.errors import DatabaseRefused

    page = home()
    page._show_error(DatabaseRefused("The database went away.", "Open it again."))
    assert page.error.isVisibleTo(page)
    assert page.error.text() == (
        "The summary could not be loaded. The database went away. Open it again."
    )
    assert not page.loading_note.isVisibleTo(page)


def test_a_known_error_without_a_next_step_ends_at_its_message(home: Any) -> None:
    from vpr_desktop.domain.errors import DatabaseRefused

    page = home()
    page._show_error(DatabaseRefused("The database went away."))
    assert page.error.text() == "The summary could not be loaded. The database went away."
