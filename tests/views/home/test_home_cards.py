"""Home's parts with hand-made summaries: each "needs attention" card says its count and state in
words and links only to pages the person can open, the Database panel says what is (or is not)
there, Back up now is offered only to roles allowed to back up, the cards reflow to the width,
and the start page offers open/new/demo before a database is open."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.common.summary import AttentionItem
from vpr_desktop.services.common.summary import HomeSummary
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.home.page import EMPTY_HEADING
from vpr_desktop.views.home.page import AttentionCard
from vpr_desktop.views.home.page import HomePage
from vpr_desktop.views.home.start import StartPage
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.navigation import visible_pages

ITEMS = [
    AttentionItem("riddor", "RIDDOR reports due", 2, "incidents"),
    AttentionItem("support", "Support steps overdue", 1250, "support"),
    AttentionItem("actions", "Actions overdue", 0, "actions"),
    AttentionItem("risks", "Risk reviews overdue", 3, "risks"),
]


def summary(**changes: Any) -> HomeSummary:
    values: dict[str, Any] = {
        "database": "/data/trust.db",
        "schema_revision": "0042",
        "app_version": "1.4.0",
        "counts": [("Incidents", 1200), ("Risks", 45), ("Actions", 0)],
        "attention": ITEMS,
        "last_backup": dt.datetime(2026, 5, 30, 17, 45, tzinfo=dt.UTC),
        "last_backup_path": "/backups/trust-2026-05-30.db",
        "last_pack": None,
        "first_incident": dt.date(2024, 4, 1),
        "last_incident": dt.date(2026, 5, 31),
    }
    values.update(changes)
    return HomeSummary(**values)


@pytest.fixture
def make_page(qtbot: Any, actor_with: Any) -> Any:
    def make(*roles: Role, width: int = 1200) -> HomePage:
        actor = actor_with(*roles)
        # No database: nothing refuses writes (Back up now is held only in a preview).
        services = SimpleNamespace(actor=actor, db=None)
        page = HomePage(PAGES_BY_KEY["home"], services, visible_pages(actor))  # type: ignore[arg-type]
        qtbot.addWidget(page)
        page.resize(width, 900)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


# --------------------------------------------------------------------------- one card


def test_a_card_with_a_count_needs_attention(qtbot: Any) -> None:
    card = AttentionCard(ITEMS[1], PAGES_BY_KEY["support"])
    qtbot.addWidget(card)
    assert card.count_label.text() == "1,250"
    assert card.text_label.text() == "Support steps overdue"
    assert card.status_label.text() == "Needs attention"
    assert card.property("attention") == "yes"
    assert card.accessibleName() == "Support steps overdue: 1,250. Needs attention."
    assert card.link is not None
    title = PAGES_BY_KEY["support"].title
    assert card.link.text() == f"Open {title}"
    assert card.link.accessibleName() == f"Open {title}: 1,250 Support steps overdue"
    with qtbot.waitSignal(card.open_page, timeout=1000) as signal:
        qtbot.mouseClick(card.link, Qt.MouseButton.LeftButton)
    assert signal.args == ["support", ""]


def test_a_card_with_nothing_is_all_clear_and_may_have_no_link(qtbot: Any) -> None:
    card = AttentionCard(ITEMS[2], None)
    qtbot.addWidget(card)
    assert card.count_label.text() == "0"
    assert card.status_label.text() == "All clear"
    assert card.property("attention") == "no"
    assert card.link is None
    assert card.findChildren(QPushButton) == []


# --------------------------------------------------------------------------- the page


def test_the_page_shows_every_card_count_and_detail(make_page: Any) -> None:
    page = make_page(Role.VPR_LEAD)
    shown = summary()
    page.show_summary(shown)
    assert [c.item for c in page._cards] == ITEMS
    texts = page.texts()
    for name, number in shown.counts:
        assert name in texts and f"{number:,}" in texts
    assert "/data/trust.db" in texts
    assert (
        f"{format_date(shown.first_incident)} to {format_date(shown.last_incident)}"
    ) == "01 Apr 2024 to 31 May 2026"
    assert "01 Apr 2024 to 31 May 2026" in texts
    assert format_datetime(shown.last_backup) in texts
    assert "No pack generated yet" in texts
    assert "0042" in texts and "1.4.0" in texts
    assert not page.empty.isVisibleTo(page)
    assert not page.loading_note.isVisibleTo(page)


def test_summary_loaded_is_signalled_with_the_summary(make_page: Any, qtbot: Any) -> None:
    page = make_page(Role.VPR_LEAD)
    shown = summary()
    with qtbot.waitSignal(page.summary_loaded, timeout=1000) as signal:
        page.show_summary(shown)
    assert signal.args == [shown]
    assert page.summary is shown


def test_an_empty_database_says_what_to_do_next(make_page: Any) -> None:
    page = make_page(Role.VPR_LEAD)
    page.show_summary(
        summary(
            counts=[("Incidents", 0), ("Risks", 0)],
            attention=[],
            last_backup=None,
            first_incident=None,
            last_incident=None,
        )
    )
    assert page.empty.isVisibleTo(page)
    texts = page.texts()
    assert EMPTY_HEADING in texts
    assert "None recorded yet" in texts
    assert "No backup yet" in texts
    assert page._cards == []


def test_back_up_now_only_for_roles_that_may_back_up(make_page: Any, qtbot: Any) -> None:
    from vpr_desktop.domain.permissions import Permission

    lead = make_page(Role.VPR_LEAD, Role.ADMINISTRATOR)
    lead.show_summary(summary())
    allowed = lead.services.actor.can(Permission.BACKUP)
    assert allowed
    qtbot.waitUntil(lambda: lead.backup_button.isVisibleTo(lead), timeout=3000)
    assert lead.last_backup_label.accessibleName() == (
        f"Last backup: {format_datetime(summary().last_backup)}"
    )
    with qtbot.waitSignal(lead.backup_requested, timeout=1000):
        qtbot.mouseClick(lead.backup_button, Qt.MouseButton.LeftButton)

    rep = make_page(Role.STAFF_SIDE_REP)
    assert not rep.services.actor.can(Permission.BACKUP)
    rep.show_summary(summary())
    assert not rep.backup_button.isVisibleTo(rep)
    assert rep.last_backup_label.text() == format_datetime(summary().last_backup)


def test_cards_link_only_to_pages_the_person_can_open(make_page: Any) -> None:
    secretary = make_page(Role.BOARD_SECRETARY)
    visible = {s.key for s in visible_pages(secretary.services.actor)}
    secretary.show_summary(summary())
    for card in secretary._cards:
        assert (card.link is not None) == (card.item.page in visible), card.item.page


def test_a_second_summary_replaces_the_cards(make_page: Any) -> None:
    page = make_page(Role.VPR_LEAD)
    page.show_summary(summary())
    page.show_summary(summary(attention=ITEMS[:1], counts=[("Incidents", 7)]))
    assert [c.item for c in page._cards] == ITEMS[:1]
    texts = page.texts()
    assert "Support steps overdue" not in texts
    assert "7" in texts and "1,200" not in texts


def test_cards_reflow_from_three_to_one_a_row(make_page: Any, qtbot: Any) -> None:
    page = make_page(Role.VPR_LEAD, width=1400)
    page.show_summary(summary())
    rows = {page.cards_grid.getItemPosition(page.cards_grid.indexOf(c))[0] for c in page._cards}
    assert len(rows) == 2  # four cards, three a row
    page.resize(420, 900)
    qtbot.waitUntil(
        lambda: (
            len(
                {
                    page.cards_grid.getItemPosition(page.cards_grid.indexOf(c))[0]
                    for c in page._cards
                }
            )
            == len(ITEMS)
        ),
        timeout=3000,
    )


def test_the_tab_order_goes_through_the_card_links_then_back_up(make_page: Any) -> None:
    page = make_page(Role.VPR_LEAD, Role.ADMINISTRATOR)
    page.show_summary(summary())
    links = [c.link for c in page._cards if c.link is not None]
    assert links
    for before, after in zip(links, [*links[1:], page.backup_button], strict=True):
        assert before.nextInFocusChain() is after or after in _chain_after(before, 6)


def _chain_after(widget: QWidget, steps: int) -> list[QWidget]:
    out, current = [], widget
    for _ in range(steps):
        current = current.nextInFocusChain()
        out.append(current)
    return out


def test_every_focusable_control_on_home_is_named(make_page: Any) -> None:
    page = make_page(Role.VPR_LEAD, Role.ADMINISTRATOR)
    page.show_summary(summary())
    missing = [
        type(w).__name__
        for w in page.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(page)
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    assert missing == []


# --------------------------------------------------------------------------- start page


def test_the_start_page_says_what_it_is_opening(qtbot: Any) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    page.show()
    page.show_opening("/data/trust.db")
    assert page.opening.isVisibleTo(page)
    assert page.opening.paragraphs[0].text() == (
        "Opening /data/trust.db. The window is ready to use as soon as the database has been "
        "checked."
    )
    assert page.closed is None


def test_the_closed_start_page_offers_open_new_and_demo(qtbot: Any) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    page.show()
    page.show_closed("The database could not be opened.")
    assert page.closed is not None and page.closed.isVisibleTo(page)
    assert not page.opening.isVisibleTo(page)
    assert page.closed.paragraphs[0].text().startswith("The database could not be opened. Open ")
    buttons = {b.text(): b for b in page.closed.findChildren(QPushButton)}
    assert set(buttons) == {"Open database…", "New database…", "Open demo database"}
    assert buttons["Open database…"].property("primary") is True
    for text, signal in (
        ("Open database…", page.open_requested),
        ("New database…", page.new_requested),
        ("Open demo database", page.demo_requested),
    ):
        with qtbot.waitSignal(signal, timeout=1000):
            qtbot.mouseClick(buttons[text], Qt.MouseButton.LeftButton)
        assert buttons[text].accessibleName()
    page.show_opening("")
    assert page.opening.isVisibleTo(page) and not page.closed.isVisibleTo(page)
    assert page.opening.paragraphs[0].text().startswith("The window is ready to use")


def test_the_cards_reflow_when_the_scrolling_area_settles_its_width(
    make_window: Any, demo_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    """The page's own resize comes before its scroll area's viewport is resized; the cards
    must follow the viewport (they stayed in one column of a wide page before)."""
    window = make_window(demo_services, size=(1366, 768))
    summary_shown(window)
    home = window.home_page
    qtbot.waitUntil(lambda: len(home._cards) == 6, timeout=15000)
    viewport = home._scroll.viewport()
    viewport.resize(300, viewport.height())
    assert home._card_columns == 1
    viewport.resize(1062, viewport.height())
    assert home._card_columns == 3
