"""The risk form's scores: likelihood and consequence per score, each with its band chip.

Why apart from the fields (``risks.score_field``): the grid holds the trust's risk matrix and
turns each pair of fields into a cell of it ("High 12"); a field alone knows only its scale.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.risks.chip_label import ChipLabel
from vpr_desktop.views.risks.score_field import ScoreField


class ScoreGrid(QWidget):
    """Likelihood and consequence pickers for one or more scores, each with its band chip.

    Each score takes two lines — its name with the resulting chip ("Current *  High 12"),
    then the two pickers side by side — so "5 Almost certain" is never cut in a narrow panel.

    Signals:
        changed(): any picker changed.
    """

    changed = Signal()

    def __init__(
        self,
        matrix: Any,
        parts: Sequence[tuple[str, str, bool, str]],
        parent: QWidget | None = None,
    ) -> None:
        """``parts``: (key, caption, required, what the chip says when there is no score)."""
        super().__init__(parent)
        from PySide6.QtWidgets import QGridLayout
        from PySide6.QtWidgets import QHBoxLayout

        self.matrix = matrix
        self.fields: dict[str, tuple[ScoreField, ScoreField]] = {}
        self.chips: dict[str, ChipLabel] = {}
        self.empty_text: dict[str, str] = {}
        likelihood = [(d.score, d.label) for d in matrix.likelihood]
        consequence = [(d.score, d.label) for d in matrix.consequence]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(label("Likelihood", self, name="fieldName", wrap=False), 0, 0)
        grid.addWidget(label("Consequence", self, name="fieldName", wrap=False), 0, 1)
        row = 1
        for key, caption, required, empty in parts:
            spoken = caption.rstrip(" *")
            lk, cq = (
                ScoreField(
                    f"{spoken} {axis}",
                    descriptors,
                    required=required,
                    spoken=f"{spoken} {axis}" + (" (required)" if required else ""),
                    parent=self,
                )
                for axis, descriptors in (("likelihood", likelihood), ("consequence", consequence))
            )
            # "Agreed current score" is already a score: never read out "… score score"
            chip_name = spoken if spoken.lower().endswith("score") else f"{spoken} score"
            chip = ChipLabel(self, name=chip_name)
            heading = QWidget(self)
            line = QHBoxLayout(heading)
            line.setContentsMargins(0, 6 if row > 1 else 2, 0, 0)
            line.setSpacing(8)
            line.addWidget(label(caption, heading, wrap=False))
            line.addWidget(chip)
            line.addStretch(1)
            grid.addWidget(heading, row, 0, 1, 2)
            grid.addWidget(lk, row + 1, 0)
            grid.addWidget(cq, row + 1, 1)
            row += 2
            self.fields[key] = (lk, cq)
            self.chips[key] = chip
            self.empty_text[key] = empty
            lk.changed.connect(self.changed.emit)
            cq.changed.connect(self.changed.emit)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def value(self, key: str) -> tuple[int | None, int | None]:
        """The (likelihood, consequence) of the score ``key``; either may be None."""
        lk, cq = self.fields[key]
        return lk.value(), cq.value()

    def cell(self, key: str) -> Any:
        """The matrix cell (band and score) of the score ``key``, or None until both are set."""
        lk, cq = self.value(key)
        return self.matrix.cell(lk, cq) if lk is not None and cq is not None else None

    def set_value(self, key: str, likelihood: int | None, consequence: int | None) -> None:
        """Set both parts of the score ``key``."""
        lk, cq = self.fields[key]
        lk.set_value(likelihood)
        cq.set_value(consequence)

    def texts(self) -> tuple[str, ...]:
        """Every field's text as typed, to tell whether anything changed."""
        return tuple(f.currentText().strip() for pair in self.fields.values() for f in pair)

    def problems(self, pair_message: Callable[[str], str]) -> list[str]:
        """Each picker's problem, then any optional score given by one half only."""
        out = [p for pair in self.fields.values() for f in pair if (p := f.problem())]
        if not out:
            for key, (lk, cq) in self.fields.items():
                if not lk.required and (lk.value() is None) != (cq.value() is None):
                    out.append(pair_message(key))
        return out

    def show_chips(self, fallback: Callable[[str], Any] | None = None) -> None:
        """Band chip per score; an empty optional score may show ``fallback(key)``."""
        for key, chip in self.chips.items():
            cell = self.cell(key)
            if cell is None and fallback is not None:
                cell = fallback(key)
            chip.set_cell(cell, self.empty_text[key])

    def all_fields(self) -> list[ScoreField]:
        """Every field, likelihood then consequence per score (for tab order)."""
        return [f for pair in self.fields.values() for f in pair]
