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
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.services.common.drafts import DraftStore
from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.common.dialogs import attempt
from vpr_desktop.views.common.dialogs import open_held
from vpr_desktop.views.common.drafts import DraftKeeper
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.form import ConflictBanner
from vpr_desktop.views.common.form import RecordPanel
from vpr_desktop.views.common.form import readable_content
from vpr_desktop.views.common.form import save_state
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal
from vpr_desktop.views.incidents.form import IncidentForm
from vpr_desktop.views.incidents.record import RIDDOR_WORDS
from vpr_desktop.views.incidents.record import step_words
from vpr_desktop.views.incidents.record import summary_lines
from vpr_desktop.views.incidents.record import timeline_words
from vpr_desktop.views.incidents.riddor import is_pending
from vpr_desktop.views.incidents.riddor_box import RiddorBox
from vpr_desktop.views.incidents.riddor_submission import RiddorDialog

if TYPE_CHECKING:
    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.services.incidents.records import IncidentDetail
    from vpr_desktop.services.incidents.records import IncidentInput
    from vpr_desktop.services.incidents.records import SupportStepView
    from vpr_desktop.services.incidents.service import IncidentService

NOTHING_CHOSEN = (
    "Select an incident in the list to see its RIDDOR decision, the staff affected "
    "with their support steps, and its timeline."
)


def _first_lower(text: str) -> str:
    """ "Reportable to HSE" inside a sentence: only the first letter lowered (HSE stays)."""
    return text[:1].lower() + text[1:]


class IncidentDetailPanel(RecordPanel):
    """One incident, or the form that creates or edits it.

    ``changed`` carries the ``IncidentDetail`` just written (the list and badges refresh);
    ``escape`` asks the page to go back to the list.
    """

    def __init__(self, service: IncidentService, parent: QWidget | None = None) -> None:
        super().__init__(parent, runner_name="Saving the incident")
        self.setObjectName("incidentDetail")
        self.setAccessibleName("Incident details")
        self.service = service
        self.detail: IncidentDetail | None = None
        self.editing = False
        self.form: IncidentForm | None = None
        self.open_dialog: FormDialog | None = None
        self.can_edit = service.actor.can("edit_incidents")  # type: ignore[arg-type]
        #: Why this database refuses writes (a preview, a read-only file): the role's buttons
        #: are shown, held, saying so; "" when saving may go ahead.
        self.refusal = write_refusal(service.db)
        # The narrative kept as a draft while it is typed, so a crash never loses it.
        self.drafts = DraftKeeper(DraftStore(service.db, service.actor), "incident", self)
        self.make_nothing_chosen(NOTHING_CHOSEN)

        self.banner = ConflictBanner.for_record(
            self, "the incident", self.reload, self.reload_keeping_changes, (12, 6, 12, 0)
        )
        self.banner_text = self.banner.text_label
        self.reload_button = self.banner.reload_button
        self.keep_button = self.banner.keep_button
        self.notice = label("", self, name="resultSummary", selectable=True)
        self.notice.setProperty("outcome", "ok")
        self.notice.setAccessibleName("Saved")
        self.notice.hide()

        self.view = self._build_view()
        self.edit = self._build_edit()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.nothing_chosen)
        self.stack.addWidget(scrolling(self.view, self.stack))
        self.edit_scroll = scrolling(self.edit, self.stack)
        self.stack.addWidget(self.edit_scroll)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 46)
        layout = vertical(
            self, self.runner, self.banner, self.notice, (self.stack, 1), margins=0, spacing=4
        )
        bar = self.pin_save_bar(
            layout,
            save=("Save", "Save the incident (Ctrl+S)"),
            cancel=("Cancel", "Cancel editing; unsaved changes are discarded"),
            on_save=self.save,
            on_cancel=self.cancel_edit,
        )
        self.cancel_button = bar.cancel_button
        self.stack.currentChanged.connect(
            lambda _i: bar.setVisible(self.stack.currentWidget() is self.edit_scroll)
        )
        bar.hide()
        self._update_buttons()

    # ------------------------------------------------------------------ building

    def _build_view(self) -> QWidget:
        content, body = readable_content(self)
        self.make_back_button(content, "incidents")
        self.edit_button = push_button(
            "Edit incident", content, self.start_edit, spoken="Edit this incident"
        )
        body.addLayout(button_row(self.back_button, self.edit_button))
        self.heading = label("", content, name="sectionHeading", selectable=True)
        body.addWidget(self.heading)
        self.facts = label("", content, selectable=True)
        self.facts.setAccessibleName("Incident facts")
        body.addWidget(self.facts)

        box = self.riddor_box = RiddorBox(content)
        self.riddor_warning, self.riddor_status = box.warning, box.status
        self.riddor_reason, self.riddor_deadline = box.reason, box.deadline
        self.riddor_state, self.riddor_note = box.state, box.note
        self.riddor_button, self.decide_button = box.record_button, box.decide_button
        self.riddor_button.clicked.connect(self.ask_riddor_submission)
        self.decide_button.clicked.connect(self.decide_riddor)
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
        content, body = readable_content(self)
        self.edit_heading = label("", content, name="sectionHeading")
        body.addWidget(self.edit_heading)
        self.form_holder = QVBoxLayout()
        body.addLayout(self.form_holder)
        body.addStretch(1)
        return content

    # ------------------------------------------------------------------ the form

    def _make_form(self) -> IncidentForm:
        if self.form is None:
            service = self.service
            choices = service.choices()
            from vpr_desktop.views.incidents.fields import london

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
        """An empty form for a new incident (none while the database refuses writes)."""
        if not self.can_edit or self.refusal:
            return None
        form = self._make_form()
        form.show_characteristics = self.service.actor.can("read_protected_characteristics")  # type: ignore[arg-type]
        form.load(None)
        self.detail = None
        self.editing = True
        self.drafts.watch("new", self.draft_fields(form))
        self.edit_heading.setText("New incident")
        self.hide_banner()
        self.notice.hide()
        self.stack.setCurrentWidget(self.edit_scroll)
        self._update_buttons()
        form.focus_first()
        return form

    def start_edit(self) -> None:
        if self.detail is None or not self.can_edit or self.refusal:
            return
        form = self._make_form()
        form.load(self.detail)
        self.editing = True
        self.drafts.watch(str(self.detail.id), self.draft_fields(form))
        self.edit_heading.setText(f"Edit {self.detail.reference}")
        self.notice.hide()
        self.stack.setCurrentWidget(self.edit_scroll)
        self._update_buttons()
        form.focus_first()

    def decide_riddor(self) -> None:
        """Open the form at its RIDDOR decision (reportable or not, with the reason)."""
        self.start_edit()
        if self.editing and self.form is not None and not self.form.riddor.isHidden():
            self.form.riddor.decision.setFocus(Qt.FocusReason.OtherFocusReason)
            self.edit_scroll.ensureWidgetVisible(self.form.riddor)

    def cancel_edit(self) -> None:
        self.editing = False
        self.hide_banner()
        if self.detail is not None:
            self.show_detail(self.detail)
        else:
            self.clear()

    def has_unsaved(self) -> bool:
        return self.editing and self.form is not None and self.form.has_changes()

    @staticmethod
    def draft_fields(form: IncidentForm) -> dict[str, QPlainTextEdit | QLineEdit]:
        """The long text worth keeping as a draft: the narrative and the injury."""
        return {"description": form.description, "injury_description": form.injury_description}

    def put_back_draft(self, fields: dict[str, str]) -> None:
        """Text kept before an unexpected close, back in the open form (not saved yet)."""
        if not self.editing or self.form is None:
            return
        for name, widget in self.draft_fields(self.form).items():
            if name in fields:
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(fields[name])
                else:
                    widget.setText(fields[name])

    # ------------------------------------------------------------------ showing

    def clear(self) -> None:
        """Nothing chosen: the nothing-chosen note instead of the incident, its draft let go."""
        self.drafts.finish()
        self.show_problem(NOTHING_CHOSEN)

    def forget(self) -> None:
        self.detail = None
        self.editing = False

    def load(self, incident_id: int) -> None:
        detail = attempt(lambda: self.service.get(incident_id), self.show_problem)
        if detail is None:
            return
        self.notice.hide()
        self.hide_banner()
        self.show_detail(detail)

    def show_detail(self, d: IncidentDetail) -> None:
        from vpr_desktop.services.incidents.queries import timeline

        self.detail = d
        self.editing = False
        self.drafts.finish()  # saved, cancelled or another record: no draft to keep
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
        self.riddor_box.show_detail(d, self.service.today())

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
        allow(self.edit_button, not busy, self.refusal)
        reportable = d is not None and d.riddor.status is RiddorStatus.REPORTABLE
        self.riddor_button.setVisible(self.can_edit and reportable)
        allow(self.riddor_button, not busy, self.refusal)
        self.decide_button.setVisible(self.can_edit and is_pending(d))
        allow(self.decide_button, not busy, self.refusal)
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
        self.save_bar.set_state(
            save_state(changes=changes, valid=valid, busy=busy, new=form.is_new())
        )

    def update_state(self) -> None:
        self._update_buttons()

    def set_full(self, full: bool) -> None:
        self.back_button.setVisible(full)

    # ------------------------------------------------------------------ banner

    def conflict_message(self, exc: VprError) -> str:
        return (
            "Someone else saved this incident after you opened it, so "
            "nothing was saved. Your changes are still in the form. Reload to "
            "see theirs (discarding yours), or reload and keep yours."
        )

    def failure_message(self, exc: VprError, text: str) -> str:
        from vpr_desktop.domain.errors import ValidationError

        if isinstance(exc, ValidationError) and exc.problems:
            text += " " + "; ".join(
                f"{c.replace('_', ' ')}: {why}" for _r, c, _v, why in exc.problems[:4]
            )
        return text + " Your changes are still in the form."

    def reload(self) -> None:
        """The latest version; unsaved changes are discarded."""
        self.hide_banner()
        if self.detail is not None:
            self.load(self.detail.id)

    def reload_keeping_changes(self) -> None:
        """Load the latest version, then save what is typed over it on the next Save."""
        if self.detail is None or self.form is None:
            return
        incident_id = self.detail.id
        latest = attempt(lambda: self.service.get(incident_id), self.show_banner)
        if latest is None:
            return
        self.detail = latest  # the form keeps what was typed; the next save is on this version
        self.edit_heading.setText(f"Edit {latest.reference}")
        self.show_banner(
            "The latest version is loaded underneath; your typed values are still "
            "in the form and will be saved over it. Check them, then save."
        )
        self._update_buttons()

    # ------------------------------------------------------------------ writing

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
            self.write_and_show(
                lambda: service.create(data),
                "Saving the new incident…",
                "Incident saved",
                after=self._saved,
            )
        else:
            base: IncidentInput = detail.as_input()
            data = form.to_input(base)
            iid, version = detail.id, detail.version
            self.write_and_show(
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
            f"Saved {d.reference}. RIDDOR: {_first_lower(RIDDOR_WORDS.get(r.status, ''))}"
            + (f", deadline {format_date(r.deadline)}" if r.deadline else "")
            + (
                f". {len(due)} support step{'s' if len(due) != 1 else ''} due for "
                f"{len(people)} {'person' if len(people) == 1 else 'people'} (listed below)."
                if due
                else ". No support steps are open."
            )
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
            self.write_and_show(
                lambda: service.record_riddor_submission(
                    d.id, day, ref, expected_version=d.version
                ),
                f"Recording the RIDDOR submission for {d.reference}…",
                f"RIDDOR submission recorded for {d.reference}",
                dialog=dialog,
            )

        dialog.submitted.connect(submitted)
        return open_held(self, "open_dialog", dialog)

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [
            self.reload_button,
            self.keep_button,
            self.back_button,
            self.edit_button,
            self.riddor_button,
            self.decide_button,
        ]
        if self.form is not None:
            chain += self.form.tab_chain()
        chain += [self.save_button, self.cancel_button]
        return chain
