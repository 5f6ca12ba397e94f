"""The page factories' shared builder (views/pages.py): a page whose writes recount the home
summary is built on the window's stack with its settings, and its data_changed reloads home."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtCore import Signal

from vpr_desktop.views import pages


class _Page(QObject):
    data_changed = Signal()

    def __init__(self, spec: Any, services: Any, parent: Any, *, settings: Any) -> None:
        super().__init__()
        self.built_with = (spec, services, parent, settings)


def test_writing_page_is_built_on_the_stack_and_reloads_home() -> None:
    reloads: list[str] = []
    host = SimpleNamespace(
        stack="the stack", settings="the settings", reload_home=lambda: reloads.append("home")
    )
    # The ignore: a stand-in page class and window, not a ServicesPage and a PageHost.
    page: Any = pages._writing_page(_Page, "spec", "services", host)  # type: ignore[arg-type]
    assert isinstance(page, _Page)
    assert page.built_with == ("spec", "services", "the stack", "the settings")
    assert reloads == []
    page.data_changed.emit()
    assert reloads == ["home"]
