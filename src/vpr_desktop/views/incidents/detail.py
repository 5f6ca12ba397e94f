"""The incident detail panel: one incident's record, RIDDOR box, support steps and timeline,
and the form that creates or edits it.

Reading one incident is a single indexed query, so it runs on the GUI thread as the list's
pages do; every write (create, update, RIDDOR submission) runs as a background job on the
one-thread write pool. A refused or failed save keeps the form exactly as typed and says why
above it; a stale save (someone else saved first) offers Reload or Reload keeping my changes.
After a save the record is shown with its RIDDOR decision and the support steps now due.

Everything is said in words ("RIDDOR: reportable – overdue, the deadline was 12 Jul 2026",
"Overdue – due 03 Jul 2026 14:00"), never by colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.riddor import SubmissionState
from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.actions.forms import DATE_HINT, parse_date
from vpr_desktop.views.common.flow import FlowLayout
from vpr_desktop.views.common.formatting import enum_words, format_date, format_datetime
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.incidents.form import (
    INTENT_LABELS,
    PERPETRATOR_LABELS,
    TYPE_LABELS,
    IncidentForm,
)

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import (
        IncidentDetail,
        IncidentInput,
        SupportStepView,
        TimelineEntry,
    )
    from vpr_desktop.services.incidents.service import IncidentService

PLACEHOLDER = (
    "Select an incident in the list to see its RIDDOR decision, the staff affected "
    "with their support steps, and its timeline."
)
RIDDOR_WORDS = {
    RiddorStatus.NOT_ASSESSED: "Not assessed",
    RiddorStatus.NOT_REPORTABLE: "Not reportable",
    RiddorStatus.RECORD_ONLY: "Record only (over-3-day injury, not reported)",
    RiddorStatus.REPORTABLE: "Reportable to HSE",
    RiddorStatus.JUDGEMENT_NEEDED: "Judgement needed",
}


def riddor_state_words(detail: IncidentDetail) -> str:
    r = detail.riddor
    deadline = format_date(r.deadline)
    return {
        SubmissionState.NOT_REQUIRED: "No submission to HSE is required.",
        SubmissionState.DUE: f"Not submitted yet – due by {deadline}.",
        SubmissionState.OVERDUE: f"Overdue – not submitted; the deadline was {deadline}.",
        SubmissionState.ON_TIME: f"Submitted on {format_date(r.submitted_on)}, on time.",
        SubmissionState.LATE: f"Submitted on {format_date(r.submitted_on)}, after the "
        f"deadline of {deadline}.",
    }[r.state]


def step_words(step: SupportStepView) -> str:
    """``Manager contact (line manager) – Overdue: was due 03 Jul 2026 14:00``."""
    head = f"{step.label}"
    if step.owner_label:
        head += f" ({step.owner_label.lower()})"
    state = step.state
    if step.not_needed:
        tail = "Not needed" + (f": {step.notes}" if step.notes else "")
    elif step.done_at is not None:
        tail = f"{state.label} – done {format_datetime(step.done_at)}"
    elif state.value == "overdue":
        tail = f"Overdue – was due {format_datetime(step.due_by)}"
    else:
        tail = f"Due by {format_datetime(step.due_by)}"
        if step.not_before is not None:
            tail += f" (not before {format_datetime(step.not_before)})"
    return f"{head} – {tail}"


def timeline_words(entry: TimelineEntry) -> str:
    when = format_datetime(entry.at) if entry.at is not None else "Date not recorded"
    text = f"{when} · {entry.title}"
    if entry.person:
        text += f" · {entry.person}"
    if entry.detail:
        text += f" – {entry.detail}"
    return text


def summary_lines(d: IncidentDetail) -> list[tuple[str, str]]:
    types = ", ".join(TYPE_LABELS.get(t, enum_words(t)) for t in d.types)
    if d.hate_strand:
        types += f" (strand: {d.hate_strand.replace('_', ' ')})"
    injury = "No"
    if d.injury:
        injury = "Yes" + (f": {d.injury_description}" if d.injury_description else "")
        if d.specified_injury:
            injury += " (specified injury)"
    police = "Not informed"
    if d.police_informed:
        police = "Informed"
        if d.crime_reference:
            police += f", crime reference {d.crime_reference}"
        police += f"; outcome: {enum_words(d.police_outcome).lower()}"
        if d.cps_outcome.value != "not_applicable":
            police += f"; CPS: {enum_words(d.cps_outcome).lower()}"
    facts = [
        w for w, on in (("near miss", d.near_miss), ("personal dispute", d.personal_dispute)) if on
    ]
    return [
        ("Occurred", format_datetime(d.occurred_at)),
        ("Reported", format_datetime(d.reported_at) or "Not recorded"),
        ("Location", d.location or "Not recorded"),
        ("Type", types),
        ("Perpetrator", PERPETRATOR_LABELS.get(d.perpetrator_type, enum_words(d.perpetrator_type))),
        ("Clinically related or deliberate", INTENT_LABELS.get(d.intent, enum_words(d.intent))),
        ("Harm", enum_words(d.harm)),
        ("Injury", injury),
        ("Days lost", f"{d.days_lost:,}"),
        ("Also", ", ".join(facts).capitalize() if facts else "Not a near miss"),
        ("Police", police),
        ("Datix ID", d.external_ref or "None"),
    ]


class RiddorDialog(FormDialog):
    """Record the date (and HSE reference) of a RIDDOR report."""

    def __init__(
        self, detail: IncidentDetail, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            f"Record the RIDDOR submission for {detail.reference}",
            f"The deadline is {format_date(detail.riddor.deadline)}. Give the date "
            "the report was made to HSE and its reference if you have it.",
            "Record submission",
            parent,
            back="Cancel",
        )
        self._today = today
        from vpr_desktop.views.incidents.form import london

        self._occurred = london(detail.occurred_at).date()
        self.date = QLineEdit(format_date(today), self)
        self.date.setAccessibleName("Date submitted to HSE")
        self.date.setPlaceholderText(DATE_HINT)
        self.reference = QLineEdit(self)
        self.reference.setAccessibleName("HSE reference (optional)")
        self.reference.setMaxLength(60)
        self.date_error = label("", self, name="fieldError")
        for caption, widget in (
            ("Date submitted to HSE", self.date),
            ("HSE reference (optional)", self.reference),
        ):
            text = label(caption, self, name="fieldName")
            text.setBuddy(widget)
            self.body.addWidget(text)
            self.body.addWidget(widget)
            if widget is self.date:
                self.body.addWidget(self.date_error)
        self.date.textChanged.connect(self.update_state)
        self.update_state()
        self.date.setFocus()

    def _problem(self) -> str:
        try:
            day = parse_date(self.date.text())
        except ValueError:
            return f"Write the date as {DATE_HINT}."
        if day is None:
            return "Give the date it was submitted."
        if day > self._today:
            return "Date is after today."
        if day < self._occurred:
            return "Date is before the incident."
        return ""

    def valid(self) -> bool:
        return not self._problem()

    def update_state(self) -> None:
        text = self._problem()
        self.date_error.setText(text)
        self.date_error.setVisible(bool(text))
        self.date.setAccessibleDescription(text)
        super().update_state()

    def values(self) -> tuple[dt.date, str | None]:
        day = parse_date(self.date.text())
        assert day is not None
        return day, self.reference.text().strip() or None


class IncidentDetailPanel(QWidget):
    """Signals:
    changed(object): an ``IncidentDetail`` just written (the list and badges refresh).
    escape(): Esc in the panel (the page goes back to the list).
    """

    changed = Signal(object)
    escape = Signal()

    def __init__(self, service: IncidentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetail")
        self.setAccessibleName("Incident details")
        self.service = service
        self.detail: IncidentDetail | None = None
        self.editing = False
        self.form: IncidentForm | None = None
        self.open_dialog: FormDialog | None = None
        self.can_edit = service.actor.can("edit_incidents")  # type: ignore[arg-type]
        self._dialog: FormDialog | None = None

        self.runner = JobRunner(self, name="Saving the incident")
        self.runner.busy_changed.connect(lambda _b: self._update_buttons())
        self.placeholder = label(PLACEHOLDER, self, name="mutedText")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholder.setContentsMargins(12, 12, 12, 12)

        self.banner = QWidget(self)
        banner_box = QVBoxLayout(self.banner)
        banner_box.setContentsMargins(12, 6, 12, 0)
        self.banner_text = label("", self.banner, name="pageError", selectable=True)
        self.banner_text.setAccessibleName("Problem")
        self.reload_button = QPushButton("Reload (discard my changes)", self.banner)
        self.reload_button.setAccessibleName("Reload the incident and discard my changes")
        self.reload_button.clicked.connect(self.reload)
        self.keep_button = QPushButton("Reload, keep my changes", self.banner)
        self.keep_button.setAccessibleName(
            "Load the latest version and put my unsaved changes back on top"
        )
        self.keep_button.clicked.connect(self.reload_keeping_changes)
        row = FlowLayout(spacing=8)
        row.add(self.reload_button)
        row.add(self.keep_button)
        banner_box.addWidget(self.banner_text)
        banner_box.addLayout(row)
        self.banner.hide()
        self.notice = label("", self, name="resultSummary", selectable=True)
        self.notice.setProperty("outcome", "ok")
        self.notice.setAccessibleName("Saved")
        self.notice.hide()

        self.view = self._build_view()
        self.edit = self._build_edit()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(scrolling(self.view, self.stack))
        self.edit_scroll = scrolling(self.edit, self.stack)
        self.stack.addWidget(self.edit_scroll)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 46)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.runner)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)
        self._update_buttons()

    # ------------------------------------------------------------------ building

    def _build_view(self) -> QWidget:
        content = QWidget(self)
        content.setObjectName("pageContent")
        content.setMaximumWidth(self.fontMetrics().averageCharWidth() * 130)
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 8, 16, 16)
        body.setSpacing(8)
        self.back_button = QPushButton("Back to the list (Esc)", content)
        self.back_button.setAccessibleName("Back to the list of incidents (Esc)")
        self.back_button.clicked.connect(self.escape.emit)
        self.back_button.hide()
        self.edit_button = QPushButton("Edit incident", content)
        self.edit_button.setAccessibleName("Edit this incident")
        self.edit_button.clicked.connect(self.start_edit)
        top = FlowLayout(spacing=8)
        top.add(self.back_button)
        top.add(self.edit_button)
        body.addLayout(top)
        self.heading = label("", content, name="sectionHeading", selectable=True)
        body.addWidget(self.heading)
        self.facts = label("", content, selectable=True)
        self.facts.setAccessibleName("Incident facts")
        body.addWidget(self.facts)

        box = QFrame(content)
        box.setObjectName("panel")
        box.setAccessibleName("RIDDOR")
        riddor = QVBoxLayout(box)
        riddor.setContentsMargins(12, 10, 12, 12)
        riddor.setSpacing(4)
        riddor.addWidget(label("RIDDOR", box, name="panelHeading", wrap=False))
        self.riddor_status = label("", box, name="signOffState", selectable=True)
        self.riddor_reason = label("", box, selectable=True)
        self.riddor_deadline = label("", box, selectable=True)
        self.riddor_state = label("", box, selectable=True)
        self.riddor_note = label("", box, name="mutedText", selectable=True)
        for w in (
            self.riddor_status,
            self.riddor_reason,
            self.riddor_deadline,
            self.riddor_state,
            self.riddor_note,
        ):
            riddor.addWidget(w)
        self.riddor_button = QPushButton("Record submission…", box)
        self.riddor_button.setAccessibleName("Record the RIDDOR submission to HSE")
        self.riddor_button.clicked.connect(self.ask_riddor_submission)
        riddor.addWidget(self.riddor_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.riddor_box = box
        body.addWidget(box)

        body.addWidget(
            label("Staff affected and their support", content, name="sectionHeading", wrap=False)
        )
        self.staff_text = label("", content, selectable=True)
        self.staff_text.setObjectName("staffSupport")
        body.addWidget(self.staff_text)
        self._staff_blocks: list[str] = []

        body.addWidget(label("Timeline", content, name="sectionHeading", wrap=False))
        self.timeline = label("", content, selectable=True)
        self.timeline.setAccessibleName("Timeline")
        body.addWidget(self.timeline)
        body.addStretch(1)
        return content

    def _build_edit(self) -> QWidget:
        content = QWidget(self)
        content.setObjectName("pageContent")
        content.setMaximumWidth(self.fontMetrics().averageCharWidth() * 130)
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 8, 16, 16)
        body.setSpacing(8)
        self.edit_heading = label("", content, name="sectionHeading")
        body.addWidget(self.edit_heading)
        self.form_holder = QVBoxLayout()
        body.addLayout(self.form_holder)
        self.save_button = QPushButton("Save", content)
        self.save_button.setProperty("primary", True)
        self.save_button.setAccessibleName("Save the incident (Ctrl+S)")
        self.save_button.setToolTip("Save the incident (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Cancel", content)
        self.cancel_button.setAccessibleName("Cancel editing; unsaved changes are discarded")
        self.cancel_button.clicked.connect(self.cancel_edit)
        row = FlowLayout(spacing=8)
        row.add(self.save_button)
        row.add(self.cancel_button)
        body.addSpacing(4)
        body.addLayout(row)
        self.save_note = label("", content, name="fieldHint")
        body.addWidget(self.save_note)
        body.addStretch(1)
        return content

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.escape.emit()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ the form

    def _make_form(self) -> IncidentForm:
        if self.form is None:
            service = self.service
            choices = service.choices()
            from vpr_desktop.views.incidents.form import london

            self.form = IncidentForm(
                choices,
                service.find_staff,
                self.edit,
                now=lambda: london(service.now()),
                can_see_characteristics=service.actor.can("read_protected_characteristics"),
            )  # type: ignore[arg-type]
            self.form.edited.connect(self._update_buttons)
            self.form_holder.addWidget(self.form)
            from vpr_desktop.views.actions.forms import name_combo_lists

            name_combo_lists(self.form)
        return self.form

    def new_incident(self) -> IncidentForm | None:
        """An empty form for a new incident."""
        if not self.can_edit:
            return None
        form = self._make_form()
        form.show_characteristics = self.service.actor.can("read_protected_characteristics")  # type: ignore[arg-type]
        form.load(None)
        self.detail = None
        self.editing = True
        self.edit_heading.setText("New incident")
        self.hide_banner()
        self.notice.hide()
        self.stack.setCurrentWidget(self.edit_scroll)
        self._update_buttons()
        form.focus_first()
        return form

    def start_edit(self) -> None:
        if self.detail is None or not self.can_edit:
            return
        form = self._make_form()
        form.load(self.detail)
        self.editing = True
        self.edit_heading.setText(f"Edit {self.detail.reference}")
        self.notice.hide()
        self.stack.setCurrentWidget(self.edit_scroll)
        self._update_buttons()
        form.focus_first()

    def cancel_edit(self) -> None:
        self.editing = False
        self.hide_banner()
        if self.detail is not None:
            self.show_detail(self.detail)
        else:
            self.clear()

    def has_unsaved(self) -> bool:
        return self.editing and self.form is not None and self.form.has_changes()

    # ------------------------------------------------------------------ showing

    def clear(self) -> None:
        self.detail = None
        self.editing = False
        self.placeholder.setText(PLACEHOLDER)
        self.stack.setCurrentWidget(self.placeholder)
        self._update_buttons()

    def show_problem(self, text: str) -> None:
        self.detail = None
        self.editing = False
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)
        self._update_buttons()

    def load(self, incident_id: int) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            detail = self.service.get(incident_id)
        except VprError as exc:
            self.show_problem(f"{exc.message} {exc.next_step}".strip())
            return
        self.notice.hide()
        self.hide_banner()
        self.show_detail(detail)

    def show_detail(self, d: IncidentDetail) -> None:
        from vpr_desktop.services.incidents.queries import timeline

        self.detail = d
        self.editing = False
        self.stack.setCurrentIndex(1)
        head = f"{d.reference} · {format_datetime(d.occurred_at)}"
        if d.location:
            head += f" · {d.location}"
        self.heading.setText(head)
        self.heading.setAccessibleName(head)
        facts = "\n".join(f"{k}: {v}" for k, v in summary_lines(d))
        if d.description:
            facts += f"\n\nWhat happened: {d.description}"
        self.facts.setText(facts)
        self.facts.setAccessibleName(facts)
        r = d.riddor
        status = f"Decision: {RIDDOR_WORDS.get(r.status, enum_words(r.status))}"
        if r.overridden:
            status += f" (recorded by {r.overridden_by or 'a person'}, not the rule)"
        self.riddor_status.setText(status)
        self.riddor_reason.setText(f"Reason: {r.reason or 'None recorded'}")
        self.riddor_deadline.setText(
            f"Deadline: {format_date(r.deadline)}" if r.deadline else "Deadline: none"
        )
        submitted = format_date(r.submitted_on) if r.submitted_on else "not submitted"
        if r.reference:
            submitted += f" (HSE reference {r.reference})"
        self.riddor_state.setText(f"Submitted: {submitted}. {riddor_state_words(d)}")
        note = ""
        if r.overridden and r.rule_status is not r.status:
            note = f"The rule now says: {RIDDOR_WORDS.get(r.rule_status, '')} – {r.rule_reason}"
        self.riddor_note.setText(note)
        self.riddor_note.setVisible(bool(note))
        for w in (self.riddor_status, self.riddor_reason, self.riddor_deadline, self.riddor_state):
            w.setAccessibleName(w.text())

        by_person: dict[int, list[SupportStepView]] = {}
        for step in d.steps:
            by_person.setdefault(step.person_id, []).append(step)
        blocks: list[str] = []
        for st in d.staff:
            lines = [
                f"{st.name} ({st.employee_number})"
                + (f" · {st.staff_group}" if st.staff_group else "")
                + (" · reported it" if st.is_reporter else "")
            ]
            absence = f"Days absent {st.days_absent}, restricted duties {st.restricted_duties_days}"
            if st.absence_reason_stress:
                absence += ", stress-related absence"
            lines.append(absence)
            if st.consent_to_contact is not None:
                lines.append(
                    "Consents to contact about support"
                    if st.consent_to_contact.consent
                    else "Does not want to be contacted about support"
                )
            if d.characteristics_visible and st.characteristics:
                lines.append(
                    "Protected characteristics (with consent): "
                    + "; ".join(f"{enum_words(k)}: {v}" for k, v in st.characteristics)
                )
            steps = by_person.get(st.person_id, [])
            lines += [f"  • {step_words(s)}" for s in steps] or ["  No support steps."]
            blocks.append("\n".join(lines))
        self._staff_blocks = blocks
        text = "\n\n".join(blocks) if blocks else "No staff recorded as affected."
        self.staff_text.setText(text)
        self.staff_text.setAccessibleName("Staff affected: " + text)
        entries = [timeline_words(e) for e in timeline(d)]
        self.timeline.setText("\n".join(entries))
        self.timeline.setAccessibleName("Timeline: " + "; ".join(entries))
        self._update_buttons()

    def staff_texts(self) -> list[str]:
        return list(self._staff_blocks)

    def _update_buttons(self) -> None:
        busy = self.runner.is_busy()
        d = self.detail
        self.edit_button.setVisible(self.can_edit and d is not None)
        self.edit_button.setEnabled(not busy)
        reportable = d is not None and d.riddor.status is RiddorStatus.REPORTABLE
        self.riddor_button.setVisible(self.can_edit and reportable)
        self.riddor_button.setEnabled(not busy)
        if d is not None and reportable and d.riddor.submitted_on is not None:
            self.riddor_button.setText("Change submission…")
        else:
            self.riddor_button.setText("Record submission…")
        form = self.form
        if form is None:
            self.save_button.setEnabled(False)
            return
        valid = form.is_valid()
        changes = form.has_changes() or form.is_new()
        self.save_button.setEnabled(self.editing and valid and changes and not busy)
        if busy:
            self.save_note.setText("Saving…")
        elif not valid:
            self.save_note.setText("Fix the problems shown above to save.")
        elif not changes:
            self.save_note.setText("No changes.")
        else:
            self.save_note.setText("Ready to save." if form.is_new() else "Unsaved changes.")

    def set_full(self, full: bool) -> None:
        self.back_button.setVisible(full)

    # ------------------------------------------------------------------ banner

    def show_banner(self, text: str, *, conflict: bool = False) -> None:
        self.banner_text.setText(text)
        self.banner_text.setAccessibleName(text)
        self.reload_button.setVisible(conflict)
        self.keep_button.setVisible(conflict)
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner_text.setText("")

    def banner_message(self) -> str:
        return self.banner_text.text() if not self.banner.isHidden() else ""

    def reload(self) -> None:
        """The latest version; unsaved changes are discarded."""
        self.hide_banner()
        if self.detail is not None:
            self.load(self.detail.id)

    def reload_keeping_changes(self) -> None:
        """Load the latest version, then save what is typed over it on the next Save."""
        if self.detail is None or self.form is None:
            return
        from vpr_desktop.domain.errors import VprError

        try:
            latest = self.service.get(self.detail.id)
        except VprError as exc:
            self.show_banner(f"{exc.message} {exc.next_step}".strip())
            return
        self.detail = latest  # the form keeps what was typed; the next save is on this version
        self.edit_heading.setText(f"Edit {latest.reference}")
        self.show_banner(
            "The latest version is loaded underneath; your typed values are still "
            "in the form and will be saved over it. Check them, then save."
        )
        self._update_buttons()

    # ------------------------------------------------------------------ writing

    def _run(
        self,
        write: Callable[[], IncidentDetail],
        doing: str,
        done: str,
        *,
        after: Callable[[IncidentDetail], None] | None = None,
        dialog: FormDialog | None = None,
    ) -> None:
        if self.runner.is_busy():
            if dialog is not None:
                dialog.failed("Another change is still being saved; try again in a moment.")
            return
        self._dialog = dialog

        def job(_progress: Any, _cancelled: Any) -> IncidentDetail:
            return write()

        def succeeded(detail: IncidentDetail) -> None:
            if dialog is not None:
                dialog.done_ok()
            self._dialog = None
            self.hide_banner()
            self.show_detail(detail)
            if after is not None:
                after(detail)
            self.changed.emit(detail)

        self.runner.start(
            job,
            label=doing,
            on_done=succeeded,
            on_error=self._failed,
            purpose="write",
            cancellable=False,
            done_note=done,
        )
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        from vpr_desktop.domain.errors import ConflictError, ValidationError, VprError

        dialog, self._dialog = self._dialog, None
        if not isinstance(exc, VprError):
            if dialog is not None:
                dialog.failed("Something went wrong; nothing was saved. See the message.")
            from vpr_desktop.views.crash import report_error

            report_error(exc, self)
            self._update_buttons()
            return
        text = f"{exc.message} {exc.next_step}".strip()
        if isinstance(exc, ValidationError) and exc.problems:
            text += " " + "; ".join(
                f"{c.replace('_', ' ')}: {why}" for _r, c, _v, why in exc.problems[:4]
            )
        if dialog is not None:
            dialog.failed(text)
        if isinstance(exc, ConflictError):
            self.show_banner(
                "Someone else saved this incident after you opened it, so "
                "nothing was saved. Your changes are still in the form. Reload to "
                "see theirs (discarding yours), or reload and keep yours.",
                conflict=True,
            )
        else:
            self.show_banner(text + " Your changes are still in the form.")
        self._update_buttons()

    def save(self) -> None:
        """Ctrl+S: create or update (the button is disabled until the form is valid)."""
        form = self.form
        if not self.editing or form is None or not self.save_button.isEnabled():
            return
        service = self.service
        self.hide_banner()
        detail = self.detail
        if detail is None:
            data = form.to_input()
            self._run(
                lambda: service.create(data),
                "Saving the new incident…",
                "Incident saved",
                after=self._saved,
            )
        else:
            base: IncidentInput = detail.as_input()
            data = form.to_input(base)
            iid, version = detail.id, detail.version
            self._run(
                lambda: service.update(iid, data, version),
                f"Saving {detail.reference}…",
                f"{detail.reference} saved",
                after=self._saved,
            )

    def _saved(self, d: IncidentDetail) -> None:
        r = d.riddor
        due = [s for s in d.steps if s.state.is_open]
        people = {s.person_id for s in due}
        text = (
            f"Saved {d.reference}. RIDDOR: {RIDDOR_WORDS.get(r.status, '').lower()}"
            + (f", deadline {format_date(r.deadline)}" if r.deadline else "")
            + f". {len(due)} support step{'s' if len(due) != 1 else ''} due for "
            f"{len(people)} {'person' if len(people) == 1 else 'people'} (listed below)."
        )
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.show()

    def notice_text(self) -> str:
        return self.notice.text() if not self.notice.isHidden() else ""

    def ask_riddor_submission(self) -> RiddorDialog | None:
        d = self.detail
        if d is None:
            return None
        dialog = RiddorDialog(d, self.service.today(), self)
        service = self.service

        def submitted(values: tuple[dt.date, str | None]) -> None:
            day, ref = values
            self._run(
                lambda: service.record_riddor_submission(
                    d.id, day, ref, expected_version=d.version
                ),
                f"Recording the RIDDOR submission for {d.reference}…",
                f"RIDDOR submission recorded for {d.reference}",
                dialog=dialog,
            )

        dialog.submitted.connect(submitted)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [
            self.reload_button,
            self.keep_button,
            self.back_button,
            self.edit_button,
            self.riddor_button,
        ]
        if self.form is not None:
            chain += self.form.tab_chain()
        chain += [self.save_button, self.cancel_button]
        return chain
