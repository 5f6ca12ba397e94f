"""Roles and responsibilities: who leads violence prevention and reduction work, with their
time, competence and deputies, and where the gaps are.

The register is a tree grouped by level (Board, Strategic, Operational, Partnership), one row
per entry, with every gap written out in words ("No deputy named", "Competence expired
01 May 2026") — never a colour alone. Beside it (a splitter remembered per page) the detail form
(``roles_form``) shows the chosen entry; writes run as background jobs on the write pool, and a
stale save (someone else saved first) says so and offers Reload, keeping what was typed. The
"Who does what" tab is the one-page table (``roles_who``), printable and savable as PDF.

The register is small (tens of rows), so reading it is one call on the GUI thread, as the
action log's detail reads are.

Keys: Ctrl+N new entry, Ctrl+S save, F5 refresh (the window's), Esc back to the register.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.vpr_roles_rules import ROLE_LABEL
from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.common.dialogs import confirm
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.form_bars import ConflictBanner
from vpr_desktop.views.common.list_base import ListPageBase
from vpr_desktop.views.common.list_base import ListTexts
from vpr_desktop.views.common.list_base import link_tab_order
from vpr_desktop.views.common.list_base import new_button
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal
from vpr_desktop.views.roles.form import RoleForm
from vpr_desktop.views.roles.form import person_finder
from vpr_desktop.views.roles.register import ID_ROLE
from vpr_desktop.views.roles.register import RegisterModel
from vpr_desktop.views.roles.register_tree import register_tree
from vpr_desktop.views.roles.register_words import entry_gap_text
from vpr_desktop.views.roles.register_words import entry_name
from vpr_desktop.views.roles.register_words import summary_text
from vpr_desktop.views.roles.who import WhoDoesWhatView
from vpr_desktop.views.roles.who import ask_pdf_path
from vpr_desktop.views.roles.who_document import save_pdf

if TYPE_CHECKING:
    from vpr_desktop.services.roles.service import RoleEntry
    from vpr_desktop.services.roles.service import RolesSummary

SETTINGS_SPLITTER = "pages/roles/splitter"
SETTINGS_PDF_DIR = "pages/roles/pdf_dir"
NOTHING_CHOSEN = "Choose a role in the register to see its details."
READ_ONLY_NOTE = "You can read the register but not change it."


# --------------------------------------------------------------------------- the page


class RolesRegisterPage(ListPageBase):
    """The register as a grouped tree beside the chosen entry's form (a list page whose view
    is a tree: the register is tens of rows, grouped by level).

    Signals:
        data_changed(): something was written (the window refreshes the home summary).
    """

    TEXTS = ListTexts(
        table_name="rolesTree",
        table_label="Roles register, grouped by level",
        count_label="Register summary",
        problem_heading="The roles register cannot be shown",
        runner_name="Saving the roles register",
        splitter_name="rolesSplitter",
        splitter_key=SETTINGS_SPLITTER,
    )
    SPLITTER_CHARS = (110, 36)
    SPLITTER_STRETCH = (7, 3)

    def build_page(self) -> None:
        services = self.services
        self.service = services.roles_register()
        self.can_edit = services.actor.can(Permission.EDIT_ROLES_REGISTER)
        self.entries: list[RoleEntry] = []
        self.summary: RolesSummary | None = None
        self.entry: RoleEntry | None = None
        self.creating = False
        self._loaded = False
        self._selecting = False

        self.new_button = new_button(
            "New role",
            self.new_entry,
            self,
            visible=self.can_edit,
            accessible="New role entry (Ctrl+N)",
            tooltip="Add a role to the register (Ctrl+N)",
        )
        self.header.add_action(self.new_button)
        #: Why this database refuses writes (a preview, a read-only file): New role is shown,
        #: held, saying so, and the form stays read-only; "" when saving may go ahead.
        self.refusal = write_refusal(services.db)
        allow(self.new_button, True, self.refusal)

        self.summary_frame = QFrame(self)
        self.summary_frame.setObjectName("panel")
        strip = QVBoxLayout(self.summary_frame)
        strip.setContentsMargins(12, 8, 12, 8)
        self.summary_label = label("", self.summary_frame, name="summaryStrip")
        self.summary_label.setAccessibleName(self.TEXTS.count_label)
        strip.addWidget(self.summary_label)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("rolesTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Roles register and who does what")
        self.tabs.tabBar().setAccessibleName("Roles views")
        self.tabs.addTab(self._build_register_tab(), "Register")
        self.who = WhoDoesWhatView(self.tabs)
        self.who.print_requested.connect(self.print_who)
        self.who.save_requested.connect(self.ask_save_pdf)
        self.tabs.addTab(self.who, "Who does what")

        self.lay_out(self.header, self.summary_frame, main=self.tabs)
        self.add_shortcuts(
            (QKeySequence.StandardKey.New, self.new_entry),
            (QKeySequence.StandardKey.Save, self.save),
        )
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.detail)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(lambda: self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason))
        name_combo_lists(self)
        self._order_tabs()
        self.show_nothing_chosen()

    # ------------------------------------------------------------------ building

    def _build_register_tab(self) -> QWidget:
        self.model = RegisterModel(self)
        self.tree = register_tree(self.model, self, self.TEXTS.table_name, self.TEXTS.table_label)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self.tree.activated.connect(lambda _i: self.form.focus_first())
        self.empty = EmptyState(
            "No roles recorded yet",
            [
                "The register lists who leads violence prevention and reduction work: the "
                "board-level executive lead, the named strategic lead, VPR leads, local "
                "champions, trainers and staff-side representatives.",
                "Next step: New role (Ctrl+N)."
                if self.can_edit
                else "Roles appear here once the VPR lead adds them.",
            ],
            self,
        )
        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.tree)
        self.list_stack.addWidget(self.empty)

        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(self.make_splitter(self, self.list_stack, self._build_detail()))
        return box

    def _build_detail(self) -> QWidget:
        self.detail = QWidget(self)
        self.detail.setObjectName("roleDetail")
        self.detail.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)
        self.nothing_chosen = label(NOTHING_CHOSEN, self.detail, name="mutedText")
        self.nothing_chosen.setAlignment(Qt.AlignmentFlag.AlignTop)

        content = QWidget(self.detail)
        body = QVBoxLayout(content)
        body.setContentsMargins(4, 0, 8, 8)
        body.setSpacing(6)
        self.heading = label("", content, name="panelHeading", selectable=True)
        self.heading.setAccessibleName("Role")
        self.gaps_label = label("", content, name="mutedText", selectable=True)
        self.gaps_label.setAccessibleName("Gaps")
        self.banner = ConflictBanner.for_record(
            content, "the role entry", self.reload_entry, self.reload_keeping_changes
        )
        self.reload_button = self.banner.reload_button

        finder = person_finder(self.service.find_people) if self.can_edit else None
        sites, locations = self.service.scope_choices()
        self.form = RoleForm(finder, sites, locations, content)
        self.form.edited.connect(self._update_buttons)
        if not self.can_edit:
            self.form.set_editable(False, READ_ONLY_NOTE)
        elif self.refusal:
            self.form.set_editable(False, f"{self.refusal}.")

        self.save_button = QPushButton("Save", content)
        self.save_button.setProperty("primary", True)
        self.save_button.setAccessibleName("Save the role entry (Ctrl+S)")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.undo_button = push_button(
            "Undo changes", content, self.undo, spoken="Undo my changes to this role entry"
        )
        self.delete_button = push_button(
            "Delete…", content, self.ask_delete, spoken="Delete this role entry (asks first)"
        )
        self.save_state = label("", content, name="saveState")
        self.save_state.setAccessibleName("Save state")
        for button in (self.save_button, self.undo_button, self.delete_button):
            button.setVisible(self.can_edit)
        buttons = button_row(self.save_button, self.undo_button, self.delete_button)

        body.addWidget(self.heading)
        body.addWidget(self.gaps_label)
        body.addWidget(self.banner)
        body.addWidget(self.form)
        body.addSpacing(6)
        body.addLayout(buttons)
        body.addWidget(self.save_state)
        body.addStretch(1)

        self.detail_stack = QStackedWidget(self.detail)
        self.detail_stack.addWidget(self.nothing_chosen)
        self.scroll = scrolling(content, self.detail_stack)
        self.detail_stack.addWidget(self.scroll)
        vertical(self.detail, self.runner, (self.detail_stack, 1), margins=(8, 0, 0, 0), spacing=0)
        self.runner.busy_changed.connect(lambda _b: self._update_buttons())
        return self.detail

    def _order_tabs(self) -> None:
        link_tab_order(
            [
                self.new_button,
                self.tabs.tabBar(),
                self.tree,
                *self.form.tab_chain(),
                self.save_button,
                self.undo_button,
                self.delete_button,
            ]
        )

    # ------------------------------------------------------------------ the window's calls

    def activated(self) -> None:
        if not self._loaded:
            self.reload()

    def refresh(self) -> None:
        if self.form.has_changes() and (self.entry is not None or self.creating):
            # Keep what was typed: reload the list and summary only.
            self.reload(keep_form=True)
        else:
            self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self, *, select: int | None = None, keep_form: bool = False) -> None:
        """Read the register, its summary and the who-does-what table again."""
        self._loaded = True
        self.entries = self.service.entries()
        self.summary = self.service.summary()
        self.summary_label.setText(summary_text(self.summary))
        self.summary_label.setAccessibleDescription(summary_text(self.summary))
        self._fill_tree()
        self.who.show_rows(self.service.who_does_what(include_names=True))
        if keep_form:
            return
        wanted = select if select is not None else (self.entry.id if self.entry else None)
        if wanted is not None and any(e.id == wanted for e in self.entries):
            self.select_entry(wanted)
        elif not self.creating:  # a new entry being typed keeps its form
            self.show_nothing_chosen()

    def _fill_tree(self) -> None:
        self._selecting = True
        try:
            bold = QFont(self.tree.font())
            bold.setBold(True)
            self.model.fill(self.entries, bold)
            for row in range(self.model.rowCount()):
                self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            self.tree.expandAll()
        finally:
            self._selecting = False
        self.list_stack.setCurrentWidget(self.tree if self.entries else self.empty)

    def row_texts(self) -> list[tuple[str, list[str]]]:
        """(level heading, the cells of each of its rows) — what the register shows."""
        return self.model.row_texts()

    # ------------------------------------------------------------------ showing one entry

    def show_nothing_chosen(self) -> None:
        self.entry = None
        self.creating = False
        self.detail_stack.setCurrentWidget(self.nothing_chosen)
        self.nothing_chosen.setText(
            NOTHING_CHOSEN if self.entries or not self._loaded else "No roles recorded yet."
        )
        self._update_buttons()

    def select_entry(self, entry_id: int) -> None:
        index = self.model.index_of(entry_id)
        if not index.isValid():
            return
        self._selecting = True
        try:
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._selecting = False
        self._show(next(e for e in self.entries if e.id == entry_id))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        entry_id = current.siblingAtColumn(0).data(ID_ROLE)
        if entry_id is None or (
            self.entry is not None and self.entry.id == entry_id and not self.creating
        ):
            return
        self.confirm_leave(lambda: self._show(next(e for e in self.entries if e.id == entry_id)))

    def confirm_leave(self, then: Callable[[], None]) -> None:
        """Run ``then`` now, or after asking, if the form holds unsaved changes."""
        if not (self.entry is not None or self.creating) or not self.form.has_changes():
            then()
            return
        name = entry_name(self.entry) if self.entry is not None else "the new role"
        confirm(
            self,
            "Discard your changes?",
            f"Your changes to {name} have not been saved. Discard them?",
            "Discard changes",
            then,
        )

    def _show(self, entry: RoleEntry) -> None:
        self.entry = entry
        self.creating = False
        self.hide_banner()
        self.heading.setText(entry_name(entry))
        self.gaps_label.setText("Gaps: " + entry_gap_text(entry))
        self.gaps_label.setAccessibleName("Gaps: " + entry_gap_text(entry))
        self.form.load(entry)
        self.detail_stack.setCurrentWidget(self.scroll)
        self._update_buttons()

    def new_entry(self) -> None:
        """Ctrl+N: an empty form for a new role entry (none while writes are refused)."""
        if not self.can_edit or self.refusal:
            return
        self.tabs.setCurrentIndex(0)

        def start() -> None:
            self.entry = None
            self.creating = True
            self.hide_banner()
            self._selecting = True
            self.tree.clearSelection()
            self.tree.setCurrentIndex(QModelIndex())
            self._selecting = False
            self.heading.setText("New role entry")
            self.gaps_label.setText("Choose the role, its scope and who holds it, then Save.")
            self.gaps_label.setAccessibleName("How to add a role")
            self.form.load(None)
            self.detail_stack.setCurrentWidget(self.scroll)
            self.form.focus_first()
            self._update_buttons()

        self.confirm_leave(start)

    # ------------------------------------------------------------------ writing

    def _update_buttons(self) -> None:
        showing = self.entry is not None or self.creating
        busy = self.runner.is_busy()
        valid = self.form.is_valid()
        changed = self.form.has_changes() or self.creating
        self.save_button.setEnabled(self.can_edit and showing and valid and changed and not busy)
        self.undo_button.setEnabled(
            self.can_edit and showing and self.form.has_changes() and not busy
        )
        deletable = self.can_edit and self.entry is not None and not busy
        allow(self.delete_button, deletable, self.refusal)
        if not showing or not self.can_edit:
            text = ""
        elif not valid:
            text = "Correct the fields marked above to save."
        elif not changed:
            text = "No unsaved changes."
        else:
            text = "Unsaved changes."
        self.save_state.setText(text)
        self.save_state.setVisible(bool(text))
        problem = "true" if (showing and not valid) else "false"
        if self.save_state.property("problem") != problem:
            self.save_state.setProperty("problem", problem)
            self.save_state.style().unpolish(self.save_state)
            self.save_state.style().polish(self.save_state)

    def save(self) -> None:
        """Ctrl+S: save (the button is disabled until the form is valid and changed)."""
        self._update_buttons()
        if not self.save_button.isEnabled():
            return
        data = self.form.values()
        service = self.service
        entry = self.entry
        self.hide_banner()
        if entry is None:
            name = ROLE_LABEL[data.role_type]
            self._run(lambda: service.create(data), f"Adding {name}…", f"{name} added")
        else:
            self._run(
                lambda: service.update(entry.id, data, entry.version),
                f"Saving {entry.role_label}…",
                f"{entry.role_label} saved",
            )

    def ask_delete(self) -> None:
        entry = self.entry
        if entry is None or not self.can_edit:
            return
        holder = f", held by {entry.holder_name}" if entry.holder_name else ""
        text = (
            f"Delete the role entry {entry_name(entry)}{holder}? It leaves the register, "
            "the who-does-what table and future packs. This cannot be undone; you would "
            "have to add it again."
        )
        service = self.service

        def go() -> None:
            self.hide_banner()
            self._run(
                lambda: service.delete(entry.id, entry.version),
                f"Deleting {entry.role_label}…",
                f"{entry.role_label} deleted",
                deleted=True,
            )

        confirm(self, f"Delete {entry.role_label}?", text, "Delete role entry", go)

    def _run(
        self, write: Callable[[], Any], doing: str, done: str, *, deleted: bool = False
    ) -> None:
        def succeeded(result: Any) -> None:
            if deleted:
                self.entry = None
                self.creating = False
                self.reload()
                self.show_nothing_chosen()
            else:
                self.creating = False
                self.entry = result
                self.reload(select=result.id)
            self.data_changed.emit()

        if self.run_write(write, doing, done, on_done=succeeded, on_error=self._failed):
            self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        from vpr_desktop.domain.errors import ConflictError
        from vpr_desktop.domain.errors import NotFoundError

        text = self.known_error(exc)
        if text is None:  # a bug: ``known_error`` has sent it to the crash dialog
            self._update_buttons()
            return
        if isinstance(exc, ConflictError):
            self.show_banner(
                f"{exc.message} Your changes are still in the form. Reload to see "
                "the other changes (discarding yours), or reload and keep yours.",
                conflict=True,
            )
        elif isinstance(exc, NotFoundError):
            self.show_banner(
                "Someone else has deleted this role entry, so it was not saved. "
                "Your changes are still in the form: New role (Ctrl+N) and copy "
                "them in, or refresh the register (F5)."
            )
        else:
            self.show_banner(text)
        self._update_buttons()

    def show_banner(self, text: str, *, conflict: bool = False) -> None:
        """Say why a write was refused; ``conflict`` offers the two ways to reload."""
        self.banner.show_message(text, stale=conflict)

    def hide_banner(self) -> None:
        self.banner.hide_message()

    def _fresh(self) -> RoleEntry | None:
        if self.entry is None:
            return None
        from vpr_desktop.domain.errors import NotFoundError

        try:
            return self.service.get(self.entry.id)
        except NotFoundError as exc:
            self.show_banner(str(exc))
            return None

    def reload_entry(self) -> None:
        """Reload (discard my changes): show the saved version."""
        fresh = self._fresh()
        if fresh is not None:
            self.reload(keep_form=True)
            self.select_entry(fresh.id)

    def reload_keeping_changes(self) -> None:
        """Load the latest version (and its version number), then put the typed values back."""
        typed = self.form.typed()
        fresh = self._fresh()
        if fresh is None:
            return
        self.reload(keep_form=True)
        self.select_entry(fresh.id)
        self.form.retype(typed)
        self._update_buttons()

    def undo(self) -> None:
        if self.entry is not None:
            self._show(self.entry)
        elif self.creating:
            self.form.load(None)

    # ------------------------------------------------------------------ who does what

    def print_who(self) -> None:
        """Print… on the who-does-what tab: the table on one page."""
        self.who.print_with_dialog()

    def ask_save_pdf(self) -> None:
        folder = str(self.settings.value(SETTINGS_PDF_DIR, str(Path.home())))
        path = ask_pdf_path(self, Path(folder))
        if path is not None:
            self.save_pdf(path)

    def save_pdf(self, path: Path) -> Path:
        """Write the one-page PDF (on the GUI thread: one page of text takes milliseconds)."""
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        save_pdf(self.who.rows, path)
        self.settings.setValue(SETTINGS_PDF_DIR, str(path.parent))
        self.who.note.setText(f"Saved: {path}")
        self.who.note.show()
        self.runner.note.emit(f"Who does what saved to {path}")
        return path
