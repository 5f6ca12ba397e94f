"""The form of one roles-register entry, checked as the user types.

Role type, whether it is required, its scope (trust-wide, or a site, directorate or location),
holder and deputy (picked with the register's own ``find_people``), hours a week, start and
review dates, the competence expected (prefilled from ``DEFAULT_COMPETENCE`` for the role type),
what the holder has and when it expires, and notes. The form never saves: the page reads
:meth:`RoleForm.values` and runs the write; whatever was typed stays whatever the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import ScopeLevel
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.vpr_roles_rules import DEFAULT_COMPETENCE
from vpr_desktop.domain.vpr_roles_rules import ROLE_LABEL
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import parse_date
from vpr_desktop.views.common import people
from vpr_desktop.views.common.checked_form import CheckedForm
from vpr_desktop.views.common.field_signals import watch_fields
from vpr_desktop.views.common.form import Typed
from vpr_desktop.views.common.form import add_field
from vpr_desktop.views.common.form import field_column
from vpr_desktop.views.common.form import retype
from vpr_desktop.views.common.form import set_field_editable
from vpr_desktop.views.common.form import show_field_message
from vpr_desktop.views.common.form import typed_values
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.people import PersonField
from vpr_desktop.views.common.people import PersonPick
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box

if TYPE_CHECKING:
    from vpr_desktop.services.roles.service import RoleEntry
    from vpr_desktop.services.roles.service import RoleInput

MAX_HOURS = 80
SCOPE_LABELS = {
    ScopeLevel.TRUST: "Trust-wide",
    ScopeLevel.SITE: "A site",
    ScopeLevel.DIRECTORATE: "A directorate",
    ScopeLevel.LOCATION: "A location (ward or team)",
}
#: Fields in reading (and tab) order, with their captions.
FIELD_TITLES = {
    "role_type": "Role",
    "required": "Required",
    "scope_level": "Scope",
    "site_id": "Site",
    "location_id": "Location",
    "directorate": "Directorate",
    "holder_id": "Holder",
    "deputy_id": "Deputy",
    "hours_per_week": "Hours a week",
    "start_date": "Start date",
    "review_date": "Review date",
    "competence_required": "Competence expected",
    "competence_held": "Competence the holder has",
    "competence_expires": "Competence expires",
    "notes": "Notes",
}
DATE_FIELDS = ("start_date", "review_date", "competence_expires")


def person_finder(
    find: Callable[[str], list[tuple[int, str, str]]],
) -> Callable[[str], list[PersonPick]]:
    """Adapt ``RolesRegisterService.find_people`` (``(id, name, number)``) to the picker."""
    return people.person_finder(find, name_first=True)


def parse_hours(text: str) -> float | None:
    """``7.5`` → 7.5; empty → None; ValueError for anything that is not a number."""
    t = text.strip().replace(",", ".")
    if not t:
        return None
    return float(t)


def format_hours(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


class RoleForm(CheckedForm):
    """Signals:
    edited(): a field changed (validity and "has changes" may have changed too).
    """

    def __init__(
        self,
        finder: Callable[[str], list[PersonPick]] | None,
        sites: Sequence[tuple[int, str]],
        locations: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, name="roleForm", today=today)
        self._suggested = ""  # the competence prefilled for the current role type

        self.role_type = QComboBox(self)
        for kind in VprRoleType:
            self.role_type.addItem(ROLE_LABEL[kind], kind.value)
        self.required = QCheckBox("Must be filled", self)
        self.scope_level = QComboBox(self)
        for scope, text in SCOPE_LABELS.items():
            self.scope_level.addItem(text, scope.value)
        self.site = QComboBox(self)
        self.site.addItem("Choose a site", None)
        for sid, name in sites:
            self.site.addItem(name, sid)
        self.location = QComboBox(self)
        self.location.addItem("Choose a location", None)
        for lid, name in locations:
            self.location.addItem(name, lid)
        for combo in (self.role_type, self.scope_level, self.site, self.location):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        self.directorate = QLineEdit(self)
        self.directorate.setPlaceholderText("For example: Mental Health Services")
        no_finder: Callable[[str], list[PersonPick]] = lambda _t: []  # noqa: E731
        self.holder = PersonField(finder or no_finder, (), self)
        self.deputy = PersonField(finder or no_finder, (), self)
        self.deputy.setPlaceholderText("Type a name or employee number, or leave empty")
        self.hours = QLineEdit(self)
        self.hours.setPlaceholderText("For example 7.5")
        self.start = QLineEdit(self)
        self.review = QLineEdit(self)
        self.expires = QLineEdit(self)
        for date in (self.start, self.review, self.expires):
            date.setPlaceholderText(f"{DATE_HINT}, or leave empty")
        self.competence_required = QLineEdit(self)
        self.competence_required.setPlaceholderText("What evidence of competence is expected")
        self.competence_held = QLineEdit(self)
        self.competence_held.setPlaceholderText("The qualification or status the holder has")
        self.notes = text_box(self, 3)

        self.widgets: dict[str, QWidget] = {
            "role_type": self.role_type,
            "required": self.required,
            "scope_level": self.scope_level,
            "site_id": self.site,
            "location_id": self.location,
            "directorate": self.directorate,
            "holder_id": self.holder,
            "deputy_id": self.deputy,
            "hours_per_week": self.hours,
            "start_date": self.start,
            "review_date": self.review,
            "competence_required": self.competence_required,
            "competence_held": self.competence_held,
            "competence_expires": self.expires,
            "notes": self.notes,
        }
        self.rows: dict[str, tuple[QLabel, QWidget, QLabel]] = {}

        layout = field_column(self)
        self.note = label("", self, name="mutedText")
        self.note.hide()
        layout.addWidget(self.note)
        for key, title in FIELD_TITLES.items():
            widget = self.widgets[key]
            caption, error = add_field(layout, title, widget)
            self.captions[key], self.errors[key] = caption, error
            self.rows[key] = (caption, widget, error)
        self.required.setAccessibleName("Required: the trust must have someone in this role")

        self.role_type.currentIndexChanged.connect(self._role_type_changed)
        watch_fields(self.widgets, self._changed, skip={"role_type"})
        self._editable = True
        self.load(None)

    # ------------------------------------------------------------------ loading

    def load(self, entry: RoleEntry | None, role_type: VprRoleType | None = None) -> None:
        """Show ``entry`` (None: a new entry, of ``role_type`` if given) as the unchanged state."""
        widgets = list(self.widgets.values())
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._touched = set()
            self._new = entry is None
            if entry is None:
                kind = role_type or VprRoleType.VPR_LEAD
                self._set_combo(self.role_type, kind.value)
                self.required.setChecked(True)
                self._set_combo(self.scope_level, ScopeLevel.TRUST.value)
                self._set_combo(self.site, None)
                self._set_combo(self.location, None)
                for line in (
                    self.directorate,
                    self.hours,
                    self.start,
                    self.review,
                    self.competence_held,
                    self.expires,
                ):
                    line.setText("")
                self.holder.set_person(None, None)
                self.deputy.set_person(None, None)
                self._suggested = DEFAULT_COMPETENCE.get(kind, "")
                self.competence_required.setText(self._suggested)
                self.notes.setPlainText("")
            else:
                self._set_combo(self.role_type, entry.role_type.value)
                self.required.setChecked(entry.required)
                self._set_combo(self.scope_level, entry.scope_level.value)
                self._set_combo(self.site, entry.site_id, fallback=entry.scope)
                self._set_combo(self.location, entry.location_id, fallback=entry.scope)
                self.directorate.setText(entry.directorate or "")
                self.holder.set_person(entry.holder_id, entry.holder_name)
                self.deputy.set_person(entry.deputy_id, entry.deputy_name)
                self.hours.setText(format_hours(entry.hours_per_week))
                self.start.setText(format_date(entry.start_date))
                self.review.setText(format_date(entry.review_date))
                self._suggested = DEFAULT_COMPETENCE.get(entry.role_type, "")
                self.competence_required.setText(entry.competence_required or "")
                self.competence_held.setText(entry.competence_held or "")
                self.expires.setText(format_date(entry.competence_expires))
                self.notes.setPlainText(entry.notes or "")
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        for line in self.findChildren(QLineEdit):
            line.setCursorPosition(0)
        self._original = self._read(lenient=True)
        self._show_scope_fields()
        self._changed(None)

    @staticmethod
    def _set_combo(combo: QComboBox, value: Any, fallback: str = "") -> None:
        index = combo.findData(value)
        if index < 0 and value is not None:  # e.g. a location since made inactive
            combo.addItem(fallback or str(value), value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def set_editable(self, editable: bool, why: str = "") -> None:
        """Read-only: every field stays readable and focusable but cannot be changed."""
        self._editable = editable
        for key, widget in self.widgets.items():
            set_field_editable(widget, editable)
            title = FIELD_TITLES[key]
            widget.setAccessibleName(title if editable else f"{title} (read-only)")
            if key == "required":
                widget.setAccessibleName(
                    "Required: the trust must have someone in this role"
                    + ("" if editable else " (read-only)")
                )
        self.note.setText(why)
        self.note.setVisible(bool(why) and not editable)

    # ------------------------------------------------------------------ reading

    def _read(self, *, lenient: bool = False) -> dict[str, Any]:
        def date(line: QLineEdit) -> Any:
            try:
                return parse_date(line.text())
            except ValueError:
                return line.text().strip()

        try:
            hours: Any = parse_hours(self.hours.text())
        except ValueError:
            hours = self.hours.text().strip()
        scope = ScopeLevel(self.scope_level.currentData())
        return {
            "role_type": VprRoleType(self.role_type.currentData()),
            "required": self.required.isChecked(),
            "scope_level": scope,
            "site_id": self.site.currentData() if scope is ScopeLevel.SITE else None,
            "location_id": self.location.currentData() if scope is ScopeLevel.LOCATION else None,
            "directorate": (self.directorate.text().strip() or None)
            if scope is ScopeLevel.DIRECTORATE
            else None,
            "holder_id": self.holder.read(lenient=lenient),
            "deputy_id": self.deputy.read(lenient=lenient),
            "hours_per_week": hours,
            "start_date": date(self.start),
            "review_date": date(self.review),
            "competence_required": self.competence_required.text().strip() or None,
            "competence_held": self.competence_held.text().strip() or None,
            "competence_expires": date(self.expires),
            "notes": self.notes.toPlainText().strip() or None,
        }

    def values(self) -> RoleInput:
        """The entry as the service takes it (check :meth:`problems` first)."""
        from vpr_desktop.services.roles.service import RoleInput

        return RoleInput(**self._read())

    def typed(self) -> dict[str, Typed]:
        """The raw text of every field, to put back after a reload (see ``retype``)."""
        return typed_values(self.widgets)

    def retype(self, typed: dict[str, Typed]) -> None:
        retype(self.widgets, typed)

    def has_changes(self) -> bool:
        return self._read(lenient=True) != self._original

    def problems(self) -> dict[str, str]:
        """Blocking problems by field, in words."""
        out: dict[str, str] = {}
        scope = ScopeLevel(self.scope_level.currentData())
        if scope is ScopeLevel.SITE and self.site.currentData() is None:
            out["site_id"] = "Choose the site this role covers."
        if scope is ScopeLevel.LOCATION and self.location.currentData() is None:
            out["location_id"] = "Choose the location this role covers."
        if scope is ScopeLevel.DIRECTORATE and not self.directorate.text().strip():
            out["directorate"] = "Name the directorate this role covers."
        for key, field in (("holder_id", self.holder), ("deputy_id", self.deputy)):
            if problem := field.problem():
                out[key] = problem
        holder, deputy = (
            self._read(lenient=True)["holder_id"],
            self._read(lenient=True)["deputy_id"],
        )
        if (
            "deputy_id" not in out
            and deputy is not None
            and isinstance(deputy, int)
            and deputy == holder
        ):
            out["deputy_id"] = "The deputy must be someone other than the holder."
        if not self.holder.text().strip() and self.deputy.text().strip() and "deputy_id" not in out:
            out["holder_id"] = "Name the holder before a deputy (or leave both empty)."
        try:
            hours = parse_hours(self.hours.text())
        except ValueError:
            out["hours_per_week"] = "Write the hours as a number, for example 7.5."
        else:
            if hours is not None and not 0 <= hours <= MAX_HOURS:
                out["hours_per_week"] = f"Hours a week must be between 0 and {MAX_HOURS}."
        dates: dict[str, dt.date | None] = {}
        example = (self._today() + dt.timedelta(days=365)).strftime("%d/%m/%Y")
        for key, line in (
            ("start_date", self.start),
            ("review_date", self.review),
            ("competence_expires", self.expires),
        ):
            try:
                dates[key] = parse_date(line.text())
            except ValueError:
                out[key] = f"Write the date as {DATE_HINT}, for example {example}."
        start, review = dates.get("start_date"), dates.get("review_date")
        if start and review and review < start:
            out["review_date"] = "The review date is before the start date."
        if dates.get("competence_expires") and not self.competence_held.text().strip():
            out["competence_held"] = "Say what the holder has before when it expires."
        return out

    def hints(self) -> dict[str, str]:
        """Notes that do not block saving (they become gaps in the register)."""
        out: dict[str, str] = {}
        today = self._today()
        try:
            review = parse_date(self.review.text())
            expires = parse_date(self.expires.text())
        except ValueError:
            return out
        if review is not None and review < today:
            out["review_date"] = "This date has passed, so the review will show as overdue."
        if expires is not None and expires < today:
            out["competence_expires"] = (
                "This date has passed, so the competence will show as expired."
            )
        if self.holder.text().strip() and not self.deputy.text().strip():
            out["deputy_id"] = "No deputy: the register will flag this as a gap."
        return out

    # ------------------------------------------------------------------ reacting

    def _role_type_changed(self) -> None:
        kind = VprRoleType(self.role_type.currentData())
        suggestion = DEFAULT_COMPETENCE.get(kind, "")
        current = self.competence_required.text().strip()
        if current in ("", self._suggested):  # never overwrite what the user wrote
            self.competence_required.setText(suggestion)
        self._suggested = suggestion
        self._changed("role_type")

    def _show_scope_fields(self) -> None:
        scope = ScopeLevel(self.scope_level.currentData())
        for key, wanted in (
            ("site_id", ScopeLevel.SITE),
            ("location_id", ScopeLevel.LOCATION),
            ("directorate", ScopeLevel.DIRECTORATE),
        ):
            caption, widget, _error = self.rows[key]
            caption.setVisible(scope is wanted)
            widget.setVisible(scope is wanted)

    def _share_people(self) -> None:
        """Whoever one picker knows, the other does too (so "same as the holder" is caught)."""
        self.holder.share_with(self.deputy)
        self.deputy.share_with(self.holder)

    def _changed(self, key: str | None = None) -> None:
        if key is not None:
            self._touched.add(key)
        self._share_people()
        if key == "scope_level":
            self._show_scope_fields()
        problems = self.problems()
        hints = self.hints()
        scope_keys = {"site_id", "location_id", "directorate"}
        for field, error in self.errors.items():
            shown = (
                not self._new
                or field in self._touched
                or (field in scope_keys and "scope_level" in self._touched)
            )
            text = problems.get(field, "") if shown else ""
            is_hint = False
            if (
                not text
                and field in hints
                and (not self._new or field in self._touched or field == "deputy_id")
            ):
                text, is_hint = hints[field], True
            if field in scope_keys and not self.rows[field][1].isVisibleTo(self):
                text = ""
            show_field_message(error, self.widgets[field], text, hint=is_hint)
        self.edited.emit()

    def focus_first(self) -> None:
        self.role_type.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_chain(self) -> list[QWidget]:
        return list(self.widgets.values())
