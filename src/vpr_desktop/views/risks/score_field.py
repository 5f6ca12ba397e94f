"""One half of a risk score: a likelihood or a consequence, picked or typed, checked as typed.

Why apart from the grid of scores (``risks.score_grid``): a field knows only its scale and how
to read what was typed ("4", "4 Likely", "likely"); the grid pairs two of them per score and
shows the band chip their cell falls in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget


class ScoreField(QComboBox):
    """A likelihood or consequence: pick "4 Likely" from the list, or type 1–5 or the word.

    Typing is allowed (and checked as you type) so a mistyped "7" says what is allowed
    instead of silently refusing the key.

    Signals:
        changed(): the text or the choice changed.
    """

    changed = Signal()

    def __init__(
        self,
        axis: str,
        descriptors: Sequence[tuple[int, str]],
        *,
        spoken: str,
        required: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.axis = axis  # "Likelihood" | "Consequence"
        self.required = required
        self._words = {word.casefold(): score for score, word in descriptors}
        self._labels = dict(descriptors)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if not required:
            self.addItem("")
        for score, word in descriptors:
            self.addItem(f"{score} {word}", score)
        self.setAccessibleName(spoken)
        self.lineEdit().setAccessibleName(spoken)
        self.lineEdit().setPlaceholderText("1–5" if required else "same as current")
        self.setMinimumContentsLength(14)  # "5 Almost certain" whole
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.editTextChanged.connect(lambda _text: self.changed.emit())
        self.set_value(None)

    def scale_text(self) -> str:
        """The allowed values in words ("1 Rare, 2 Unlikely, …"), for problems and help."""
        return ", ".join(f"{n} {w}" for n, w in self._labels.items())

    def parsed(self) -> tuple[int | None, str | None]:
        """(value, problem): value 1–5 or None when empty; problem in words, else None."""
        text = self.currentText().strip()
        if not text:
            return None, (f"{self.axis} is needed." if self.required else None)
        match = re.match(r"^(\d+)\s*[-–:.]?\s*(.*)$", text)
        if match:
            number, rest = int(match[1]), match[2].strip().casefold()
            word = self._labels.get(number, "").casefold()
            if 1 <= number <= 5 and (not rest or word.startswith(rest)):
                return number, None
        elif text.casefold() in self._words:
            return self._words[text.casefold()], None
        return None, (f"{self.axis} must be a whole number from 1 to 5 ({self.scale_text()}).")

    def value(self) -> int | None:
        """The score chosen or typed, or None when empty or not valid."""
        return self.parsed()[0]

    def problem(self) -> str | None:
        """What is wrong with the typed text in words (an empty required field too), or None."""
        return self.parsed()[1]

    def set_value(self, value: int | None) -> None:
        """Choose ``value`` (None empties the field)."""
        if value is None:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        self.setCurrentIndex(self.findData(value))
