"""Dialogs for known problems, for bugs (the crash dialog), confirmations and the About box.

Dialogs open window-modal with ``open()`` rather than ``exec()``: no nested event loop, so a
background job keeps reporting while one is up. A headless switch (``HEADLESS = True`` or the
environment variable ``VPR_DESKTOP_HEADLESS_DIALOGS=1``) turns every dialog into a log line and
an entry in :data:`recent`, so tests and unattended runs never block on a click.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.views.common.screen_fit import ScreenFitDialog

if TYPE_CHECKING:
    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.domain.permissions import Permission
    from vpr_desktop.services.container import Services

log = logging.getLogger(__name__)
T = TypeVar("T")

HEADLESS_ENV = "VPR_DESKTOP_HEADLESS_DIALOGS"
#: Set True (tests) to log dialogs instead of showing them.
HEADLESS = False
#: The last dialogs shown or logged: (kind, title, text); tests read it.
recent: deque[tuple[str, str, str]] = deque(maxlen=20)
_open: set[QDialog] = set()  # keep Python wrappers of open dialogs alive


def headless() -> bool:
    """True in tests and scripted runs, where dialogs are logged instead of shown."""
    return HEADLESS or os.environ.get(HEADLESS_ENV, "") not in ("", "0")


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("dialogHeading")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _paragraph(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def _fit_to_width(dialog: QDialog, width: int) -> None:
    """Size a dialog of wrapped text to ``width`` and exactly the height its text needs.

    A window's own size hint is worked out before its labels know their final width, so they
    wrap into more lines than they end up using and the dialog is left with a blank band.
    """
    dialog.setMinimumWidth(width)
    layout = dialog.layout()
    dialog.ensurePolished()
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
    dialog.resize(width, max(height, layout.totalMinimumSize().height()))


def _present(dialog: QDialog, kind: str, title: str, text: str, *, modal: bool) -> QDialog:
    recent.append((kind, title, text))
    if headless():
        log.warning("[%s dialog] %s: %s", kind, title, text.replace("\n", " | "))
        return dialog
    _open.add(dialog)
    dialog.finished.connect(lambda _result: _open.discard(dialog))
    if modal:
        dialog.open()
    else:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
    return dialog


# --------------------------------------------------------------------------- known errors


class ErrorDialog(ScreenFitDialog):
    """What happened and what to do next, in plain words, with one OK button."""

    def __init__(
        self, title: str, message: str, next_step: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{message} {next_step}".strip())
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(title, self))
        self.message_label = _paragraph(message, self, "dialogMessage")
        layout.addWidget(self.message_label)
        self.next_step_label: QLabel | None = None
        if next_step:
            what = QLabel("What to do next", self)
            what.setObjectName("dialogSubheading")
            layout.addWidget(what)
            self.next_step_label = _paragraph(next_step, self, "dialogNextStep")
            layout.addWidget(self.next_step_label)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setAccessibleName("OK, close this message")
        ok.setProperty("primary", True)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        _fit_to_width(self, self.fontMetrics().averageCharWidth() * 72)

    def text(self) -> str:
        """The dialog's title, message and next step as plain text (for logs and tests)."""
        parts = [self.windowTitle(), self.message_label.text()]
        if self.next_step_label is not None:
            parts.append("What to do next: " + self.next_step_label.text())
        return "\n".join(parts)


def build_error_dialog(error: VprError, parent: QWidget | None = None) -> ErrorDialog:
    """The dialog for a known error, not yet shown."""
    return ErrorDialog(error.title, error.message, error.next_step, parent)


def show_error(error: VprError, parent: QWidget | None = None) -> ErrorDialog:
    """Show a known error's plain words and next step (logged instead when headless)."""
    dialog = build_error_dialog(error, parent)
    _present(dialog, "error", error.title, dialog.text(), modal=True)
    return dialog


def show_message(
    title: str, message: str, next_step: str = "", parent: QWidget | None = None
) -> ErrorDialog:
    """Show a notice with an optional next step (logged instead when headless)."""
    dialog = ErrorDialog(title, message, next_step, parent)
    _present(dialog, "message", title, dialog.text(), modal=True)
    return dialog


def attempt(call: Callable[[], T], say: Callable[[str], object]) -> T | None:
    """``call()``'s result; or, when it is refused (a ``VprError``: gone, not allowed, changed
    by someone else), None once ``say`` has the refusal and its next step in words, where the
    person is looking rather than in a dialog. Anything else is a bug and is raised."""
    from vpr_desktop.domain.errors import VprError

    try:
        return call()
    except VprError as exc:
        say(f"{exc.message} {exc.next_step}".strip())
        return None


def services_if_allowed(
    services: Services | None,
    permission: Permission,
    title: str,
    refusal: str,
    parent: QWidget | None = None,
) -> Services | None:
    """``services`` when a database is open and this person's role has ``permission``; else
    None, with a notice for a role that may not (``refusal``, and whom to ask), so a menu
    command someone may not use says why, the same way from every menu."""
    if services is None:
        return None
    if not services.actor.can(permission):
        show_message(title, refusal, "Ask the VPR lead.", parent)
        return None
    return services


# --------------------------------------------------------------------------- bugs


CRASH_HEADING = "Something went wrong in VPR Desktop"


class CrashDialog(ScreenFitDialog):
    """A bug: the reference, where the log is, versions + traceback, Copy and Close.

    Not modal: the window behind stays usable, and whatever the user had typed is still there.
    The details hold versions and the traceback only — no record contents.
    """

    def __init__(
        self, reference: str, log_file: Path | None, details: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("VPR Desktop – unexpected error")
        self.setAccessibleName(CRASH_HEADING)
        self.reference = reference
        self.details = details
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(CRASH_HEADING, self))
        layout.addWidget(
            _paragraph(
                "VPR Desktop met a problem it did not expect. You can carry on: anything you had "
                "typed in open forms is still there. If it happens again, contact your IT service "
                "desk and give them the reference below.",
                self,
            )
        )
        self.reference_label = _paragraph(f"Reference: {reference}", self, "crashReference")
        self.reference_label.setAccessibleName(f"Reference {reference}")
        layout.addWidget(self.reference_label)
        where = str(log_file) if log_file else "the console (the log file could not be written)"
        self.log_label = _paragraph(f"The details were written to {where}.", self, "crashLog")
        layout.addWidget(self.log_label)
        self.details_box = QPlainTextEdit(details, self)
        self.details_box.setObjectName("crashDetails")
        self.details_box.setReadOnly(True)
        self.details_box.setAccessibleName("Error details")
        self.details_box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        line = self.fontMetrics().lineSpacing()
        self.details_box.setMinimumHeight(line * 8)
        layout.addWidget(self.details_box, 1)
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton("Copy details", self)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.setAccessibleName("Copy the error details to the clipboard")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close this message")
        close.setProperty("primary", True)
        close.setDefault(True)
        close.setFocus()
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth()
        self.resize(width * 90, line * 26)
        # Owned by the dialog, so it dies with it (a bare singleShot would outlive it).
        self._relabel = QTimer(self)
        self._relabel.setSingleShot(True)
        self._relabel.setInterval(2000)
        self._relabel.timeout.connect(lambda: self.copy_button.setText("Copy details"))

    def copy_details(self) -> None:
        """Copy the crash details for a support request; the button says "Copied" briefly."""
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied")
        self._relabel.start()


def build_crash_dialog(
    reference: str, log_file: Path | None, details: str, parent: QWidget | None = None
) -> CrashDialog:
    """The crash dialog for ``reference``, not yet shown."""
    return CrashDialog(reference, log_file, details, parent)


def show_crash(
    reference: str, log_file: Path | None, details: str, parent: QWidget | None = None
) -> CrashDialog:
    """Show the crash dialog without blocking, so the app stays usable."""
    dialog = build_crash_dialog(reference, log_file, details, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _present(dialog, "crash", CRASH_HEADING, f"Reference: {reference}", modal=False)
    return dialog


# --------------------------------------------------------------------------- about


class AboutDialog(ScreenFitDialog):
    """Versions a support call needs, and where the app keeps its files."""

    def __init__(self, services: Services | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from vpr_desktop.views.versions import version_lines

        self.setObjectName("aboutDialog")
        self.setWindowTitle("About VPR Desktop")
        self.setAccessibleName("About VPR Desktop")
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("VPR Desktop", self))
        layout.addWidget(
            _paragraph(
                "Violence prevention and reduction governance for NHS trusts: the self-assessment "
                "against the standard, risk register, training, incidents and post-incident "
                "support, the joint action log, and committee and board packs.",
                self,
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.lines = version_lines(services)
        for label, value in self.lines:
            field = _paragraph(value, self)
            field.setAccessibleName(f"{label}: {value}")
            form.addRow(f"{label}:", field)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Close About")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        _fit_to_width(self, self.fontMetrics().averageCharWidth() * 70)

    def text(self) -> str:
        """The version lines as plain text (for logs and tests)."""
        return "\n".join(f"{label}: {value}" for label, value in self.lines)


def show_about(services: Services | None, parent: QWidget | None = None) -> AboutDialog:
    """Show Help > About with the versions and the open database."""
    dialog = AboutDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _present(dialog, "about", "About VPR Desktop", dialog.text(), modal=True)
    return dialog


# --------------------------------------------------------------------------- confirming

#: What a confirmation answers when dialogs are headless (tests, unattended runs).
HEADLESS_CONFIRM = True


def confirm(
    parent: QWidget,
    title: str,
    text: str,
    yes: str,
    on_yes: Callable[[], None],
    *,
    no: tuple[str, str] = ("Cancel", "Cancel, change nothing"),
    on_no: Callable[[], None] | None = None,
) -> QMessageBox | None:
    """Ask before a change that cannot simply be undone; ``on_yes`` runs if confirmed,
    ``on_no`` (if given) otherwise. ``no``: the other button's text and accessible name.

    Window-modal via ``open()`` (no nested event loop, so background jobs keep reporting).
    """
    recent.append(("confirm", title, text))
    if headless():
        if HEADLESS_CONFIRM:
            on_yes()
        elif on_no is not None:
            on_no()
        return None
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    go.setAccessibleName(yes)
    keep = box.addButton(no[0], QMessageBox.ButtonRole.RejectRole)
    keep.setAccessibleName(no[1])
    box.setDefaultButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(_result: int) -> None:
        if box.clickedButton() is go:
            on_yes()
        elif on_no is not None:
            on_no()

    box.finished.connect(done)
    box.open()
    return box
