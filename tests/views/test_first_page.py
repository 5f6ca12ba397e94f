"""Opening straight onto the page a person last used builds that page and nothing else until it
has painted (issue #20 S2): Home, its count and the set-up offer follow, once, after it.

Structure only; the time this saves is measured by ``benchmarks/bench_startup.py --db``.
"""

from __future__ import annotations

from typing import Any

from vpr_desktop.views.window_state import SETTINGS_PAGE


def test_opening_onto_incidents_builds_only_incidents_until_it_has_painted(
    make_window: Any, demo_services: Any, settings: Any, qtbot: Any
) -> None:
    settings.setValue(SETTINGS_PAGE, "incidents")
    window = make_window()
    settled: list[object] = []
    window.settled.connect(settled.append)

    window.attach(demo_services, owned=False)

    page = window.current_page()
    assert page is not None and page.key == "incidents"
    assert page.model is not None and page.model.rowCount() > 0  # its rows are there to paint
    assert [p.key for p in window.pages.built_pages()] == ["incidents"]
    assert window.home_page is None and settled == []

    qtbot.waitUntil(lambda: settled == [demo_services], timeout=10000)
    assert sorted(p.key for p in window.pages.built_pages()) == ["home", "incidents"]
    assert window.current_page() is page  # Home was built behind it, not shown
    qtbot.waitUntil(lambda: window.home_page.summary is not None, timeout=15000)
    summary = window.home_page.summary
    assert summary is not None and dict(summary.counts)["Incidents"] == 1200
    qtbot.wait(50)
    assert settled == [demo_services]  # once, though both the paint and the timer may ask


def test_another_database_attached_before_the_paint_settles_only_the_new_one(
    make_window: Any, demo_services: Any, empty_services: Any, settings: Any, qtbot: Any
) -> None:
    settings.setValue(SETTINGS_PAGE, "incidents")
    window = make_window()
    settled: list[object] = []
    window.settled.connect(settled.append)

    window.attach(demo_services, owned=False)
    window.attach(empty_services, owned=False)  # before the first one's page has painted

    qtbot.waitUntil(lambda: settled == [empty_services], timeout=10000)
    qtbot.wait(1200)  # past the first attach's fallback timer
    assert settled == [empty_services]
