"""The incident list: first page at once, count of total, SQL-side sort and search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from vpr_desktop.domain.enums import Role
from vpr_desktop.views.formatting import format_number
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.pages.incidents import SEARCH_DELAY_MS, IncidentsPage


def open_incidents(make_window: Any, services: Any) -> IncidentsPage:
    window = make_window(services)
    assert window.show_page("incidents")
    page = window.pages["incidents"]
    assert isinstance(page, IncidentsPage) and page.model is not None
    return page


def test_shows_the_first_500_of_all_incidents(make_window: Any, demo_services: Any) -> None:
    total = dict(demo_services.summary.home().counts)["Incidents"]
    assert total > 500
    page = open_incidents(make_window, demo_services)
    assert page.showing.text() == f"Showing 500 of {format_number(total)} incidents"
    assert page.model.rowCount() == 500
    assert page.stack.currentWidget() is page.table


def test_scrolling_to_the_end_fetches_the_next_page(make_window: Any, demo_services: Any,
                                                   qtbot: Any) -> None:
    page = open_incidents(make_window, demo_services)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > 500, timeout=5000)
    assert page.showing.text().startswith(f"Showing {format_number(page.model.rowCount())} of")


def test_clicking_a_header_sorts_in_sql_and_changes_the_first_row(make_window: Any,
                                                                  demo_services: Any,
                                                                  qtbot: Any) -> None:
    page = open_incidents(make_window, demo_services)
    header = page.table.horizontalHeader()
    occurred = page.model.column_index("occurred_at")
    assert header.sortIndicatorSection() == occurred  # newest first, as the source defaults
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    newest = page.model.row_values(0)
    reference = page.model.column_index("reference")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft()
                     + _section_centre(header, reference))
    assert page.model.request.sort_key == "reference"
    first = page.model.row_values(0)
    assert first != newest
    column = [page.model.row_values(r)[reference] for r in range(page.model.rowCount())]
    assert column == sorted(column) or column == sorted(column, reverse=True)


def _section_centre(header: Any, section: int) -> Any:
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_search_waits_for_a_pause_then_filters(make_window: Any, demo_services: Any,
                                              qtbot: Any) -> None:
    page = open_incidents(make_window, demo_services)
    first_reference = page.model.row_values(0)[0]
    qtbot.keyClicks(page.search, first_reference)
    assert page.model.request.search == ""  # not yet: debounced
    qtbot.waitUntil(lambda: page.model.request.search == first_reference,
                    timeout=SEARCH_DELAY_MS * 8)
    assert page.model.total == 1
    assert page.showing.text() == f"Showing 1 of 1 incident matching “{first_reference}”"


def test_ctrl_f_puts_the_cursor_in_the_search_box(make_window: Any, demo_services: Any,
                                                  qtbot: Any) -> None:
    page = open_incidents(make_window, demo_services)
    window = page.window()
    window.ensure_setup()
    window.activateWindow()
    window.find_action.trigger()
    qtbot.waitUntil(page.search.hasFocus, timeout=3000)


def test_empty_database_shows_the_next_step(make_window: Any, empty_services: Any) -> None:
    page = open_incidents(make_window, empty_services)
    assert page.stack.currentWidget() is not page.table
    text = page.empty.text()
    assert text.startswith("No incidents yet")
    assert "Import from Datix… (coming with incident import)" in text
    assert "New incident" in text


def test_hidden_from_roles_that_may_not_read_incidents(make_window: Any, empty_services: Any,
                                                       services_as: Any,
                                                       actor_with: Any) -> None:
    window = make_window(services_as(empty_services, actor_with(Role.STAFF_SIDE_REP)))
    assert "incidents" not in window.pages
    assert not window.show_page("incidents")


def test_says_why_when_the_service_refuses(qtbot: Any, empty_services: Any, services_as: Any,
                                          actor_with: Any) -> None:
    board = services_as(empty_services, actor_with(Role.BOARD_SECRETARY))
    page = IncidentsPage(PAGES_BY_KEY["incidents"], board)
    qtbot.addWidget(page)
    page.activated()
    assert page.model is None
    assert "may not see individual incidents" in page.problem.text()
