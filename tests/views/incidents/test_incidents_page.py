"""The incident list: first page at once, count of total, SQL-side sort and search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from vpr_desktop.domain.enums import Role
from vpr_desktop.views.common.formatting import format_number
from vpr_desktop.views.incidents.page import SEARCH_DELAY_MS
from vpr_desktop.views.incidents.page import IncidentsPage
from vpr_desktop.views.navigation import PAGES_BY_KEY


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


def test_scrolling_to_the_end_fetches_the_next_page(
    make_window: Any, demo_services: Any, qtbot: Any
) -> None:
    page = open_incidents(make_window, demo_services)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > 500, timeout=5000)
    assert page.showing.text().startswith(f"Showing {format_number(page.model.rowCount())} of")


def test_clicking_a_header_sorts_in_sql_and_changes_the_first_row(
    make_window: Any, demo_services: Any, qtbot: Any
) -> None:
    page = open_incidents(make_window, demo_services)
    header = page.table.horizontalHeader()
    occurred = page.model.column_index("occurred_at")
    assert header.sortIndicatorSection() == occurred  # newest first, as the source defaults
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    newest = page.model.row_values(0)
    reference = page.model.column_index("reference")
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.viewport().rect().topLeft() + _section_centre(header, reference),
    )
    assert page.model.request.sort_key == "reference"
    first = page.model.row_values(0)
    assert first != newest
    column = [page.model.row_values(r)[reference] for r in range(page.model.rowCount())]
    assert column == sorted(column) or column == sorted(column, reverse=True)


def _section_centre(header: Any, section: int) -> Any:
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_search_waits_for_a_pause_then_filters(
    make_window: Any, demo_services: Any, qtbot: Any
) -> None:
    page = open_incidents(make_window, demo_services)
    first_reference = page.model.row_values(0)[0]
    qtbot.keyClicks(page.search, first_reference)
    assert page.model.request.search == ""  # not yet: debounced
    qtbot.waitUntil(
        lambda: page.model.request.search == first_reference, timeout=SEARCH_DELAY_MS * 8
    )
    assert page.model.total == 1
    assert page.showing.text() == f"Showing 1 of 1 incident matching “{first_reference}”"


def test_ctrl_f_puts_the_cursor_in_the_search_box(
    make_window: Any, demo_services: Any, qtbot: Any
) -> None:
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
    assert "Import incidents from Datix" in text
    assert "New incident" in text


def test_hidden_from_roles_that_may_not_read_incidents(
    make_window: Any, empty_services: Any, services_as: Any, actor_with: Any
) -> None:
    window = make_window(services_as(empty_services, actor_with(Role.STAFF_SIDE_REP)))
    assert "incidents" not in window.pages
    assert not window.show_page("incidents")


def test_says_why_when_the_service_refuses(
    qtbot: Any, empty_services: Any, services_as: Any, actor_with: Any
) -> None:
    board = services_as(empty_services, actor_with(Role.BOARD_SECRETARY))
    page = IncidentsPage(PAGES_BY_KEY["incidents"], board)
    qtbot.addWidget(page)
    page.activated()
    assert page.model is None
    assert "may not see individual incidents" in page.problem.text()


def test_datix_import_from_the_data_menu_checks_then_imports(
    make_window: Any, empty_services: Any, tmp_path: Any, qtbot: Any
) -> None:
    """Data > Import incidents from Datix…: a file with an unknown location is refused row by
    row with nothing written; the corrected file imports and the list shows the incidents."""
    import csv
    from pathlib import Path

    from tests.services.incidents.test_incident_import import SAMPLE
    from tests.services.incidents.test_incident_import import SAMPLE_LOCATIONS
    from vpr_desktop.domain.enums import SettingType
    from vpr_desktop.domain.models import Location
    from vpr_desktop.domain.models import Site
    from vpr_desktop.services.common.unit_of_work import UnitOfWork

    with UnitOfWork(empty_services.db, empty_services.actor) as uow:
        site = Site(code="NG", name="Northgate")
        uow.session.add(site)
        uow.session.flush()
        for k, name in enumerate(SAMPLE_LOCATIONS):
            uow.session.add(
                Location(
                    site_id=site.id,
                    code=f"NG-{k:02d}",
                    name=name,
                    setting_type=SettingType.EMERGENCY_DEPARTMENT,
                )
            )
    with SAMPLE.open(encoding="utf-8", newline="") as sample:
        rows = list(csv.reader(sample))
    where = rows[0].index("inc_locactual")
    bad_rows = [
        rows[0],
        *(
            [*r[:where], "Nowhere Ward", *r[where + 1 :]] if i == 2 else r
            for i, r in enumerate(rows[1:], 1)
        ),
    ]
    bad = Path(tmp_path) / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(bad_rows)

    window = make_window(empty_services)
    dialog = window.import_incidents()
    assert dialog is not None and dialog.windowTitle() == "Import incidents from Datix"
    dialog.set_path(bad)
    qtbot.waitUntil(
        lambda: dialog.result is not None and not dialog.runner.is_busy(), timeout=15000
    )
    step = dialog.value_step  # the unknown value, once with its rows, to map or create
    assert step is not None and not step.isHidden()
    assert [step.table.item(0, c).text() for c in range(3)] == [
        "Location name",
        "Nowhere Ward",
        "1",
    ]
    assert "1 value in 1 row of 60 is not known here" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert empty_services.incident_list().count(_request()) == 0

    dialog.set_path(SAMPLE)
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=15000)
    assert "Nothing has been written" in dialog.summary.text()
    dialog.run_import()
    qtbot.waitUntil(
        lambda: not dialog.runner.is_busy() and not dialog.result.dry_run, timeout=15000
    )
    assert dialog.result.ok
    assert empty_services.incident_list().count(_request()) == len(rows) - 1


def _request() -> Any:
    from vpr_desktop.services.common.paging import PageRequest

    return PageRequest()
