"""The state every record form keeps while it checks itself as the person types.

Why a base class: the action form, the roles-register form and the incident form each set up
the same things by hand: an ``edited`` signal, the values as loaded (to tell what changed),
the fields the person has used in a new form (a field's problem shows only once it was used,
so an empty new form is not a wall of red), each field's caption and message label, and
"valid" meaning "no problems". :class:`CheckedForm` holds them; each form adds its fields and
says what its problems are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

__all__ = ["CheckedForm"]


class CheckedForm(QWidget):
    """A form of fields checked as the person types (see the module docstring).

    ``name`` is the object name (style sheet and tests); ``today`` the day dates are checked
    against (tests pass a fixed one).

    Signals:
        edited(): a field changed (validity and "has changes" may have changed too).
    """

    edited = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._today = today
        #: The values as loaded, to compare with (each form reads them its own way).
        self._original: Any = {}
        #: Fields the person has used since the form was loaded.
        self._touched: set[str] = set()
        #: True while the form holds a new record (nothing loaded).
        self._new = True
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}

    def problems(self) -> dict[str, str]:
        """Blocking problems by field, in words (each form says what they are)."""
        return {}

    def is_valid(self) -> bool:
        """True when :meth:`problems` finds nothing to fix."""
        return not self.problems()
