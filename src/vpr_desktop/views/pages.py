"""How each page of the window is built: one factory per page.

Every page in ``navigation.PAGES`` names its factory here. A factory imports its page module
inside the function, so nothing a page needs (SQLAlchemy, charts, openpyxl) is loaded before
the first paint, and a page nobody opens costs nothing. When a page is built (the first time
someone goes to it) is :class:`~vpr_desktop.views.page_set.PageSet`'s to decide.

A factory receives the window as a :class:`~vpr_desktop.views.page_set.PageHost`, the few
things a page may ask of it (show another page, recount the home summary, open an import),
rather than the window itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.common.page import Page
    from vpr_desktop.views.common.page import ServicesPage
    from vpr_desktop.views.navigation import PageSpec
    from vpr_desktop.views.page_set import PageHost


#: Builds one page: its spec, the open database's services, and the window hosting it.
PageFactory = Callable[["PageSpec", "Services", "PageHost"], "Page"]


def _writing_page(
    page_class: type[ServicesPage], spec: PageSpec, services: Services | None, host: PageHost
) -> Page:
    """Build a page whose writes recount the home summary.

    Why one place: the risk register, incidents, the action log, the roles register and packs
    are all built the same way (the window's stack as parent, its settings, ``data_changed``
    wired to ``reload_home``); each factory keeps its own import, so the page's module still
    loads only when the page is first shown.
    """
    # Ignores: incidents is built without services for its early rows (``early_rows.py``),
    # and each of these pages declares data_changed, which ServicesPage itself does not.
    page = page_class(spec, services, host.stack, settings=host.settings)  # type: ignore[arg-type]
    page.data_changed.connect(host.reload_home)  # type: ignore[attr-defined]
    return page


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

    return _writing_page(RiskRegisterPage, spec, services, host)


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

    return _writing_page(IncidentsPage, spec, services, host)


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

    return _writing_page(ActionLogPage, spec, services, host)


def roles(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The roles register; its writes recount the home summary."""
    from vpr_desktop.views.roles.page import RolesRegisterPage

    return _writing_page(RolesRegisterPage, spec, services, host)


def packs(spec: PageSpec, services: Services, host: PageHost) -> Page:
    """The committee and board packs page; its writes recount the home summary."""
    from vpr_desktop.views.packs.page import PacksPage

    return _writing_page(PacksPage, spec, services, host)


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
