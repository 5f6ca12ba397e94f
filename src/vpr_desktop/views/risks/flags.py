"""The warnings above a risk's form ("Needs a decision: …", "Check: …"), each in words with a
warning sign, and for the incident-informed likelihood a "How is this worked out?" toggle that
shows the rule.

Why a widget of its own: the flags are rebuilt whenever another risk is shown, and their
wording (severity as words, never colour alone) is the same wherever they appear.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import label

#: The flag whose rule can be shown: incidents suggest a higher likelihood than recorded.
INCIDENT_FLAG = "incidents_suggest_higher"


class FlagsBox(QFrame):
    """The shown risk's warnings; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagsBox")
        self.flags_layout = QVBoxLayout(self)
        self.flags_layout.setContentsMargins(12, 8, 12, 8)
        self.flags_layout.setSpacing(6)
        self.texts: list[str] = []
        self.hide()

    def show_flags(self, flags: tuple[Any, ...], evidence: Any) -> None:
        """Replace the warnings with ``flags`` (``RiskFlag``); ``evidence`` (the incident
        evidence, or None) gives the rule behind the incident-informed flag."""
        while self.flags_layout.count():
            item = self.flags_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.texts = []
        for flag in flags:
            prefix = "Needs a decision" if flag.severity == "attention" else "Check"
            text = f"⚠ {prefix}: {flag.message}"
            self.texts.append(text)
            flag_label = label(text, self, name="flagText", selectable=True)
            flag_label.setAccessibleName(f"{prefix}: {flag.message}")
            self.flags_layout.addWidget(flag_label)
            if flag.code == INCIDENT_FLAG and evidence is not None:
                rule = label(evidence.rule, self, name="fieldHint", selectable=True)
                rule.setAccessibleName("How the incident-informed likelihood is worked out")
                rule.hide()
                toggle = QPushButton("How is this worked out?", self)
                toggle.setObjectName("linkButton")
                toggle.setCheckable(True)
                toggle.setAccessibleName("Show how the incident-informed likelihood is worked out")
                toggle.toggled.connect(rule.setVisible)
                self.flags_layout.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
                self.flags_layout.addWidget(rule)
        self.setVisible(bool(flags))
        self.setAccessibleName(f"{len(flags)} warning(s) about this risk")
