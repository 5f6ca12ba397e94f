"""``views.training.common.TrainingTab``: the base builds every tab the same way, then the tab's
own ``build``; a tab names itself and its loading words as class attributes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.training.access import Access
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.compliance import ComplianceTab
from vpr_desktop.views.training.history import ImportsTab
from vpr_desktop.views.training.needs import NeedsTab

ACCESS = Access(
    can_edit=False,
    can_names=False,
    can_import=False,
    may_import=True,
    edit_note="Read only.",
    import_note="Read only.",
)


class _CountTab(TrainingTab):
    NAME = "countTab"
    LOADING = "Counting…"

    def build(self) -> None:
        self.built_under = self.layout_.count()  # the shared parts exist before ``build``
        self.figure = QLabel("", self)
        self.layout_.addWidget(self.figure)

    def fetch(self) -> Callable[[], Any]:
        return lambda: 7

    def show_data(self, data: Any) -> None:
        self.figure.setText(str(data))


def test_the_base_builds_the_shared_parts_then_the_tab(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    service: Any = object()  # this tab never calls its service
    tab = _CountTab(service, ACCESS, parent)
    assert tab.objectName() == "countTab" and tab.parent() is parent
    assert tab.built_under == 3  # the reader, the writer and the problem line
    assert tab.access is ACCESS
    tab.load()
    qtbot.waitUntil(lambda: tab.loads == 1)
    assert tab.figure.text() == "7" and tab.loaded


def test_the_tabs_keep_their_names_and_loading_words() -> None:
    assert (NeedsTab.NAME, NeedsTab.LOADING) == ("trainingNeeds", "Loading the needs analysis…")
    assert ComplianceTab.NAME == "trainingCompliance"
    assert ComplianceTab.LOADING == "Counting training compliance…"
    assert (ImportsTab.NAME, ImportsTab.LOADING) == (
        "trainingImports",
        "Loading the import history…",
    )
    assert TrainingTab.LOADING == "Loading…"
