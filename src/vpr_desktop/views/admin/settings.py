"""Settings page: the trust's own settings, for administrators and VPR leads.

One form in grouped boxes — the trust and its packs, small numbers, the assurance scale,
targets and limits, post-incident support timings, backups — saved together through
:mod:`vpr_desktop.services.admin.trust_settings`, the same service as ``vpr-desktop settings``,
so its checks, permission and audit hold here too. Each field is checked as it is typed and a
problem is said under the field; Save stays off until the form is valid and changed. A save
refused because someone else saved first keeps what was typed and offers Reload, or Reload
keeping my changes. The support timings are the support pathway's own setting, shown here so
there is one place to change them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin import trust_settings as ts
from vpr_desktop.services.admin.trust_settings_text import pounds
from vpr_desktop.views.common.form import ConflictBanner
from vpr_desktop.views.common.form import RecordPanel
from vpr_desktop.views.common.form import SaveBar
from vpr_desktop.views.common.form import Typed
from vpr_desktop.views.common.form import retype
from vpr_desktop.views.common.form import save_state
from vpr_desktop.views.common.form import show_field_message
from vpr_desktop.views.common.form import signals_blocked
from vpr_desktop.views.common.form import typed_values
from vpr_desktop.views.common.page import ServicesPage
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

NUMBER_WORDS = {
    "disclosure_threshold": "The disclosure threshold must be a whole number from 1 to 20.",
    "training_target_percent": "The default training target must be from 0 to 100%.",
    "evidence_limit_mb": "The evidence size limit must be a whole number of MB from 1 to 500.",
    "backup_keep_days": "Keep the daily backups for 1 to 365 days.",
    "backup_keep_weeks": "Keep the weekly backups for 1 to 520 weeks.",
}


class SettingsPanel(RecordPanel):
    """The settings form, its banner, and the Save bar pinned beneath it."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent, runner_name="Saving the settings")
        self.setObjectName("settingsPanel")
        self.setAccessibleName("Trust settings")
        self.db = services.db
        self.actor = services.actor
        self.can_edit = services.actor.can(Permission.MANAGE_SETTINGS) and not self.db.read_only
        self.loaded: ts.TrustSettings | None = None
        self._typed_at_load: dict[str, Typed] = {}
        self.logo: ts.Logo | None = None
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.timing_keys: list[str] = []

        content = QWidget()
        content.setObjectName("detailContent")
        self.banner = ConflictBanner.boxed(
            content,
            reload=("Reload", "Reload the saved settings (your changes are discarded)"),
            keep=("Reload keeping my changes", "Reload the saved settings and keep my changes"),
            on_reload=lambda: self.reload(keep=False),
            on_keep=lambda: self.reload(keep=True),
        )
        why = self.db.read_only_reason or "it was opened read-only"
        self.read_only_note = label(
            f"The settings cannot be changed: the database is open read-only ({why})."
            if self.db.read_only
            else "",
            content,
            name="readOnlyNote",
        )
        self.read_only_note.setVisible(self.db.read_only)

        self.content_layout = vertical(
            content, self.banner, self.read_only_note, margins=0, spacing=12
        )
        self._build_trust_box(content)
        self._build_disclosure_box(content)
        self._build_scale_box(content)
        self._build_targets_box(content)
        self._build_costs_box(content)
        self.support_box = QGroupBox("Post-incident support timings", content)
        self.support_form = QFormLayout(self.support_box)
        self.content_layout.addWidget(self.support_box)
        self._build_backup_box(content)
        self.content_layout.addStretch(1)

        self.bar = SaveBar(
            self,
            save=("Save settings", "Save the settings (Ctrl+S)"),
            cancel=("Discard changes", "Discard the changes in the form"),
            state_name="Settings",
        )
        self.bar.save_button.setObjectName("saveSettings")
        self.bar.save_button.clicked.connect(self.save)
        self.bar.cancel_button.clicked.connect(lambda: self.reload(keep=False))
        self.bar.setVisible(self.can_edit)

        vertical(self, (scrolling(content, self), 1), self.runner, self.bar, margins=0, spacing=0)
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)
        save_key.activated.connect(self.save)

    # ================================================================== building

    def _field(
        self, key: str, name: str, form: QFormLayout, box: QWidget, *, hint: str = ""
    ) -> QLineEdit:
        """A line edit with its label, accessible name and the message line under it."""
        edit = QLineEdit(box)
        edit.setObjectName(f"setting_{key}")
        edit.setAccessibleName(name)
        if hint:
            edit.setToolTip(hint)
        edit.setEnabled(self.can_edit)
        edit.textChanged.connect(self._check)
        error = label("", box, name="fieldError")
        error.hide()
        holder = QWidget(box)
        vertical(holder, edit, error, margins=0, spacing=2)
        caption = label(name, box, wrap=True)
        caption.setBuddy(edit)
        form.addRow(caption, holder)
        self.fields[key], self.errors[key] = edit, error
        return edit

    def _box(self, title: str, parent: QWidget, note: str = "") -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title, parent)
        box.setAccessibleName(title)
        form = QFormLayout(box)
        if note:
            text = label(note, box, name="mutedText")
            form.addRow(text)
        self.content_layout.addWidget(box)
        return box, form

    def _build_trust_box(self, parent: QWidget) -> None:
        box, form = self._box(
            "Trust and packs", parent, "Printed on the front of every committee and board pack."
        )
        self._field("trust_name", "Trust name", form, box)
        self.logo_text = label("", box, name="mutedText")
        self.logo_text.setAccessibleName("Logo")
        self.logo_button = push_button(
            "Choose logo…",
            box,
            lambda: self.choose_logo(),
            spoken="Choose a logo (PNG or JPEG, at most 1 MB)",
        )
        self.remove_logo_button = push_button(
            "Remove logo", box, self.remove_logo, spoken="Remove the logo"
        )
        for button in (self.logo_button, self.remove_logo_button):
            button.setEnabled(self.can_edit)
        row = QWidget(box)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.logo_text, 1)
        line.addWidget(self.logo_button)
        line.addWidget(self.remove_logo_button)
        self.errors["logo"] = label("", box, name="fieldError")
        self.errors["logo"].hide()
        form.addRow(label("Logo", box), row)
        form.addRow(self.errors["logo"])

    def _build_disclosure_box(self, parent: QWidget) -> None:
        box, form = self._box(
            "Small numbers in packs",
            parent,
            "Counts from 1 up to the threshold are shown as '*' in packs, so nobody can be "
            "identified; larger counts are rounded to 5. The NHS Digital rule uses 7.",
        )
        self._field("disclosure_threshold", "Disclosure threshold (1 to 20)", form, box)

    def _build_scale_box(self, parent: QWidget) -> None:
        box, form = self._box(
            "Assurance scale",
            parent,
            "The names and definitions of the levels of assurance, printed in every pack.",
        )
        for entry in ts.DEFAULT_SCALE:
            key = f"assurance.{entry.level.value}"
            self._field(f"{key}.name", f"{entry.level.label}: name", form, box)
            self._field(f"{key}.definition", f"{entry.level.label}: definition", form, box)

    def _build_targets_box(self, parent: QWidget) -> None:
        box, form = self._box("Targets and limits", parent)
        self._field(
            "training_target_percent",
            "Default training target (%)",
            form,
            box,
            hint="The target a new course starts with; each course can have its own.",
        )
        self._field("evidence_limit_mb", "Largest evidence file (MB)", form, box)
        self._field(
            "recording_start",
            "Incidents recorded from (YYYY-MM)",
            form,
            box,
            hint="Charts in packs start this month; empty: the first month with an incident.",
        )

    def _build_backup_box(self, parent: QWidget) -> None:
        box, form = self._box(
            "Backups",
            parent,
            "Every backup of the last days is kept, then the newest of each week; older "
            "backups of this database in the folder are removed after each backup. A shared "
            "PostgreSQL database is backed up by its server instead.",
        )
        self._field(
            "backup_folder",
            "Backup folder (empty: the app's own data folder)",
            form,
            box,
        )
        self.folder_button = QPushButton("Choose folder…", box)
        self.folder_button.setAccessibleName("Choose the backup folder")
        self.folder_button.setEnabled(self.can_edit)
        self.folder_button.clicked.connect(self.choose_folder)
        row = QWidget(box)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder_button)
        line.addStretch(1)
        form.addRow("", row)
        self._field("backup_keep_days", "Keep every backup for (days)", form, box)
        self._field("backup_keep_weeks", "Then keep one a week for (weeks)", form, box)

    def _build_timings(self, timings: tuple[ts.SupportTiming, ...]) -> None:
        """One field per support step (built once, from the pathway read)."""
        if self.timing_keys:
            return
        box = self.support_box
        note = label(
            "Hours after the incident by which each step is due (the support pathway). "
            "Steps already created keep their times; new incidents use these.",
            box,
            name="mutedText",
        )
        self.support_form.addRow(note)
        for timing in timings:
            key = f"support.{timing.key}.due_hours"
            self._field(key, f"{timing.label}: due within (hours)", self.support_form, box)
            self.timing_keys.append(timing.key)

    # ================================================================== values

    def _build_costs_box(self, parent: QWidget) -> None:
        box, form = self._box(
            "Cost of violence",
            parent,
            "The packs estimate the cost of violence only from these figures and the claims "
            "entered; with no cost of a day lost set they print the days lost and say the "
            "cost is not estimated.",
        )
        for key, words in ts.COST_KEYS.items():
            self._field(
                key,
                f"{words[0].upper()}{words[1:]} (£)",
                form,
                box,
                hint="In pounds, such as 245.50; leave empty when the trust has no figure.",
            )
        self.claims_button = push_button(
            "Claims from NHS Resolution letters…",
            box,
            self.open_claims,
            spoken="Enter or change claims from NHS Resolution letters",
        )
        # Claims are entered by whoever edits incidents (the VPR lead), not by settings rights.
        self.claims_button.setVisible(self.actor.can(Permission.EDIT_INCIDENTS))
        self.claims_button.setEnabled(not self.db.read_only)
        form.addRow("", self.claims_button)

    def open_claims(self) -> None:
        """The claims editor (its own small dialog: claims are rows, not settings)."""
        from vpr_desktop.views.admin.claims import ClaimsDialog

        self.claims_dialog = ClaimsDialog(self.db, self.actor, self)
        self.claims_dialog.open()

    def show_settings(self, settings: ts.TrustSettings) -> None:
        """Fill the form from ``settings`` as read (a load is not an edit)."""
        self.loaded = settings
        self.logo = settings.logo
        self._build_timings(settings.support_timings)
        values = {
            "trust_name": settings.trust_name,
            "disclosure_threshold": str(settings.disclosure_threshold),
            "training_target_percent": f"{settings.training_target_percent:g}",
            "evidence_limit_mb": str(settings.evidence_limit_mb),
            "backup_folder": settings.backup_folder,
            "backup_keep_days": str(settings.backup_keep_days),
            "backup_keep_weeks": str(settings.backup_keep_weeks),
            "recording_start": settings.recording_start,
            **{
                key: "" if getattr(settings, key) is None else f"{getattr(settings, key):.2f}"
                for key in ts.COST_KEYS
            },
        }
        for e in settings.assurance_scale:
            values[f"assurance.{e.level.value}.name"] = e.name
            values[f"assurance.{e.level.value}.definition"] = e.definition
        for t in settings.support_timings:
            values[f"support.{t.key}.due_hours"] = str(t.due_hours)
        with signals_blocked(self.fields.values()):
            for key, text in values.items():
                if key in self.fields:
                    self.fields[key].setText(text)
                    self.fields[key].setCursorPosition(0)
        self._typed_at_load = typed_values(self.fields)
        self._show_logo()
        self._check()

    def _show_logo(self) -> None:
        if self.logo is None:
            text = "No logo: packs show the trust's name only."
        else:
            kind = "PNG" if self.logo.media_type == "image/png" else "JPEG"
            text = f"{kind} image, {max(1, len(self.logo.data) // 1024):,} KB."
        self.logo_text.setText(text)
        self.logo_text.setAccessibleName(f"Logo: {text}")
        self.remove_logo_button.setEnabled(self.can_edit and self.logo is not None)

    def typed(self) -> tuple[ts.TrustSettings | None, dict[str, str]]:
        """The settings as typed, and the fields whose text is not a number where one is
        needed (those make the settings None)."""
        base = self.loaded or ts.TrustSettings()
        text = {key: edit.text() for key, edit in self.fields.items()}
        bad: dict[str, str] = {}

        def whole(key: str) -> int:
            try:
                return int(text[key].strip())
            except ValueError:
                bad[key] = NUMBER_WORDS.get(key, "Type a whole number.")
                return 0

        try:
            target = float(text["training_target_percent"].strip().rstrip("%"))
        except ValueError:
            bad["training_target_percent"] = NUMBER_WORDS["training_target_percent"]
            target = 0.0
        costs: dict[str, float | None] = {}
        for key in ts.COST_KEYS:
            try:
                costs[key] = pounds(key, text[key])
            except VprError:
                bad[key] = "Type an amount in pounds, such as 245.50, or leave it empty."
                costs[key] = None
        timings = []
        for t in base.support_timings:
            hours = whole(f"support.{t.key}.due_hours")
            timings.append(dataclasses.replace(t, due_hours=hours))
        scale = tuple(
            dataclasses.replace(
                e,
                name=text[f"assurance.{e.level.value}.name"].strip(),
                definition=text[f"assurance.{e.level.value}.definition"].strip(),
            )
            for e in base.assurance_scale
        )
        settings = dataclasses.replace(
            base,
            trust_name=text["trust_name"].strip(),
            logo=self.logo,
            disclosure_threshold=whole("disclosure_threshold"),
            assurance_scale=scale,
            training_target_percent=target,
            evidence_limit_mb=whole("evidence_limit_mb"),
            backup_folder=text["backup_folder"].strip(),
            backup_keep_days=whole("backup_keep_days"),
            backup_keep_weeks=whole("backup_keep_weeks"),
            support_timings=tuple(timings),
            recording_start=text["recording_start"].strip(),
            cost_per_day_lost=costs["cost_per_day_lost"],
            bank_cover_per_day=costs["bank_cover_per_day"],
        )
        return (None if bad else settings), bad

    def problems(self) -> dict[str, str]:
        """Each field's problem as typed (field key → sentence)."""
        settings, bad = self.typed()
        if settings is None:
            return bad
        return ts.problems(settings)

    def has_changes(self) -> bool:
        settings, _bad = self.typed()
        return settings is None or settings != self.loaded

    def _check(self) -> None:
        found = self.problems()
        for key, error in self.errors.items():
            if key == "logo":
                continue
            field = self.fields.get(key)
            if field is not None:
                show_field_message(error, field, found.get(key, ""))
        self.update_state()

    def show_problems(self, found: dict[str, str]) -> None:
        """Put each problem a save was refused for under its field."""
        for key, why in found.items():
            error = self.errors.get(key)
            if error is None:
                continue
            show_field_message(error, self.fields.get(key, self.logo_button), why)

    def update_state(self) -> None:
        busy = self.runner.is_busy()
        valid = not self.problems()
        changes = self.loaded is not None and self.has_changes()
        self.bar.save_button.setEnabled(self.can_edit and valid and changes and not busy)
        self.bar.cancel_button.setEnabled(changes and not busy)
        self.bar.set_state(
            save_state(changes=changes, valid=valid, busy=busy), problem=changes and not valid
        )

    # ================================================================== actions

    def load(self) -> None:
        """Read the settings (a small read, done at once) and show them."""
        self.hide_banner()
        self.show_settings(ts.load(self.db))

    def reload(self, *, keep: bool) -> None:
        """Read the saved settings again; ``keep`` puts back what was typed on top."""
        # Only the fields this person changed go back on top: retyping the rest would quietly
        # undo what the other person saved in them (the save would then be on their version).
        at_load = self._typed_at_load
        typed = {k: v for k, v in typed_values(self.fields).items() if at_load.get(k) != v}
        logo, logo_changed = self.logo, self.loaded is not None and self.logo != self.loaded.logo
        self.load()
        if keep:
            retype(self.fields, typed)
            if logo_changed:
                self.logo = logo
                self._show_logo()
            self._check()

    def choose_logo(self, path: str | None = None) -> bool:
        """Pick a logo file (``path`` given: no dialog); checked at once, said under it."""
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, "Choose the trust's logo", "", "Images (*.png *.jpg *.jpeg)"
            )
            if not path:
                return False
        error = self.errors["logo"]
        try:
            self.logo = ts.check_logo(Path(path).read_bytes())
        except ValidationError as exc:
            show_field_message(error, self.logo_button, exc.message)
            return False
        except OSError:
            show_field_message(error, self.logo_button, f"The file {path} cannot be read.")
            return False
        show_field_message(error, self.logo_button, "")
        self._show_logo()
        self.update_state()
        return True

    def remove_logo(self) -> None:
        self.logo = None
        show_field_message(self.errors["logo"], self.logo_button, "")
        self._show_logo()
        self.update_state()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose the backup folder", self.fields["backup_folder"].text()
        )
        if folder:
            self.fields["backup_folder"].setText(folder)

    def save(self) -> bool:
        """Save every setting in one transaction (background); False when nothing to save."""
        settings, _bad = self.typed()
        if not self.bar.save_button.isEnabled() or settings is None or self.loaded is None:
            return False
        self.hide_banner()
        db, actor, version = self.db, self.actor, self.loaded.version
        return self.run_write(
            lambda: ts.save(db, actor, settings, version),
            "Saving the settings…",
            "Settings saved",
            self._saved,
        )

    def _saved(self, saved: ts.TrustSettings) -> None:
        self.show_settings(saved)
        self.changed.emit(saved)

    def failure_message(self, exc: VprError, text: str) -> str:
        if isinstance(exc, ValidationError):
            self.show_problems({p[1]: p[3] for p in exc.problems})
        return text

    def conflict_message(self, exc: VprError) -> str:
        return f"{exc.message} Your changes are still in the form."


class SettingsPage(ServicesPage):
    """The Settings page: the form, loaded when first shown and on F5.

    Made like every other services page; it keeps no layout, so it takes no ``QSettings`` of
    its own (``DEFAULT_SETTINGS`` False).
    """

    DEFAULT_SETTINGS = False

    def build_page(self) -> None:
        self.panel = SettingsPanel(self.services, self)
        vertical(self, self.header, (self.panel, 1), margins=(24, 20, 24, 0), spacing=12)
        self._shown = False

    def activated(self) -> None:
        if not self._shown:
            self._shown = True
            self.panel.load()

    def refresh(self) -> None:
        """F5: read the settings again, keeping anything typed."""
        self.panel.reload(keep=True)

    def live_refresh(self) -> None:
        """Someone else saved: show it, unless this person is editing (their save will then
        be refused as stale, with Reload / Reload keeping my changes)."""
        if self._shown and not self.panel.has_changes():
            self.panel.reload(keep=False)
