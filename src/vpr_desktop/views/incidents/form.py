"""The incident form (new and edit): the common data standard's fields, checked as you type.

The form never saves. The detail panel reads :meth:`IncidentForm.to_input` and runs the
service's ``create`` / ``update`` in a background job; whatever happens the form keeps what was
typed. Problems are said next to their field, in words ("Date is after today"), and the Save
button stays disabled while there are any (:meth:`IncidentForm.problems`). The service checks
everything again, so the form's checks are for the person typing, not the only line of defence.

Times are typed as the trust's wall-clock time (Europe/London); the service stores UTC.
Protected characteristics appear only for users allowed to see them (the detail's
``characteristics_visible``, or the permission for a new incident), and only once the person's
consent is ticked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import parse_date
from vpr_desktop.views.common.checked_form import CheckedForm
from vpr_desktop.views.common.flow import FlowLayout
from vpr_desktop.views.common.form import add_field
from vpr_desktop.views.common.form import field_column
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box
from vpr_desktop.views.incidents.fields import DAYS_FROM_STAFF
from vpr_desktop.views.incidents.fields import FIELD_TITLES
from vpr_desktop.views.incidents.fields import INTENT_LABELS as INTENT_LABELS
from vpr_desktop.views.incidents.fields import MAX_REF
from vpr_desktop.views.incidents.fields import MAX_TEXT
from vpr_desktop.views.incidents.fields import PERPETRATOR_LABELS
from vpr_desktop.views.incidents.fields import TIME_HINT
from vpr_desktop.views.incidents.fields import TYPE_LABELS
from vpr_desktop.views.incidents.fields import london as london
from vpr_desktop.views.incidents.fields import parse_time
from vpr_desktop.views.incidents.riddor import RiddorDecisionBox
from vpr_desktop.views.incidents.staff import MAX_DAYS
from vpr_desktop.views.incidents.staff import StaffRow
from vpr_desktop.views.incidents.staff import StaffSection
from vpr_desktop.views.incidents.staff import name_spin_edits

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import IncidentChoices
    from vpr_desktop.services.incidents.records import IncidentDetail
    from vpr_desktop.services.incidents.records import IncidentInput


class IncidentForm(CheckedForm):
    """Every field of one incident, checked as the user types.

    Signals:
        edited(): something changed (validity and "has changes" may have changed too).
    """

    def __init__(
        self,
        choices: IncidentChoices,
        finder: Callable[[str], list[tuple[int, str, str]]],
        parent: QWidget | None = None,
        *,
        now: Callable[[], dt.datetime] | None = None,
        can_see_characteristics: bool = False,
    ) -> None:
        super().__init__(parent, name="incidentForm")
        self.setAccessibleName("Incident form")
        self._now = now or (lambda: london(dt.datetime.now(dt.UTC)))
        self._original = None
        self._primary: IncidentType | None = None
        self.choices = choices

        self.occurred_date = QLineEdit(self)
        self.occurred_date.setPlaceholderText(DATE_HINT)
        self.occurred_time = QLineEdit(self)
        self.occurred_time.setPlaceholderText(TIME_HINT)
        self.occurred_time.setMaximumWidth(self.fontMetrics().averageCharWidth() * 12)
        when = QWidget(self)
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.occurred_date, 2)
        time_caption = label("Time", when, name="fieldName", wrap=False)
        time_caption.setBuddy(self.occurred_time)
        when_row.addWidget(time_caption)
        when_row.addWidget(self.occurred_time, 1)

        self.location = QComboBox(self)
        self.location.addItem("Choose a location…", None)
        for loc_id, code, name in choices.locations:
            self.location.addItem(f"{name} ({code})" if code else name, loc_id)
        self.location.setMaxVisibleItems(20)

        self.type_boxes: dict[IncidentType, QCheckBox] = {}
        types = QWidget(self)
        types_flow = FlowLayout(types, spacing=10)
        for kind in choices.types:
            box = QCheckBox(TYPE_LABELS.get(kind, enum_words(kind)), types)
            box.setAccessibleName(f"Type: {TYPE_LABELS.get(kind, enum_words(kind))}")
            types_flow.add(box)
            self.type_boxes[kind] = box
        self.types_widget = types

        self.hate_strand = QComboBox(self)
        self.hate_strand.addItem("Choose the strand…", None)
        for choice in choices.hate_strands:
            self.hate_strand.addItem(choice.label, choice.key)

        self.perpetrator = QComboBox(self)
        for kind in choices.perpetrator_types:
            self.perpetrator.addItem(PERPETRATOR_LABELS.get(kind, enum_words(kind)), kind.value)
        self.intent = QComboBox(self)
        for kind in choices.intents:
            self.intent.addItem(INTENT_LABELS.get(kind, enum_words(kind)), kind.value)
        self.harm = QComboBox(self)
        for kind in choices.harms:
            self.harm.addItem(enum_words(kind), kind.value)

        injury = QWidget(self)
        injury_box = QVBoxLayout(injury)
        injury_box.setContentsMargins(0, 0, 0, 0)
        injury_box.setSpacing(4)
        self.injury = QCheckBox("There was an injury", injury)
        self.injury_description = QLineEdit(injury)
        self.injury_description.setPlaceholderText("Describe the injury")
        self.specified_injury = QCheckBox(
            "Specified injury diagnosed by a doctor (fracture, amputation, loss of sight…)", injury
        )
        injury_box.addWidget(self.injury)
        injury_box.addWidget(self.injury_description)
        injury_box.addWidget(self.specified_injury)
        self.injury_widget = injury

        self.days_lost = QSpinBox(self)
        self.days_lost.setRange(-1, MAX_DAYS)
        self.days_lost.setSpecialValueText(DAYS_FROM_STAFF)
        self.days_lost.setValue(-1)
        self.days_lost.setMinimumWidth(self.fontMetrics().horizontalAdvance(DAYS_FROM_STAFF) + 48)
        self.days_lost.setMaximumWidth(self.days_lost.minimumWidth() + 40)
        self.riddor = RiddorDecisionBox(self)
        self.riddor.changed.connect(lambda: self._changed("riddor"))

        flags = QWidget(self)
        flags_flow = FlowLayout(flags, spacing=10)
        self.near_miss = QCheckBox("Near miss (no harm, no injury)", flags)
        self.personal_dispute = QCheckBox("Personal dispute (not work-related)", flags)
        self.police_informed = QCheckBox("Police informed", flags)
        for box in (self.near_miss, self.personal_dispute, self.police_informed):
            flags_flow.add(box)
        self.flags_widget = flags
        self.crime_reference = QLineEdit(self)
        self.crime_reference.setPlaceholderText("Only when the police were informed")
        self.external_ref = QLineEdit(self)
        self.external_ref.setPlaceholderText("Optional, e.g. the Datix ID")

        staff = StaffSection(finder, can_see_characteristics, self)
        self.staff = staff
        self.staff_picker = staff.picker
        self.staff_picker_error = staff.picker_error
        self.add_staff_button = staff.add_button
        self.add_picked_staff = staff.add_picked
        staff.changed.connect(lambda: self._changed("staff"))

        self.description = text_box(self, 5)

        self.widgets: dict[str, QWidget] = {
            "occurred_date": when,
            "location": self.location,
            "types": types,
            "hate_strand": self.hate_strand,
            "perpetrator": self.perpetrator,
            "intent": self.intent,
            "harm": self.harm,
            "injury_description": injury,
            "days_lost": self.days_lost,
            "riddor": self.riddor,
            "flags": flags,
            "crime_reference": self.crime_reference,
            "external_ref": self.external_ref,
            "staff": staff,
            "description": self.description,
        }
        names = {"occurred_date": self.occurred_date, "injury_description": self.injury}
        layout = field_column(self)
        for key, widget in self.widgets.items():
            self.captions[key], self.errors[key] = add_field(
                layout, FIELD_TITLES[key], widget, name_field=False
            )
        for key, buddy in names.items():  # a row of several fields: its first takes the caption
            self.captions[key].setBuddy(buddy)
        self.captions["occurred_date"].setText("Date of the incident (required)")
        self.captions["location"].setText("Location (required)")
        self.captions["types"].setText("Type of incident (at least one)")
        self.captions["days_lost"].setText(
            "Days lost (calendar days, weekends and rest days included)"
        )
        self._name_fields()
        name_spin_edits(self)

        for key, signal in (
            ("occurred_date", self.occurred_date.textChanged),
            ("occurred_date", self.occurred_time.textChanged),
            ("location", self.location.currentIndexChanged),
            ("hate_strand", self.hate_strand.currentIndexChanged),
            ("perpetrator", self.perpetrator.currentIndexChanged),
            ("intent", self.intent.currentIndexChanged),
            ("harm", self.harm.currentIndexChanged),
            ("injury_description", self.injury.toggled),
            ("injury_description", self.injury_description.textChanged),
            ("injury_description", self.specified_injury.toggled),
            ("days_lost", self.days_lost.valueChanged),
            ("flags", self.near_miss.toggled),
            ("flags", self.personal_dispute.toggled),
            ("crime_reference", self.police_informed.toggled),
            ("crime_reference", self.crime_reference.textChanged),
            ("external_ref", self.external_ref.textChanged),
            ("description", self.description.textChanged),
        ):
            signal.connect(lambda *_a, k=key: self._changed(k))
        for box in self.type_boxes.values():
            box.toggled.connect(lambda *_a: self._changed("types"))
        self.load(None)

    def _name_fields(self) -> None:
        for widget, name in (
            (self.occurred_date, "Date of the incident (required)"),
            (self.occurred_time, "Time of the incident (required)"),
            (self.location, "Location (required)"),
            (self.hate_strand, "Hate-crime strand"),
            (self.perpetrator, "Perpetrator"),
            (self.intent, "Clinically related or deliberate"),
            (self.harm, "Harm"),
            (self.injury, "There was an injury"),
            (self.injury_description, "Describe the injury"),
            (self.specified_injury, "Specified injury diagnosed by a doctor"),
            (self.days_lost, "Days lost"),
            (self.near_miss, "Near miss"),
            (self.personal_dispute, "Personal dispute"),
            (self.police_informed, "Police informed"),
            (self.crime_reference, "Crime reference"),
            (self.external_ref, "Datix ID (external reference)"),
            (self.description, "What happened"),
        ):
            widget.setAccessibleName(name)

    # ------------------------------------------------------------------ staff

    @property
    def staff_rows(self) -> list[StaffRow]:
        """The affected staff's rows, in the order shown."""
        return self.staff.rows

    @property
    def show_characteristics(self) -> bool:
        """Whether new staff rows offer protected characteristics (the user's permission)."""
        return self.staff.show_characteristics

    @show_characteristics.setter
    def show_characteristics(self, shown: bool) -> None:
        self.staff.show_characteristics = shown

    # ------------------------------------------------------------------ loading

    def load(self, detail: IncidentDetail | None) -> None:
        """Show ``detail`` (None: a new, empty incident) as the unchanged state."""
        self.blockSignals(True)
        widgets = [*self.findChildren(QWidget)]
        for w in widgets:
            w.blockSignals(True)
        try:
            self._new = detail is None
            self._touched = set()
            self.staff.clear()
            if detail is not None:
                self.show_characteristics = detail.characteristics_visible
            d = detail
            when = london(d.occurred_at) if d else None
            self.occurred_date.setText(format_date(when.date()) if when else "")
            self.occurred_time.setText(when.strftime("%H:%M") if when else "")
            self._set_combo(self.location, d.location_id if d else None)
            if (
                d is not None
                and d.location_id is not None
                and self.location.currentData() != d.location_id
            ):
                self.location.addItem(f"{d.location} (no longer active)", d.location_id)
                self.location.setCurrentIndex(self.location.count() - 1)
            self._primary = d.primary_type if d else None
            for kind, box in self.type_boxes.items():
                box.setChecked(bool(d) and kind in d.types)  # type: ignore[operator]
            self._set_combo(self.hate_strand, d.hate_strand if d else None)
            self._set_combo(
                self.perpetrator, (d.perpetrator_type if d else PerpetratorType.UNKNOWN).value
            )
            self._set_combo(self.intent, (d.intent if d else Intent.UNKNOWN).value)
            self._set_combo(self.harm, (d.harm if d else Harm.NO_HARM).value)
            self.injury.setChecked(bool(d and d.injury))
            self.injury_description.setText((d.injury_description or "") if d else "")
            self.specified_injury.setChecked(bool(d and d.specified_injury))
            self.days_lost.setValue(d.days_lost if d else -1)
            self.near_miss.setChecked(bool(d and d.near_miss))
            self.personal_dispute.setChecked(bool(d and d.personal_dispute))
            self.police_informed.setChecked(bool(d and d.police_informed))
            self.crime_reference.setText((d.crime_reference or "") if d else "")
            self.external_ref.setText((d.external_ref or "") if d else "")
            self.description.setPlainText((d.description or "") if d else "")
            self.riddor.load(d)
        finally:
            for w in widgets:
                w.blockSignals(False)
            self.blockSignals(False)
        if detail is not None:
            self.staff.fill(detail.staff)
        self._touched = set()
        self._original = self._snapshot()
        self._changed(None)

    @staticmethod
    def _set_combo(combo: QComboBox, data: Any) -> None:
        index = combo.findData(data)
        combo.setCurrentIndex(index if index >= 0 else 0)

    # ------------------------------------------------------------------ reading

    def _when(self) -> tuple[dt.datetime | None, str]:
        """The occurrence (naive London time) or the problem with it, in words."""
        try:
            day = parse_date(self.occurred_date.text())
        except ValueError:
            return (
                None,
                f"Write the date as {DATE_HINT}, for example {self._now().strftime('%d/%m/%Y')}.",
            )
        if day is None:
            return None, "Give the date of the incident."
        try:
            time = parse_time(self.occurred_time.text())
        except ValueError:
            return None, f"Write the time as {TIME_HINT} (24-hour clock), for example 14:30."
        now = self._now()
        if day > now.date():
            return None, "Date is after today."
        if day.year < 1990:
            return None, "Date is before 1990; check the year."
        if time is None:
            return None, "Give the time (hh:mm); an estimate is fine."
        when = dt.datetime.combine(day, time)
        if when > now + dt.timedelta(minutes=5):
            return None, "Time is later than now."
        return when, ""

    def selected_types(self) -> tuple[IncidentType, ...]:
        ticked = [k for k, b in self.type_boxes.items() if b.isChecked()]
        if self._primary in ticked:
            ticked.remove(self._primary)  # type: ignore[arg-type]
            ticked.insert(0, self._primary)  # type: ignore[arg-type]
        return tuple(ticked)

    def problems(self) -> dict[str, str]:
        """Blocking problems by field, in words."""
        out: dict[str, str] = {}
        _when, problem = self._when()
        if problem:
            out["occurred_date"] = problem
        if self.location.currentData() is None:
            out["location"] = "Choose where it happened."
        types = self.selected_types()
        if not types:
            out["types"] = "Tick at least one type."
        hate = IncidentType.HATE_MOTIVATED in types
        if hate and self.hate_strand.currentData() is None:
            out["hate_strand"] = "Choose the strand of a hate-motivated incident."
        harm = Harm(self.harm.currentData())
        if self.near_miss.isChecked() and (harm is not Harm.NO_HARM or self.injury.isChecked()):
            out["flags"] = (
                "A near miss has no harm and no injury: untick it, or set the harm "
                "to No harm and untick the injury."
            )
        if len(self.injury_description.text().strip()) > MAX_TEXT:
            out["injury_description"] = f"Keep the injury under {MAX_TEXT:,} characters."
        ref = self.crime_reference.text().strip()
        if len(ref) > MAX_REF:
            out["crime_reference"] = f"A crime reference has at most {MAX_REF} characters."
        if len(self.external_ref.text().strip()) > MAX_REF:
            out["external_ref"] = f"The Datix ID has at most {MAX_REF} characters."
        if len(self.description.toPlainText()) > MAX_TEXT:
            out["description"] = f"Keep the description under {MAX_TEXT:,} characters."
        if riddor := self.riddor.problem():
            out["riddor"] = riddor
        staff = [p for r in self.staff_rows if (p := r.problem())]
        if staff:
            out["staff"] = "Check the staff affected: " + staff[0]
        return out

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            self.occurred_date.text().strip(),
            self.occurred_time.text().strip(),
            self.location.currentData(),
            self.selected_types(),
            self.hate_strand.currentData(),
            self.perpetrator.currentData(),
            self.intent.currentData(),
            self.harm.currentData(),
            self.injury.isChecked(),
            self.injury_description.text().strip(),
            self.specified_injury.isChecked(),
            self.days_lost.value(),
            self.near_miss.isChecked(),
            self.personal_dispute.isChecked(),
            self.police_informed.isChecked(),
            self.crime_reference.text().strip(),
            self.external_ref.text().strip(),
            self.description.toPlainText().strip(),
            tuple(repr(r.value()) for r in self.staff_rows),
            self.riddor.snapshot(),
        )

    def has_changes(self) -> bool:
        return self._snapshot() != self._original

    def is_new(self) -> bool:
        return self._new

    def to_input(self, base: IncidentInput | None = None) -> IncidentInput:
        """The form as the service takes it (check :meth:`problems` first). ``base`` (the
        loaded record's ``as_input()``) keeps what the form does not show (outcomes…)."""
        import dataclasses

        from vpr_desktop.services.incidents.records import AffectedStaffInput
        from vpr_desktop.services.incidents.records import IncidentInput

        when, problem = self._when()
        if when is None:
            raise ValueError(problem)
        types = self.selected_types()
        injury = self.injury.isChecked()
        informed = self.police_informed.isChecked()
        staff = []
        for row in self.staff_rows:
            v = row.value()
            chars = v.characteristics
            staff.append(
                AffectedStaffInput(
                    person_id=v.person_id,
                    staff_group_id=v.staff_group_id,
                    days_absent=v.days_absent,
                    restricted_duties_days=v.restricted_duties_days,
                    absence_reason_stress=v.absence_reason_stress,
                    pc_consent=v.pc_consent,
                    characteristics=chars if self.show_characteristics else None,
                    consent_to_contact=v.consent_to_contact,
                )
            )
        values: dict[str, Any] = {
            "occurred_at": when,
            "location_id": self.location.currentData(),
            "types": types,
            "hate_strand": (
                self.hate_strand.currentData() if IncidentType.HATE_MOTIVATED in types else None
            ),
            "perpetrator_type": PerpetratorType(self.perpetrator.currentData()),
            "intent": Intent(self.intent.currentData()),
            "harm": Harm(self.harm.currentData()),
            "injury": injury,
            "injury_description": (self.injury_description.text().strip() or None)
            if injury
            else None,
            "specified_injury": self.specified_injury.isChecked() and injury,
            "near_miss": self.near_miss.isChecked(),
            "personal_dispute": self.personal_dispute.isChecked(),
            "police_informed": informed,
            "crime_reference": (self.crime_reference.text().strip() or None) if informed else None,
            "description": self.description.toPlainText().strip() or None,
            "external_ref": self.external_ref.text().strip() or None,
            "days_lost": None if self.days_lost.value() < 0 else self.days_lost.value(),
            "staff": tuple(staff),
        }
        if (decision := self.riddor.value()) is not None:
            values["riddor_override"] = decision
        if base is None:
            return IncidentInput(**values)
        if not informed:
            values["police_outcome"] = None
        return dataclasses.replace(base, **values)

    # ------------------------------------------------------------------ showing problems

    def _changed(self, key: str | None) -> None:
        if key is not None:
            self._touched.add(key)
        hate = self.type_boxes.get(IncidentType.HATE_MOTIVATED)
        hate_on = hate is not None and hate.isChecked()
        self.hate_strand.setEnabled(hate_on)
        self.captions["hate_strand"].setText(
            "Hate-crime strand"
            + (" (required)" if hate_on else " – only for a hate-motivated incident")
        )
        injury = self.injury.isChecked()
        self.injury_description.setEnabled(injury)
        self.specified_injury.setEnabled(injury)
        self.crime_reference.setEnabled(self.police_informed.isChecked())
        problems = self.problems()
        for field_key, error in self.errors.items():
            shown = (
                not self._new
                or field_key in self._touched
                or (field_key == "hate_strand" and "types" in self._touched)
            )
            text = problems.get(field_key, "") if shown else ""
            error.setText(text)
            error.setVisible(bool(text))
            target = {
                "occurred_date": self.occurred_date,
                "types": self.widgets["types"],
                "injury_description": self.injury,
                "flags": self.near_miss,
                "staff": self.staff_picker,
                "riddor": self.riddor.reason,
            }.get(field_key, self.widgets[field_key])
            target.setAccessibleDescription(text)
        for row in self.staff_rows:
            row.show_problem(row.problem())
        self.edited.emit()

    def focus_first(self) -> None:
        self.occurred_date.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [
            self.occurred_date,
            self.occurred_time,
            self.location,
            *self.type_boxes.values(),
            self.hate_strand,
            self.perpetrator,
            self.intent,
            self.harm,
            self.injury,
            self.injury_description,
            self.specified_injury,
            self.days_lost,
            *self.riddor.tab_chain(),
            self.near_miss,
            self.personal_dispute,
            self.police_informed,
            self.crime_reference,
            self.external_ref,
        ]
        return [*chain, *self.staff.tab_chain(), self.description]
