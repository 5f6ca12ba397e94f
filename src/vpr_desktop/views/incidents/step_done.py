""" "Mark done" asks when the step was done; "Plan…" asks when it is planned or booked.

Both are :class:`~vpr_desktop.views.incidents.step_time.StepTimeDialog` (the checks and the
early warning are there); these say what is asked and which limits apply.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from vpr_desktop.views.incidents.step_time import StepTimeDialog


class StepDoneDialog(StepTimeDialog):
    """When a support step was done: default now, not in the future."""

    TEXTS = (
        "When was the step done?",
        "Give the date it was done (and the time, if you know it), so a step done on time but "
        "recorded later counts as done on time.",
        "Mark done",
        "it was done",
    )

    def __init__(
        self,
        what: str,
        *,
        now: dt.datetime,
        occurred: dt.datetime,
        not_before: dt.datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            what, now=now, occurred=occurred, not_before=not_before, value=now, parent=parent
        )


class PlanStepDialog(StepTimeDialog):
    """When a support step is planned or booked (a TRiM assessment's appointment): it may be
    ahead, and an empty date clears the booking, so the dialog starts from the booking (if
    any) rather than from now."""

    FUTURE_ALLOWED = True
    EMPTY_ALLOWED = True
    STILL = "it can still be booked"
    TEXTS = (
        "When is the step planned?",
        "Give the date it is planned or booked for (and the time, if you know it); leave the "
        "date empty to clear it.",
        "Save plan",
        "it is planned for",
    )
