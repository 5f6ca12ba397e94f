"""Training: who needs which training, who has it, and compliance against target (issue 6).

Tabs, each loading in the background the first time it is shown:

* **Compliance** (``training_compliance``): filters, a chart per course with the target
  marked and the same figures in words, expiry counts, and the detail table by course x
  location x staff group; double-click a row for the names behind it (roles that may see
  names only).
* **Needs analysis** (``training_needs``): staff groups x settings -> required courses,
  edited cell by cell by the VPR lead.
* **Catalogue** (``training_catalogue``): the courses, saved with a stale-save check, and
  per-location targets.
* **People** (``training_person``, only for roles that may see names): one person's
  courses and their status; Ctrl+F searches.
* **Imports** (``training_history``, only for roles that may import): the ESR import
  history, undo, and the two import buttons (``import_requested``; the window opens the
  wizard).

A read-only database (or a role without the right) shows every tab with its edit buttons off
and a note saying why. Writes mark every tab stale, so each reloads when next shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from vpr_desktop.views.common.page import ServicesPage
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.training.access import Access
from vpr_desktop.views.training.catalogue import CatalogueTab
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.compliance import ComplianceTab
from vpr_desktop.views.training.history import ImportsTab
from vpr_desktop.views.training.needs import NeedsTab
from vpr_desktop.views.training.person import PeopleTab

SETTINGS_TAB = "pages/training/tab"


class TrainingPage(ServicesPage):
    """Signals:
    data_changed(): something was written (the window refreshes the home summary).
    import_requested(str): "staff" or "training" — open the ESR import wizard.
    """

    data_changed = Signal()
    import_requested = Signal(str)

    def build_page(self) -> None:
        services = self.services
        self.access = Access.of(services.actor, services.db)
        self.service = services.training()
        self._activated = False

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("trainingTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Training views")
        self.tabs.tabBar().setAccessibleName(
            "Training views: Compliance, Needs analysis, "
            "Catalogue"
            + (", People" if self.access.can_names else "")
            + (", Imports" if self.access.may_import else "")
        )
        self.compliance = ComplianceTab(self.service, self.access, self.tabs)
        self.needs = NeedsTab(self.service, self.access, self.tabs)
        self.catalogue = CatalogueTab(self.service, self.access, self.tabs)
        self.tabs.addTab(self.compliance, "Compliance")
        self.tabs.addTab(self.needs, "Needs analysis")
        self.tabs.addTab(self.catalogue, "Catalogue")
        self.people: PeopleTab | None = None
        if self.access.can_names:
            self.people = PeopleTab(self.service, self.access, self.tabs)
            self.tabs.addTab(self.people, "People")
        self.imports: ImportsTab | None = None
        if self.access.may_import:
            self.imports = ImportsTab(services.training_imports(), self.access, self.tabs)
            self.imports.import_requested.connect(self.import_requested)
            self.tabs.addTab(self.imports, "Imports")
        self.compliance.import_requested.connect(self.import_requested)
        for tab in self.all_tabs():
            tab.written.connect(self._written)
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = page_layout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    # ------------------------------------------------------------------ tabs

    def all_tabs(self) -> list[TrainingTab]:
        """Every tab, in order."""
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    def current_tab(self) -> TrainingTab:
        """The tab on show."""
        return self.tabs.currentWidget()  # type: ignore[return-value]

    def _tab_changed(self, _index: int) -> None:
        self.settings.setValue(SETTINGS_TAB, self.tabs.currentIndex())
        if self._activated:
            self.current_tab().ensure_loaded()

    def _written(self) -> None:
        sender = self.sender()
        for tab in self.all_tabs():
            if tab is not sender:
                tab.stale = True
        self.data_changed.emit()

    # ------------------------------------------------------------------ the window's calls

    def activated(self) -> None:
        """On first show, reopen the tab used last time; then load the tab on show if stale."""
        if not self._activated:
            self._activated = True
            saved = self.settings.value(SETTINGS_TAB, 0)
            try:
                index = int(saved)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                index = 0
            if 0 <= index < self.tabs.count():
                self.tabs.setCurrentIndex(index)
        self.current_tab().ensure_loaded()

    def refresh(self) -> None:
        """F5 (and after an import): reload the tab showing; the others when next shown."""
        self._activated = True
        current = self.current_tab()
        for tab in self.all_tabs():
            tab.stale = True
        current.load()

    def focus_search(self) -> bool:
        """Ctrl+F: the People tab's search box; False when there is no People tab."""
        if self.people is None:
            return False
        self.tabs.setCurrentWidget(self.people)
        self.people.focus_search()
        if not self.people.loaded:
            self.people.ensure_loaded()
        return True
