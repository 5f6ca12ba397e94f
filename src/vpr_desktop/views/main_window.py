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

The menus (``views.menus``), the database commands (``views.database_commands``), the
imports (``views.imports``), the sidebar's width (``views.window_layout``) and the paint
watches (``views.after_paint``) live in their own modules; the window composes them and holds
what they act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMainWindow
from PySide6.QtWidgets import QWidget

from vpr_desktop import APP_NAME
from vpr_desktop.views import menus
from vpr_desktop.views import window_state
from vpr_desktop.views.after_paint import PaintWatch
from vpr_desktop.views.common.page import Page
from vpr_desktop.views.database_commands import DatabaseCommands
from vpr_desktop.views.database_commands import close_in_background
from vpr_desktop.views.home.start import StartPage
from vpr_desktop.views.live_refresh import LiveRefresh
from vpr_desktop.views.navigation import PageSpec
from vpr_desktop.views.navigation import visible_pages
from vpr_desktop.views.page_set import PageSet
from vpr_desktop.views.sidebar import TOGGLE_SHORTCUT
from vpr_desktop.views.status_bar import WindowStatusBar
from vpr_desktop.views.window_layout import WindowLayout

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QAction
    from PySide6.QtGui import QCloseEvent
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
    setup_action: QAction
    return_action: QAction
    survey_action: QAction
    pack_actions: list[QAction]
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
        self.note_after_open = ""  # said once the next database has opened
        self._setup_done = False
        self._owns_services = False

        # Only what the first paint shows is built here; menu entries, shortcuts and the
        # background-task strip follow straight after it (see ``ensure_setup``).
        menus.build_menu_bar(self)
        self._build_central()
        self._build_status_bar()
        window_state.restore(self)
        self.central.restore_narrow()
        self.paint_watch = PaintWatch(self)
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
        self.runner.busy_changed.connect(self.database.busy_changed)
        self.page_area.layout().insertWidget(0, self.runner)
        menus.fill_menus(self)
        menus.fill_goto_menu(self)
        from vpr_desktop.views.view_as import ViewAsRole

        self.view_as = ViewAsRole(self)
        self.sidebar_action = menus.make_action(
            self,
            "Narrow or widen the sidebar",
            self.central.toggle,
            shortcuts=[TOGGLE_SHORTCUT],
            tip="Short page labels in the sidebar, or full titles (Ctrl+\\)",
        )
        self.view_menu.addAction(self.sidebar_action)
        self.setTabOrder(self.sidebar, self.sidebar_panel.button)
        self.setTabOrder(self.sidebar_panel.button, self.stack)

    # ================================================================== building

    def _build_central(self) -> None:
        self.central = layout = WindowLayout(self, self.settings)
        self.sidebar, self.sidebar_panel = layout.sidebar, layout.sidebar_panel
        self.page_area, self.stack, self.splitter = layout.page_area, layout.stack, layout.splitter
        self.sidebar.page_chosen.connect(self._sidebar_chosen)
        self.start_page = StartPage(self.stack)
        self.start_page.open_requested.connect(self.database.open_database)
        self.start_page.new_requested.connect(self.database.new_database)
        self.start_page.demo_requested.connect(self.database.open_demo)
        self.stack.addWidget(self.start_page)

    def _build_status_bar(self) -> None:
        status = self.status = WindowStatusBar(self)
        self.setStatusBar(status)
        self.note_label, self.db_label = status.note_label, status.db_label
        self.read_only_label, self.user_label = status.read_only_label, status.user_label
        self.backup_label = status.backup_label

    def save_settings(self) -> None:
        """Remember the window's size, layout and page for the next start."""
        window_state.save(self)

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
        self.sidebar.fill(self.specs)
        menus.fill_goto_menu(self)
        location = services.db.path.name if services.db.path is not None else services.db.location
        self.setWindowTitle(f"{APP_NAME} – {location}")
        self.status.show_database(services)
        self.database.enable_backups()

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
        self.paint_watch.settle_after_paint(services)

    @property
    def owns_services(self) -> bool:
        """Whether the window closes its services when they are replaced or it closes."""
        return self._owns_services

    def detach(self) -> tuple[Services | None, bool]:
        """Remove the pages and let go of the services; returns them and whether owned."""
        services, owned = self.services, self._owns_services
        self.paint_watch.cancel()  # these services' deferred work no longer applies
        self.live.watch(None)
        self.pages.close()
        self.pages = PageSet(self)
        self.specs = []
        self.services = None
        return services, owned

    # ================================================================== commands

    def import_data(self, kind: str) -> ImportDialog | None:
        """Data > Import …: the import dialog for ``kind`` (see ``views.import_kinds.IMPORTS``)."""
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
        self.show_page(key, self.sidebar.badge_view(key) if first else "")

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
        self.sidebar.show_badges(summary.badges)
        self.status.show_last_backup(summary.last_backup)

    # ================================================================== status bar

    def note(self, text: str) -> None:
        """Show a short message in the status bar."""
        self.status.note(text)

    # ================================================================== closing

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self.save_settings()
        self.database.close_window(self.runner if self._setup_done else None)
        super().closeEvent(event)
