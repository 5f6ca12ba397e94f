"""The main window: menus, the sidebar of pages, the page stack and the status bar.

It is built and painted before the database is open (start-up budget: nothing but Qt and view
modules before first paint), shows "Opening database…", and receives its services through
:meth:`MainWindow.attach` once a background job has opened the database. Pages are created on
attach, one per page the person's roles allow; opening another database rebuilds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop import APP_NAME
from vpr_desktop.views.common.page import Page
from vpr_desktop.views.common.widgets import ElidedLabel, label, set_role
from vpr_desktop.views.home.start import StartPage
from vpr_desktop.views.navigation import (
    PAGES_BY_KEY,
    PageSpec,
    badge_counts,
    sidebar_accessible_text,
    sidebar_text,
    visible_pages,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QMenu

    from vpr_desktop.services.common.summary import HomeSummary
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.home.page import HomePage

#: Qt::UserRole and Qt::AccessibleTextRole as plain ints: the sidebar is filled before the
#: first paint, when the ``Qt`` namespace must not be touched yet (see ``views.widgets``).
KEY_ROLE = 256
ACCESSIBLE_TEXT_ROLE = 11
SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_SPLITTER = "window/splitter"
SETTINGS_PAGE = "window/page"
DB_FILTER = "VPR Desktop databases (*.db *.sqlite *.sqlite3);;All files (*)"
LOCATIONS_INTRO = (
    "Choose a CSV or Excel list of the trust's locations, one row per ward, department or "
    "service, with columns for the site code (and the site name for a new site), the location "
    "code and name, the setting type (e.g. Inpatient mental health, Emergency department, "
    "Community) and, optionally, the directorate and whether it is in use. Setting types "
    "drive each location's training needs and the committee and board packs. Locations "
    "already here (same code) are updated, not duplicated. The file is checked first and "
    "nothing is written until you press Import; if any row has a problem, nothing is "
    "imported."
)
LOCATIONS_FILTER = (
    "Location lists (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx);;All files (*)"
)


class MainWindow(QMainWindow):
    """Signals:
    first_painted(): the window has painted once (start-up work is deferred until then).
    attached(object): services for a newly opened database are in place.
    """

    first_painted = Signal()
    attached = Signal(object)

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)
        self.settings = settings if settings is not None else QSettings()
        self.services: Services | None = None
        self.pages: dict[str, Page] = {}
        self.specs: list[PageSpec] = []
        self._badges: dict[str, int] = {}
        self._painted = False
        self._closing = False
        self._setup_done = False
        self._owns_services = False
        self._note_after_open = ""  # said once the next database has opened
        self.goto_actions: list[QAction] = []

        # Only what the first paint shows is built here; menu entries, shortcuts and the
        # background-task strip follow straight after it (see ``ensure_setup``).
        self._build_menu_bar()
        self._build_central()
        self._build_status_bar()
        self._restore_geometry()
        self.installEventFilter(self)
        # Queued, so whatever else waits for the first paint (opening the database, the
        # start-up benchmark's probe) is not held up by it.
        self.first_painted.connect(lambda: QTimer.singleShot(0, self.ensure_setup))
        self._show_start_sidebar()

    def ensure_setup(self) -> None:
        """Finish building the window: actions and shortcuts, menus, the task strip.

        Runs once, right after the first paint, or earlier if something needs it first.
        """
        if self._setup_done:
            return
        self._setup_done = True
        from vpr_desktop.views.common.worker import JobRunner

        self.runner = JobRunner(self.page_area, name="Database task")
        self.runner.note.connect(self._note)
        self.runner.busy_changed.connect(self._busy_changed)
        self.page_area.layout().insertWidget(0, self.runner)
        self._build_actions()
        self._fill_menus()
        self._fill_goto_menu()
        self.setTabOrder(self.sidebar, self.stack)

    # ================================================================== building

    def _action(
        self,
        text: str,
        slot: Any,
        *,
        shortcuts: list[Any] | None = None,
        tip: str = "",
        enabled: bool = True,
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setEnabled(enabled)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_actions(self) -> None:
        from PySide6.QtGui import QKeySequence

        self.new_action = self._action(
            "&New database…", self.new_database, tip="Create a new, empty database"
        )
        self.open_action = self._action(
            "&Open database…",
            self.open_database,
            shortcuts=[QKeySequence.StandardKey.Open],
            tip="Open another database",
        )
        self.demo_action = self._action(
            "Open &demo database", self.open_demo, tip="Open the demo database (made-up data)"
        )
        self.backup_action = self._action(
            "&Back up now",
            self.back_up_now,
            shortcuts=["Ctrl+B"],
            enabled=False,
            tip="Take a verified backup of the database now",
        )
        self.exit_action = self._action(
            "E&xit", self.close, shortcuts=[QKeySequence.StandardKey.Quit], tip="Close VPR Desktop"
        )
        self.find_action = self._action(
            "&Find…",
            self.focus_search,
            shortcuts=[QKeySequence.StandardKey.Find],
            tip="Search the current page",
        )
        self.refresh_action = self._action(
            "&Refresh", self.refresh, shortcuts=["F5"], tip="Load the current page again"
        )
        self.about_action = self._action("&About VPR Desktop", self.show_about)
        self.logs_action = self._action(
            "Show the &log folder",
            self.show_log_folder,
            tip="Open the folder with VPR Desktop's log files",
        )
        self.import_risks_action = self._action(
            "Import &risk assessments…",
            self.import_risks,
            tip="Import an existing risk register from a CSV or Excel file",
        )

    def _later(self, menu: QMenu, text: str) -> None:
        """A menu entry for a capability not built yet: visible, disabled, and saying so."""
        action = menu.addAction(f"{text} (in a later release)")
        action.setEnabled(False)

    def _build_menu_bar(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName("Menu bar")
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        self.data_menu = bar.addMenu("&Data")
        self.reports_menu = bar.addMenu("&Reports")
        self.help_menu = bar.addMenu("&Help")
        self.goto_menu: QMenu | None = None  # made with the other entries after first paint

    def _fill_menus(self) -> None:
        file_menu = self.file_menu
        file_menu.addActions([self.new_action, self.open_action, self.demo_action])
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        self.restore_action = file_menu.addAction(
            "&Restore a backup…", lambda: self.restore_backup()
        )
        self.restore_action.setToolTip("Replace the open database with one of its backups")
        self.restore_action.setEnabled(False)
        file_menu.addSeparator()
        file_menu.addAction(self.exit_action)

        self.edit_menu.addAction(self.find_action)

        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()
        self.goto_menu = self.view_menu.addMenu("&Go to")

        data_menu = self.data_menu
        data_menu.addAction("Import &locations…", self.import_locations)
        data_menu.addAction("Import &staff from ESR…", lambda: self.import_training_data("staff"))
        data_menu.addAction(
            "Import &training from ESR…", lambda: self.import_training_data("training")
        )
        data_menu.addAction("Import incidents from &Datix…", self.import_incidents)
        data_menu.addAction(self.import_risks_action)

        self.reports_menu.addAction("&Committee pack…", lambda: self.new_pack("committee"))
        self.reports_menu.addAction("&Board pack…", lambda: self.new_pack("board"))

        self.help_menu.addAction(self.about_action)
        self.help_menu.addAction(self.logs_action)

    def _build_central(self) -> None:
        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setAccessibleDescription(
            "Choose a page; the number in brackets is how many items need attention"
        )
        self.sidebar.setUniformItemSizes(True)
        self.sidebar.setProperty("horizontalScrollBarPolicy", 1)  # Qt::ScrollBarAlwaysOff
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)

        self.page_area = QWidget(self)
        self.page_area.setObjectName("pageArea")
        area = QVBoxLayout(self.page_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        self.stack = QStackedWidget(self.page_area)
        self.stack.setObjectName("pageStack")
        area.addWidget(self.stack, 1)

        self.start_page = StartPage(self.stack)
        self.start_page.open_requested.connect(self.open_database)
        self.start_page.new_requested.connect(self.new_database)
        self.start_page.demo_requested.connect(self.open_demo)
        self.stack.addWidget(self.start_page)

        # No arguments: resolving QSplitter(parent) against QSplitter(Qt.Orientation, …) would
        # build the whole Qt namespace before the first paint. Horizontal is the default.
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.page_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self._size_sidebar()

    def _size_sidebar(self) -> None:
        # The style sheet sets the sidebar's font: measure with it, not the default font,
        # or "Support queue (146)" is clipped. Room for a 4-digit badge, padding and border.
        self.sidebar.ensurePolished()
        metrics = self.sidebar.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(sidebar_text(spec, 9999)) for spec in PAGES_BY_KEY.values()
        )
        width = widest + 2 * 14 + 4 + 2 * metrics.averageCharWidth() + 8
        self.sidebar.setMinimumWidth(width)
        self.splitter.setSizes([width, max(self.width() - width, width * 3)])

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        status.setSizeGripEnabled(True)
        self.note_label = ElidedLabel("", status)
        self.note_label.setObjectName("statusNote")
        self.read_only_label = ElidedLabel("", status)
        self.read_only_label.setObjectName("readOnlyNote")
        self.read_only_label.hide()
        self.db_label = ElidedLabel("No database open", status)
        self.db_label.setObjectName("statusDatabase")
        self.user_label = label("", status, name="statusUser", wrap=False)
        self.user_label.hide()
        self.backup_label = label("", status, name="statusBackup", wrap=False)
        self.backup_label.hide()
        status.addWidget(self.note_label, 1)
        status.addPermanentWidget(self.read_only_label, 2)
        status.addPermanentWidget(self.db_label, 2)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.backup_label)

    # ================================================================== geometry and settings

    def _restore_geometry(self) -> None:
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry().size() if screen else QSize(1366, 728)
        metrics = self.fontMetrics()
        minimum = QSize(
            min(metrics.averageCharWidth() * 90, available.width()),
            min(metrics.lineSpacing() * 26, available.height()),
        )
        self.setMinimumSize(minimum)
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            width = min(max(int(available.width() * 0.85), minimum.width()), 1400)
            height = min(max(int(available.height() * 0.85), minimum.height()), 900)
            self.resize(width, height)
        state = self.settings.value(SETTINGS_STATE)
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value(SETTINGS_SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_settings(self) -> None:
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SETTINGS_STATE, self.saveState())
        self.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        page = self.current_page()
        if page is not None and page.key in PAGES_BY_KEY:
            self.settings.setValue(SETTINGS_PAGE, page.key)
        self.settings.sync()

    # ================================================================== first paint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self and not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            # After this paint pass has finished, not during it.
            QTimer.singleShot(0, self.first_painted.emit)
        return False

    # ================================================================== opening a database

    def open_target(
        self, target: str | None, *, demo: bool = False, mode: str = "auto", create: bool = True
    ) -> None:
        """Open ``target`` (or the demo / default database) in the background, then attach."""
        from vpr_desktop.views.opening import describe_target, open_services_job

        self.ensure_setup()
        if self.runner.is_busy():
            return
        where = describe_target(target, demo)
        if self.services is None:
            self.start_page.show_opening(where)
            self.stack.setCurrentWidget(self.start_page)
        self.runner.start(
            open_services_job(target, demo=demo, mode=mode, create=create),
            label=f"Opening {where}…",
            on_done=self.attach,
            on_error=self._open_failed,
            on_cancelled=self._open_cancelled,
            on_discard=_close_services,
            cancellable=demo,
            purpose="write",
            done_note="Database open",
        )

    def _open_failed(self, exc: BaseException) -> None:
        from vpr_desktop.views.crash import report_error

        if self.services is None:
            self.start_page.show_closed(getattr(exc, "message", "The database did not open."))
            self._show_start_sidebar()
        report_error(exc, self)

    def _open_cancelled(self) -> None:
        if self.services is None:
            self.start_page.show_closed("Opening was cancelled.")
            self._show_start_sidebar()

    def attach(self, services: Services, *, owned: bool = True) -> None:
        """Show the pages this person may use for the newly opened database.

        ``owned``: the window closes the services when another database replaces them or the
        window closes (False when the caller keeps them, as tests do).
        """
        from vpr_desktop.domain.permissions import Permission
        from vpr_desktop.views import crash

        self.ensure_setup()
        previous, previous_owned = self.services, self._owns_services
        if previous is not None:
            self._remove_pages()
            if previous_owned and previous is not services:
                _close_in_background(previous)
        self.services = services
        self._owns_services = owned
        crash.set_services(services)
        actor = services.actor
        self.specs = visible_pages(actor)
        self._badges = {}
        self._create_pages(services)
        self._fill_sidebar()
        self._fill_goto_menu()

        db = services.db
        self.setWindowTitle(f"{APP_NAME} – {_short_location(db)}")
        self.db_label.set_full_text(db.describe())
        self.user_label.setText(f"{actor.display_name} – {actor.roles_label}")
        self.user_label.setAccessibleName(
            f"Signed in as {actor.display_name}, roles: {actor.roles_label}"
        )
        self.user_label.show()
        if db.read_only:
            reason = db.read_only_reason or "opened read-only"
            if reason.lower().startswith("read-only because "):
                reason = reason[len("read-only because ") :]
            self.read_only_label.set_full_text(f"Read-only: {reason}")
            self.read_only_label.setToolTip(f"Read-only: {reason}. Changes cannot be saved.")
            self.read_only_label.show()
        else:
            self.read_only_label.hide()
        if db.upgraded_from is not None:
            note = f"Database upgraded from schema {db.upgraded_from} to {db.schema_revision}."
            if db.backup_before_upgrade is not None:
                note += f" A backup was taken first: {db.backup_before_upgrade}"
            self._note(note)
        self.backup_label.setText("Last backup: checking…")
        self.backup_label.show()
        self.backup_action.setEnabled(actor.can(Permission.BACKUP) and db.kind == "sqlite")
        self.restore_action.setEnabled(actor.can(Permission.RESTORE) and db.kind == "sqlite")

        wanted = str(self.settings.value(SETTINGS_PAGE, "home"))
        self.show_page(wanted if wanted in self.pages else "home")
        home = self.home_page
        if home is not None and home is not self.current_page():
            home.reload()  # badges and last backup, even when another page is showing
        self.attached.emit(services)
        if self._note_after_open:
            self._note(self._note_after_open)
            self._note_after_open = ""

    def _create_pages(self, services: Services) -> None:
        from vpr_desktop.views.common.placeholder import PlaceholderPage
        from vpr_desktop.views.common.worker import JobRunner

        for spec in self.specs:
            page: Page
            if spec.key == "home":
                from vpr_desktop.views.home.page import HomePage

                home = HomePage(spec, services, self.specs, self.stack)
                home.summary_loaded.connect(self._summary_loaded)
                home.backup_requested.connect(self.back_up_now)
                home.demo_requested.connect(self.open_demo)
                page = home
            elif spec.key == "incidents":
                from vpr_desktop.views.incidents.page import IncidentsPage

                incidents = IncidentsPage(spec, services, self.stack, settings=self.settings)
                incidents.data_changed.connect(self._reload_home)
                page = incidents
            elif spec.key == "support":
                from vpr_desktop.views.incidents.support_queue import SupportQueuePage

                support = SupportQueuePage(spec, services, self.stack)
                support.data_changed.connect(self._reload_home)
                support.open_incident.connect(self._open_incident)
                page = support
            elif spec.key == "assessment":
                from vpr_desktop.views.assessment.page import AssessmentPage

                page = AssessmentPage(spec, services, self.stack, settings=self.settings)
            elif spec.key == "risks":
                from vpr_desktop.views.risks.page import RiskRegisterPage

                risks = RiskRegisterPage(spec, services, self.stack, settings=self.settings)
                risks.data_changed.connect(self._reload_home)
                page = risks
            elif spec.key == "actions":
                from vpr_desktop.views.actions.page import ActionLogPage

                actions = ActionLogPage(spec, services, self.stack, settings=self.settings)
                actions.data_changed.connect(self._reload_home)
                page = actions
            elif spec.key == "roles":
                from vpr_desktop.views.roles.page import RolesRegisterPage

                roles = RolesRegisterPage(spec, services, self.stack, settings=self.settings)
                roles.data_changed.connect(self._reload_home)
                page = roles
            elif spec.key == "training":
                from vpr_desktop.views.training.page import TrainingPage

                training = TrainingPage(spec, services, self.stack, settings=self.settings)
                training.data_changed.connect(self._reload_home)
                if hasattr(self, "import_training_data"):
                    training.import_requested.connect(self.import_training_data)
                page = training
            elif spec.key == "packs":
                from vpr_desktop.views.packs.page import PacksPage

                packs = PacksPage(spec, services, self.stack, settings=self.settings)
                packs.data_changed.connect(self._reload_home)
                page = packs
            # -- audit viewer (issue 15)
            elif spec.key == "audit":
                from vpr_desktop.views.admin.audit import AuditPage

                page = AuditPage(spec, services, self.stack, settings=self.settings)
            # --
            else:
                page = PlaceholderPage(spec, self.stack)
            page.navigate.connect(self.show_page)
            for runner in page.findChildren(JobRunner):
                runner.note.connect(self._note)
            self.pages[spec.key] = page
            self.stack.addWidget(page)

    def _remove_pages(self) -> None:
        for page in self.pages.values():
            page.shutdown()
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}
        self.specs = []

    def import_incidents(self) -> Any:
        """Data > Import incidents from Datix…: check the export, then import, row by row."""
        from vpr_desktop.views.risks.import_dialog import ImportDialog, datix_spec

        services = self.services
        if (
            services is None
            or services.db.read_only
            or not services.actor.can("import_data")
            or not services.actor.can("edit_incidents")
        ):
            self._note(
                "Importing incidents needs the VPR lead role and a database that is not read-only."
            )
            return None
        dialog = ImportDialog(None, self, spec=datix_spec(services.incidents()))
        dialog.imported.connect(lambda _result: self._incidents_imported())
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            dialog.open()
        self._datix_dialog = dialog
        return dialog

    def import_locations(self) -> Any:
        """Data > Import locations…: the trust's sites and locations (with their setting
        types) from a list, checked first, then imported all or nothing."""
        from vpr_desktop.services.admin.location_import import import_locations
        from vpr_desktop.views.risks.import_dialog import ImportDialog, ImportSpec

        services = self.services
        if services is None or services.db.read_only or not services.actor.can("import_data"):
            self._note(
                "Importing locations needs the VPR lead role and a database that is not read-only."
            )
            return None
        db, actor = services.db, services.actor
        spec = ImportSpec(
            "Import locations",
            LOCATIONS_INTRO,
            "location",
            lambda path, dry: import_locations(db, actor, path, dry_run=dry),
            LOCATIONS_FILTER,
        )
        dialog = ImportDialog(None, self, spec=spec)
        dialog.imported.connect(lambda _result: self._training_imported())
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            dialog.open()
        self._locations_dialog = dialog
        return dialog

    def import_training_data(self, kind: str) -> Any:
        """Data > Import staff / training from ESR…: preview and map the columns, check the
        whole file, then import (background, with progress and Cancel)."""
        from vpr_desktop.views.common.worker import JobRunner
        from vpr_desktop.views.training.import_dialog import EsrImportDialog

        services = self.services
        if services is None or services.db.read_only or not services.actor.can("import_data"):
            self._note(
                "Importing from ESR needs the VPR lead role and a database that is not read-only."
            )
            return None
        dialog = EsrImportDialog(services.training_imports(), kind, self)
        dialog.imported.connect(lambda _result: self._training_imported())
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        for runner in dialog.findChildren(JobRunner):
            runner.note.connect(self._note)
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            dialog.open()
        self._esr_dialog = dialog
        return dialog

    def _training_imported(self) -> None:
        page = self.pages.get("training")
        if page is not None:
            page.refresh()
        self._reload_home()

    def _incidents_imported(self) -> None:
        page = self.pages.get("incidents")
        if page is not None:
            page.refresh()
        self._reload_home()

    def _reload_home(self) -> None:
        """A page wrote something: recount the home summary (and so the sidebar badges)."""
        home = self.home_page
        if home is not None:
            home.reload()

    def new_pack(self, kind: str) -> None:
        """Reports > Committee/Board pack…: the Packs page with its "New pack" dialog."""
        page = self.pages.get("packs")
        if page is None:
            from vpr_desktop.views.common.dialogs import show_message

            show_message(
                "Packs",
                "Packs are not available here.",
                "Open a database, with a role that may generate packs.",
                self,
            )
            return
        self.show_page("packs")
        page.new_pack(kind)  # type: ignore[attr-defined]

    def _open_incident(self, incident_id: int) -> None:
        """The support queue's "Open incident": the incident on the Incidents page."""
        page = self.pages.get("incidents")
        if page is not None and self.show_page("incidents"):
            page.show_incident(incident_id)  # type: ignore[attr-defined]

    @property
    def home_page(self) -> HomePage | None:
        return self.pages.get("home")  # type: ignore[return-value]

    # ================================================================== sidebar and pages

    def _show_start_sidebar(self) -> None:
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        item = QListWidgetItem("Home")
        item.setData(KEY_ROLE, "start")
        item.setData(ACCESSIBLE_TEXT_ROLE, "Home")
        self.sidebar.addItem(item)
        self.sidebar.setCurrentRow(0)
        self.sidebar.blockSignals(False)
        self.stack.setCurrentWidget(self.start_page)
        self._fill_goto_menu()

    def _fill_sidebar(self) -> None:
        current = self.current_page()
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for spec in self.specs:
            item = QListWidgetItem()
            item.setData(KEY_ROLE, spec.key)
            self.sidebar.addItem(item)
            self._label_item(item, spec)
        self.sidebar.blockSignals(False)
        if current is not None and current.key in self.pages:
            self._select_row(current.key)

    def _label_item(self, item: QListWidgetItem, spec: PageSpec) -> None:
        count = self._badges.get(spec.key, 0)
        item.setText(sidebar_text(spec, count))
        item.setData(ACCESSIBLE_TEXT_ROLE, sidebar_accessible_text(spec, count))
        item.setToolTip(spec.purpose)

    def _fill_goto_menu(self) -> None:
        for action in self.goto_actions:
            self.removeAction(action)
            action.deleteLater()
        self.goto_actions = []
        if self.goto_menu is None:  # not built yet: ensure_setup fills it
            return
        self.goto_menu.clear()
        for n, spec in enumerate(self.specs[:9], start=1):
            action = self._action(
                spec.title,
                lambda _checked=False, k=spec.key: self.show_page(k),
                shortcuts=[f"Ctrl+{n}", f"Alt+{n}"],
            )
            self.goto_menu.addAction(action)
            self.goto_actions.append(action)
        self.goto_menu.setEnabled(bool(self.goto_actions))

    def _select_row(self, key: str) -> None:
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).data(KEY_ROLE) == key:
                self.sidebar.blockSignals(True)
                self.sidebar.setCurrentRow(row)
                self.sidebar.blockSignals(False)
                return

    def _on_sidebar_row(self, row: int) -> None:
        item = self.sidebar.item(row) if row >= 0 else None
        if item is not None:
            self.show_page(str(item.data(KEY_ROLE)))

    def show_page(self, key: str) -> bool:
        """Switch to the page ``key``; False if this person has no such page."""
        page = self.pages.get(key)
        if page is None:
            return False
        self._select_row(key)
        self.stack.setCurrentWidget(page)
        page.activated()
        return True

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def visible_page_keys(self) -> list[str]:
        return [str(self.sidebar.item(r).data(KEY_ROLE)) for r in range(self.sidebar.count())]

    def sidebar_texts(self) -> list[str]:
        return [self.sidebar.item(r).text() for r in range(self.sidebar.count())]

    # ================================================================== summary-driven bits

    def _summary_loaded(self, summary: HomeSummary) -> None:
        from vpr_desktop.views.common.formatting import format_datetime

        self._badges = badge_counts(summary.attention)
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            spec = PAGES_BY_KEY.get(str(item.data(KEY_ROLE)))
            if spec is not None:
                self._label_item(item, spec)
        if summary.last_backup is not None:
            text = f"Last backup: {format_datetime(summary.last_backup)}"
            set_role(self.backup_label, "warning", False)
        else:
            text = "No backup yet"
            set_role(self.backup_label, "warning", True)
        self.backup_label.setText(text)
        self.backup_label.setAccessibleName(text)

    # ================================================================== commands

    def refresh(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()
        home = self.home_page
        if home is not None and home is not page:
            home.reload()

    def focus_search(self) -> None:
        page = self.current_page()
        if page is None or not page.focus_search():
            self._note("This page has no search box.")

    def back_up_now(self) -> None:
        from vpr_desktop.domain.permissions import Permission

        services = self.services
        if services is None or not services.actor.can(Permission.BACKUP):
            return
        self.ensure_setup()
        if self.runner.is_busy():
            self._note("Wait for the current task to finish first.")
            return
        backups = services.backups

        def run(progress: Any, is_cancelled: Any) -> Any:
            return backups.backup_now(
                progress=lambda percent: progress(percent, "Backing up the database…"),
                is_cancelled=is_cancelled,
            )

        self.runner.start(
            run,
            label="Backing up the database…",
            on_done=self._backup_done,
            purpose="write",
            done_note="Backup finished",
        )

    def restore_backup(self, backup: Path | str | None = None) -> bool:
        """File > Restore a backup…: replace the open database file with a backup.

        The service checks the backup (ours, intact, not newer), keeps the current database as
        a "before-restore" backup, and needs the file's lock, so the window lets go of the
        database first and opens it again afterwards — restored, or as it was if the restore
        was refused. A shared PostgreSQL database is restored by its administrators instead.
        Returns True when the restore was started.
        """
        services = self.services
        if services is None:
            return False
        if services.db.kind != "sqlite" or services.db.path is None:
            self._note("A shared database is restored by IT from the server's own backups.")
            return False
        if not services.actor.can("restore"):
            self._note("Restoring a backup needs the administrator role.")
            return False
        if self.runner.is_busy():
            self._note("Wait for the current task to finish first.")
            return False
        target = Path(services.db.path)
        if backup is None:
            from PySide6.QtWidgets import QFileDialog

            from vpr_desktop.store.paths import backups_dir

            chosen, _filter = QFileDialog.getOpenFileName(
                self, "Choose the backup to restore", str(backups_dir()), DB_FILTER
            )
            if not chosen:
                return False
            backup = chosen
        backup = Path(backup)
        from vpr_desktop.views.risks.widgets import confirm

        confirm(
            self,
            "Restore a backup",
            f"Replace {target.name} with the backup {backup.name}? Everything saved since "
            "that backup is replaced. The database as it is now is kept first as a "
            "'before-restore' backup, so this can be taken back.",
            "Restore",
            lambda: self._restore(Path(backup), target),
        )
        return True

    def _restore(self, backup: Path, target: Path) -> None:
        from vpr_desktop.services.admin.backups import restore_database
        from vpr_desktop.views.common import worker

        services = self.services
        self._remove_pages()
        self.services = None
        if services is not None:
            worker.thread_pool("read").waitForDone(10_000)
            if self._owns_services:
                services.close()
        self.start_page.show_opening(f"{target.name} (restoring {backup.name})")
        self.stack.setCurrentWidget(self.start_page)
        self._show_start_sidebar()

        def run(progress: Any, _cancelled: Any) -> Any:
            return restore_database(
                backup,
                target,
                progress=lambda percent: progress(percent, f"Restoring {backup.name}…"),
            )

        def reopen() -> None:  # (the runner is free again when these run)
            self.open_target(str(target), create=False)

        def done(safety: Path | None) -> None:
            kept = f" The database as it was is kept at {safety}." if safety else ""
            self._note_after_open = f"Restored {backup.name}.{kept}"
            reopen()

        def failed(exc: BaseException) -> None:
            from vpr_desktop.views.crash import report_error

            reopen()
            report_error(exc, self)

        self.runner.start(
            run,
            label=f"Restoring {backup.name}…",
            on_done=done,
            on_error=failed,
            cancellable=False,
            purpose="write",
            done_note="Restore finished",
        )

    def _backup_done(self, result: Any) -> None:
        self._note(f"Backup saved to {getattr(result, 'path', '')}")
        home = self.home_page
        if home is not None:
            home.reload()

    def open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.services.db.path.parent) if self._current_path() else ""
        path, _filter = QFileDialog.getOpenFileName(self, "Open database", start, DB_FILTER)
        if path:
            self._switch_to(path, create=False)

    def new_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(self, "New database", "vpr.db", DB_FILTER)
        if not path:
            return
        if Path(path).exists():
            from vpr_desktop.views.common.dialogs import show_message

            show_message(
                "A file with that name exists",
                f"{path} already exists, so a new database was not created there.",
                "Choose a new file name, or use File > Open database to open it.",
                self,
            )
            return
        self._switch_to(path, create=True)

    def open_demo(self) -> None:
        self._switch_to(None, demo=True)

    def _switch_to(self, target: str | None, *, demo: bool = False, create: bool = True) -> None:
        current = self._current_path()
        if target is not None and current is not None and Path(target).resolve() == current:
            self.refresh()
            self._note("That database is already open.")
            return
        self.open_target(target, demo=demo, create=create)

    def _current_path(self) -> Path | None:
        if self.services is None or self.services.db.path is None:
            return None
        return Path(self.services.db.path).resolve()

    def import_risks(self) -> None:
        """Data > Import risk assessments…: the risk register page's import dialog."""
        page = self.pages.get("risks")
        if page is None or not self.show_page("risks"):
            self._note("Importing risk assessments needs access to the risk register.")
            return
        if page.open_import() is None:  # type: ignore[attr-defined]
            self._note(
                "Importing risk assessments needs the VPR lead role and a database "
                "that is not read-only."
            )

    def show_about(self) -> None:
        from vpr_desktop.views.common.dialogs import show_about

        show_about(self.services, self)

    def show_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from vpr_desktop.store.paths import logs_dir

        folder = logs_dir()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._note(f"The log folder is {folder}")

    # ================================================================== status bar

    def _note(self, text: str) -> None:
        self.note_label.set_full_text(text)

    def _busy_changed(self, busy: bool) -> None:
        for action in (self.new_action, self.open_action, self.demo_action):
            action.setEnabled(not busy)
        if self.services is not None:
            from vpr_desktop.domain.permissions import Permission

            sqlite = self.services.db.kind == "sqlite"
            self.backup_action.setEnabled(
                not busy and self.services.actor.can(Permission.BACKUP) and sqlite
            )
            self.restore_action.setEnabled(
                not busy and self.services.actor.can(Permission.RESTORE) and sqlite
            )

    # ================================================================== closing

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self._closing = True
        self.save_settings()
        from vpr_desktop.views.common import worker

        if self._setup_done:
            self.runner.cancel()
        for page in self.pages.values():
            page.shutdown()
        worker.shutdown(3000)
        if self.services is not None and self._owns_services:
            self.services.close()
        self.services = None
        super().closeEvent(event)


def _short_location(db: Any) -> str:
    path = getattr(db, "path", None)
    return Path(path).name if path is not None else str(db.location)


def _close_services(services: Services) -> None:
    services.close()


def _close_in_background(services: Services) -> None:
    """Close the previous database once jobs still reading it have finished."""
    from vpr_desktop.views.common.worker import Job, thread_pool

    def close(_progress: Any, _cancelled: Any) -> None:
        thread_pool("read").waitForDone(10_000)
        services.close()

    Job(close, name="Close the previous database").start("close")
