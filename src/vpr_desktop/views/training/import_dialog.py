"""Import an ESR staff list or training export: preview, map the columns, check, import.

ESR exports differ between trusts and between report versions (a heading renamed, a column
added), so before anything is checked the dialog shows the first rows of the file as it was
read and, for each field the import needs, which column it will use. A person can change any
of them and save the choice as a named mapping profile; the next export of the same layout
picks that profile up by itself (every heading it names is in the file).

Then, as for the other imports (``risk_import.ImportDialog``), the file is checked in full
(a dry run) before Import is offered, every problem is listed as row, column, value and why,
and nothing is written if any row has a problem. A 200,000-row export takes seconds, so the
check and the import run in the background with progress and Cancel; a cancelled import
writes nothing (the service rolls its one transaction back).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QInputDialog
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.import_dialog import ImportDialog
from vpr_desktop.views.common.import_dialog import ImportSpec
from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import set_role
from vpr_desktop.views.training.models import read_only_view
from vpr_desktop.views.training.preview_model import PreviewModel

if TYPE_CHECKING:
    from vpr_desktop.services.importing.preview import FilePreview
    from vpr_desktop.services.training.esr_import import TrainingImports
    from vpr_desktop.views.common.worker import CancelledFn
    from vpr_desktop.views.common.worker import JobFn
    from vpr_desktop.views.common.worker import ProgressFn

FIELDS_PER_ROW = 3  # field/column pairs side by side, so the preview and problems keep room
SKIP_UNKNOWN = "Leave out competences that no course lists (each one is named in the result)"
AUTOMATIC = "Automatic (match the column headings)"
NOT_IN_FILE = "(not in this file)"
FILE_FILTER = (
    "ESR exports (*.csv *.xlsx *.xlsm);;CSV files (*.csv);;Excel workbooks "
    "(*.xlsx *.xlsm);;All files (*)"
)
KINDS: dict[str, tuple[str, str, str]] = {
    # kind: (title, noun, intro)
    "staff": (
        "Import staff from ESR",
        "person",
        "Choose the staff list exported from ESR (CSV or Excel): one row per assignment, with "
        "the assignment number, name, staff group and organisation. People already here are "
        "updated, never duplicated. Check the columns below, then check the file: nothing is "
        "written until you press Import, and nothing at all if any row has a problem.",
    ),
    "training": (
        "Import training from ESR",
        "record",
        "Choose the competence or training export from ESR (CSV or Excel): one row per "
        "completion. Import the staff list first, so every assignment is known. Records "
        "already here are updated, never duplicated. Check the columns below, then check the "
        "file: nothing is written until you press Import, and nothing at all if any row has "
        "a problem.",
    ),
}


class EsrImportDialog(ImportDialog):
    """Data > Import staff / training from ESR (see the module docstring).

    ``imports`` is a ``TrainingImports`` service; ``kind`` is "staff" or "training".
    """

    cancellable = True
    show_source = False  # the column status above already says how the file was read

    def __init__(self, imports: TrainingImports, kind: str, parent: QWidget | None = None) -> None:
        title, noun, intro = KINDS[kind]
        spec = ImportSpec(
            title, intro, noun, self._run_plain, FILE_FILTER, values=imports.value_mapping(kind)
        )
        super().__init__(None, parent, spec=spec)
        self.imports = imports
        self.kind = kind
        self.preview: FilePreview | None = None
        self.combos: dict[str, QComboBox] = {}
        self._profiles: list[Any] = []
        self._loading = False
        self.skip_unknown: QCheckBox | None = None
        self.setObjectName(f"esrImport_{kind}")
        self.import_button.setObjectName("importEsr")
        self._build_mapping()
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 150, metrics.lineSpacing() * 48
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:  # 1366×768 at 150%: fit, and let the page scroll the rest
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)
        self._load_profiles()

    # ------------------------------------------------------------------ building

    def _build_mapping(self) -> None:
        box = QGroupBox("Columns", self)
        box.setAccessibleName("Which column of the file feeds each field")
        self.mapping_box = box
        self.profile_combo = QComboBox(box)
        self.profile_combo.setAccessibleName("Saved column mapping")
        self.profile_combo.setToolTip("A saved choice of columns for one export layout")
        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.save_profile_button = push_button(
            "Save mapping as…",
            box,
            lambda: self.save_profile(),
            spoken="Save these column choices as a named mapping for the next export",
        )
        self.delete_profile_button = push_button(
            "Delete mapping", box, self.delete_profile, spoken="Delete the chosen saved mapping"
        )
        profile_row = horizontal(
            label("Mapping:", box),
            (self.profile_combo, 1),
            self.save_profile_button,
            self.delete_profile_button,
        )

        fields = QWidget(box)
        self.fields_grid = QGridLayout(fields)
        self.fields_grid.setContentsMargins(0, 0, 0, 0)
        per_row = FIELDS_PER_ROW
        for pair in range(per_row):
            self.fields_grid.setColumnStretch(pair * 2 + 1, 1)
        for n, info in enumerate(self._field_infos()):
            row, pair = divmod(n, per_row)
            caption = label(info.label + (" (required)" if info.required else ""), fields)
            combo = QComboBox(fields)
            combo.setAccessibleName(f"Column for {info.label}")
            combo.setToolTip(info.help or info.label)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            combo.addItem(NOT_IN_FILE)
            combo.setEnabled(False)
            combo.currentIndexChanged.connect(self._column_chosen)
            caption.setBuddy(combo)
            self.fields_grid.addWidget(caption, row, pair * 2)
            self.fields_grid.addWidget(combo, row, pair * 2 + 1)
            self.combos[info.key] = combo

        self.preview_model = PreviewModel(self)
        self.preview_view = read_only_view(
            self.preview_model, "importPreview", "The first rows of the file, as read", box
        )
        self.preview_view.setWordWrap(False)
        self.preview_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        lines = self.fontMetrics().lineSpacing()
        self.preview_view.setMinimumHeight(lines * 6)
        self.table.setMinimumHeight(lines * 7)  # the problems: a few rows at least
        self.mapping_status = label(
            "Choose a file to see its columns.", box, name="fieldHint", selectable=True
        )
        self.mapping_status.setAccessibleName("Column mapping status")

        inner = QVBoxLayout(box)
        inner.addLayout(profile_row)
        inner.addWidget(fields)
        if self.kind == "training":
            self.skip_unknown = QCheckBox(SKIP_UNKNOWN, box)
            self.skip_unknown.setAccessibleName(SKIP_UNKNOWN)
            self.skip_unknown.setChecked(True)  # before connecting: no check without a file
            self.skip_unknown.setToolTip(
                "An ESR competence export holds every mandatory competence (fire safety, "
                "information governance, …), so these rows are left out and named. Clear this "
                "to treat a competence no course lists as a problem, so nothing is imported."
            )
            self.skip_unknown.toggled.connect(self._skip_toggled)
            inner.addWidget(self.skip_unknown)
        inner.addWidget(self.preview_view, 1)
        inner.addWidget(self.mapping_status)
        self.extra.addWidget(box, 2)
        self._update_mapping_buttons()

    def _field_infos(self) -> list[Any]:
        fmt = self.imports.formats()[self.kind]
        from vpr_desktop.services.importing.preview import FieldInfo

        return [FieldInfo(f.key, f.label, f.required, f.help) for f in fmt.fields]

    # ------------------------------------------------------------------ profiles

    def _load_profiles(self, select: str | None = None) -> None:
        try:
            self._profiles = list(self.imports.profiles(self.kind))
        except Exception as exc:  # VprError in words; anything else to the crash report
            self._failed(exc)
            self._profiles = []
        self._loading = True
        self.profile_combo.clear()
        self.profile_combo.addItem(AUTOMATIC)
        for profile in self._profiles:
            self.profile_combo.addItem(profile.name)
        if select:
            self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findText(select)))
        self._loading = False
        self._update_mapping_buttons()

    def current_profile(self) -> Any:
        index = self.profile_combo.currentIndex()
        return self._profiles[index - 1] if index > 0 else None

    def _profile_chosen(self, _index: int) -> None:
        if self._loading:
            return
        self._update_mapping_buttons()
        if self.path is not None:
            self._read_preview(self.mapping())

    def save_profile(self, name: str | None = None) -> Any:
        """Save the columns now chosen under ``name`` (asked for when None)."""
        if self.preview is None:
            return None
        if name is None:
            current = self.current_profile()
            name, ok = QInputDialog.getText(
                self,
                "Save column mapping",
                "Name for this mapping (for example 'ESR monthly competence report'):",
                text=current.name if current else "",
            )
            if not ok:
                return None
        try:
            saved = self.imports.save_profile(self.kind, name, self.chosen_columns())
        except Exception as exc:  # VprError in words; anything else to the crash report
            self._failed(exc)
            return None
        self._load_profiles(select=saved.name)
        self.mapping_status.setText(
            f"Mapping saved as '{saved.name}'. The next file whose "
            "headings match it uses it by itself."
        )
        return saved

    def delete_profile(self) -> None:
        from vpr_desktop.views.common.dialogs import confirm_delete_saved

        confirm_delete_saved(
            self, "Delete mapping", "mapping", self.current_profile(), self._delete_profile
        )

    def _delete_profile(self, profile: Any) -> None:
        try:
            self.imports.delete_profile(profile.id)
        except Exception as exc:  # VprError in words; anything else to the crash report
            self._failed(exc)
            return
        self._load_profiles()
        if self.path is not None:
            self._read_preview(None)

    def _matching_profile(self, headers: tuple[str, ...]) -> Any:
        """The saved profile every heading of which is in this file (the newest wins)."""
        have = {h.strip().casefold() for h in headers}
        for profile in sorted(self._profiles, key=lambda p: -p.id):
            if profile.mapping and all(
                h.strip().casefold() in have for h in profile.mapping.values()
            ):
                return profile
        return None

    # ------------------------------------------------------------------ the mapping

    def mapping(self) -> dict[str, str] | None:
        """The overrides sent to the service: the chosen profile's, else the columns a
        person changed by hand, else None (automatic)."""
        if self.preview is not None and self._hand_mapped:
            return self.chosen_columns()
        profile = self.current_profile()
        return dict(profile.mapping) if profile else None

    _hand_mapped = False

    def chosen_columns(self) -> dict[str, str]:
        return {
            key: combo.currentText()
            for key, combo in self.combos.items()
            if combo.currentIndex() > 0
        }

    def skipping_unknown(self) -> bool:
        return self.skip_unknown is not None and self.skip_unknown.isChecked()

    def _skip_toggled(self, _on: bool) -> None:
        self.check_result = None
        self._show(None)
        if self.preview is not None and not self.preview.missing_required:
            self.check()

    def _column_chosen(self, _index: int) -> None:
        if self._loading or self.preview is None:
            return
        self._hand_mapped = True
        self.check_result = None
        self._show(None)
        self._read_preview(self.chosen_columns())

    # ------------------------------------------------------------------ file and preview

    def set_path(self, path: Path | str, *, check: bool = True) -> None:
        """Use ``path``: read its first rows and columns; check it in full when every
        required column is found (and ``check``)."""
        self._hand_mapped = False
        self.take_file(path)
        self._auto_check = check
        self._read_preview(self.mapping(), first=True)

    _auto_check = True

    def _read_preview(self, mapping: dict[str, str] | None, *, first: bool = False) -> None:
        if self.path is None:
            return
        path, kind, imports = self.path, self.kind, self.imports

        def read(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            preview = imports.preview(kind, path, mapping)
            if first and mapping is None:  # a saved profile that fits this file wins
                profile = self._matching_profile(preview.headers)
                if profile is not None:
                    return imports.preview(kind, path, dict(profile.mapping)), profile
            return preview, None

        self.runner.start(
            read,
            label=f"Reading {path.name}…",
            on_done=self._previewed,
            on_error=self._preview_failed,
            cancellable=False,
            quiet=True,
        )

    def _previewed(self, payload: tuple[FilePreview, Any]) -> None:
        preview, profile = payload
        self.preview = preview
        if profile is not None:
            self._loading = True
            self.profile_combo.setCurrentIndex(self.profile_combo.findText(profile.name))
            self._loading = False
        self._loading = True
        for key, combo in self.combos.items():
            combo.clear()
            combo.addItem(NOT_IN_FILE)
            for heading in preview.headers:
                if heading:
                    combo.addItem(heading)
            combo.setCurrentIndex(max(0, combo.findText(preview.matched.get(key, ""))))
            combo.setEnabled(True)
        self._loading = False
        labels = {f.key: f.label for f in preview.fields}
        self.preview_model.set_preview(
            preview, {h: labels.get(k, k) for k, h in preview.matched.items()}
        )
        self.preview_view.resizeColumnsToContents()
        char = self.fontMetrics().averageCharWidth()
        for column in range(self.preview_model.columnCount()):
            self.preview_view.setColumnWidth(
                column, min(self.preview_view.columnWidth(column), char * 28)
            )
        missing = [labels.get(k, k) for k in preview.missing_required]
        where = f"Read as {preview.source}." if preview.source else ""
        if profile is not None:
            where += f" Using the saved mapping '{profile.name}'."
        if missing:
            self.mapping_status.setText(
                f"{where} Choose a column for: {', '.join(missing)}. The file is checked once "
                "every required field has a column.".strip()
            )
            set_role(self.mapping_status, "outcome", "problem")
        else:
            unused = f" Not used: {', '.join(preview.unmapped)}." if preview.unmapped else ""
            self.mapping_status.setText(
                f"{where} Every required field has a column.{unused}".strip()
            )
            set_role(self.mapping_status, "outcome", "ok")
        self._update_mapping_buttons()
        self._update_buttons()
        if not missing and self._auto_check:
            self.check()

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview = None
        self.preview_model.set_preview(None, {})
        for combo in self.combos.values():
            combo.setEnabled(False)
        self._update_mapping_buttons()
        self._failed(exc)

    # ------------------------------------------------------------------ running

    def _run_plain(self, path: Path, dry_run: bool) -> Any:
        return self.job(path, dry_run)(None, None)

    def _profile_name(self) -> str | None:
        profile = self.current_profile()
        return None if profile is None or self._hand_mapped else profile.name

    def job(self, path: Path, dry_run: bool) -> JobFn:
        imports, kind = self.imports, self.kind
        mapping, profile_name = self.mapping(), self._profile_name()
        strict = self.skip_unknown is not None and not self.skip_unknown.isChecked()
        extra: dict[str, Any] = {"strict_courses": True} if strict else {}
        step = self.value_step
        if step is not None and step.values:
            extra.update(values=step.values.copy(), value_profile=step.profile_name())

        def run(progress: ProgressFn, is_cancelled: CancelledFn) -> Any:
            return imports.run(
                kind,
                path,
                dry_run=dry_run,
                mapping=mapping,
                profile_name=profile_name,
                progress=progress,
                is_cancelled=is_cancelled,
                **extra,
            )

        return run

    def check(self) -> None:
        if self.preview is not None and self.preview.missing_required:
            return
        super().check()

    # ------------------------------------------------------------------ words

    def summary_text(self, result: Any) -> str:
        if not result.ok or not result.counts:
            return super().summary_text(result)
        counts = result.counts
        if self.kind == "training":
            new, updated = counts.get("new records", 0), counts.get("updated", 0)
            what = (
                f"{plural(new, 'new record')}, {updated:,} updated and "
                f"{counts.get('unchanged', 0):,} already up to date"
            )
            left_out = counts.get("left out (not in the catalogue)", 0)
            if left_out:
                what += f" ({plural(left_out, 'row')} left out: see below)"
        else:
            what = (
                f"{plural(counts.get('new people', 0), 'new person', 'new people')} "
                f"({counts.get('people updated', 0):,} updated) and "
                f"{plural(counts.get('new assignments', 0), 'new assignment')} "
                f"({counts.get('assignments updated', 0):,} updated)"
            )
        if result.dry_run:
            return (
                f"Check passed: {plural(result.rows_read, 'row')} read, no problems. "
                f"Import would add {what}. Nothing has been written yet."
            )
        return f"Imported {what} (batch {result.batch_id})."

    def _update_mapping_buttons(self) -> None:
        busy = self.runner.is_busy() if hasattr(self, "runner") else False
        self.save_profile_button.setEnabled(self.preview is not None and not busy)
        self.delete_profile_button.setEnabled(self.current_profile() is not None and not busy)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if hasattr(self, "save_profile_button"):
            self._update_mapping_buttons()
            busy = self.runner.is_busy()
            self.profile_combo.setEnabled(not busy)
            if self.skip_unknown is not None:
                self.skip_unknown.setEnabled(not busy)
            for combo in self.combos.values():
                combo.setEnabled(self.preview is not None and not busy)
            if self.preview is not None and self.preview.missing_required and not busy:
                self.check_button.setEnabled(False)
