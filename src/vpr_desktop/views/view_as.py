"""View > View as role…: a VPR lead or administrator previews, read-only, what a role sees.

To show the staff side (or the board secretary) what they will get, the window is rebuilt for
an actor holding only the chosen role — its sidebar, its pages, its figures — over the same
database marked read-only (``Services.viewing_as``), so every save is refused by the unit of
work just as on a database opened read-only. A banner above the pages says so, with the way
back; View > Back to my own view does the same. The preview borrows the real services'
database: the window closes the real one, never the preview (``MainWindow.attach``).

Built straight after the first paint (``MainWindow.ensure_setup``), so like the menus it keeps
the ``Qt`` namespace and the domain modules out of its constructor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label, push_button

if TYPE_CHECKING:
    from vpr_desktop.domain.enums import Role
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow


def banner_text(role: Role) -> str:
    return f"Viewing as {role.label} — read-only"


def previewed_role(services: Services | None) -> Role | None:
    """The role a preview shows, or None for a person's own view."""
    if services is None or services.preview_of is None:
        return None
    return min(services.actor.roles)


def may_preview(services: Services | None) -> bool:
    if services is None:
        return False
    from vpr_desktop.services.container import PREVIEW_ROLES

    return bool((services.preview_of or services).actor.roles & PREVIEW_ROLES)


class ViewAsBanner(QFrame):
    """Above the pages while previewing: which role, read-only, and the way back.

    Signals:
        back_requested(): "Back to my own view" was pressed.
    """

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewAsBanner")
        self.text = label("", self, name="readOnlyNote", wrap=True)
        self.back_button = push_button(
            "Back to my own view",
            self,
            self.back_requested.emit,
            spoken="Back to my own view: stop viewing as another role",
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.back_button)
        self.hide()

    def show_role(self, role: Role | None) -> None:
        if role is None:
            self.hide()
            self.text.setText("")
            return
        text = banner_text(role)
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.setAccessibleName(text)
        self.show()


class RoleChoiceDialog(ScreenFitDialog):
    """Which role to view the app as: one choice per role, with what that role sees."""

    def __init__(self, current: Role | None = None, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt

        from vpr_desktop.views.admin.users import ROLE_CHOICES

        super().__init__(parent)
        title = "View as role"
        self.setObjectName("viewAsDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.addWidget(label(title, self, name="dialogHeading"))
        layout.addWidget(
            label(
                "See the pages and figures a role sees, to show people what they will get. "
                "Nothing can be changed while you do: go back to your own view to work.",
                self,
                name="dialogMessage",
            )
        )
        self.group = QButtonGroup(self)
        self.choices: dict[Role, QRadioButton] = {}
        for role, what in ROLE_CHOICES:
            choice = QRadioButton(role.label, self)
            choice.setAccessibleName(f"View as {role.label}")
            choice.setAccessibleDescription(what)
            choice.setToolTip(what)
            self.group.addButton(choice)
            self.choices[role] = choice
            layout.addWidget(choice)
            hint = label(what, self, name="fieldHint")
            hint.setContentsMargins(24, 0, 0, 4)
            layout.addWidget(hint)
        first = current if current is not None else ROLE_CHOICES[2][0]  # the staff side
        self.choices[first].setChecked(True)
        self.confirm = QPushButton("View as this role", self)
        self.confirm.setProperty("primary", True)
        self.confirm.setDefault(True)
        self.confirm.setAccessibleName("View the app as the chosen role, read-only")
        back = QPushButton("Cancel", self)
        back.setAccessibleName("Cancel, keep the current view")
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(back, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm.clicked.connect(self.accept)
        back.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def role(self) -> Role:
        for role, choice in self.choices.items():
            if choice.isChecked():
                return role
        return next(iter(self.choices))


class ViewAsRole(QObject):
    """Starts and ends the preview for one window; owns its banner and View menu entries."""

    def __init__(self, window: MainWindow) -> None:
        from vpr_desktop.views.menus import make_action

        super().__init__(window)
        self.window = window
        self.dialog: RoleChoiceDialog | None = None
        self.banner = ViewAsBanner(window.page_area)
        self.banner.back_requested.connect(self.stop)
        area = window.page_area.layout()
        assert isinstance(area, QVBoxLayout)
        area.insertWidget(0, self.banner)  # above the task strip and the pages
        self.choose_action = make_action(
            window,
            "View as &role…",
            self.choose,
            enabled=False,
            tip="Preview, read-only, what another role sees",
        )
        self.back_action = make_action(
            window,
            "&Back to my own view",
            self.stop,
            enabled=False,
            tip="Stop viewing as another role",
        )
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.choose_action)
        window.view_menu.addAction(self.back_action)
        window.attached.connect(self._attached)
        self._attached(window.services)

    @property
    def role(self) -> Role | None:
        """The role being previewed, or None."""
        return previewed_role(self.window.services)

    def choose(self) -> RoleChoiceDialog | None:
        """View > View as role…: ask which role, then show the window as it sees it."""
        if not may_preview(self.window.services):
            return None
        from PySide6.QtCore import Qt

        dialog = RoleChoiceDialog(self.role, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start(dialog.role()))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def start(self, role: Role) -> bool:
        """Rebuild the window for ``role``, read-only; False (and said why) if refused."""
        window = self.window
        services = window.services
        if services is None:
            return False
        from vpr_desktop.domain.errors import VprError

        try:
            preview = services.viewing_as(role)
        except VprError as exc:
            from vpr_desktop.views.common.dialogs import show_error

            show_error(exc, window)
            return False
        self._reattach(preview)
        window.note(f"{banner_text(role)}. View > Back to my own view to work again.")
        return True

    def stop(self) -> bool:
        """Back to the person's own view (False if not previewing)."""
        window = self.window
        services = window.services
        if services is None or services.preview_of is None:
            return False
        self._reattach(services.preview_of)
        window.note("Back to your own view")
        return True

    def _reattach(self, services: Services) -> None:
        """Attach ``services``, staying on the page shown if the new view has it."""
        window = self.window
        page = window.current_page()
        key = page.key if page is not None else None
        window.attach(services, owned=window.owns_services)
        if key is not None:
            window.show_page(key)

    def _attached(self, services: Services | None) -> None:
        self.banner.show_role(previewed_role(services))
        self.choose_action.setEnabled(may_preview(services))
        self.back_action.setEnabled(previewed_role(services) is not None)
