"""A date and time for one support step: the dialog "Mark done" and "Plan…" both are.

Why: the board's "done on time" figure compares when a step was done with when it was due. A
check-in done on time but recorded in the app days later must count as on time, so the date
(and time, if known) it was done is asked for, defaulting to now. It may not be in the future
nor before the incident (the service refuses both too). A step that has an earliest time (a
TRiM assessment is meant to happen no sooner than 72 hours after the incident) gets a warning
in words when the time given is before it; it can still be recorded, because it happened.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import parse_date
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.incidents.fields import TIME_HINT
from vpr_desktop.views.incidents.fields import parse_time


class StepTimeDialog(FormDialog):
    """A date and time for one support step, in the trust's wall clock, not before the
    incident; with a warning in words when it is before the step's earliest time. Whether it
    may be in the future (a booking) or left empty (no booking) is the subclass's to say."""

    FUTURE_ALLOWED = False
    EMPTY_ALLOWED = False
    STILL = "it can still be recorded"
    # The title, the explanation (after the step's name), the confirm button and the words
    # that end "Date …" in the field names: the subclass's, as they say what is asked.
    TEXTS: tuple[str, str, str, str]

    def __init__(
        self,
        step: str,
        *,
        now: dt.datetime,
        occurred: dt.datetime,
        not_before: dt.datetime | None = None,
        value: dt.datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title, explanation, confirm, what = self.TEXTS
        super().__init__(title, f"{step}. {explanation}", confirm, parent, back="Cancel")
        self._now, self._occurred, self._not_before = now, occurred, not_before
        self.date = QLineEdit(format_date(value.date()) if value is not None else "", self)
        self.date.setAccessibleName(f"Date {what} ({DATE_HINT})")
        self.date.setPlaceholderText(DATE_HINT)
        self.time = QLineEdit(value.strftime("%H:%M") if value is not None else "", self)
        self.time.setAccessibleName(f"Time {what} ({TIME_HINT}, 24-hour clock)")
        self.time.setPlaceholderText(TIME_HINT)
        self.time.setMaximumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.error = label("", self, name="fieldError")
        self.warning = label("", self, name="warningNote")
        self.warning.setContentsMargins(6, 4, 6, 4)
        limits = (
            "not before the incident"
            if self.FUTURE_ALLOWED
            else ("not in the future, not before the incident")
        )
        for caption, widget in (
            (f"Date {what} ({limits})", self.date),
            ("Time (24-hour clock)", self.time),
        ):
            self.add_captioned(caption, widget)
        self.body.addWidget(self.error)
        self.body.addWidget(self.warning)
        self.date.textChanged.connect(self.update_state)
        self.time.textChanged.connect(self.update_state)
        self.update_state()
        self.date.setFocus()
        self.date.selectAll()

    def _when(self) -> tuple[dt.datetime | None, str]:
        try:
            day = parse_date(self.date.text())
        except ValueError:
            return None, f"Write the date as {DATE_HINT}."
        if day is None:
            if self.EMPTY_ALLOWED:
                return None, ""
            return None, "Give the date it was done."
        try:
            time = parse_time(self.time.text())
        except ValueError:
            return None, f"Write the time as {TIME_HINT} (24-hour clock), for example 14:30."
        when = dt.datetime.combine(day, time or dt.time(12, 0))
        if not self.FUTURE_ALLOWED and (
            day > self._now.date() or when > self._now + dt.timedelta(minutes=5)
        ):
            return None, "That is in the future; give the date it was done."
        if when < self._occurred:
            return None, (
                "That is before the incident happened "
                f"({format_date(self._occurred.date())} {self._occurred:%H:%M})."
            )
        return when, ""

    def early_warning(self) -> str:
        """A warning in words when the time given is before the step's earliest time."""
        when = self._when()[0]
        if when is None or self._not_before is None or when >= self._not_before:
            return ""
        return (
            "Warning: this is before the step's earliest time "
            f"({format_date(self._not_before.date())} {self._not_before:%H:%M}, 72 hours after "
            f"the incident for a TRiM assessment). Check the date; {self.STILL}."
            if self._not_before - self._occurred == dt.timedelta(hours=72)
            else "Warning: this is before the step's earliest time "
            f"({format_date(self._not_before.date())} {self._not_before:%H:%M}). Check the "
            f"date; {self.STILL}."
        )

    def valid(self) -> bool:
        when, problem = self._when()
        return when is not None or (self.EMPTY_ALLOWED and not problem)

    def update_state(self) -> None:
        """Say the problem (or the early warning) under the fields, in words."""
        problem = self._when()[1]
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        self.date.setAccessibleDescription(problem)
        warning = self.early_warning()
        self.warning.setText(warning)
        self.warning.setAccessibleName(warning)
        self.warning.setVisible(bool(warning))
        super().update_state()

    def values(self) -> dt.datetime | None:
        """The time given, as the trust's wall-clock time (the service stores UTC); None only
        where an empty date is allowed."""
        return self._when()[0]
