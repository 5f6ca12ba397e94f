"""The RIDDOR decision in the incident form: a person settles what the rule could not.

The rule (``domain.riddor.assess``) leaves some incidents as "Judgement needed" (a stress
absence after a physical incident, an absence with no injury recorded) or "Not assessed". The
service already records a person's decision as an override with its reason; this box is where
the form asks for it: reportable or not, and why. The reason is required because the decision
has legal weight and must be explainable later. "Not decided yet" leaves the incident as it
is, so someone editing another field is never forced to decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.riddor import RiddorOverride
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import IncidentDetail

#: The RIDDOR statuses that wait for a person's decision.
PENDING = (RiddorStatus.JUDGEMENT_NEEDED, RiddorStatus.NOT_ASSESSED)
UNDECIDED = "Not decided yet"
DECISIONS = (
    (UNDECIDED, None),
    ("Reportable to HSE", RiddorStatus.REPORTABLE.value),
    ("Not reportable", RiddorStatus.NOT_REPORTABLE.value),
)
REASON_NEEDED = "Give the reason for the decision; it is kept with the incident."


def is_pending(detail: IncidentDetail | None) -> bool:
    """Whether ``detail`` waits for a person to decide whether it is reportable."""
    return detail is not None and detail.riddor.status in PENDING


class RiddorDecisionBox(QFrame):
    """Reportable or not, with the reason (required once a decision is chosen).

    Signals:
        changed(): the decision or its reason changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAccessibleName("RIDDOR decision")
        self.why = label("", self, selectable=True)
        self.decision = QComboBox(self)
        self.decision.setAccessibleName("RIDDOR decision: reportable to HSE or not")
        for text, value in DECISIONS:
            self.decision.addItem(text, value)
        decision_caption = label("Decision", self, name="fieldName", wrap=False)
        decision_caption.setBuddy(self.decision)
        self.reason = text_box(self, 3, spoken="Reason for the RIDDOR decision (required)")
        reason_caption = label("Reason (required with a decision)", self, name="fieldName")
        reason_caption.setBuddy(self.reason)
        self.note = label(
            "The decision is recorded with your name and today's date. A reportable incident "
            "gets its HSE deadline from the incident date.",
            self,
            name="mutedText",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(4)
        for widget in (
            self.why,
            decision_caption,
            self.decision,
            reason_caption,
            self.reason,
            self.note,
        ):
            layout.addWidget(widget)
        self.decision.currentIndexChanged.connect(self._changed)
        self.reason.textChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.reason.setEnabled(self.decision.currentData() is not None)
        self.changed.emit()

    def load(self, detail: IncidentDetail | None) -> None:
        """Offer the decision for a pending incident; hide the box otherwise."""
        self.decision.setCurrentIndex(0)
        self.reason.setPlainText("")
        self.reason.setEnabled(False)
        pending = is_pending(detail)
        if detail is not None and pending:
            status = (
                "Judgement needed"
                if detail.riddor.status is RiddorStatus.JUDGEMENT_NEEDED
                else "Not assessed"
            )
            why = (detail.riddor.reason or "the rule could not decide").strip().rstrip(".")
            if why.lower().startswith(status.lower()):
                why = why[len(status) :].lstrip(": ")
            self.why.setText(f"{status}: {why}. Decide whether it is reportable to HSE.")
        self.setVisible(pending)

    def chosen(self) -> RiddorStatus | None:
        """The decision chosen, or None while undecided."""
        value = self.decision.currentData()
        return None if value is None else RiddorStatus(value)

    def problem(self) -> str:
        """Why the decision cannot be saved as it stands ('' when it can)."""
        if self.chosen() is not None and not self.reason.toPlainText().strip():
            return REASON_NEEDED
        return ""

    def value(self) -> RiddorOverride | None:
        """The decision as the service records it, or None while undecided."""
        status = self.chosen()
        if status is None or self.isHidden():
            return None
        return RiddorOverride(status, self.reason.toPlainText().strip())

    def snapshot(self) -> tuple[object, str]:
        return self.decision.currentData(), self.reason.toPlainText().strip()

    def tab_chain(self) -> list[QWidget]:
        return [self.decision, self.reason]
