"""What every page in the window's stack offers the window: activation, refresh, search focus.

The window only talks to pages through these few methods, so a page can load its data however
suits it (a background job for the home summary, a lazy model for a long list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import PageHeader
from vpr_desktop.views.navigation import PageSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea

    from vpr_desktop.services.container import Services


class Page(QWidget):
    """A page of the window.

    Signals:
        navigate(str): ask the window to show the page with this key.
        navigate_view(str, str): ask the window to show a page (key) with one of its filters
            applied (``view``, e.g. ``"riddor=overdue"``; see :meth:`show_view`).
    """

    navigate = Signal(str)
    navigate_view = Signal(str, str)

    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"page_{spec.key}")
        self.setAccessibleName(f"{spec.title} page")
        self.header = PageHeader(spec.title, spec.purpose, self)

    @property
    def key(self) -> str:
        """The page's key in ``navigation.PAGES``."""
        return self.spec.key

    def activated(self) -> None:
        """The page became the current one (load lazily here)."""

    def refresh(self) -> None:
        """F5: load again from the database."""

    def live_refresh(self) -> None:
        """Someone else changed the database: show it as F5 would, but quietly, and never
        throwing away what the person is typing (pages with forms override this)."""
        self.refresh()

    def show_view(self, view: str) -> bool:
        """Show only what ``view`` names (a Home card's filter); False if the page has no
        such filter (it is then shown as it is)."""
        return False

    def focus_search(self) -> bool:
        """Ctrl+F: put the cursor in the page's search box; False if it has none."""
        return False

    def shutdown(self) -> None:
        """The page is about to be removed (another database is opening): stop its jobs."""
        from vpr_desktop.views.common.worker import JobRunner

        for runner in self.findChildren(JobRunner):
            runner.cancel()


class ServicesPage(Page):
    """A page that works through the services and may remember its layout in ``settings``.

    Why a base: every such page is made the same way by the window (``spec``, ``services``,
    ``parent``, ``settings``); the page only says how it is built (:meth:`build_page`) and
    whether, without settings given, it remembers its layout in the application's
    ``QSettings`` (``DEFAULT_SETTINGS``) or not at all.
    """

    #: Without ``settings`` given: True uses the application's ``QSettings``, False none.
    DEFAULT_SETTINGS = True

    def __init__(
        self,
        spec: PageSpec,
        services: Services,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(spec, parent)
        self.services = services
        if settings is None and self.DEFAULT_SETTINGS:
            settings = QSettings()
        self.settings = settings
        self.prepare_page()
        self.build_page()

    def prepare_page(self) -> None:
        """What a kind of page sets up before any page of that kind builds (a runner)."""

    def build_page(self) -> None:
        """Build the page's widgets (each page says how)."""


def scrolling(
    content: QWidget, parent: QWidget, *, name: str = "pageScroll", sideways: bool = True
) -> QScrollArea:
    """Wrap a page's content so it scrolls rather than clips at 200% scaling or 1366×768.

    ``name``: the style sheet's name for the area ("" for none); ``sideways``: whether it may
    scroll sideways too (False where the content wraps to the width instead)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea(parent)
    if name:
        area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(
        Qt.ScrollBarPolicy.ScrollBarAsNeeded if sideways else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    )
    area.setWidget(content)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


def page_layout(widget: QWidget) -> QVBoxLayout:
    """The margins and spacing every page uses (in logical pixels; Qt scales them)."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(16)
    return layout
