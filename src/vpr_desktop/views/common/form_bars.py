"""The stale-save banner above a form and the Save / Cancel bar pinned under it.

Both belong to every record form and detail panel (``views.common.form``); they live in a
module of their own so that the form module stays about fields and the one way a panel writes.
The banner says why a save was refused, or that someone else saved first, with Reload — and,
where the panel can put typed changes back, Reload keeping my changes — so only the person's
own click ever throws typed text away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.flow import FlowLayout
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import set_role

#: The banner's second way on after a stale save, where a panel can put typed changes back.
KEEP_MINE = (
    "Reload, keep my changes",
    "Load the latest version and put my unsaved changes back on top",
)


class ConflictBanner(QFrame):
    """A refused or stale save, said above the form, with the ways on.

    ``reload`` reads the saved record again (typed changes are discarded); ``keep`` (if the
    panel offers it) reads it again and keeps what was typed on top. Both buttons show only
    for a stale save (``show_message(..., stale=True)``).
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        reload: tuple[str, str],
        keep: tuple[str, str] | None = None,
        text_name: str = "pageError",
        text_spoken: str = "Problem",
        margins: tuple[int, int, int, int] = (0, 0, 0, 0),
        name: str = "detailBanner",
        on_reload: Callable[[], object] | None = None,
        on_keep: Callable[[], object] | None = None,
    ) -> None:
        """``reload`` and ``keep``: (button text, accessible name); ``on_reload`` and
        ``on_keep``: what the buttons do; ``name``: the style sheet's name for the banner."""
        super().__init__(parent)
        self.setObjectName(name)
        self.text_label = label("", self, name=text_name, selectable=True)
        self.text_label.setAccessibleName(text_spoken)
        self.reload_button = QPushButton(reload[0], self)
        self.reload_button.setAccessibleName(reload[1])
        if on_reload is not None:
            self.reload_button.clicked.connect(on_reload)
        self.keep_button: QPushButton | None = None
        buttons = FlowLayout(spacing=8)
        buttons.add(self.reload_button)
        if keep is not None:
            self.keep_button = QPushButton(keep[0], self)
            self.keep_button.setAccessibleName(keep[1])
            if on_keep is not None:
                self.keep_button.clicked.connect(on_keep)
            buttons.add(self.keep_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(*margins)
        box.addWidget(self.text_label)
        box.addLayout(buttons)
        self.hide()

    @classmethod
    def boxed(
        cls,
        parent: QWidget,
        *,
        reload: tuple[str, str],
        keep: tuple[str, str] | None = None,
        on_reload: Callable[[], object] | None = None,
        on_keep: Callable[[], object] | None = None,
    ) -> ConflictBanner:
        """The banner as a box of its own, padded, at the top of a page's content rather
        than a detail panel's line (the style sheet's ``banner`` and ``bannerText``).

        Why one place: the Settings page and the risk's detail show their banner so, and
        must look alike.
        """
        return cls(
            parent,
            reload=reload,
            keep=keep,
            text_name="bannerText",
            margins=(12, 8, 12, 8),
            name="banner",
            on_reload=on_reload,
            on_keep=on_keep,
        )

    @classmethod
    def for_record(
        cls,
        parent: QWidget,
        record: str,
        reload: Callable[[], object],
        keep_mine: Callable[[], object],
        margins: tuple[int, int, int, int] = (0, 0, 0, 0),
    ) -> ConflictBanner:
        """A record panel's banner: "Reload (discard my changes)" (spoken as "Reload
        ``record`` and discard my changes") and :data:`KEEP_MINE`.

        Why one place: the action, incident and roles-register panels offer the same two ways
        on after a stale save, in the same words.
        """
        return cls(
            parent,
            reload=("Reload (discard my changes)", f"Reload {record} and discard my changes"),
            keep=KEEP_MINE,
            margins=margins,
            on_reload=reload,
            on_keep=keep_mine,
        )

    def show_message(self, text: str, *, stale: bool = False) -> None:
        """Show ``text``; ``stale`` adds Reload / Keep mine for an edit conflict."""
        self.text_label.setText(text)
        self.text_label.setAccessibleName(text)
        self.reload_button.setVisible(stale)
        if self.keep_button is not None:
            self.keep_button.setVisible(stale)
        self.show()

    def hide_message(self) -> None:
        """Hide the banner and forget its text."""
        self.hide()
        self.text_label.setText("")

    def message(self) -> str:
        """What the banner says, or "" while it is hidden."""
        return self.text_label.text() if not self.isHidden() else ""


# --------------------------------------------------------------------------- the save bar


class SaveBar(QFrame):
    """Save and Cancel pinned under the form, with the form's state in words beside them.

    Pinned (outside the scrolling form) so Save is always in view, however long the form.
    The state sits beside the buttons in a wide panel and above them in a narrow one.
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        save: tuple[str, str],
        cancel: tuple[str, str],
        state_name: str = "Form state",
    ) -> None:
        """``save`` and ``cancel``: (button text, accessible name); Save's name is its tip."""
        super().__init__(parent)
        self.setObjectName("saveBar")
        self._state_name = state_name
        self.state_label = label("", self, name="saveState")
        self.state_label.setAccessibleName(state_name)
        self.cancel_button = QPushButton(cancel[0], self)
        self.cancel_button.setAccessibleName(cancel[1])
        self.save_button = QPushButton(save[0], self)
        self.save_button.setAccessibleName(save[1])
        self.save_button.setToolTip(save[1])
        self.save_button.setProperty("primary", True)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(14, 8, 14, 8)
        self._layout.setSpacing(8)
        self._layout.addWidget(self.state_label, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        self._layout.addLayout(buttons)

    def set_state(self, text: str, *, problem: bool = False) -> None:
        """Say where the save stands (``problem`` styles it as a problem)."""
        self.state_label.setText(text)
        self.state_label.setAccessibleName(f"{self._state_name}: {text}" if text else "")
        set_role(self.state_label, "problem", problem)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        wide = self.width() > self.fontMetrics().averageCharWidth() * 80
        self._layout.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
