"""Fixtures for the window's tests: offscreen Qt, headless dialogs, real temporary databases.

Everything the window shows in these tests comes from real services over a real SQLite file
(an empty one, or the demo trust), so a test that reads "1,200" off the home page is checking
what a user would see. The lead's top-level conftest will supersede the database fixtures.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["VPR_DESKTOP_HEADLESS_DIALOGS"] = "1"
# Never the real user's data folder: logs, backups and the demo database go here.
os.environ.setdefault("VPR_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="vpr-views-tests-"))

import pytest

from vpr_desktop.views.qt_workarounds import guard_singletons

# pytest-qt calls QApplication.processEvents() around every test; on PySide6 6.12.0 with
# Python 3.11 each call drops a reference to None (see views/qt_workarounds.py).
guard_singletons()


@pytest.fixture(scope="session")
def qapp() -> Any:
    """The application as the real start-up configures it (names, style sheet, Fusion)."""
    from vpr_desktop.views.qt_app import create_application

    return create_application([])


@pytest.fixture(autouse=True)
def _quiet_dialogs_and_jobs(qapp: Any) -> Iterator[None]:
    from vpr_desktop.views.common import dialogs
    from vpr_desktop.views.common import worker

    dialogs.recent.clear()
    yield
    worker.shutdown(5000)  # no job of one test may still be reading when the next starts


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def empty_services(tmp_path: Path) -> Iterator[Any]:
    """Services over a new, empty database (the person opening it becomes its admin)."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    db = open_database(tmp_path / "x.db")
    services = build_services(db)
    yield services
    services.close()


@pytest.fixture(scope="session")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Services over the small demo trust (1,200 incidents), built once for the session."""
    try:
        from vpr_desktop.services.demo.database import create_demo_database
    except ImportError:  # pragma: no cover - only before the demo generator existed
        pytest.skip("the demo generator is not available")
    from vpr_desktop.services.container import build_services

    db = create_demo_database(tmp_path_factory.mktemp("demo") / "demo.db", size="small", seed=1)
    services = build_services(db)
    yield services
    services.close()


@pytest.fixture
def services_as() -> Callable[[Any, Any], Any]:
    """The same database seen by someone else: ``services_as(services, actor)``."""

    def make(services: Any, actor: Any) -> Any:
        from vpr_desktop.services.admin.backups import BackupService
        from vpr_desktop.services.common.summary import SummaryService

        return dataclasses.replace(
            services,
            actor=actor,
            summary=SummaryService(services.db, actor),
            backups=BackupService(services.db, actor),
        )

    return make


@pytest.fixture
def actor_with() -> Callable[..., Any]:
    """An Actor holding only the given roles."""

    def make(*roles: Any, name: str = "Test person") -> Any:
        from vpr_desktop.services.common.actor import Actor

        return Actor(username="tester", display_name=name, roles=frozenset(roles))

    return make


@pytest.fixture
def make_window(qtbot: Any, settings: Any) -> Callable[..., Any]:
    """A shown main window, optionally attached to services the test keeps ownership of."""

    def make(services: Any = None, *, size: tuple[int, int] | None = (1280, 800)) -> Any:
        from vpr_desktop.views.main_window import MainWindow

        window = MainWindow(settings)
        qtbot.addWidget(window)
        if size is not None:  # None: keep what the window restored from settings
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if services is not None:
            # Home, its count and the set-up offer follow the first page's paint (``settled``).
            with qtbot.waitSignal(window.settled, timeout=10000):
                window.attach(services, owned=False)
        return window

    return make


@pytest.fixture
def summary_shown(qtbot: Any) -> Callable[[Any], Any]:
    """Wait until a window's home page shows the summary its background job loaded.

    Widgets the summary added to a shown page's layouts are shown by a queued call Qt posts
    (``QLayout.addChildWidget``), so the events pending when the summary arrived are run too:
    without that a loaded machine could be polled between the two and see them hidden."""

    def wait(window: Any, timeout: int = 15000) -> Any:
        from PySide6.QtCore import QCoreApplication

        qtbot.waitUntil(
            lambda: window.home_page is not None and window.home_page.summary is not None,
            timeout=timeout,
        )
        QCoreApplication.processEvents()
        return window.home_page.summary

    return wait


@pytest.fixture
def demo_db(demo_copy: Path) -> Iterator[Any]:
    """A private, writable copy of the demo trust's database (one per test)."""
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    yield db
    db.close()


@pytest.fixture
def lead(demo_db: Any) -> Any:
    """Services over ``demo_db`` as the person running the tests (the demo's VPR lead)."""
    from vpr_desktop.services.container import build_services

    return build_services(demo_db)


@pytest.fixture
def opened(qtbot: Any, settings: Any) -> Callable[..., Any]:
    """``opened(PageClass, key, services, size)``: the page built, shown and activated, as
    the window does when a person goes to it."""

    def make(page_class: Any, key: str, services: Any, size: tuple[int, int] = (1280, 760)) -> Any:
        from vpr_desktop.views.navigation import PAGES_BY_KEY

        page = page_class(PAGES_BY_KEY[key], services, settings=settings)
        qtbot.addWidget(page)
        page.resize(*size)
        page.show()
        qtbot.waitExposed(page)
        page.activated()
        return page

    return make
