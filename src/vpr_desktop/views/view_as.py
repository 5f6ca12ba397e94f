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

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QVBoxLayout

from vpr_desktop.views.view_as_banner import ViewAsBanner
from vpr_desktop.views.view_as_banner import banner_text
from vpr_desktop.views.view_as_dialog import RoleChoiceDialog

if TYPE_CHECKING:
    from vpr_desktop.domain.enums import Role
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow


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
        # The banner above the pages carries the way back; the status bar, short, only says it.
        window.note(banner_text(role))
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
