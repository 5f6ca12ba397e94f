"""The pages one person may use, each built the first time someone goes to it.

Building on first show means a page nobody opens costs nothing, and a person whose role may not
see a page never has it built at all: :class:`PageSet` only holds the pages of that person's
role. Each page is built by its factory in :mod:`vpr_desktop.views.pages`, which receives the
window as a :class:`PageHost`: the few things a page may ask of it, not the window itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QStackedWidget

    from vpr_desktop.services.common.summary import HomeSummary
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.common.page import Page
    from vpr_desktop.views.navigation import PageSpec


class PageHost(Protocol):
    """What a page's factory may wire the page to: the window, seen from a page."""

    settings: QSettings
    stack: QStackedWidget
    specs: list[PageSpec]

    def show_page(self, key: str) -> bool:
        """Switch to page ``key``; False if this person's role has no such page."""

    def reload_home(self) -> None:
        """Recount the home summary after a page wrote something."""

    def open_incident(self, incident_id: int) -> None:
        """Show incident ``incident_id`` on the Incidents page."""

    def import_data(self, kind: str) -> object:
        """Open the import dialog for ``kind`` (see ``views.import_kinds.IMPORTS``)."""

    def back_up_now(self) -> None:
        """Take a backup of the open database now."""

    def open_demo(self) -> None:
        """Open (creating if need be) the demonstration database."""

    def note(self, text: str) -> None:
        """Show a short message in the window's status bar."""

    def summary_loaded(self, summary: HomeSummary) -> None:
        """The home page counted: badges and the last-backup line follow it."""


class PageSet(Mapping[str, "Page"]):
    """The pages one person may use for one database, each built the first time it is wanted.

    As a mapping it holds every page of the person's role (``"incidents" in pages`` says
    whether they may use it) and ``pages[key]`` builds the page if need be; :meth:`built`
    answers without building, for work that only matters to a page already on screen.
    """

    def __init__(
        self, host: PageHost, services: Services | None = None, specs: Sequence[PageSpec] = ()
    ) -> None:
        self._host = host
        self._services = services  # None: no database open, so no pages
        self._specs = {spec.key: spec for spec in specs} if services is not None else {}
        self._built: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        page = self._built.get(key)
        if page is None:
            spec = self._specs[key]  # KeyError: not a page this person may use
            assert self._services is not None  # (there are no specs without services)
            page = self._build(spec, self._services)
        return page

    def __contains__(self, key: object) -> bool:
        """Whether this person may use the page, without building it (``Mapping``'s own
        ``in`` would ask ``self[key]``, which builds)."""
        return key in self._specs

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def built(self, key: str) -> Page | None:
        """The page ``key`` if it has been built, without building it."""
        return self._built.get(key)

    def built_pages(self) -> list[Page]:
        """The pages built so far, for work (refresh, shutdown) that skips unbuilt pages."""
        return list(self._built.values())

    def _build(self, spec: PageSpec, services: Services) -> Page:
        from vpr_desktop.views.common.worker import JobRunner

        host = self._host
        # A page built at start-up to show its early rows (``views/early_rows.py``) is the page.
        early = getattr(host, "early_pages", {}).pop(spec.key, None)
        if early is not None:
            page = early.take_services(services)
        else:
            if spec.factory is None:  # only the start page, which the window builds itself
                raise ValueError(f"the {spec.key!r} page has no factory")
            page = spec.factory(spec, services, host)
        page.navigate.connect(host.show_page)
        page.navigate_view.connect(host.show_page)
        for runner in page.findChildren(JobRunner):
            runner.note.connect(host.note)
        self._built[spec.key] = page
        if host.stack.indexOf(page) < 0:
            host.stack.addWidget(page)
        return page

    def close(self) -> None:
        """Stop and remove the built pages (another database is opening)."""
        for page in self._built.values():
            page.shutdown()
            self._host.stack.removeWidget(page)
            page.deleteLater()
        self._built = {}
