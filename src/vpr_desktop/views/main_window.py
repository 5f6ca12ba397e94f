"""The main window: the sidebar of pages, the page stack and the status bar.

It is built and painted before the database is open (start-up budget: nothing but Qt and view
modules before first paint), shows "Opening database…", and receives its services through
:meth:`MainWindow.attach` once a background job has opened the database. The pages a person's
roles allow are declared in ``navigation.PAGES``; each is built the first time it is shown
(``views.pages``). Opening another database starts again with none built.

Attaching shows the page the person last used first, and nothing else: what can wait (Home,
built for the sidebar badges and the last backup even when another page is showing, with its
count; the set-up offer; typing kept before a crash) waits until that page has painted, and
:attr:`MainWindow.settled` says when it has run. Each of those reads the database or imports a
module the first page does not need, so done first they would hold up the rows a person opened
the app to see (performance.md S2).

The menus (``views.menus``), the database commands (``views.database_commands``) and the
imports (``views.imports``) live in their own modules; the window holds what they act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop import APP_NAME
from vpr_desktop.views import menus, window_state
from vpr_desktop.views.common.page import Page
from vpr_desktop.views.database_commands import DatabaseCommands, close_in_background
from vpr_desktop.views.home.start import StartPage
from vpr_desktop.views.live_refresh import LiveRefresh
from vpr_desktop.views.navigation import PageSpec, badge_counts, visible_pages
from vpr_desktop.views.pages import PageSet
from vpr_desktop.views.sidebar import (
    NARROW_BELOW,
    SETTINGS_NARROW,
    TOGGLE_SHORTCUT,
    Sidebar,
    SidebarPanel,
)
from vpr_desktop.views.status_bar import WindowStatusBar

#: If the page shown on attaching never paints (a minimised window), settle anyway.
SETTLE_FALLBACK_MS = 1000

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QMenu

    from vpr_desktop.services.common.summary import HomeSummary
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.common.import_dialog import ImportDialog
    from vpr_desktop.views.common.worker import JobRunner
    from vpr_desktop.views.home.page import HomePage
    from vpr_desktop.views.view_as import ViewAsRole


class MainWindow(QMainWindow):
    """Signals:
    first_painted(): the window has painted once (start-up work is deferred until then).
    attached(object): services for a newly opened database are in place.
    settled(object): the page shown on attaching has painted, and what waited for it (Home
    and its count, the set-up offer, kept drafts) has started.
    """

    first_painted = Signal()
    attached = Signal(object)
    settled = Signal(object)

    # Menus and actions, made by ``views.menus`` (the menus before the first paint, the
    # actions straight after it).
    file_menu: QMenu
    edit_menu: QMenu
    view_menu: QMenu
    data_menu: QMenu
    reports_menu: QMenu
    help_menu: QMenu
    goto_menu: QMenu | None
    new_action: QAction
    open_action: QAction
    open_shared_action: QAction
    demo_action: QAction
    backup_action: QAction
    restore_action: QAction
    template_action: QAction
    exit_action: QAction
    find_action: QAction
    refresh_action: QAction
    about_action: QAction
    logs_action: QAction
    import_risks_action: QAction
    runner: JobRunner
    view_as: ViewAsRole  # View > View as role… (``views.view_as``), made with the menus

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)
        self.settings = settings if settings is not None else QSettings()
        self.services: Services | None = None
        self.pages = PageSet(self)
        #: Pages built before the database opened, showing early rows (``views.early_rows``).
        self.early_pages: dict[str, Page] = {}
        self.specs: list[PageSpec] = []
        self.database = DatabaseCommands(self)
        self.live = LiveRefresh(self, self)  # other people's changes appear by themselves
        self.import_dialogs: dict[str, ImportDialog] = {}
        self.import_actions: dict[str, QAction] = {}
        self.goto_actions: list[QAction] = []
        #: Page key -> the filter its sidebar badge counts (``HomeSummary.badges``).
        self._badge_views: dict[str, str] = {}
        self.note_after_open = ""  # said once the next database has opened
        self._painted = False
        self._setup_done = False
        #: Attached services whose deferred work waits for ``_settle_page`` to paint.
        self._settling: Services | None = None
        self._settle_page: QWidget | None = None
        self._owns_services = False

        # Only what the first paint shows is built here; menu entries, shortcuts and the
        # background-task strip follow straight after it (see ``ensure_setup``).
        menus.build_menu_bar(self)
        self._build_central()
        self._build_status_bar()
        self._restore_geometry()
        self.installEventFilter(self)
        # Queued, so whatever else waits for the first paint (opening the database, the
        # start-up benchmark's probe) is not held up by it.
        self.first_painted.connect(lambda: QTimer.singleShot(0, self.ensure_setup))
        self.show_start_sidebar()

    def ensure_setup(self) -> None:
        """Finish building the window: actions and shortcuts, menus, the task strip.

        Runs once, right after the first paint, or earlier if something needs it first.
        """
        if self._setup_done:
            return
        self._setup_done = True
        from vpr_desktop.views.common.worker import JobRunner

        self.runner = JobRunner(self.page_area, name="Database task")
        self.runner.note.connect(self.note)
        self.runner.busy_changed.connect(self._busy_changed)
        self.page_area.layout().insertWidget(0, self.runner)
        menus.fill_menus(self)
        menus.fill_goto_menu(self)
        from vpr_desktop.views.view_as import ViewAsRole

        self.view_as = ViewAsRole(self)
        self.sidebar_action = menus.make_action(
            self,
            "Narrow or widen the sidebar",
            self.toggle_sidebar,
            shortcuts=[TOGGLE_SHORTCUT],
            tip="Short page labels in the sidebar, or full titles (Ctrl+\\)",
        )
        self.view_menu.addAction(self.sidebar_action)
        self.setTabOrder(self.sidebar, self.sidebar_panel.button)
        self.setTabOrder(self.sidebar_panel.button, self.stack)

    # ================================================================== building

    def _build_central(self) -> None:
        self.sidebar = Sidebar(self)
        self.sidebar.page_chosen.connect(self._sidebar_chosen)

        self.page_area = QWidget(self)
        self.page_area.setObjectName("pageArea")
        area = QVBoxLayout(self.page_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        self.stack = QStackedWidget(self.page_area)
        self.stack.setObjectName("pageStack")
        area.addWidget(self.stack, 1)

        self.start_page = StartPage(self.stack)
        self.start_page.open_requested.connect(self.database.open_database)
        self.start_page.new_requested.connect(self.database.new_database)
        self.start_page.demo_requested.connect(self.database.open_demo)
        self.stack.addWidget(self.start_page)

        # No arguments: resolving QSplitter(parent) against QSplitter(Qt.Orientation, …) would
        # build the whole Qt namespace before the first paint. Horizontal is the default.
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.sidebar_panel = SidebarPanel(self.sidebar, self)
        self.sidebar_panel.toggled.connect(self.set_sidebar_narrow)
        self.splitter.addWidget(self.sidebar_panel)
        self.splitter.addWidget(self.page_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        width = self.sidebar.preferred_width()
        self.sidebar.setMinimumWidth(width)
        self.splitter.setSizes([width, max(self.width() - width, width * 3)])

    def _build_status_bar(self) -> None:
        status = self.status = WindowStatusBar(self)
        self.setStatusBar(status)
        self.note_label, self.db_label = status.note_label, status.db_label
        self.read_only_label, self.user_label = status.read_only_label, status.user_label
        self.backup_label = status.backup_label

    # ================================================================== geometry and settings

    def _restore_geometry(self) -> None:
        window_state.restore(self)
        remembered = self.settings.value(SETTINGS_NARROW)
        # First start: decided when the window is first shown, at the size it opens with.
        self._sidebar_decided = remembered is not None
        if remembered is not None:
            self.set_sidebar_narrow(str(remembered).lower() in ("true", "1"), remember=False)

    def set_sidebar_narrow(self, narrow: bool, *, remember: bool = True) -> None:
        """Short sidebar labels (``narrow``) or full titles; the page gets the width saved.
        ``remember``: keep the choice for the next start (a person's choice, not the
        first start's guess)."""
        self.sidebar.set_narrow(narrow)
        self.sidebar_panel.show_mode()
        width = self.sidebar.preferred_width()
        self.sidebar.setMinimumWidth(width)
        sizes = self.splitter.sizes()
        total = sum(sizes) if sum(sizes) > 0 else self.width()
        self.splitter.setSizes([width, max(total - width, width)])
        if remember:
            self.settings.setValue(SETTINGS_NARROW, "true" if narrow else "false")

    def toggle_sidebar(self) -> None:
        """Ctrl+\\: narrow the sidebar, or widen it again."""
        self.set_sidebar_narrow(not self.sidebar.is_narrow())

    def save_settings(self) -> None:
        """Remember the window's size, layout and page for the next start."""
        window_state.save(self)

    # ================================================================== first paint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self and not self._sidebar_decided and event.type() == QEvent.Type.Show:
            # No choice remembered: narrow where the full titles would crowd the page (a
            # 1366-pixel screen at 150% leaves 911 logical pixels).
            self._sidebar_decided = True
            self.set_sidebar_narrow(self.width() < NARROW_BELOW, remember=False)
        if watched is self and not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            # After this paint pass has finished, not during it.
            QTimer.singleShot(0, self.first_painted.emit)
        if watched is self._settle_page and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._settle_page = None
            services = self._settling
            QTimer.singleShot(0, self, lambda: self._settle(services))  # once this paint is done
        return False

    # ================================================================== the open database

    def open_target(
        self, target: str | None, *, demo: bool = False, mode: str = "auto", create: bool = True
    ) -> None:
        """Open ``target`` (or the demo / default database) in the background, then attach."""
        self.database.open_target(target, demo=demo, mode=mode, create=create)

    def attach(self, services: Services, *, owned: bool = True) -> None:
        """Show the pages this person may use for the newly opened database.

        ``owned``: the window closes the services when another database replaces them or the
        window closes (False when the caller keeps them, as tests do).
        """
        from vpr_desktop.views import crash

        self.ensure_setup()
        previous, previous_owned = self.detach()
        if previous is not None and previous_owned:
            # A "view as role" preview borrows the database of the services it previews.
            previous = previous.preview_of or previous
            if previous is not (services.preview_of or services):
                close_in_background(previous)
        self.services = services
        self._owns_services = owned
        crash.set_services(services)
        self.live.watch(services)
        self.specs = visible_pages(services.actor)
        self.pages = PageSet(self, services, self.specs)
        self._badge_views = {}
        self.sidebar.fill(self.specs)
        menus.fill_goto_menu(self)
        location = services.db.path.name if services.db.path is not None else services.db.location
        self.setWindowTitle(f"{APP_NAME} – {location}")
        self.status.show_database(services)
        self._enable_backups()

        wanted = str(self.settings.value(window_state.SETTINGS_PAGE, "home"))
        self.show_page(wanted if wanted in self.pages else "home")
        from vpr_desktop.views.early_rows import discard

        discard(self)  # (an early page this person's pages did not take)
        # Before a database is attached the page list is empty, so Qt gives the keyboard to
        # the sidebar's toggle; once pages are listed the keyboard starts on the list.
        focused = QApplication.focusWidget()
        if focused is None or focused is self.sidebar_panel.button:
            self.sidebar.setFocus()
        self.attached.emit(services)
        if self.note_after_open:
            self.note(self.note_after_open)
            self.note_after_open = ""
        self._settle_after_paint(services)

    def _settle_after_paint(self, services: Services) -> None:
        """Run :meth:`_settle` once the page shown has painted (see the module docstring).

        At once when nothing will paint (a hidden window, as in tests); a shown window that
        never paints (minimised) settles on the fallback timer instead of waiting for ever."""
        self._settling = services
        page = self.current_page()
        if page is None or not self.isVisible():
            self._settle(services)
            return
        self._settle_page = page
        page.installEventFilter(self)
        QTimer.singleShot(SETTLE_FALLBACK_MS, self, lambda: self._settle(services))

    def _stop_settle_watch(self) -> None:
        if self._settle_page is not None:
            self._settle_page.removeEventFilter(self)
            self._settle_page = None

    def _settle(self, services: Services | None) -> None:
        """What attaching left until the first page had painted; runs once per attach."""
        if services is None or services is not self._settling:
            return  # done already (the paint and the fallback timer both ask), or replaced
        self._settling = None
        self._stop_settle_watch()
        if services is not self.services:
            return
        home = self.pages["home"]  # the badges and the last backup come from its summary
        if home is not self.current_page():
            home.reload()  # (the page on show counted when it was activated)
        self.settled.emit(services)
        QTimer.singleShot(0, self.database.offer_drafts)  # typing kept before a crash

    @property
    def owns_services(self) -> bool:
        """Whether the window closes its services when they are replaced or it closes."""
        return self._owns_services

    def detach(self) -> tuple[Services | None, bool]:
        """Remove the pages and let go of the services; returns them and whether owned."""
        services, owned = self.services, self._owns_services
        self._settling = None  # these services' deferred work no longer applies
        self._stop_settle_watch()
        self.live.watch(None)
        self.pages.close()
        self.pages = PageSet(self)
        self.specs = []
        self.services = None
        return services, owned

    # ================================================================== commands

    def import_data(self, kind: str) -> ImportDialog | None:
        """Data > Import …: the import dialog for ``kind`` (see ``views.imports.IMPORTS``)."""
        from vpr_desktop.views.imports import open_import

        return open_import(self, kind)

    def import_training_data(self, kind: str) -> ImportDialog | None:
        """The Training page's import buttons: ``kind`` is "staff" or "training"."""
        return self.import_data(kind)  # "staff" or "training"

    def import_incidents(self) -> ImportDialog | None:
        """Data > Import incidents from Datix…."""
        return self.import_data("incidents")

    def back_up_now(self) -> None:
        """File > Back up now (for people who may take backups)."""
        self.database.back_up_now()

    def restore_backup(self, backup: Path | str | None = None) -> bool:
        """Restore ``backup`` (None: ask which); True if the restore was started."""
        return self.database.restore_backup(backup)

    def open_demo(self) -> None:
        """Open the demonstration database (made-up data)."""
        self.database.open_demo()

    def new_pack(self, kind: str) -> None:
        """Reports > Committee/Board pack…: the Packs page with its "New pack" dialog."""
        if "packs" not in self.pages:
            from vpr_desktop.views.common.dialogs import show_message

            show_message(
                "Packs",
                "Packs are not available here.",
                "Open a database, with a role that may generate packs.",
                self,
            )
            return
        self.show_page("packs")
        self.pages["packs"].new_pack(kind)  # type: ignore[attr-defined]

    def open_incident(self, incident_id: int) -> None:
        """The support queue's "Open incident": the incident on the Incidents page."""
        if self.show_page("incidents"):
            self.pages["incidents"].show_incident(incident_id)  # type: ignore[attr-defined]

    def reload_home(self) -> None:
        """A page wrote something: recount the home summary (and so the sidebar badges)."""
        home = self.home_page
        if home is not None:
            home.reload()

    def refresh(self) -> None:
        """F5: reload the page on show, and recount the home summary."""
        page = self.current_page()
        if page is not None:
            page.refresh()
        home = self.home_page
        if home is not None and home is not page:
            home.reload()

    def focus_search(self) -> None:
        """Ctrl+F: the page's search box, or a note that it has none."""
        page = self.current_page()
        if page is None or not page.focus_search():
            self.note("This page has no search box.")

    @property
    def home_page(self) -> HomePage | None:
        """The home page if it has been built, else None."""
        return self.pages.built("home")  # type: ignore[return-value]

    # ================================================================== sidebar and pages

    def show_start_sidebar(self) -> None:
        """No database open: the start page, and the sidebar's single row for it."""
        self.sidebar.show_start()
        self.stack.setCurrentWidget(self.start_page)
        if self.early_pages:  # (early rows of a database that did not open)
            from vpr_desktop.views.early_rows import discard

            discard(self)
        menus.fill_goto_menu(self)

    def show_page(self, key: str, view: str = "") -> bool:
        """Switch to the page ``key``, building it the first time; False if this person has
        no such page. ``view`` names a filter to show (a Home card opens its own rows)."""
        if key not in self.pages:
            return False
        page = self.pages[key]
        self.sidebar.select(key)
        if view:
            page.show_view(view)  # before activation: the list opens once, already filtered
        self.stack.setCurrentWidget(page)
        page.activated()
        self.live.shown(page)
        return True

    def _sidebar_chosen(self, key: str) -> None:
        """A sidebar row: the first visit to a page with a badge opens the badge's rows (the
        number it showed); later visits keep whatever the person chose there."""
        first = self.pages.built(key) is None
        self.show_page(key, self._badge_views.get(key, "") if first else "")

    def current_page(self) -> Page | None:
        """The page on show, or None before a database is open."""
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def visible_page_keys(self) -> list[str]:
        """The keys of the pages in the sidebar, top to bottom (for tests)."""
        return self.sidebar.keys()

    def sidebar_texts(self) -> list[str]:
        """The sidebar's entries as shown, badges included (for tests)."""
        return self.sidebar.texts()

    def summary_loaded(self, summary: HomeSummary) -> None:
        """The home page counted: the sidebar badges and the last backup follow it."""
        self.sidebar.set_badges(badge_counts(summary.badges))
        self._badge_views = {b.page: b.view for b in summary.badges if b.count}
        self.status.show_last_backup(summary.last_backup)

    # ================================================================== status bar

    def note(self, text: str) -> None:
        """Show a short message in the status bar."""
        self.status.note(text)

    def _busy_changed(self, busy: bool) -> None:
        for action in (self.new_action, self.open_action, self.demo_action):
            action.setEnabled(not busy)
        self._enable_backups(busy)

    def _enable_backups(self, busy: bool = False) -> None:
        if self.services is not None:
            from vpr_desktop.domain.permissions import Permission

            can, sqlite = self.services.actor.can, self.services.db.kind == "sqlite"
            self.backup_action.setEnabled(not busy and can(Permission.BACKUP) and sqlite)
            self.restore_action.setEnabled(not busy and can(Permission.RESTORE) and sqlite)
            self.template_action.setEnabled(not busy and can(Permission.IMPORT_DATA))

    # ================================================================== closing

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self.save_settings()
        from vpr_desktop.views.common import worker

        self.live.watch(None)
        if self._setup_done:
            self.runner.cancel()
        for page in self.pages.built_pages():
            page.shutdown()
        worker.shutdown(3000)
        if self.services is not None and self._owns_services:
            self.database.discard_drafts_on_close()
            self.database.backup_on_close()
            (self.services.preview_of or self.services).close()
        self.services = None
        super().closeEvent(event)
