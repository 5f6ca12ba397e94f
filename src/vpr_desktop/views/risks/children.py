"""A risk's controls and reviews as the detail panel edits them: the control dialog, removing
a control after a confirmation, recording a review, and showing the risk again after each.

Why apart from the panel: the panel's own form saves the risk's fields; these write a risk's
children, each through the panel's one way of writing (``_write``), and keep whatever is typed
in the form on the new version. :class:`ChildEditing` is mixed into
:class:`~vpr_desktop.views.risks.detail.RiskDetailPanel`, whose service, detail and writer it
uses.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from vpr_desktop.views.common.dialogs import confirm
from vpr_desktop.views.risks.controls import ControlDialog


class ChildEditing:
    """Controls and reviews of the shown risk (a mixin; the panel holds ``control_dialog``)."""

    control_dialog: ControlDialog | None

    def open_control(self, control: Any) -> None:
        if self.detail is None or not self.can_edit:
            return
        dialog = ControlDialog(
            control, self.service.find_owners, self.detail.row.reference, self, today=self._today
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(lambda data: self._save_control(dialog, control, data))
        dialog.finished.connect(lambda _result: setattr(self, "control_dialog", None))
        self.control_dialog = dialog
        dialog.open()

    def _save_control(self, dialog: ControlDialog, control: Any, data: Any) -> None:
        service = self.service
        risk_id, version = self.detail.id, self.detail.version
        if control is None:
            call = lambda: service.add_control(risk_id, data, version)  # noqa: E731
        else:
            call = lambda: service.update_control(control.id, data, control.version)  # noqa: E731

        def done(detail: Any) -> None:
            dialog.accept()
            self._child_saved(detail, "Control saved")

        self._write(call, "Saving the control…", done, dialog=dialog)

    def remove_control(self, control: Any) -> None:
        if self.detail is None:
            return
        service = self.service
        reference = self.detail.row.reference

        def remove() -> None:
            self._write(
                lambda: service.remove_control(control.id, control.version),
                "Removing the control…",
                lambda d: self._child_saved(d, "Control removed"),
            )

        confirm(
            self,
            "Remove this control?",
            f"Remove the control “{control.description}” from {reference}? The risk's "
            "history keeps its reviews, but the control itself is deleted.",
            "Remove control",
            remove,
        )

    def record_review(self, review: Any) -> None:
        if self.detail is None or self.has_changes():
            return
        service = self.service
        risk_id, version = self.detail.id, self.detail.version
        self._write(
            lambda: service.record_review(risk_id, review, version),
            "Recording the review…",
            lambda d: self._child_saved(d, "Review recorded"),
        )

    def _child_saved(self, detail: Any, note: str) -> None:
        """A control or review was written: new version, same typed values in the form."""
        if self.has_changes():
            self._show_children(detail)  # the form's own edits stay, on the new version
        else:
            self.populate(detail)
        self.hide_banner()
        self.note.emit(f"{note} ({detail.row.reference})")
        self.saved.emit(detail)
