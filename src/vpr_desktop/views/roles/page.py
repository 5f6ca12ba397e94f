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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.vpr_roles_rules import LEVEL_ORDER, ROLE_LABEL
from vpr_desktop.views.actions.forms import FlowLayout, name_combo_lists
from vpr_desktop.views.common.formatting import format_date, plural
from vpr_desktop.views.common.list_page import ListPageBase, ListTexts, link_tab_order, new_button
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import EmptyState, label
from vpr_desktop.views.risks.widgets import confirm
from vpr_desktop.views.roles.form import RoleForm, format_hours, person_finder
from vpr_desktop.views.roles.who import WhoDoesWhatView, print_one_page, save_pdf

if TYPE_CHECKING:
    from vpr_desktop.services.roles.service import RoleEntry, RolesSummary

SETTINGS_SPLITTER = "pages/roles/splitter"
SETTINGS_PDF_DIR = "pages/roles/pdf_dir"
COLUMNS = (
    "Role",
    "Scope",
    "Holder",
    "Deputy",
    "Hours a week",
    "Review date",
    "Competence (held / expires)",
    "Gaps",
)
HOURS_COLUMN = 4
GAPS_COLUMN = 7
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
NO_GAPS = "None"
PLACEHOLDER = "Choose a role in the register to see its details."
READ_ONLY_NOTE = "You can read the register but not change it."


# --------------------------------------------------------------------------- words


def gap_words(message: str) -> str:
    """The service's gap sentence without the role's name: ``No deputy named``."""
    _role, sep, rest = message.partition(": ")
    text = rest if sep else message
    return text[:1].upper() + text[1:]


def entry_gap_text(entry: RoleEntry) -> str:
    return "; ".join(gap_words(g.message) for g in entry.gaps) or NO_GAPS


def summary_text(s: RolesSummary) -> str:
    """``11 roles · 9 filled · 1 vacant · 2 competence gaps · 1 holder has left``."""
    left = f"{s.holders_left:,} holder{' has' if s.holders_left == 1 else 's have'} left"
    parts = [
        plural(s.roles, "role"),
        f"{s.filled:,} filled",
        f"{s.vacant:,} vacant",
        f"{s.no_deputy:,} without a deputy",
        plural(s.competence_gaps, "competence gap"),
        f"{s.reviews_overdue:,} review{'' if s.reviews_overdue == 1 else 's'} overdue",
        left,
    ]
    return " · ".join(parts)


def holder_text(entry: RoleEntry) -> str:
    if entry.holder_id is None:
        return "Vacant (required)" if entry.required else "Vacant"
    name = entry.holder_name or "Filled"
    if any(g.kind == "holder_left" for g in entry.gaps):
        name += " (has left)"
    return name


def competence_text(entry: RoleEntry) -> str:
    if entry.competence_held:
        text = entry.competence_held
        if entry.competence_expires is not None:
            text += f" / expires {format_date(entry.competence_expires)}"
        return text
    if entry.competence_required:
        return "Not recorded"
    return "None expected"


def entry_name(entry: RoleEntry) -> str:
    """``VPR lead (Trust-wide)``: how dialogs and messages name an entry."""
    return f"{entry.role_label} ({entry.scope})"


# --------------------------------------------------------------------------- wrapping cells


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text in each column's current width (never elided)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        spanned = not index.parent().isValid()  # a level heading spans the row
        width = self.view.viewport().width() if spanned else self.view.columnWidth(index.column())
        if index.column() == 0 and not spanned:
            width -= self.view.indentation()
        text = opt.text or " "
        rect = opt.fontMetrics.boundingRect(
            QRect(0, 0, max(width - 12, 20), 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(width, rect.height() + 6)


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
        self.show_placeholder()

    # ------------------------------------------------------------------ building

    def _build_register_tab(self) -> QWidget:
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.tree = QTreeView(self)
        self.tree.setObjectName(self.TEXTS.table_name)
        self.tree.setAccessibleName(self.TEXTS.table_label)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setAccessibleName("Register columns")
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self.tree.activated.connect(lambda _i: self.form.focus_first())
        chars = self.fontMetrics().averageCharWidth()
        # Cells wrap rather than elide; the gaps come straight after the people (visual
        # order only), so they show without scrolling sideways at 1366×768 and 150%.
        for column, width in enumerate((17, 11, 13, 12, 6, 12, 20, 24)):
            self.tree.setColumnWidth(column, width * chars + 12)
        self.tree.header().moveSection(GAPS_COLUMN, HOURS_COLUMN)
        self.tree.header().sectionResized.connect(lambda *_a: self.tree.doItemsLayout())
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
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
        self.placeholder = label(PLACEHOLDER, self.detail, name="mutedText")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop)

        content = QWidget(self.detail)
        body = QVBoxLayout(content)
        body.setContentsMargins(4, 0, 8, 8)
        body.setSpacing(6)
        self.heading = label("", content, name="panelHeading", selectable=True)
        self.heading.setAccessibleName("Role")
        self.gaps_label = label("", content, name="mutedText", selectable=True)
        self.gaps_label.setAccessibleName("Gaps")
        self.banner = QWidget(content)
        banner = QVBoxLayout(self.banner)
        banner.setContentsMargins(0, 0, 0, 0)
        self.banner_text = label("", self.banner, name="pageError", selectable=True)
        self.banner_text.setAccessibleName("Problem")
        self.reload_button = QPushButton("Reload (discard my changes)", self.banner)
        self.reload_button.setAccessibleName("Reload the role entry and discard my changes")
        self.reload_button.clicked.connect(self.reload_entry)
        self.keep_button = QPushButton("Reload, keep my changes", self.banner)
        self.keep_button.setAccessibleName(
            "Load the latest version and put my unsaved changes back on top"
        )
        self.keep_button.clicked.connect(self.reload_keeping_changes)
        row = FlowLayout(spacing=8)
        row.add(self.reload_button)
        row.add(self.keep_button)
        banner.addWidget(self.banner_text)
        banner.addLayout(row)
        self.banner.hide()

        finder = person_finder(self.service.find_people) if self.can_edit else None
        sites, locations = self.service.scope_choices()
        self.form = RoleForm(finder, sites, locations, content)
        self.form.edited.connect(self._update_buttons)
        if not self.can_edit:
            self.form.set_editable(False, READ_ONLY_NOTE)

        self.save_button = QPushButton("Save", content)
        self.save_button.setProperty("primary", True)
        self.save_button.setAccessibleName("Save the role entry (Ctrl+S)")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton("Undo changes", content)
        self.undo_button.setAccessibleName("Undo my changes to this role entry")
        self.undo_button.clicked.connect(self.undo)
        self.delete_button = QPushButton("Delete…", content)
        self.delete_button.setAccessibleName("Delete this role entry (asks first)")
        self.delete_button.clicked.connect(self.ask_delete)
        self.save_state = label("", content, name="saveState")
        self.save_state.setAccessibleName("Save state")
        buttons = FlowLayout(spacing=8)
        for button in (self.save_button, self.undo_button, self.delete_button):
            button.setVisible(self.can_edit)
            buttons.add(button)

        body.addWidget(self.heading)
        body.addWidget(self.gaps_label)
        body.addWidget(self.banner)
        body.addWidget(self.form)
        body.addSpacing(6)
        body.addLayout(buttons)
        body.addWidget(self.save_state)
        body.addStretch(1)

        self.detail_stack = QStackedWidget(self.detail)
        self.detail_stack.addWidget(self.placeholder)
        self.scroll = scrolling(content, self.detail_stack)
        self.detail_stack.addWidget(self.scroll)
        layout = QVBoxLayout(self.detail)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.runner)
        layout.addWidget(self.detail_stack, 1)
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
        elif self.creating:
            pass
        else:
            self.show_placeholder()

    def _fill_tree(self) -> None:
        self._selecting = True
        try:
            self.model.removeRows(0, self.model.rowCount())
            bold = QFont(self.tree.font())
            bold.setBold(True)
            for level in LEVEL_ORDER:
                rows = [e for e in self.entries if e.level == level]
                if not rows:
                    continue
                gaps = sum(len(e.gaps) for e in rows)
                text = f"{level.label} – {plural(len(rows), 'role')}"
                if gaps:
                    text += f", {plural(gaps, 'gap')}"
                group = QStandardItem(text)
                group.setFont(bold)
                group.setSelectable(False)
                group.setData(level.value, SORT_ROLE)
                group.setAccessibleText(text)
                extras = [QStandardItem("") for _ in COLUMNS[1:]]
                for extra in extras:
                    extra.setSelectable(False)
                self.model.appendRow([group, *extras])
                for entry in rows:
                    group.appendRow(self._row_items(entry, bold))
            for row in range(self.model.rowCount()):
                self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            self.tree.expandAll()
        finally:
            self._selecting = False
        self.list_stack.setCurrentWidget(self.tree if self.entries else self.empty)

    def _row_items(self, entry: RoleEntry, bold: QFont) -> list[QStandardItem]:
        values = (
            entry.role_label,
            entry.scope,
            holder_text(entry),
            entry.deputy_name or ("No deputy" if entry.holder_id else ""),
            format_hours(entry.hours_per_week),
            format_date(entry.review_date),
            competence_text(entry),
            entry_gap_text(entry),
        )
        raw = (
            entry.role_label,
            entry.scope,
            entry.holder_name or "",
            entry.deputy_name or "",
            entry.hours_per_week,
            entry.review_date.isoformat() if entry.review_date else "",
            entry.competence_expires.isoformat() if entry.competence_expires else "",
            len(entry.gaps),
        )
        items = []
        for column, (text, sort) in enumerate(zip(values, raw, strict=True)):
            item = QStandardItem(text)
            item.setData(entry.id, ID_ROLE)
            item.setData(sort, SORT_ROLE)
            item.setToolTip(text)
            item.setAccessibleText(f"{COLUMNS[column]}: {text}" if text else COLUMNS[column])
            if column == HOURS_COLUMN:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == GAPS_COLUMN and entry.gaps:
                item.setFont(bold)  # with the words themselves: never colour alone
            items.append(item)
        return items

    def row_texts(self) -> list[tuple[str, list[str]]]:
        """(level heading, the cells of each of its rows) — what the register shows."""
        out = []
        for row in range(self.model.rowCount()):
            group = self.model.item(row, 0)
            for child in range(group.rowCount()):
                out.append(
                    (group.text(), [group.child(child, c).text() for c in range(len(COLUMNS))])
                )
        return out

    def _index_of(self, entry_id: int) -> QModelIndex:
        for row in range(self.model.rowCount()):
            group = self.model.item(row, 0)
            for child in range(group.rowCount()):
                if group.child(child, 0).data(ID_ROLE) == entry_id:
                    return group.child(child, 0).index()
        return QModelIndex()

    # ------------------------------------------------------------------ showing one entry

    def show_placeholder(self) -> None:
        self.entry = None
        self.creating = False
        self.detail_stack.setCurrentWidget(self.placeholder)
        self.placeholder.setText(
            PLACEHOLDER if self.entries or not self._loaded else "No roles recorded yet."
        )
        self._update_buttons()

    def select_entry(self, entry_id: int) -> None:
        index = self._index_of(entry_id)
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
        """Ctrl+N: an empty form for a new role entry."""
        if not self.can_edit:
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
        self.delete_button.setEnabled(self.can_edit and self.entry is not None and not busy)
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
                self.show_placeholder()
            else:
                self.creating = False
                self.entry = result
                self.reload(select=result.id)
            self.data_changed.emit()

        if self.run_write(write, doing, done, on_done=succeeded, on_error=self._failed):
            self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        from vpr_desktop.domain.errors import ConflictError, NotFoundError

        text = self.known_error(exc)
        if text is None:
            pass
        elif isinstance(exc, ConflictError):
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
        self.banner_text.setText(text)
        self.reload_button.setVisible(conflict)
        self.keep_button.setVisible(conflict)
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner_text.setText("")

    def _fresh(self) -> RoleEntry | None:
        if self.entry is None:
            return None
        from vpr_desktop.domain.errors import NotFoundError

        try:
            return self.service.get(self.entry.id)
        except NotFoundError as exc:
            self.show_banner(f"{exc.message} {exc.next_step}".strip())
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
        from vpr_desktop.views.common import dialogs

        if dialogs.headless():
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print who does what")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_one_page(self.who.rows, printer)

    def ask_save_pdf(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from vpr_desktop.views.common import dialogs

        if dialogs.headless():
            return
        folder = str(self.settings.value(SETTINGS_PDF_DIR, str(Path.home())))
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save who does what as PDF",
            str(Path(folder) / "who-does-what.pdf"),
            "PDF (*.pdf)",
        )
        if path:
            self.save_pdf(Path(path))

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
