"""The import dialog's value step: each value the file names that is not known here, once.

A real export names a few unknown values in hundreds of rows ("111 Call Centre" in 13 rows), so
after a check the step lists each *distinct* unknown value with its row count, and for each
offers a choice: an existing value (what the importer's service says it may become), a new one
where that makes sense (a location, with its site and setting type), or "leave these rows
out". "Check again" runs the check with those choices; nothing is written until Import, and a
location to create is only added if the import succeeds (the service adds it inside the
import's one transaction).

The choices are saved in the database as a named profile (on a successful import, or with
"Save choices"), and the next file with the same columns picks its profile up by itself. A
profile can be chosen, changed (choose again, save under its name) and deleted here.
The step belongs to the generic :class:`~.import_dialog.ImportDialog`; an importer opts in by
giving its ``ImportSpec`` a ``values`` object (``services.importing.value_profiles.
ValueMapping``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.views.common.formatting import first_upper
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.new_value import NewValueDialog
from vpr_desktop.views.common.widgets import column_modes
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import line_box
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import set_role
from vpr_desktop.views.common.widgets import text_cell

if TYPE_CHECKING:
    from vpr_desktop.services.importing.value_profiles import ValueMapping
    from vpr_desktop.services.importing.value_profiles import ValueProfile

COLUMNS = ("Kind", "Value in the file", "Rows", "Use instead")
NOT_CHOSEN = "Choose…"
LEAVE_OUT = "Leave these rows out"
NO_PROFILE = "No saved choices"


class ValueStep(QGroupBox):
    """The list of unknown values and what to use instead (see the module docstring).

    Signals:
        check_requested(): the person pressed "Check again" (the dialog runs the check).
    """

    check_requested = Signal()

    def __init__(self, mapping: ValueMapping, parent: QWidget | None = None) -> None:
        super().__init__("Values this database does not know", parent)
        self.setObjectName("valueStep")
        self.setAccessibleName("Values this database does not know")
        self.mapping = mapping
        self.values = ValueMap()
        self.profile: ValueProfile | None = None
        self.profiles: list[ValueProfile] = []
        self.headers: tuple[str, ...] = ()
        self._kinds: dict[str, MappableKind] | None = None
        self._rows: list[tuple[str, str]] = []  # (kind, value) per table row
        # Values the import handled its default way (kind, value) -> what it did with them.
        self._defaulted: dict[tuple[str, str], str] = {}
        self._filling = False
        #: The "new value" form being shown (kept so tests and the keyboard can reach it).
        self.new_dialog: NewValueDialog | None = None

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("unknownValues")
        self.table.setAccessibleName("Unknown values, each once with its row count")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Tab goes from one choice box to the next (the cells themselves hold only text).
        self.table.setTabKeyNavigation(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        fit = QHeaderView.ResizeMode
        column_modes(
            self.table, fit.ResizeToContents, fit.Stretch, fit.ResizeToContents, fit.Stretch
        )

        self.profile_combo = QComboBox(self)
        self.profile_combo.setAccessibleName("Saved choices to use")
        self.profile_combo.view().setAccessibleName("Saved choices")
        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.delete_button = push_button(
            "Delete saved choices",
            self,
            self.delete_profile,
            spoken="Delete the saved choices shown",
        )
        self.name_box = line_box(
            self, "Name to save these choices under", hint="For example 'Datix monthly'"
        )
        self.name_box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.save_button = push_button(
            "Save choices",
            self,
            lambda: self.save(),
            spoken="Save these choices under the name given",
        )
        self.check_button = push_button(
            "Check again",
            self,
            self.check_requested.emit,
            spoken="Check the file again with these choices",
            primary=True,
        )
        self.status = label("", self, name="fieldHint", selectable=True)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Value choices status")

        # Two short rows rather than one long one, so the step fits 1366×768 at 150%.
        self.profile_combo.setMinimumContentsLength(18)
        self.profile_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        saved_caption = label("Saved choices:", self)
        saved_caption.setBuddy(self.profile_combo)
        name_caption = label("Save as:", self)
        name_caption.setBuddy(self.name_box)
        for caption in (saved_caption, name_caption):  # a caption broken over two lines
            caption.setWordWrap(False)  # reads as two captions; the boxes give way instead
        saved_row = QHBoxLayout()
        saved_row.addWidget(saved_caption)
        saved_row.addWidget(self.profile_combo, 1)
        saved_row.addWidget(self.delete_button)
        saved_row.addSpacing(16)
        saved_row.addWidget(name_caption)
        saved_row.addWidget(self.name_box, 1)
        saved_row.addWidget(self.save_button)
        check_row = QHBoxLayout()
        check_row.addWidget(self.status, 1)
        check_row.addWidget(self.check_button)

        layout = QVBoxLayout(self)
        layout.addLayout(check_row)  # what to do (or what the choices did), and Check again
        layout.addWidget(self.table, 1)
        layout.addLayout(saved_row)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.load_profiles()
        self._update()
        self.hide()

    # ------------------------------------------------------------------ what can be mapped

    def kinds(self) -> dict[str, MappableKind]:
        """The kinds of value the importer lets a person map (read once per dialog, again
        after an import, which may have added locations)."""
        if self._kinds is None:
            self._kinds = {k.what: k for k in self.mapping.kinds()}
        return self._kinds

    def forget_kinds(self) -> None:
        self._kinds = None

    # ------------------------------------------------------------------ profiles

    def load_profiles(self, select: str | None = None) -> None:
        """Fill the saved-choices box (keeping ``select``, or the profile in use, chosen)."""
        self.profiles = self.mapping.profiles()
        keep = select or (self.profile.name if self.profile else None)
        self._filling = True
        self.profile_combo.clear()
        self.profile_combo.addItem(NO_PROFILE)
        for p in self.profiles:
            self.profile_combo.addItem(p.name)
        index = self.profile_combo.findText(keep) if keep else 0
        self.profile_combo.setCurrentIndex(max(0, index))
        self.profile = self.profiles[index - 1] if index > 0 else None
        self._filling = False
        self._update()

    def use_profile(self, profile: ValueProfile | None) -> None:
        """Use ``profile``'s choices (None: start again with none)."""
        self.profile = profile
        self.values = profile.values.copy() if profile else ValueMap()
        self._filling = True
        self.profile_combo.setCurrentIndex(
            max(0, self.profile_combo.findText(profile.name)) if profile else 0
        )
        self._filling = False
        if profile is not None:
            self.set_profile_name(profile.name)
        self._update()

    def _profile_chosen(self, index: int) -> None:
        if self._filling:
            return
        self.use_profile(self.profiles[index - 1] if index > 0 else None)
        self.status.setText(
            f"Using the saved choices '{self.profile.name}'. Check again to see the result."
            if self.profile
            else "No saved choices in use. Check again to see the result."
        )
        self.check_requested.emit()

    def lists(self, what: str) -> bool:
        """Whether unknown values of kind ``what`` are listed here (the importer maps them)."""
        return self.isVisibleTo(self.parentWidget()) and what in self.kinds()

    def set_profile_name(self, name: str) -> None:
        """Put ``name`` in the Save as box showing its start: a name wider than the box would
        otherwise show only its end (the cursor's side), which reads as a clipped word."""
        self.name_box.setText(name)
        self.name_box.setCursorPosition(0)

    def profile_name(self) -> str | None:
        """The saved choices in use, unchanged (recorded on the import batch), else None."""
        p = self.profile
        return p.name if p and p.values.to_json() == self.values.to_json() else None

    def save(self, name: str | None = None) -> ValueProfile | None:
        """Save the choices under ``name`` (default: the name box); says why it cannot."""
        from vpr_desktop.domain.errors import VprError

        name = (name if name is not None else self.name_box.text()).strip()
        try:
            saved = self.mapping.save_profile(name, self.values, self.headers)
        except VprError as exc:
            self.status.setText(str(exc))
            set_role(self.status, "outcome", "problem")
            return None
        self.set_profile_name(saved.name)
        self.load_profiles(select=saved.name)
        self.profile = saved
        self.status.setText(
            f"Choices saved as '{saved.name}'. The next file with the same columns uses "
            "them by itself."
        )
        set_role(self.status, "outcome", "ok")
        return saved

    def delete_profile(self) -> None:
        """Delete the saved choices shown (after asking); the choices on screen stay."""
        from vpr_desktop.views.common.dialogs import confirm_delete_saved

        confirm_delete_saved(self, "Delete saved choices", "choices", self.profile, self._delete)

    def _delete(self, profile: ValueProfile) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            self.mapping.delete_profile(profile.id)
        except VprError as exc:
            self.status.setText(str(exc))
            set_role(self.status, "outcome", "problem")
            return
        self.profile = None
        self.load_profiles()
        self.status.setText(f"The saved choices '{profile.name}' were deleted.")
        set_role(self.status, "outcome", "ok")

    # ------------------------------------------------------------------ the list

    def show_result(self, result: Any) -> None:
        """List the unknown values of ``result`` (those the importer lets a person map) and
        the values the choices decided, each once with its row count."""
        if result is None:
            return
        self.headers = tuple(getattr(result, "headers", ()) or self.headers)
        kinds = self.kinds()
        counts: dict[tuple[str, str], int] = {}
        for what, values in (getattr(result, "unknown", None) or {}).items():
            if what in kinds:
                for value, n in values.items():
                    counts[(what, value)] = n
        self._defaulted = {}
        defaulted_as = getattr(result, "defaulted_as", None) or {}
        for what, values in (getattr(result, "defaulted", None) or {}).items():
            if what in kinds:
                for value, n in values.items():
                    counts[(what, value)] = n
                    self._defaulted[(what, value)] = defaulted_as.get(what, "")
        for what, values in (getattr(result, "mapped", None) or {}).items():
            for value, n in values.items():
                counts[(what, value)] = n
        for what, values in self.values.choices.items():
            for value in values:
                counts.setdefault((what, value), 0)
        self._rows = sorted(counts, key=lambda k: (k[0], -counts[k], k[1].casefold()))
        self._filling = True
        self.table.setRowCount(len(self._rows))
        for row, (what, value) in enumerate(self._rows):
            n = counts[(what, value)]
            for column, text in enumerate((first_upper(what), value, f"{n:,}" if n else "–")):
                self.table.setItem(row, column, text_cell(text, number=column == 2))
            self.table.setCellWidget(row, 3, self._combo(row, kinds.get(what), what, value))
        self._filling = False
        self._fit_table()
        unknown = self.needs_choices()
        self.setVisible(bool(self._rows))
        if unknown:
            self.status.setText(
                f"{plural(unknown, 'value')} still {'needs' if unknown == 1 else 'need'} a "
                "choice: for each, choose what it is "
                "here, create it, or leave its rows out; then check again. Nothing is written "
                "until you press Import."
            )
            set_role(self.status, "outcome", "problem")
        elif self._defaulted:
            self.status.setText(
                f"{plural(len(self._defaulted), 'value')} not known here "
                f"{'is' if len(self._defaulted) == 1 else 'are'} handled as by default; "
                "choose another use for any of them and check again."
            )
            set_role(self.status, "outcome", "ok")
        elif self._rows:
            self.status.setText("Every value has a choice.")
            set_role(self.status, "outcome", "ok")
        self._update()

    def needs_choices(self) -> int:
        """How many listed values have neither a choice nor a default way of import."""
        return sum(
            1 for k in self._rows if k not in self._defaulted and self.values.get(*k) is None
        )

    def _fit_table(self) -> None:
        """Rows as tall as their choice box; the table as tall as its rows (up to six, then
        it scrolls), so the check's result below keeps its room at 1366×768."""
        height = max(
            (self.combo_at(r).sizeHint().height() for r in range(self.table.rowCount())),
            default=self.fontMetrics().lineSpacing() + 8,
        )
        for row in range(self.table.rowCount()):
            self.table.setRowHeight(row, height + 4)
        shown = min(max(self.table.rowCount(), 1), 6)
        frame = self.table.frameWidth() * 2 + self.table.horizontalHeader().sizeHint().height()
        self.table.setMaximumHeight(frame + shown * (height + 4) + 6)
        self.table.setMinimumHeight(frame + min(shown, 2) * (height + 4) + 6)  # then scrolls

    def _combo(self, row: int, kind: MappableKind | None, what: str, value: str) -> QComboBox:
        combo = QComboBox(self.table)
        combo.setAccessibleName(f"Use instead of {what} '{value}'")
        combo.view().setAccessibleName(f"Uses for {what} '{value}'")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(20)
        self._fill(combo, kind, what, value)
        combo.currentIndexChanged.connect(lambda _i, r=row: self._chosen(r))
        return combo

    def _fill(self, combo: QComboBox, kind: MappableKind | None, what: str, value: str) -> None:
        """The entries of one choice box, with the current choice selected (no signal)."""
        combo.blockSignals(True)
        combo.clear()
        outcome = self._defaulted.get((what, value))
        combo.addItem(f"As by default: {outcome}" if outcome else NOT_CHOSEN, None)
        combo.addItem(LEAVE_OUT, "leave_out")
        if kind is not None and kind.create:
            combo.addItem(f"Create a new {kind.create}…", "create")
        chosen = self.values.get(what, value)
        if chosen is not None and chosen.action == "create":
            combo.addItem(self._new_label(kind, chosen.new), "created")
        combo.insertSeparator(combo.count())
        for target in kind.targets if kind else ():
            combo.addItem(target.label, f"map:{target.key}")
        index = 0
        if chosen is not None:
            wanted = {
                "leave_out": "leave_out",
                "create": "created",
                "map": f"map:{chosen.target}",
            }[chosen.action]
            index = combo.findData(wanted)
            if index < 0 and chosen.action == "map":  # a target no longer offered
                combo.addItem(f"{chosen.target} (not found)", wanted)
                index = combo.count() - 1
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    @staticmethod
    def _new_label(kind: MappableKind | None, new: Mapping[str, str]) -> str:
        noun = kind.create if kind else "value"
        site = new.get("site", "")
        if kind is not None and site:
            site = next(
                (t.label for t in kind.create_options.get("site", ()) if t.key == site), site
            )
        return f"New {noun}: {new.get('name', '')}" + (f" ({site})" if site else "")

    def combo_at(self, row: int) -> QComboBox:
        """The choice box of table row ``row`` (tests and keyboard users reach it by Tab)."""
        widget = self.table.cellWidget(row, 3)
        assert isinstance(widget, QComboBox)
        return widget

    def row_of(self, what: str, value: str) -> int:
        """The table row listing ``value`` of kind ``what``."""
        return self._rows.index((what, value))

    def choose(self, what: str, value: str, label_text: str) -> None:
        """Pick the entry reading ``label_text`` for ``value`` (as a person would)."""
        combo = self.combo_at(self.row_of(what, value))
        index = combo.findText(label_text)
        if index < 0:
            raise LookupError(f"{label_text!r} is not offered for {what} {value!r}")
        combo.setCurrentIndex(index)

    def _chosen(self, row: int) -> None:
        if self._filling:
            return
        what, value = self._rows[row]
        data = str(self.combo_at(row).currentData() or "")
        if not data:
            self.values.set(what, value, None)
        elif data == "leave_out":
            self.values.set(what, value, ValueChoice("leave_out"))
        elif data.startswith("map:"):
            self.values.set(what, value, ValueChoice("map", data.removeprefix("map:")))
        elif data == "create":
            self._ask_new(row, what, value)
            return
        else:  # "created": the new value already described
            return
        self._changed()

    def _ask_new(self, row: int, what: str, value: str) -> None:
        from vpr_desktop.views.common.dialogs import headless

        kind = self.kinds()[what]
        dialog = NewValueDialog(kind, value, self)
        self.new_dialog = dialog

        def done(result: int) -> None:
            self.new_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.values.set(what, value, ValueChoice("create", new=dialog.new()))
                self._changed()
            dialog.deleteLater()
            self._refill()

        dialog.finished.connect(done)
        if not headless():
            dialog.open()

    def _refill(self) -> None:
        """Show :attr:`values` in the choice boxes again (after a new value was described,
        or the form was cancelled)."""
        kinds = self.kinds()
        for row, (what, value) in enumerate(self._rows):
            self._fill(self.combo_at(row), kinds.get(what), what, value)

    def _changed(self) -> None:
        self.status.setText("Choices changed: check again to see the result.")
        set_role(self.status, "outcome", "")
        self._update()

    def set_busy(self, busy: bool) -> None:
        """Nothing here changes while a check or import runs."""
        self.table.setEnabled(not busy)
        for widget in (self.profile_combo, self.name_box):
            widget.setEnabled(not busy)
        self._busy = busy
        self._update()

    _busy = False

    def _update(self) -> None:
        idle = not self._busy
        self.delete_button.setEnabled(idle and self.profile is not None)
        self.save_button.setEnabled(idle and bool(self.values))
        self.check_button.setEnabled(idle)
