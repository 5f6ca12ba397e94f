"""The risk's own fields — the Assessment tab of the detail panel — and their checks.

Title, location, activity, description, the staff groups exposed (ticked in a list), owner,
inherent / current / target scores with their band chips, review date, status and the options
note. The form says what is wrong next to each field as the user types (``show_messages``);
the panel around it decides whether Save is enabled and does the saving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.differences import FieldValue
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.risks.score_grid import ScoreGrid
from vpr_desktop.views.risks.widgets import DateField
from vpr_desktop.views.risks.widgets import error_label
from vpr_desktop.views.risks.widgets import owner_field
from vpr_desktop.views.risks.widgets import show_problem
from vpr_desktop.views.risks.widgets import stacked

SCORE_PARTS = ("inherent", "current", "target")


def _choose_data(combo: QComboBox, value: Any) -> None:
    """Choose the item holding ``value``, else the first (why: a value the list does not hold
    must still leave a choice shown, never an empty box)."""
    combo.setCurrentIndex(max(combo.findData(value), 0))


#: How each field is named in "Cannot save yet: check …".
FIELD_WORDS = {
    "title": "Title",
    "activity": "Activity / hazard",
    "owner": "Owner",
    "scores": "Scores",
    "options_note": "Options considered",
}


class RiskForm(QWidget):
    """The fields of one risk.

    Signals:
        changed(): any field changed (the panel checks the form again).
    """

    changed = Signal()

    def __init__(
        self,
        matrix: Any,
        choices: Any,
        find_owners: Callable[[str], list[tuple[int, str, str]]],
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.matrix = matrix
        self.choices = choices
        self._today = today
        #: Fields the user has edited in a new form: "… is needed" waits until then (the
        #: line beside Save already says what is missing); a wrong value shows at once.
        self.touched: set[str] = set()
        self.setObjectName("assessmentForm")
        box = self
        self.title_edit = QLineEdit(box)
        self.title_edit.setAccessibleName("Title (required)")
        self.title_edit.setMaxLength(600)
        self.title_error = error_label(box, "Title")
        self.location = QComboBox(box)
        self.location.setAccessibleName("Location")
        self.location.addItem("No location", None)
        for loc in self.choices.locations:
            self.location.addItem(loc.name, loc.id)
            self.location.setItemData(
                self.location.count() - 1, f"{loc.name} ({loc.code})", Qt.ItemDataRole.ToolTipRole
            )
        self.location.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.location.setMinimumContentsLength(12)
        self.activity = QComboBox(box)
        self.activity.setEditable(True)
        self.activity.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.activity.addItems(list(self.choices.activities))
        self.activity.setAccessibleName("Activity or hazard")
        self.activity.lineEdit().setAccessibleName("Activity or hazard")
        self.activity.lineEdit().setPlaceholderText("e.g. Lone working")
        self.activity.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.activity.setMinimumContentsLength(12)
        self.activity_error = error_label(box, "Activity")
        self.description = text_box(box, 4, spoken="Description")

        self.staff_groups = QListWidget(box)
        self.staff_groups.setObjectName("staffGroups")
        self.staff_groups.setAccessibleName("Staff groups exposed")
        self.staff_groups.setAccessibleDescription("Space ticks or unticks a staff group")
        for group in self.choices.staff_groups:
            item = QListWidgetItem(group.name, self.staff_groups)
            item.setToolTip(f"{group.name} ({group.code})")
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.staff_groups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.staff_groups.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = min(max(len(self.choices.staff_groups), 3), 6)
        self.staff_groups.setFixedHeight(self.fontMetrics().lineSpacing() * rows + 20)
        self.staff_groups.itemChanged.connect(lambda _item: self.changed.emit())
        self.groups_hint = label("", box, name="fieldHint")
        self.groups_hint.hide()

        self.owner = owner_field(find_owners, "Risk owner", box)
        self.owner_error = error_label(box, "Owner")

        self.scores = ScoreGrid(
            self.matrix,
            (
                ("inherent", "Inherent", False, "–"),
                ("current", "Current *", True, "–"),
                ("target", "Target", False, "–"),
            ),
            box,
        )
        self.scores.changed.connect(self.changed.emit)
        self.score_fields = self.scores.fields
        self.score_chips = self.scores.chips
        self.score_error = error_label(box, "Scores")
        score_hint = label(
            "Inherent: before any control. Target: what the controls should "
            "achieve. Left blank, each is the current score.",
            box,
            name="fieldHint",
        )
        score_box = QWidget(box)
        vertical(score_box, self.scores, self.score_error, score_hint, margins=0, spacing=4)

        self.review_date = DateField("Review date", box)
        self.review_date_hint = label("", box, name="fieldHint")
        self.review_date_hint.hide()
        self.status = QComboBox(box)
        self.status.setAccessibleName("Status")
        self.options_note = text_box(box, 3, spoken="Options considered")
        self.options_note.setAccessibleDescription(
            "Why the risk is tolerated, or what else was considered; needed for a tolerated risk"
        )
        self.options_error = error_label(box, "Options considered")
        self.actions_note = label("", box, name="fieldHint", selectable=True)
        self.actions_note.hide()

        form = QFormLayout()  # labels above fields: readable in a narrow panel and at 200%
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setVerticalSpacing(6)
        form.addRow("Title *", stacked(self.title_edit, self.title_error))
        form.addRow("Location", self.location)
        form.addRow("Activity / hazard", stacked(self.activity, self.activity_error))
        form.addRow("Description", self.description)
        form.addRow("Staff groups exposed", stacked(self.staff_groups, self.groups_hint))
        form.addRow("Owner", stacked(self.owner, self.owner_error))
        form.addRow("Scores", score_box)
        form.addRow("Review date", stacked(self.review_date, self.review_date_hint))
        form.addRow("Status", self.status)
        form.addRow("Options considered", stacked(self.options_note, self.options_error))
        form.addRow("Actions", self.actions_note)
        self._form = form
        vertical(box, form, 1, margins=(0, 8, 0, 0))

        self.title_edit.textEdited.connect(lambda _text: self.touched.add("title"))
        for field in self.scores.all_fields():
            field.lineEdit().textEdited.connect(lambda _text: self.touched.add("scores"))
            field.activated.connect(lambda _index: self.touched.add("scores"))
        for signal in (
            self.title_edit.textChanged,
            self.location.currentIndexChanged,
            self.activity.editTextChanged,
            self.description.textChanged,
            self.owner.changed,
            self.review_date.changed,
            self.status.currentIndexChanged,
            self.options_note.textChanged,
        ):
            signal.connect(lambda *_args: self.changed.emit())

    # ------------------------------------------------------------------ filling

    def fill(self, detail: Any) -> None:
        """The saved risk's values (this replaces anything typed)."""
        row = detail.row
        self.fill_status(row.status)
        self.title_edit.setText(row.title)
        self.title_edit.setCursorPosition(0)
        index = self.location.findData(row.location_id)
        if index < 0 and row.location_id is not None:
            self.location.addItem(row.location or f"Location {row.location_id}", row.location_id)
            index = self.location.count() - 1
        self.location.setCurrentIndex(max(index, 0))
        self.activity.setEditText(row.activity or "")
        self.description.setPlainText(detail.description or "")
        self.set_groups({g.id for g in detail.staff_groups})
        self.owner.set_person(detail.owner_id, row.owner)
        for part in SCORE_PARTS:
            cell = getattr(row, part)
            self.scores.set_value(part, cell.likelihood, cell.consequence)
        self.review_date.set_value(row.review_date)
        self.options_note.setPlainText(detail.options_note or "")
        self.show_actions(detail.actions)

    def clear(self) -> None:
        """Empty, for a new risk."""
        self.touched = set()
        self.fill_status(None)
        self.title_edit.clear()
        self.location.setCurrentIndex(0)
        self.activity.setEditText("")
        self.description.clear()
        self.set_groups(set())
        self.owner.set_person(None, None)
        for part in SCORE_PARTS:
            self.scores.set_value(part, None, None)
        self.review_date.set_value(None)
        self.options_note.clear()
        self.actions_note.hide()

    def show_actions(self, actions: tuple[Any, ...]) -> None:
        if actions:
            lines = [
                f"{a.reference} {a.title} ({enum_words(a.status)}"
                + (f", due {format_date(a.due_date)})" if a.due_date else ")")
                for a in actions
            ]
            self.actions_note.setText("Raised from this risk: " + "; ".join(lines))
        else:
            self.actions_note.setText("No actions raised from this risk.")
        self.actions_note.show()

    def fill_status(self, status: Any) -> None:
        from vpr_desktop.domain.enums import RiskStatus

        self.status.blockSignals(True)
        self.status.clear()
        for value in (RiskStatus.OPEN, RiskStatus.TOLERATED):
            self.status.addItem(enum_words(value), value)
        if status is RiskStatus.CLOSED:
            self.status.addItem("Closed (reopen by choosing Open)", RiskStatus.CLOSED)
        _choose_data(self.status, status)
        self.status.blockSignals(False)

    def set_groups(self, chosen: set[int]) -> None:
        self.staff_groups.blockSignals(True)
        for row in range(self.staff_groups.count()):
            item = self.staff_groups.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.staff_groups.blockSignals(False)

    def set_editable(self, editable: bool) -> None:
        for edit in (self.title_edit, self.owner):
            edit.setReadOnly(not editable)
        for text in (self.description, self.options_note):
            text.setReadOnly(not editable)
        for widget in (
            self.location,
            self.activity,
            self.review_date,
            self.status,
            *self.scores.all_fields(),
        ):
            widget.setEnabled(editable)
        self.staff_groups.setEnabled(True)  # readable; ticking is refused below when not
        if not editable:
            for row in range(self.staff_groups.count()):
                item = self.staff_groups.item(row)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)

    # ------------------------------------------------------------------ checking

    def values(self) -> tuple[Any, ...]:
        return (
            self.title_edit.text().strip(),
            self.location.currentData(),
            self.activity.currentText().strip(),
            self.description.toPlainText().strip(),
            frozenset(self.checked_groups()),
            self.owner.text().strip(),
            self.scores.texts(),
            self.review_date.value(),
            self.status.currentData(),
            self.options_note.toPlainText().strip(),
        )

    def field_values(self) -> list[FieldValue]:
        """Every field as held and in words, to compare with another version (conflicts)."""

        def score(part: str, name: str) -> FieldValue:
            cell = self.scores.cell(part)
            return FieldValue(part, name, self.scores.value(part), str(cell) if cell else "")

        groups = [
            self.staff_groups.item(row).text()
            for row in range(self.staff_groups.count())
            if self.staff_groups.item(row).checkState() == Qt.CheckState.Checked
        ]
        review = self.review_date.value()
        return [
            FieldValue("title", "Title", self.title_edit.text(), self.title_edit.text()),
            FieldValue(
                "location", "Location", self.location.currentData(), self.location.currentText()
            ),
            FieldValue(
                "activity",
                "Activity / hazard",
                self.activity.currentText(),
                self.activity.currentText(),
            ),
            FieldValue(
                "description",
                "Description",
                self.description.toPlainText(),
                self.description.toPlainText(),
            ),
            FieldValue(
                "groups",
                "Staff groups exposed",
                frozenset(self.checked_groups()),
                ", ".join(groups),
            ),
            FieldValue("owner", "Owner", self.owner.text().strip(), self.owner.text().strip()),
            score("inherent", "Inherent score"),
            score("current", "Current score"),
            score("target", "Target score"),
            FieldValue("review_date", "Review date", review, format_date(review) if review else ""),
            FieldValue("status", "Status", self.status.currentData(), self.status.currentText()),
            FieldValue(
                "options_note",
                "Options considered",
                self.options_note.toPlainText(),
                self.options_note.toPlainText(),
            ),
        ]

    def put_back(self, values: list[FieldValue], keys: set[str]) -> None:
        """Set the fields ``keys`` to ``values`` (read by :meth:`field_values`), each
        announcing the change as typing would."""
        setters = self._setters()
        for field in values:
            put = setters.get(field.key)
            if field.key in keys and put is not None:
                put(field.value)

    def _setters(self) -> dict[str, Callable[[Any], object]]:
        """How each field of :meth:`field_values` is set from its value, by key."""

        def put_groups(value: Any) -> None:
            self.set_groups(set(value))
            self.changed.emit()

        def put_score(part: str) -> Callable[[Any], None]:
            return lambda value: self.scores.set_value(part, *value)

        return {
            "title": self.title_edit.setText,
            "location": lambda value: _choose_data(self.location, value),
            "activity": self.activity.setEditText,
            "description": self.description.setPlainText,
            "groups": put_groups,
            "owner": self.owner.setText,
            **{part: put_score(part) for part in SCORE_PARTS},
            "review_date": self.review_date.set_value,
            "status": lambda value: _choose_data(self.status, value),
            "options_note": self.options_note.setPlainText,
        }

    def status_value(self) -> Any:
        from vpr_desktop.domain.enums import RiskStatus

        return RiskStatus(self.status.currentData())  # item data comes back as plain text

    def checked_groups(self) -> list[int]:
        out = []
        for row in range(self.staff_groups.count()):
            item = self.staff_groups.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def problems(self) -> dict[str, str]:
        """What stops the form from being saved, by field, in words."""
        from vpr_desktop.domain.enums import RiskStatus

        out: dict[str, str] = {}
        title = self.title_edit.text().strip()
        if not title:
            out["title"] = "Title is needed."
        elif len(title) > 500:
            out["title"] = f"The title is {len(title)} characters; at most 500."
        if len(self.activity.currentText().strip()) > 120:
            out["activity"] = "At most 120 characters."
        if problem := self.owner.problem():
            out["owner"] = problem
        score_problems = self.scores.problems(
            lambda part: (
                f"Give both {part} likelihood and consequence, or neither (the "
                "current score is then used)."
            )
        )
        if score_problems:
            out["scores"] = " ".join(score_problems)
        if (
            self.status_value() is RiskStatus.TOLERATED
            and not self.options_note.toPlainText().strip()
        ):
            out["options_note"] = (
                "A tolerated risk needs an options note saying why it is tolerated."
            )
        return out

    def show_messages(self, problems: dict[str, str], *, new: bool) -> None:
        """Each problem next to its field; hints for what the register will flag."""
        shown = dict(problems)
        if new:
            for key in ("title", "scores"):
                if key not in self.touched and shown.get(key, "").endswith(" is needed."):
                    shown.pop(key)
        show_problem(self.title_error, shown.get("title"))
        show_problem(self.activity_error, shown.get("activity"))
        show_problem(self.owner_error, shown.get("owner"))
        show_problem(self.score_error, shown.get("scores"))
        show_problem(self.options_error, shown.get("options_note"))
        self.scores.show_chips(lambda _key: self.scores.cell("current"))
        groups = self.checked_groups()
        self.groups_hint.setText(
            ""
            if groups
            else "None ticked: the assessment will be flagged as too generic (say who is exposed)."
        )
        self.groups_hint.setVisible(not groups)
        review = self.review_date.value()
        if review is None:
            self.review_date_hint.setText("No review date: the risk will be flagged.")
        elif review < self._today():
            self.review_date_hint.setText("This date has passed: the review is overdue.")
        self.review_date_hint.setVisible(review is None or review < self._today())

    def risk_input(self) -> Any:
        from vpr_desktop.domain.risk_matrix import RiskScore
        from vpr_desktop.services.risks.inputs import RiskInput

        def score(part: str) -> Any:
            lk, cq = self.scores.value(part)
            return RiskScore(lk, cq) if lk is not None and cq is not None else None

        current = score("current")
        assert current is not None
        return RiskInput(
            title=self.title_edit.text().strip(),
            current=current,
            inherent=score("inherent"),
            target=score("target"),
            location_id=self.location.currentData(),
            activity=self.activity.currentText().strip() or None,
            description=self.description.toPlainText().strip() or None,
            owner_id=self.owner.value(),
            review_date=self.review_date.value(),
            status=self.status_value(),
            options_note=self.options_note.toPlainText().strip() or None,
            staff_group_ids=tuple(sorted(self.checked_groups())),
        )
