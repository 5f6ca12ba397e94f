"""The Incidents page's first rows at start-up, before the services (issue #20 S2).

The first start keeps the list's first page statement as the ORM ran it; the next start shows
those rows in the real Incidents page, read-only, and the services then open its real list in
place of them, keeping the row chosen. Structure and values only; the time it saves is
measured by ``benchmarks/bench_startup.py --db``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vpr_desktop.services.incidents.columns import ID_INDEX
from vpr_desktop.views import early_rows
from vpr_desktop.views.window_state import SETTINGS_PAGE


@pytest.fixture(autouse=True)
def _own_data_folder(own_data_folder: Path) -> None:
    """Each test keeps its first page in its own data folder (``own_data_folder``)."""


def shown_rows(page: Any) -> list[tuple[Any, ...]]:
    model = page.model
    return [model.row_values(i) for i in range(model.rowCount())]


@pytest.fixture
def first_start(
    make_window: Callable[..., Any], settings: Any, lead_on_demo: Any
) -> list[tuple[Any, ...]]:
    """A first start that opened on Incidents: its real first page (and the statement kept)."""
    settings.setValue(SETTINGS_PAGE, "incidents")
    window = make_window(lead_on_demo)
    page = window.current_page()
    assert page is not None and page.key == "incidents" and not page.early
    rows = shown_rows(page)
    window.close()
    return rows


def test_the_next_start_paints_the_orms_first_page_before_the_services(
    first_start: list[tuple[Any, ...]],
    make_window: Callable[..., Any],
    lead_on_demo: Any,
    demo_copy: Path,
    qtbot: Any,
) -> None:
    window = make_window()

    assert early_rows.show_early_rows(window, str(demo_copy))

    page = window.current_page()
    assert page is not None and page.key == "incidents" and page.early
    assert window.services is None and window.early_pages == {"incidents": page}
    assert shown_rows(page) == first_start  # the same values in the same order
    assert len(first_start) == 500
    # Read-only until the services come: no detail, no New incident, no filtering.
    assert page.detail is None and page.new_button.isHidden()
    assert not page.filter_bar.isEnabled() and not page.table.isSortingEnabled()
    page.table.selectRow(3)
    chosen = first_start[3][ID_INDEX]  # the incident's id
    assert page.current_key is None  # choosing an early row opens nothing yet

    window.attach(lead_on_demo, owned=False)

    assert window.pages.built("incidents") is page  # the same page, now with its services
    assert window.early_pages == {} and window.current_page() is page
    assert not page.early and type(page.model).__name__ == "LazyTableModel"
    assert page.model.total == 1200 and shown_rows(page) == first_start
    assert page.detail is not None and not page.new_button.isHidden()
    assert page.filter_bar.isEnabled() and page.table.isSortingEnabled()
    assert page.table.currentIndex().row() == 3  # the row chosen early is still chosen
    assert page.current_key == chosen  # and its incident opens now the services are here
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=10000)
    assert page.detail.detail.id == chosen


def test_no_early_rows_when_they_may_not_be_read(
    first_start: list[tuple[Any, ...]],
    make_window: Callable[..., Any],
    settings: Any,
    demo_copy: Path,
    tmp_path: Path,
) -> None:
    window = make_window()
    assert not early_rows.show_early_rows(window, "postgresql+psycopg://u@127.0.0.1/test")
    assert not early_rows.show_early_rows(window, str(tmp_path / "missing.db"))
    settings.setValue(SETTINGS_PAGE, "home")
    assert not early_rows.show_early_rows(window, str(demo_copy))
    assert window.early_pages == {} and window.stack.currentWidget() is window.start_page


def test_a_damaged_file_falls_through_to_the_normal_open(
    first_start: list[tuple[Any, ...]],
    make_window: Callable[..., Any],
    lead_on_demo: Any,
    demo_copy: Path,
) -> None:
    from tests.services.common.test_first_page import scribble_over_incident_pages

    lead_on_demo.db.close()
    scribble_over_incident_pages(demo_copy)
    window = make_window()
    assert not early_rows.show_early_rows(window, str(demo_copy))
    assert window.early_pages == {}


def test_an_early_page_no_database_takes_is_thrown_away(
    first_start: list[tuple[Any, ...]], make_window: Callable[..., Any], demo_copy: Path
) -> None:
    window = make_window()
    assert early_rows.show_early_rows(window, str(demo_copy))
    page = window.early_pages["incidents"]

    window.show_start_sidebar()  # as a failed open does

    assert window.early_pages == {} and window.stack.indexOf(page) < 0
    assert window.stack.currentWidget() is window.start_page


def test_the_open_waits_for_the_early_rows_to_paint(
    first_start: list[tuple[Any, ...]],
    make_window: Callable[..., Any],
    demo_copy: Path,
    qtbot: Any,
) -> None:
    window = make_window()
    opened: list[bool] = []
    assert early_rows.show_early_rows(window, str(demo_copy))
    early_rows.after_paint(window, lambda: opened.append(True))
    assert opened == []  # not before the rows have painted
    qtbot.waitUntil(lambda: opened == [True], timeout=5000)
    qtbot.wait(50)
    assert opened == [True]  # once


def test_the_early_rows_come_without_importing_sqlalchemy(
    first_start: list[tuple[Any, ...]], demo_copy: Path, tmp_path: Path
) -> None:
    """In a fresh interpreter, as at start-up: the rows are there and no ORM was loaded."""
    from tests.views.test_startup_imports import run_python

    done = run_python(
        f"""
        import sys
        from PySide6.QtCore import QEventLoop, QSettings
        from vpr_desktop.views import early_rows
        from vpr_desktop.views.qt_app import create_application
        from vpr_desktop.views.main_window import MainWindow

        app = create_application([])
        settings = QSettings({str(tmp_path / "settings.ini")!r}, QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.show()
        shown = early_rows.show_early_rows(window, {str(demo_copy)!r})
        loop = QEventLoop()
        for _ in range(20):
            loop.processEvents()
        page = window.current_page()
        print("SHOWN", shown, page.model.rowCount(), page.model.row_values(0)[0])
        print("LOADED", [m for m in ("sqlalchemy", "alembic") if m in sys.modules])
    """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert f"SHOWN True 500 {first_start[0][0]}" in done.stdout, done.stdout + done.stderr
    assert "LOADED []" in done.stdout, done.stdout
