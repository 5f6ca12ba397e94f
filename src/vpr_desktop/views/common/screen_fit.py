"""Dialogs that fit the screen: capped to its available area, their body scrolling.

Why: at 150% display scaling a 1366 x 768 laptop leaves 911 x 512 logical pixels, and the
ESR import dialog (and others) grew taller than the screen, their buttons out of reach. Every
dialog of the app derives from :class:`ScreenFitDialog`: when it is shown, its body (its
layout, minus the button row at the bottom) moves into a frameless :class:`QScrollArea`, and
the dialog is capped to the available geometry of its screen; the body is as tall as its
content while that fits, and scrolls when it does not. The buttons stay in view, under the
scrolling part (a button box, or a footer row marked with ``keep_in_view``; the scrolling body
is made and sized in :mod:`vpr_desktop.views.common.dialog_body`). A dialog that already
scrolls its own body (the New action form) is only capped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialog_body import size_scroll
from vpr_desktop.views.common.dialog_body import wrap_body

#: Room left for the window frame and title bar the system draws around a dialog.
FRAME_ROOM = 48
#: Room left either side, so a capped dialog does not touch the screen's edges.
SIDE_ROOM = 16
FITTED = "screenFitted"


def available_rect(widget: QWidget) -> QRect:
    """The available geometry (without task bars) of the screen ``widget`` is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fit_to_screen(dialog: QDialog) -> None:
    """Cap ``dialog`` to its screen's available area; the first call wraps its body in a
    scroll area (:func:`wrap_body`), every call sizes that area to its content or to the
    room there is, whichever is smaller."""
    if not dialog.property(FITTED):
        dialog.setProperty(FITTED, True)
        scroll = wrap_body(dialog)
        if scroll is not None:
            _Refit(dialog, scroll)
            # Made while the dialog is being shown, after Qt showed its children: show it.
            scroll.show()
    rect = available_rect(dialog)
    most_w, most_h = rect.width() - 2 * SIDE_ROOM, rect.height() - FRAME_ROOM
    scroll = dialog.findChild(QScrollArea, "dialogScroll")
    if scroll is not None and scroll.widget() is not None:
        size_scroll(dialog, scroll, most_w, most_h)
    dialog.setMaximumSize(max(most_w, 200), max(most_h, 200))
    layout = dialog.layout()
    if layout is not None:
        # The minimum size the dialog's first layout set (its whole body, before the wrap:
        # the ESR dialog's 505 px at 150%) gives way to the scrolling body's now.
        layout.activate()
    if dialog.height() > most_h or dialog.width() > most_w:
        dialog.resize(min(dialog.width(), most_w), min(dialog.height(), most_h))


class _Refit(QObject):
    """Refits the dialog when its body's layout changes (a preview appears after a check)."""

    def __init__(self, dialog: QDialog, scroll: QScrollArea) -> None:
        super().__init__(dialog)
        self.dialog, self.scroll = dialog, scroll
        body = scroll.widget()
        if body is not None:
            body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.LayoutRequest and self.dialog.isVisible():
            rect = available_rect(self.dialog)
            size_scroll(
                self.dialog, self.scroll, rect.width() - 2 * SIDE_ROOM, rect.height() - FRAME_ROOM
            )
        return False


class ScreenFitDialog(QDialog):
    """The base of every dialog in the app: fitted to the screen each time it is shown
    (:func:`fit_to_screen`)."""

    def showEvent(self, event: Any) -> None:  # Qt override
        fit_to_screen(self)
        super().showEvent(event)

    def lay_out_form(self, form: QFormLayout) -> QDialogButtonBox:
        """Lay ``form`` out above OK and Cancel (named for screen readers; OK accepts,
        Cancel rejects), the way every small form dialog ends; returns the button box."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        return buttons

    def start_long_form(self, intro: str) -> tuple[QWidget, QFormLayout]:
        """The body of a longer form dialog: a widget whose form opens with ``intro`` (wrapped);
        add the rows, then :meth:`finish_long_form`."""
        inner = QWidget()
        form = QFormLayout(inner)
        words = QLabel(intro)
        words.setWordWrap(True)
        form.addRow(words)
        return inner, form

    def finish_long_form(self, inner: QWidget, buttons: QDialogButtonBox) -> None:
        """``inner`` in a scroll area above ``buttons``: a long form scrolls rather than
        overflows at 150% on a small screen, and its buttons stay in view."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(buttons)
