"""Home shows the real figures the summary service counted, loaded off the GUI thread."""

from __future__ import annotations

from typing import Any

from vpr_desktop.views.common.formatting import format_number


def test_home_shows_the_real_counts_with_separators(
    make_window: Any, demo_services: Any, summary_shown: Any
) -> None:
    window = make_window(demo_services)
    shown = summary_shown(window)
    expected = demo_services.summary.home()
    assert shown.counts == expected.counts
    texts = window.home_page.texts()
    incidents = dict(expected.counts)["Incidents"]
    assert incidents > 1000  # so the separator is really exercised
    for name, number in expected.counts:
        assert name in texts
        assert format_number(number) in texts
    assert "1,200" in texts or format_number(incidents) in texts
    assert expected.schema_revision in texts and expected.app_version in texts
    assert not window.home_page.empty.isVisibleTo(window.home_page)


def test_needs_attention_cards_carry_count_label_and_link(
    make_window: Any, demo_services: Any, summary_shown: Any
) -> None:
    window = make_window(demo_services)
    summary = summary_shown(window)
    cards = window.home_page._cards
    assert [c.item.label for c in cards] == [a.label for a in summary.attention]
    for card, item in zip(cards, summary.attention, strict=True):
        assert card.count_label.text() == format_number(item.count)
        status = "Needs attention" if item.count else "All clear"
        assert card.status_label.text() == status  # said in words, not only by colour
    support = next(c for c in cards if c.item.page == "support")
    assert support.link is not None
    support.link.click()
    assert window.current_page().key == "support"


def test_incident_date_range_and_backup_line(
    make_window: Any, demo_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    from vpr_desktop.views.common.formatting import format_date

    window = make_window(demo_services)
    summary = summary_shown(window)
    texts = window.home_page.texts()
    assert f"{format_date(summary.first_incident)} to {format_date(summary.last_incident)}" in texts
    if summary.last_backup is None:
        assert "No backup yet" in texts
        page = window.home_page
        qtbot.waitUntil(lambda: page.backup_button.isVisibleTo(page), timeout=3000)


def test_empty_database_explains_the_next_step(
    make_window: Any, empty_services: Any, summary_shown: Any
) -> None:
    window = make_window(empty_services)
    summary_shown(window)
    page = window.home_page
    assert page.empty.isVisibleTo(page)
    assert "This database is empty" in page.empty.text()
    assert "demo database" in page.empty.text()
    assert "None recorded yet" in page.texts()


def test_f5_reloads_in_the_background(
    make_window: Any, empty_services: Any, qtbot: Any, summary_shown: Any
) -> None:
    window = make_window(empty_services)
    first = summary_shown(window)
    window.ensure_setup()
    with qtbot.waitSignal(window.home_page.summary_loaded, timeout=10000):
        window.refresh_action.trigger()
    assert window.home_page.summary is not first
