"""A dialog's body moved into a scroll area, its button row kept in view under it.

Why: at 150% display scaling a dialog can be taller than the screen; its body scrolls while
the buttons at the end of its layout — a button box, or a footer row of a step-by-step dialog
marked with :func:`keep_in_view` — stay below the scrolling part, always in reach, and the
scrolling part is sized to its content or to the room the dialog has (:func:`size_scroll`).
:class:`~vpr_desktop.views.common.screen_fit.ScreenFitDialog` wraps every dialog's body so.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLayout
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

FOOTER = "dialogFooter"


def keep_in_view(footer: QWidget) -> QWidget:
    """Mark ``footer`` (a row of buttons with the result beside them, at the end of a dialog's
    layout) to stay under the scrolling body like a button box: a step-by-step dialog's Back
    and Next must not scroll away at 150%."""
    footer.setProperty(FOOTER, True)
    return footer


def _trailing_buttons(layout: QLayout) -> list[QWidget]:
    """The button boxes (and footers, :func:`keep_in_view`) at the end of ``layout``: they
    stay outside the scrolling body."""
    out: list[QWidget] = []
    for index in range(layout.count() - 1, -1, -1):
        widget = layout.itemAt(index).widget()
        if not isinstance(widget, QDialogButtonBox) and not (widget and widget.property(FOOTER)):
            break
        out.insert(0, widget)
    return out


def wrap_body(dialog: QDialog) -> QScrollArea | None:
    """Move ``dialog``'s layout into a scroll area, its trailing button boxes kept below it.
    None when there is nothing to wrap (no layout) or the dialog scrolls its body already."""

    from vpr_desktop.views.common.page import scrolling

    old = dialog.layout()
    if old is None or dialog.findChild(QScrollArea) is not None:
        return None
    buttons = _trailing_buttons(old)
    for widget in buttons:
        old.removeWidget(widget)
    margins = old.contentsMargins()
    body = QWidget()
    body.setObjectName("dialogBody")
    body.setLayout(old)  # takes the layout, and its widgets, from the dialog
    old.setContentsMargins(0, 0, 0, 0)
    scroll = scrolling(body, dialog, name="dialogScroll")
    scroll.setAccessibleName(f"{dialog.accessibleName() or dialog.windowTitle()}: contents")
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(margins)
    outer.setSpacing(max(old.spacing(), 6))
    outer.addWidget(scroll, 1)
    for widget in buttons:
        outer.addWidget(widget)
    return scroll


def size_scroll(dialog: QDialog, scroll: QScrollArea, most_w: int, most_h: int) -> None:
    """The scrolling body as tall and wide as its content, within the room the dialog has
    once its margins and buttons are counted."""
    body = scroll.widget()
    layout = dialog.layout()
    assert body is not None and layout is not None
    margins = layout.contentsMargins()
    others = sum(
        layout.itemAt(i).sizeHint().height() + layout.spacing()
        for i in range(layout.count())
        if layout.itemAt(i).widget() is not scroll
    )
    bar = dialog.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    room_h = max(most_h - others - margins.top() - margins.bottom(), 80)
    room_w = max(most_w - margins.left() - margins.right(), 160)
    hint = body.sizeHint()
    scroll.setMinimumHeight(min(hint.height(), room_h))
    scroll.setMinimumWidth(min(hint.width() + (bar if hint.height() > room_h else 0), room_w))
