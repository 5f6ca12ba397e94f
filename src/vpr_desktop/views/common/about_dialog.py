"""Help > About: the versions a support call needs, and where the app keeps its files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.dialogs import dialog_heading
from vpr_desktop.views.common.dialogs import dialog_paragraph
from vpr_desktop.views.common.dialogs import fit_to_width
from vpr_desktop.views.common.dialogs import present
from vpr_desktop.views.common.screen_fit import ScreenFitDialog

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services


class AboutDialog(ScreenFitDialog):
    """Versions a support call needs, and where the app keeps its files."""

    def __init__(self, services: Services | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from vpr_desktop.views.versions import version_lines

        set_dialog_title(self, "aboutDialog", "About VPR Desktop")
        layout = QVBoxLayout(self)
        layout.addWidget(dialog_heading("VPR Desktop", self))
        layout.addWidget(
            dialog_paragraph(
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
            field = dialog_paragraph(value, self)
            field.setAccessibleName(f"{label}: {value}")
            form.addRow(f"{label}:", field)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Close About")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        fit_to_width(self, self.fontMetrics().averageCharWidth() * 70)

    def text(self) -> str:
        """The version lines as plain text (for logs and tests)."""
        return "\n".join(f"{label}: {value}" for label, value in self.lines)


def show_about(services: Services | None, parent: QWidget | None = None) -> AboutDialog:
    """Show Help > About with the versions and the open database."""
    dialog = AboutDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    present(dialog, "about", "About VPR Desktop", dialog.text(), modal=True)
    return dialog
