"""The "New pack" dialog: kind, period (presets or custom), formats, output folder, front sheet.

The dialog only collects a :class:`PackRequest`; the page runs it in the background. Kinds
offered are those the person may generate (a board secretary sees only "Board"). Front-sheet
fields start with the usual wording for the kind and period (``default_front``) and follow
kind and period changes until the person edits them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.services.admin.trust_settings import valid_month
from vpr_desktop.services.packs.front import front_warnings
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import line_box
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.packs.chair_summary import ChairSummaryBox
from vpr_desktop.views.packs.periods import PRESETS
from vpr_desktop.views.packs.periods import period_problem
from vpr_desktop.views.packs.periods import preset_period

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QSettings

    from vpr_desktop.services.assessment.records import CycleInfo
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.packs.assurance import AssuranceSuggestion
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.services.packs.front import ChairSuggestions

CYCLE_CHOICES = (
    ("latest-signed", "Last cycle signed off by both sides"),
    ("latest", "Latest cycle, even a draft (marked as a draft)"),
)
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole
KIND_PERMISSIONS = {"committee": "generate_committee_pack", "board": "generate_board_pack"}
KIND_LABELS = {"committee": "Committee pack (full)", "board": "Board pack (short, no staff names)"}
FORMATS = (
    ("both", "PDF and Excel", ("pdf", "xlsx")),
    ("all", "PDF, Excel and Word", ("pdf", "xlsx", "docx")),
    ("pdf", "PDF only", ("pdf",)),
    ("xlsx", "Excel only", ("xlsx",)),
    ("docx", "Word only (accessible paper)", ("docx",)),
)
NO_DATE = QDate(2000, 1, 1)  # the meeting date's "Not set"
#: The committee-to-board fields as the dialog labels them (PackRequest field, label).
ROUTE_LINES = (
    ("previously_considered", "Previously considered by"),
    ("risk_references", "BAF / corporate risk references"),
    ("equality_implications", "Equality implications"),
    ("quality_implications", "Quality implications"),
    ("financial_implications", "Financial implications"),
)
SETTINGS_DIR = "packs/output_dir"
SETTINGS_FORMAT = "packs/format"


def allowed_kinds(actor: Actor) -> list[str]:
    return [k for k, perm in KIND_PERMISSIONS.items() if actor.can(perm)]


def default_folder(settings: QSettings | None) -> Path:
    """The last folder used, else Documents/VPR packs."""
    if settings is not None:
        last = str(settings.value(SETTINGS_DIR, "") or "")
        if last:
            return Path(last)
    from PySide6.QtCore import QStandardPaths

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home()) / "VPR packs"


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class NewPackDialog(ScreenFitDialog):
    """Collects one pack request. ``today`` is injectable for tests."""

    def __init__(
        self,
        actor: Actor,
        *,
        trust: str = "NHS trust",
        settings: QSettings | None = None,
        kind: str | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        set_dialog_title(self, "newPackDialog", "New pack")
        self.settings = settings
        self.trust = trust
        self.today = today or dt.date.today()
        self._edited: set[str] = set()
        self._filling = False

        # ---------------------------------------------------------------- what and when
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of pack")
        for key in allowed_kinds(actor):
            self.kind.addItem(KIND_LABELS[key], key)
        if kind is not None and self.kind.findData(kind) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(kind))

        self.preset = QComboBox(self)
        self.preset.setAccessibleName("Period")
        for key, text, _fn in PRESETS:
            self.preset.addItem(text, key)
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit, name in ((self.start, "Period from"), (self.end, "Period to")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
            edit.setAccessibleName(name)
            edit.setMaximumDate(_qdate(self.today + dt.timedelta(days=366)))
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.end)
        dates.addStretch(1)
        self.period_error = label("", self, name="fieldError")
        self.period_error.hide()

        self.format = QComboBox(self)
        self.format.setAccessibleName("File formats")
        for key, text, _formats in FORMATS:
            self.format.addItem(text, key)
        if settings is not None:
            index = self.format.findData(str(settings.value(SETTINGS_FORMAT, "both")))
            self.format.setCurrentIndex(max(index, 0))

        self.folder = line_box(self, "Output folder", text=str(default_folder(settings)))
        self.folder.setToolTip("The folder the pack files are written to (created if missing)")
        self.choose = push_button(
            "Choose…", self, self.choose_folder, spoken="Choose the output folder"
        )
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)
        self.folder_error = label("", self, name="fieldError")
        self.folder_error.hide()

        self.rebase = line_box(
            self, "Recalculate SPC limits from (YYYY-MM)", hint="Empty: limits from all months"
        )
        self.rebase.setToolTip(
            "After a sustained shift you accept as the new process: the charts' limits are "
            "recalculated from this month, and the month is marked on each chart"
        )
        self.rebase.textChanged.connect(self.validate)
        self.rebase_error = label("", self, name="fieldError")
        self.rebase_error.hide()
        self.screen_outliers = QCheckBox(
            "Leave very large month-to-month jumps out of the limits", self
        )
        self.screen_outliers.setAccessibleName("Outlier screening for SPC limits")
        self.screen_outliers.setToolTip(
            "Off (as NHS England's Making Data Count Excel tool): every moving range counts. "
            "On (as the NHS-R plot-the-dots package): moving ranges of 3.267 × their mean or "
            "more are left out, so one extreme month does not widen the limits. Each chart's "
            "notes say which was used."
        )

        top = QFormLayout()
        top.addRow("&Kind", self.kind)
        top.addRow("&Period", self.preset)
        top.addRow("Dates", dates)
        top.addRow("", self.period_error)
        top.addRow("&Formats", self.format)
        top.addRow("Folder", folder_row)
        top.addRow("", self.folder_error)
        top.addRow("SPC &limits from", self.rebase)
        top.addRow("", self.rebase_error)
        top.addRow("", self.screen_outliers)

        # ---------------------------------------------------------------- front sheet
        front = QGroupBox("Front sheet", self)
        front.setObjectName("frontSheet")
        form = QFormLayout(front)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.meeting = self._line("meeting", "Meeting")
        # Empty until the author sets it (the lowest date shows as "Not set"): a date of
        # meeting filled in with today would be a guess printed on the front sheet.
        self.meeting_date = QDateEdit(front)
        self.meeting_date.setCalendarPopup(True)
        self.meeting_date.setDisplayFormat("dd MMM yyyy")
        self.meeting_date.setMinimumDate(NO_DATE)
        self.meeting_date.setSpecialValueText("Not set")
        self.meeting_date.setDate(NO_DATE)
        self.meeting_date.setAccessibleName("Meeting date")
        self.agenda_item = self._line("agenda_item", "Agenda item")
        self.agenda_item.setPlaceholderText("For example 7.2")
        self.title = self._line("title", "Title")
        self.sponsor = self._line("executive_sponsor", "Executive sponsor")
        self.author = self._line("author", "Author")
        self.purpose = QComboBox(front)
        self.purpose.setAccessibleName("Purpose")
        for p in Purpose:
            self.purpose.addItem(p.label, p.value)
        self.recommendation = QPlainTextEdit(front)
        self.recommendation.setAccessibleName("Recommendation")
        self.recommendation.setTabChangesFocus(True)
        self.recommendation.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.recommendation.textChanged.connect(self._recommendation_edited)
        # No level is pre-selected: the level of assurance is the author's decision.
        self.assurance = QComboBox(front)
        self.assurance.setAccessibleName("Level of assurance")
        self.assurance.setPlaceholderText("Choose a level")
        for a in AssuranceLevel:
            self.assurance.addItem(a.label, a.value)
            self.assurance.setItemData(self.assurance.count() - 1, a.meaning, TOOLTIP_ROLE)
        self.assurance.setCurrentIndex(-1)
        self.assurance_hint = label("", front, name="fieldHint")
        self.assurance_hint.setWordWrap(True)
        self.assurance_hint.hide()
        self.assurance_error = label("", front, name="fieldError")
        self.assurance_error.hide()
        assurance_box = QVBoxLayout()
        assurance_box.setContentsMargins(0, 0, 0, 0)
        assurance_box.addWidget(self.assurance)
        assurance_box.addWidget(self.assurance_hint)
        assurance_box.addWidget(self.assurance_error)
        self.cycle = QComboBox(front)
        self.cycle.setAccessibleName("Self-assessment cycle")
        self.cycle.setToolTip(
            "A draft is shown only when chosen, and is then marked as a draft on every page"
        )
        for key, text in CYCLE_CHOICES:
            self.cycle.addItem(text, key)
        self.route = self._line("committee_route", "Committee route")
        self.session = QComboBox(front)
        self.session.setAccessibleName("Public or private session")
        for s in SessionKind:
            self.session.addItem(s.label, s.value)
        self.front_warning = label("", front, name="fieldHint")
        self.front_warning.setObjectName("frontWarning")
        self.front_warning.hide()
        self.route_fields = {key: self._line(key, name) for key, name in ROUTE_LINES}
        chair = self.chair_box = ChairSummaryBox(self)
        self.chair, self.chair_insert = chair.edits, chair.insert_buttons
        self.chair_suggestions = chair.suggestions
        for text, widget in (
            ("Meeting", self.meeting),
            ("Meeting date", self.meeting_date),
            ("Agenda item", self.agenda_item),
            ("Title", self.title),
            ("Executive sponsor", self.sponsor),
            ("Author", self.author),
            ("Purpose", self.purpose),
            ("Recommendation", self.recommendation),
            ("Committee route", self.route),
            ("Session", self.session),
            ("Self-assessment", self.cycle),
        ):
            form.addRow(text, widget)
            if widget is self.recommendation:
                form.addRow("Level of assurance", assurance_box)
            if widget is self.agenda_item:
                form.addRow("", self.front_warning)
        for key, name in ROUTE_LINES:
            form.addRow(name, self.route_fields[key])

        body = QWidget(self)
        vertical(body, top, front, chair, 1, margins=(0, 0, 8, 0))
        scroll = scrolling(body, self, name="packDialogScroll", sideways=False)

        self.buttons = QDialogButtonBox(self)
        self.generate = self.buttons.addButton("Generate", QDialogButtonBox.ButtonRole.AcceptRole)
        self.generate.setAccessibleName("Generate the pack")
        self.generate.setProperty("primary", True)
        self.generate.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Close without generating")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

        from vpr_desktop.views.actions.forms import name_combo_lists

        name_combo_lists(self)
        for edit in (self.start, self.end, self.meeting_date):
            edit.findChild(QLineEdit).setAccessibleName(edit.accessibleName())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        self.folder.textChanged.connect(self.validate)
        self.assurance.currentIndexChanged.connect(self.validate)
        self.meeting_date.dateChanged.connect(self.validate)
        self.agenda_item.textChanged.connect(self.validate)
        self._preset_changed()
        self._kind_changed()
        self._fit()

    # ------------------------------------------------------------------ building

    def _line(self, key: str, name: str) -> QLineEdit:
        edit = line_box(self, name)
        edit.textEdited.connect(lambda _t, key=key: self._edited.add(key))
        return edit

    def _recommendation_edited(self) -> None:
        if not self._filling:
            self._edited.add("recommendation")

    def _fit(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        metrics = self.fontMetrics()
        width = metrics.averageCharWidth() * 90
        height = metrics.lineSpacing() * 40
        if screen is not None:
            width = min(width, int(screen.width() * 0.9))
            height = min(height, int(screen.height() * 0.9))
        self.setMinimumWidth(width)
        self.resize(width, height)

    # ------------------------------------------------------------------ behaviour

    def selected_kind(self) -> str:
        return str(self.kind.currentData())

    def period(self) -> tuple[dt.date, dt.date]:
        return _pydate(self.start.date()), _pydate(self.end.date())

    def formats(self) -> tuple[str, ...]:
        key = self.format.currentData()
        return next(f for k, _t, f in FORMATS if k == key)

    def out_dir(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def set_preset(self, key: str) -> None:
        self.preset.setCurrentIndex(self.preset.findData(key))

    def _preset_changed(self) -> None:
        key = str(self.preset.currentData())
        period = preset_period(key, self.today)
        custom = period is None
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if period is not None:
            self._filling = True
            self.start.setDate(_qdate(period[0]))
            self.end.setDate(_qdate(period[1]))
            self._filling = False
        elif self.start.date() == QDate(2000, 1, 1):
            self.start.setDate(_qdate(self.today.replace(day=1)))
            self.end.setDate(_qdate(self.today))
        self._dates_changed()

    def _dates_changed(self) -> None:
        self._refill()
        self.validate()

    def _kind_changed(self) -> None:
        self._refill(kind_changed=True)
        self.validate()

    def _refill(self, *, kind_changed: bool = False) -> None:
        """Put the usual wording in every front-sheet field the person has not edited."""
        from vpr_desktop.services.packs.context import PackRequest
        from vpr_desktop.services.packs.context import default_front

        start, end = self.period()
        if end < start or not self.kind.count():
            return
        front = default_front(PackRequest(self.selected_kind(), start, end), self.trust)
        self._filling = True
        for key, widget in (
            ("meeting", self.meeting),
            ("title", self.title),
            ("executive_sponsor", self.sponsor),
            ("author", self.author),
            ("committee_route", self.route),
        ):
            if key not in self._edited:
                widget.setText(getattr(front, key))
                widget.setCursorPosition(0)
        if "recommendation" not in self._edited:
            self.recommendation.setPlainText(front.recommendation)
        if kind_changed:
            self.purpose.setCurrentIndex(self.purpose.findData(front.purpose.value))
            self.session.setCurrentIndex(self.session.findData(front.session.value))
        self._filling = False

    def validate(self) -> bool:
        start, end = self.period()
        problem = period_problem(start, end, self.today)
        self.period_error.setText(problem)
        self.period_error.setVisible(bool(problem))
        for edit in (self.start, self.end):
            edit.setAccessibleDescription(problem)
        folder_problem = ""
        text = self.folder.text().strip()
        if not text:
            folder_problem = "Choose a folder for the pack files."
        elif Path(text).expanduser().exists() and not Path(text).expanduser().is_dir():
            folder_problem = "This is a file, not a folder."
        self.folder_error.setText(folder_problem)
        self.folder_error.setVisible(bool(folder_problem))
        self.folder.setAccessibleDescription(folder_problem)
        assurance_problem = (
            "Choose the level of assurance this board paper offers."
            if self.selected_kind() == "board" and self.assurance.currentIndex() < 0
            else ""
        )
        self.assurance_error.setText(assurance_problem)
        self.assurance_error.setVisible(bool(assurance_problem))
        self.assurance.setAccessibleDescription(
            " ".join(t for t in (assurance_problem, self.assurance_hint.text()) if t)
        )
        rebase = self.rebase.text().strip()
        rebase_problem = (
            "Give the month as year and month, such as 2025-10, or leave it empty."
            if rebase and not valid_month(rebase)
            else ""
        )
        self.rebase_error.setText(rebase_problem)
        self.rebase_error.setVisible(bool(rebase_problem))
        self.rebase.setAccessibleDescription(rebase_problem)
        warnings = front_warnings(self.request())
        self.front_warning.setText(" ".join(warnings))
        self.front_warning.setVisible(bool(warnings))
        ok = (
            not problem
            and not folder_problem
            and not assurance_problem
            and not rebase_problem
            and self.kind.count() > 0
        )
        self.generate.setEnabled(ok)
        return ok

    def choose_folder(self) -> None:
        from vpr_desktop.views.common import dialogs

        if dialogs.headless():
            return
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(
            self, "Folder for the pack files", self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def accept(self) -> None:
        if self.validate():
            super().accept()

    def request(self) -> PackRequest:
        from vpr_desktop.services.packs.context import PackRequest

        start, end = self.period()

        def text(widget: QLineEdit) -> str | None:
            return widget.text().strip() or None

        return PackRequest(
            kind=self.selected_kind(),  # type: ignore[arg-type]
            period_from=start,
            period_to=end,
            meeting=text(self.meeting),
            meeting_date=(
                None if self.meeting_date.date() == NO_DATE else _pydate(self.meeting_date.date())
            ),
            agenda_item=text(self.agenda_item),
            title=text(self.title),
            executive_sponsor=text(self.sponsor),
            author=text(self.author),
            purpose=Purpose(self.purpose.currentData()),
            recommendation=self.recommendation.toPlainText().strip() or None,
            assurance_level=(
                AssuranceLevel(self.assurance.currentData())
                if self.assurance.currentIndex() >= 0
                else None
            ),
            committee_route=text(self.route),
            session=SessionKind(self.session.currentData()),
            assessment_cycle=str(self.cycle.currentData()),
            rebase_from=self.rebase.text().strip() or None,
            screen_outliers=self.screen_outliers.isChecked(),
            **{key: text(edit) for key, edit in self.route_fields.items()},
            **{key: edit.toPlainText().strip() or None for key, edit in self.chair.items()},
        )

    def set_suggestion(self, suggestion: AssuranceSuggestion | None) -> None:
        """Show the level the figures suggest, with its reasons, beside the choice; the choice
        itself is left as it is (a suggestion is never filled in)."""
        text = (
            ""
            if suggestion is None
            else f"{suggestion.text}. A suggestion from the figures at "
            f"{suggestion.as_at:%d %b %Y}; the level is yours to choose."
        )
        self.assurance_hint.setText(text)
        self.assurance_hint.setVisible(bool(text))
        self.validate()

    def set_chair_suggestions(self, suggestions: ChairSuggestions | None) -> None:
        """Offer the lines from the figures beside each part of the chair's summary."""
        self.chair_box.set_suggestions(suggestions)

    def set_cycles(self, cycles: Sequence[CycleInfo]) -> None:
        """Offer each self-assessment cycle by name after the two usual choices."""
        chosen = self.cycle.currentData()
        while self.cycle.count() > len(CYCLE_CHOICES):
            self.cycle.removeItem(self.cycle.count() - 1)
        for c in cycles:
            state = "signed off" if c.read_only else "draft, marked as a draft"
            self.cycle.addItem(f"{c.name} ({state})", str(c.id))
        self.cycle.setCurrentIndex(max(self.cycle.findData(chosen), 0))

    def remember(self) -> None:
        """Keep the folder and formats for next time (after a successful pack)."""
        if self.settings is not None:
            self.settings.setValue(SETTINGS_DIR, str(self.out_dir()))
            self.settings.setValue(SETTINGS_FORMAT, str(self.format.currentData()))
