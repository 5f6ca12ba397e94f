"""File > Set up the trust…: the new-trust wizard, offered by itself on a new, empty database.

Five steps, each saved on its own (``services.admin.setup``: the step's rows and the progress
in one transaction), so closing the window half-way loses nothing and the wizard opens again
at the first step not done – on this PC or any other sharing the database:

1. the trust's name (as packs print it) and code;
2. sites and locations: typed into the table, pasted from a spreadsheet (site, location,
   setting type, code), or one row per organisation of an ESR staff export;
3. the starter training catalogue and its national needs rules;
4. the standard: the shipped editions, or "Load standard…" (the existing dialog) for the
   workbook NHS England publishes;
5. the first imports: buttons opening the usual import dialogs.

"Skip this step" moves on without saving; "Skip set-up" records that the trust does not want
the wizard (it is not offered again; this menu entry stays). The whole body scrolls, so every
step fits 1366×768 at 150%.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import VprError
from vpr_desktop.services.admin import setup
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.dialogs import attempt
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import column_modes
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import set_role

if TYPE_CHECKING:
    from vpr_desktop.services.admin.setup import SetupState
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow

PLACE_COLUMNS = ("Site", "Location", "Setting type", "Code (optional)")
CHOOSE = "Choose…"
IMPORT_BUTTONS = (
    ("staff", "Import staff from ESR…"),
    ("training", "Import training from ESR…"),
    ("incidents", "Import incidents from Datix…"),
    ("risks", "Import risk assessments…"),
)


class SetupWizard(ScreenFitDialog):
    """The new-trust wizard (see the module docstring).

    Signals:
        changed(): a step wrote to the database (the window's pages load again).
    """

    changed = Signal()

    def __init__(self, window: MainWindow, services: Services) -> None:
        super().__init__(window)
        set_dialog_title(self, "setupWizard", "Set up VPR Desktop for your trust")
        self.window_ = window
        self.services = services
        self.state: SetupState = setup.setup_state(services.db, services.actor)
        #: The standard's own dialog, while it is open (tests drive it).
        self.load_dialog: Any = None

        self.heading = label("", self, name="dialogHeading")
        self.heading.setAccessibleName("Set-up step")
        self.steps = QStackedWidget(self)
        for build in (
            self._trust_step,
            self._places_step,
            self._catalogue_step,
            self._standard_step,
            self._imports_step,
        ):
            # Each step scrolls on its own, so one tall step does not make every step scroll.
            self.steps.addWidget(scrolling(build(), self.steps, name="", sideways=False))

        self.outcome = label("", self, name="setupOutcome", selectable=True)
        self.outcome.setAccessibleName("What the last step did")
        self.skip_all = push_button(
            "Skip set-up", self, self.skip_setup, spoken="Skip set-up; it stays on the File menu"
        )
        self.back_button = push_button(
            "Back",
            self,
            lambda: self.go_to(self.steps.currentIndex() - 1),
            spoken="Back to the previous step",
        )
        self.skip_button = push_button(
            "Skip this step",
            self,
            lambda: self.go_to(self.steps.currentIndex() + 1),
            spoken="Go on without saving this step",
        )
        self.save_button = push_button(
            "Save and continue",
            self,
            self.save_step,
            spoken="Save this step and go on",
            primary=True,
        )
        self.save_button.setDefault(True)
        self.finish_button = push_button(
            "Finish", self, self.finish, spoken="Finish setting up", primary=True
        )
        buttons = button_row(
            self.skip_all,
            self.back_button,
            self.skip_button,
            self.save_button,
            self.finish_button,
            spacing=12,
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(900, screen.width()), min(620, screen.height()))
        self.go_to(self.state.next_step)

    # ------------------------------------------------------------------ steps

    def _page(self, intro: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.addWidget(label(intro, page))
        return page, box

    def _trust_step(self) -> QWidget:
        page, box = self._page(
            "The trust's name is printed on every committee and board pack. The code is the "
            "trust's ODS code (for example RXX), if you want it kept with the set-up."
        )
        self.trust_name = QLineEdit(self.state.trust_name, page)
        self.trust_name.setAccessibleName("Trust name")
        self.trust_name.setPlaceholderText("For example Northgate NHS Foundation Trust")
        self.trust_code = QLineEdit(self.state.trust_code, page)
        self.trust_code.setAccessibleName("Trust code (optional)")
        self.trust_code.setMaxLength(setup.MAX_CODE)
        form = QFormLayout()
        form.addRow("Trust name", self.trust_name)
        form.addRow("Trust code", self.trust_code)
        box.addLayout(form)
        box.addStretch(1)
        return page

    def _places_step(self) -> QWidget:
        page, box = self._page(
            "Each ward, department or service where staff work or incidents happen, with its "
            "site and setting type (the setting decides training needs and the packs). Type "
            "them in, paste rows copied from a spreadsheet (site, location, setting type, "
            "code), or start from the organisations in an ESR staff export."
        )
        self.places = QTableWidget(0, len(PLACE_COLUMNS), page)
        self.places.setObjectName("setupPlaces")
        self.places.setAccessibleName("Sites and locations to add")
        self.places.setHorizontalHeaderLabels(list(PLACE_COLUMNS))
        self.places.verticalHeader().hide()
        fit = QHeaderView.ResizeMode
        column_modes(
            self.places, fit.Stretch, fit.Stretch, fit.ResizeToContents, fit.ResizeToContents
        )
        self.places.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.places.setMinimumHeight(160)
        add = push_button(
            "Add a row", page, lambda: self.add_place(), spoken="Add an empty row to the table"
        )
        paste = push_button(
            "Paste rows",
            page,
            lambda: self.paste_places(QApplication.clipboard().text()),
            spoken="Paste rows copied from a spreadsheet",
        )
        esr = push_button(
            "From an ESR staff export…",
            page,
            self.choose_staff_export,
            spoken="Add a row for each organisation in an ESR staff export",
        )
        remove = push_button(
            "Remove row", page, self.remove_places, spoken="Remove the selected rows"
        )
        self.places_known = label("", page, name="fieldHint")
        box.addLayout(button_row(add, paste, esr, remove, spacing=12))
        box.addWidget(self.places, 1)
        box.addWidget(self.places_known)
        return page

    def _catalogue_step(self) -> QWidget:
        from vpr_desktop.services.training.starter import load_starter

        data = load_starter()
        courses = "; ".join(
            f"{c['name']} (renewed every {c['refresher_months']} months)"
            if c.get("refresher_months")
            else c["name"]
            for c in data["courses"]
        )
        page, box = self._page(
            f"The starter catalogue holds the {len(data['staff_groups'])} ESR staff groups, "
            f"the violence prevention courses – {courses} – and the needs rules that rest on "
            "national rules (conflict resolution for everyone; restrictive intervention for "
            "inpatient mental health and learning disability staff). Nothing the catalogue "
            "already holds is changed. Renewal periods and further needs are the trust's "
            "decision: change them in Training > Catalogue. Save and continue adds it."
        )
        box.addStretch(1)
        return page

    def _standard_step(self) -> QWidget:
        page, box = self._page(
            "Self-assessments are made against an edition of the violence prevention and "
            "reduction standard. VPR Desktop ships its editions; to use the wording as NHS "
            "England publishes it, load its workbook."
        )
        self.editions = label("", page, selectable=True)
        self.editions.setAccessibleName("Editions of the standard in this database")
        load = push_button(
            "Load standard…",
            page,
            self.open_load_standard,
            spoken="Load the standard from its workbook…",
        )
        box.addWidget(self.editions)
        row = QHBoxLayout()
        row.addWidget(load)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)
        return page

    def _imports_step(self) -> QWidget:
        page, box = self._page(
            "Now the trust's own data: the staff list from ESR first (it places people at "
            "the locations), then the competence export, incidents and the risk register. "
            "Each file is checked before anything is written, and values this database does "
            "not know can be mapped or created in the import window."
        )
        self.import_buttons: dict[str, QPushButton] = {}
        for kind, text in IMPORT_BUTTONS:
            self.import_buttons[kind] = push_button(
                text, page, lambda _c=False, k=kind: self.open_import(k), spoken=text.rstrip("…")
            )
        box.addLayout(button_row(*self.import_buttons.values(), spacing=12))
        box.addStretch(1)
        return page

    # ------------------------------------------------------------------ moving

    def go_to(self, index: int) -> None:
        """Show step ``index`` (0-based), with its current contents."""
        index = max(0, min(index, len(setup.STEPS) - 1))
        self.steps.setCurrentIndex(index)
        key = setup.STEPS[index]
        done = " (done)" if key in self.state.done else ""
        self.heading.setText(
            f"Step {index + 1} of {len(setup.STEPS)}: {setup.STEP_TITLES[key]}{done}"
        )
        if key == "places":
            self._show_known_places()
        elif key == "standard":
            self._show_editions()
        last = index == len(setup.STEPS) - 1
        self.back_button.setEnabled(index > 0)
        self.skip_button.setVisible(not last)
        self.save_button.setVisible(not last)
        self.finish_button.setVisible(last)

    def save_step(self) -> None:
        """Save the step shown (one transaction with its progress), then show the next."""
        key = setup.STEPS[self.steps.currentIndex()]
        db, actor = self.services.db, self.services.actor
        try:
            if key == "trust":
                self.state = setup.save_trust(
                    db, actor, self.trust_name.text(), self.trust_code.text()
                )
                said = f"Saved: packs will print '{self.trust_name.text().strip()}'."
            elif key == "places":
                said = self._save_places()
            elif key == "catalogue":
                added, self.state = setup.add_catalogue(db, actor)
                said = added.describe()
            else:
                self.state = setup.mark_step(db, actor, key)
                said = "Saved."
        except VprError as exc:
            self._say(str(exc), "problem")
            return
        self._say(said, "ok")
        self.changed.emit()
        self.go_to(self.steps.currentIndex() + 1)

    def _save_places(self) -> str:
        rows = self.place_rows()
        if not rows:
            if self.state.empty:
                raise _nothing_typed()
            self.state = setup.mark_step(self.services.db, self.services.actor, "places")
            return "Saved: the locations already here are kept."
        self.state = setup.save_places(self.services.db, self.services.actor, rows)
        self.places.setRowCount(0)
        return f"Added {len(rows)} location{'s' if len(rows) != 1 else ''}."

    def finish(self) -> None:
        """Record set-up as finished and close."""
        try:
            self.state = setup.mark_step(self.services.db, self.services.actor, "imports")
            self.state = setup.end_setup(self.services.db, self.services.actor, finished=True)
        except VprError as exc:
            self._say(str(exc), "problem")
            return
        self.window_.note("Set-up finished. File > Set up the trust… shows it again.")
        self.accept()

    def skip_setup(self) -> None:
        """Record that set-up is skipped (not offered again) and close."""
        db, actor = self.services.db, self.services.actor
        state = attempt(lambda: setup.end_setup(db, actor, finished=False), self._problem)
        if state is None:
            return
        self.state = state
        self.window_.note("Set-up skipped. File > Set up the trust… opens it when you want.")
        self.reject()

    def _say(self, text: str, outcome: str) -> None:
        self.outcome.setText(text)
        set_role(self.outcome, "outcome", outcome)

    def _problem(self, text: str) -> None:
        self._say(text, "problem")

    # ------------------------------------------------------------------ places

    def add_place(self, site: str = "", name: str = "", setting: str = "", code: str = "") -> int:
        """Add a row (``setting``: a setting type's value, label or usual word); its index."""
        row = self.places.rowCount()
        self.places.insertRow(row)
        for column, text in ((0, site), (1, name), (3, code)):
            self.places.setItem(row, column, QTableWidgetItem(text))
        combo = QComboBox(self.places)
        combo.setAccessibleName(f"Setting type of row {row + 1}")
        combo.addItem(CHOOSE, "")
        for st in SettingType:
            combo.addItem(st.label, st.value)
        if setting:
            try:
                combo.setCurrentIndex(combo.findData(setup.setting_of(setting).value))
            except ValueError:
                combo.setCurrentIndex(0)  # not a setting type: the person chooses one
        self.places.setCellWidget(row, 2, combo)
        return row

    def paste_places(self, text: str) -> int:
        """Add a row for each line pasted from a spreadsheet; how many were added."""
        rows = setup.place_rows(text)
        for p in rows:
            self.add_place(p.site, p.name, p.setting_type, p.code)
        self._say(
            f"{len(rows)} row{'s' if len(rows) != 1 else ''} pasted; check each setting type."
            if rows
            else "The clipboard holds no rows: copy the site, location, setting type and "
            "code columns in the spreadsheet first.",
            "ok" if rows else "problem",
        )
        return len(rows)

    def choose_staff_export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, "ESR staff export", "", "Staff lists (*.csv *.xlsx);;All files (*)"
        )
        if path:
            self.add_organisations(Path(path))

    def add_organisations(self, path: Path) -> int:
        """A row for each organisation of the staff export no location has yet; how many."""
        db, actor = self.services.db, self.services.actor
        found = attempt(lambda: setup.organisations(db, actor, path), self._problem)
        if found is None:
            return 0
        sites = setup.site_names(self.services.db, self.services.actor)
        for name, _rows in found:
            self.add_place(sites[0] if len(sites) == 1 else "", name)
        self._say(
            f"{len(found)} organisation{'s' if len(found) != 1 else ''} from {path.name} added: "
            "give each its site and setting type."
            if found
            else f"Every organisation in {path.name} is a location here already.",
            "ok",
        )
        return len(found)

    def remove_places(self) -> None:
        for row in sorted({i.row() for i in self.places.selectedIndexes()}, reverse=True):
            self.places.removeRow(row)

    def place_rows(self) -> list[setup.NewPlace]:
        """The table's rows that hold anything, as the service takes them."""
        out = []
        for row in range(self.places.rowCount()):
            texts = [
                (self.places.item(row, c).text() if self.places.item(row, c) else "").strip()
                for c in (0, 1, 3)
            ]
            combo = self.places.cellWidget(row, 2)
            setting = str(combo.currentData() or "") if isinstance(combo, QComboBox) else ""
            if any(texts) or setting:
                out.append(setup.NewPlace(texts[0], texts[1], setting, texts[2]))
        return out

    def _show_known_places(self) -> None:
        sites = setup.site_names(self.services.db, self.services.actor)
        self.places_known.setText(
            "Sites here already: " + ", ".join(sites) + "." if sites else "No sites here yet."
        )

    # ------------------------------------------------------------------ standard, imports

    def _show_editions(self) -> None:
        try:
            editions = self.services.standards().list_editions()
        except VprError as exc:
            self.editions.setText(exc.message)
            return
        self.editions.setText(
            "\n".join(
                f"• {e.title}: {e.domains} domains, {e.indicators} indicators" for e in editions
            )
            or "No edition of the standard is here yet."
        )

    def open_load_standard(self) -> Any:
        """The existing "Load standard…" dialog; the editions are listed again after a load."""
        from vpr_desktop.views.assessment.standard_load import LoadStandardDialog
        from vpr_desktop.views.common.dialogs import headless

        dialog = LoadStandardDialog(self.services, self)
        dialog.loaded.connect(lambda text: (self._say(text, "ok"), self._show_editions()))
        self.load_dialog = dialog
        if not headless():
            dialog.open()
        return dialog

    def open_import(self, kind: str) -> Any:
        """The usual import dialog for ``kind`` (the window reloads its pages afterwards)."""
        from vpr_desktop.views.imports import open_import

        return open_import(self.window_, kind)


def _nothing_typed() -> VprError:
    from vpr_desktop.domain.errors import ValidationError

    return ValidationError(
        "There are no locations to add yet.",
        "Type at least one site and location, paste rows, or use an ESR staff export; or "
        "skip this step.",
    )


def offer_setup(window: MainWindow, *, force: bool = False) -> SetupWizard | None:
    """Open the wizard: by itself (``force`` False) only on a new, empty database or an
    unfinished set-up, for someone who may set up; from the menu always (or say why not)."""
    from vpr_desktop.views.common.dialogs import headless

    services = window.services
    if services is None or services.preview_of is not None:
        return None
    if services.db.read_only or not setup.may_set_up(services.actor):
        if force:
            window.note("Setting up the trust needs the VPR lead role and a writable database.")
        return None
    if not force and not setup.setup_state(services.db, services.actor).offered:
        return None
    wizard = SetupWizard(window, services)
    wizard.changed.connect(window.refresh)
    wizard.finished.connect(lambda _r: wizard.deleteLater())
    window.setup_wizard = wizard
    if not headless():
        wizard.open()
    return wizard
