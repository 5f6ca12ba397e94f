"""How each page of the window is built, and when: the first time someone goes to it.

Every page in ``navigation.PAGES`` names its factory here. A factory imports its page module
inside the function, so nothing a page needs (SQLAlchemy, charts, openpyxl) is loaded before
the first paint, and a page nobody opens costs nothing. Building on first show also means a
person whose role may not see a page never has it built at all: :class:`PageSet` only holds the
pages of that person's role.

A factory receives the window as a :class:`PageHost`, the few things a page may ask of it
(show another page, recount the home summary, open an import), rather than the window itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

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


#: Builds one page: its spec, the open database's services, and the window hosting it.
PageFactory = Callable[["PageSpec", "Services", PageHost], "Page"]


def home(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The home page, whose summary drives the sidebar badges and the status bar's backup line."""
    from vpr_desktop.views.home.page import HomePage

    page = HomePage(spec, services, host.specs, host.stack)
    page.summary_loaded.connect(host.summary_loaded)
    page.backup_requested.connect(host.back_up_now)
    page.demo_requested.connect(host.open_demo)
    return page


def assessment(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The self-assessment page."""
    from vpr_desktop.views.assessment.page import AssessmentPage

    return AssessmentPage(spec, services, host.stack, settings=host.settings)


def risks(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The risk register; its writes recount the home summary."""
    from vpr_desktop.views.risks.page import RiskRegisterPage

    page = RiskRegisterPage(spec, services, host.stack, settings=host.settings)
    page.data_changed.connect(host.reload_home)
    return page


def training(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The training page; its import buttons open the window's import dialogs."""
    from vpr_desktop.views.training.page import TrainingPage

    page = TrainingPage(spec, services, host.stack, settings=host.settings)
    page.data_changed.connect(host.reload_home)
    page.import_requested.connect(host.import_data)  # "staff" or "training"
    return page


def incidents(spec: PageSpec, services: Services | None, host: PageHost) -> Page:
    """The incident log; its writes recount the home summary. Without services: the page
    built at start-up for its early rows (``views/early_rows.py``), given them later."""
    from vpr_desktop.views.incidents.page import IncidentsPage

    page = IncidentsPage(spec, services, host.stack, settings=host.settings)
    page.data_changed.connect(host.reload_home)
    return page


def support(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The support queue; "Open incident" jumps to the incident on the Incidents page."""
    from vpr_desktop.views.incidents.support_queue import SupportQueuePage

    page = SupportQueuePage(spec, services, host.stack)
    page.data_changed.connect(host.reload_home)
    page.open_incident.connect(host.open_incident)
    return page


def actions(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The action log; its writes recount the home summary."""
    from vpr_desktop.views.actions.page import ActionLogPage

    page = ActionLogPage(spec, services, host.stack, settings=host.settings)
    page.data_changed.connect(host.reload_home)
    return page


def roles(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The roles register; its writes recount the home summary."""
    from vpr_desktop.views.roles.page import RolesRegisterPage

    page = RolesRegisterPage(spec, services, host.stack, settings=host.settings)
    page.data_changed.connect(host.reload_home)
    return page


def packs(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The committee and board packs page; its writes recount the home summary."""
    from vpr_desktop.views.packs.page import PacksPage

    page = PacksPage(spec, services, host.stack, settings=host.settings)
    page.data_changed.connect(host.reload_home)
    return page


def audit(spec: PageSpec, services: Services, host: PageHost) -> Page:
    from vpr_desktop.views.admin.audit import AuditPage

    return AuditPage(spec, services, host.stack, settings=host.settings)


def admin(spec: PageSpec, services: Services, host: PageHost) -> Page:
    from vpr_desktop.views.admin.page import AdminPage

    return AdminPage(spec, services, host.stack, settings=host.settings)


def trust_settings(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The trust's settings (administrators and VPR leads)."""
    from vpr_desktop.views.admin.settings import SettingsPage

    return SettingsPage(spec, services, host.stack, settings=host.settings)


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
