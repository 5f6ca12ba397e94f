"""The crash dialog: a bug's reference, where the log is, and the details to copy.

Shown by :mod:`vpr_desktop.views.crash` for anything that is not a known error; presented like
every other dialog (:func:`~vpr_desktop.views.common.dialogs.present`), so headless runs log it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialogs import dialog_heading
from vpr_desktop.views.common.dialogs import dialog_paragraph
from vpr_desktop.views.common.dialogs import present
from vpr_desktop.views.common.screen_fit import ScreenFitDialog

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
        layout.addWidget(dialog_heading(CRASH_HEADING, self))
        layout.addWidget(
            dialog_paragraph(
                "VPR Desktop met a problem it did not expect. You can carry on: anything you had "
                "typed in open forms is still there. If it happens again, contact your IT service "
                "desk and give them the reference below.",
                self,
            )
        )
        self.reference_label = dialog_paragraph(f"Reference: {reference}", self, "crashReference")
        self.reference_label.setAccessibleName(f"Reference {reference}")
        layout.addWidget(self.reference_label)
        where = str(log_file) if log_file else "the console (the log file could not be written)"
        self.log_label = dialog_paragraph(f"The details were written to {where}.", self, "crashLog")
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
    present(dialog, "crash", CRASH_HEADING, f"Reference: {reference}", modal=False)
    return dialog
