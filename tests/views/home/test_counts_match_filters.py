"""Issue 18, acceptance 6: every Home card and every sidebar badge is the row count of the
filter it opens, on the small demo trust.

Each card is clicked (its "Open …" link) and each sidebar row chosen as a person would; the
page it lands on must show that filter and hold exactly the number the card or badge said.
Where a page has one card, the card, the badge and the rows are one number; where it has two
(risks, actions), the badge is the rows of "Needs attention", each record once, so it lies
between the larger card and the sum of both.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from vpr_desktop.services.common.summary import PAGE_VIEWS
from vpr_desktop.views.navigation import PAGES_BY_KEY

#: card key -> (page key, the page's filters that view sets, beyond the page's defaults)
CARDS: dict[str, tuple[str, dict[str, Any]]] = {
    "support_overdue": ("support", {"overdue": True}),
    "riddor_overdue": ("incidents", {"riddor": "overdue"}),
    "risk_reviews": ("risks", {"overdue": True}),
    "control_reviews": ("risks", {"control_overdue": True}),
    "actions_overdue": ("actions", {"overdue": True}),
    "actions_sign_off": ("actions", {"status": ["awaiting_sign_off"]}),
}
#: page key -> the filters its badge's view sets
BADGES: dict[str, dict[str, Any]] = {
    "support": {"overdue": True},
    "incidents": {"riddor": "overdue"},
    "risks": {"attention": True},
    "actions": {"attention": True},
}


def total_shown(page: Any) -> int:
    """The rows the page's list holds for its filters (the lazy model's count)."""
    assert page.model is not None, f"{page.key}: no list opened"
    return int(page.model.total)


def filters_shown(page: Any) -> dict[str, Any]:
    return {k: v for k, v in page.filter_bar.filters().items() if k != "as_of"}


def sidebar_row(window: Any, key: str) -> Any:
    return window.sidebar.item(window.visible_page_keys().index(key))


def test_every_card_and_badge_is_in_the_tables() -> None:
    from vpr_desktop.services.common.summary import FALLBACK_CARDS

    assert {key for cards in FALLBACK_CARDS.values() for key, _l, _c in cards} == set(CARDS)
    assert set(BADGES) == set(PAGE_VIEWS)


@pytest.mark.parametrize("key", list(CARDS))
def test_a_home_card_opens_exactly_its_rows(
    key: str, make_window: Any, demo_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    page_key, wanted = CARDS[key]
    window = make_window(demo_services, size=(1366, 768))
    summary = summary_shown(window)
    item = next(a for a in summary.attention if a.key == key)
    assert item.page == page_key and item.view in PAGE_VIEWS[page_key]
    card = next(c for c in window.home_page._cards if c.item.key == key)
    assert card.count_label.text() == f"{item.count:,}"
    assert card.link is not None
    qtbot.mouseClick(card.link, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page.key == page_key
    shown = filters_shown(page)
    assert {k: shown.get(k) for k in wanted} == wanted
    assert total_shown(page) == item.count
    assert page.showing.text().startswith("Showing ") or item.count == 0
    if item.count:
        assert f"{item.count:,}" in page.showing.text()
    # The badge of that page: the same number where the page has one card; otherwise the
    # rows of both cards' filters together, each record once.
    badge = next(b for b in summary.badges if b.page == page_key)
    cards = [a.count for a in summary.attention if a.page == page_key]
    if len(cards) == 1:
        assert badge.count == item.count
    else:
        assert max(cards) <= badge.count <= sum(cards)
    title = PAGES_BY_KEY[page_key].title
    expected = f"{title} ({badge.count:,})" if badge.count else title
    assert sidebar_row(window, page_key).text() == expected


@pytest.mark.parametrize("page_key", list(BADGES))
def test_a_sidebar_badge_opens_exactly_its_rows(
    page_key: str, make_window: Any, demo_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    window = make_window(demo_services, size=(1366, 768))
    summary = summary_shown(window)
    badge = next(b for b in summary.badges if b.page == page_key)
    assert badge.count > 0, "the demo trust should have something to show on every badge"
    item = sidebar_row(window, page_key)
    assert item.text() == f"{PAGES_BY_KEY[page_key].title} ({badge.count:,})"
    sidebar = window.sidebar
    sidebar.scrollToItem(item)
    qtbot.mouseClick(
        sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualItemRect(item).center()
    )
    page = window.current_page()
    assert page.key == page_key
    wanted = BADGES[page_key]
    shown = filters_shown(page)
    assert {k: shown.get(k) for k in wanted} == wanted
    assert total_shown(page) == badge.count
    # A later visit keeps what the person chose there: here, every filter cleared.
    page.filter_bar.clear()
    everything = total_shown(page)
    assert everything >= badge.count
    window.show_page("home")
    qtbot.mouseClick(
        sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualItemRect(item).center()
    )
    assert window.current_page() is page and total_shown(page) == everything
