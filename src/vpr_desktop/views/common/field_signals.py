"""Which signal says that a record form's field was edited, and connecting every field to it.

Why here: a form checks itself each time one of its fields changes, and must know which field
did (a new form shows a field's problem only once that field was used). The action form and
the roles-register form listed every field with its signal by hand, although the signal only
follows from the kind of field: text changed, the choice changed, the tick changed. One place
now says so, for the same kinds of field that ``typed_values`` and ``retype`` read and put
back.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Container
from collections.abc import Mapping

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

__all__ = ["edit_signal", "watch_fields"]


def edit_signal(widget: QWidget) -> SignalInstance:
    """The signal ``widget`` sends when the person changes its value.

    Why: the form listens to "this field changed" whatever the field is; a kind of field not
    listed here is a mistake in the form, said at once rather than left silently unwatched.
    """
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    raise TypeError(f"No edit signal is known for a {type(widget).__name__}")


def watch_fields(
    widgets: Mapping[str, QWidget],
    changed: Callable[[str], None],
    *,
    skip: Container[str] = (),
) -> None:
    """Call ``changed(key)`` whenever the field under ``key`` is edited, for every field of
    ``widgets`` (in its order) but those in ``skip`` (fields the form handles itself).

    Why: see the module docstring; the form's field table already says which fields it has.
    """
    for key, widget in widgets.items():
        if key not in skip:
            edit_signal(widget).connect(lambda *_a, k=key: changed(k))
