"""Confirming crosswalk links: a person checks a proposed 2020 → 2024 link (or takes the check
back), one link, the selected links or every link shown, in the background.

Why apart from the panel (``assessment.crosswalk``), which lists the links: confirming is the
one write on the crosswalk, and what is carried along a link (narratives, evidence, actions)
depends on it. :class:`CrosswalkConfirming` is mixed into
:class:`~vpr_desktop.views.assessment.crosswalk.CrosswalkPanel`, whose tree, runner, services
and message line it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.worker import CancelledFn
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.worker import ProgressFn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeWidget

    from vpr_desktop.services.container import Services

#: Each row's link id, on its first cell.
LINK_ID = Qt.ItemDataRole.UserRole


class CrosswalkConfirming:
    """Confirm and unconfirm for the crosswalk panel (a mixin: the panel sets up the tree, the
    runner, the services, whether this person may confirm, and the message line)."""

    can_confirm: bool
    items: list[Any] | None
    services: Services
    runner: JobRunner
    tree: QTreeWidget
    selected_ids: Callable[[], list[int]]
    load: Callable[[], None]
    _say: Callable[[str], None]
    _failed: Callable[[BaseException], None]

    def confirm_selected(self) -> None:
        """Record that a person has checked the selected links."""
        self._write(self.selected_ids(), confirm=True)

    def unconfirm_selected(self) -> None:
        """Take back the confirmation of the selected links."""
        self._write(self.selected_ids(), confirm=False)

    def confirm_all_shown(self) -> None:
        """Confirm every link the filter leaves visible."""
        ids = [
            row.data(0, LINK_ID)
            for row in (self.tree.topLevelItem(r) for r in range(self.tree.topLevelItemCount()))
            if not row.isHidden()
        ]
        self._write(ids, confirm=True)

    def _write(self, link_ids: list[int], *, confirm: bool) -> None:
        if not self.can_confirm:
            return
        if not link_ids:
            self._say("Select one or more links first.")
            return
        versions = {i.id: i.version for i in self.items or []}

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            standards = self.services.standards()
            if confirm and len(link_ids) > 1:
                return standards.confirm_links(link_ids)
            changed = 0
            for link_id in link_ids:
                if confirm:
                    standards.confirm_link(link_id, expected_version=versions.get(link_id))
                else:
                    standards.unconfirm_link(link_id, expected_version=versions.get(link_id))
                changed += 1
            return changed

        verb = "Confirming" if confirm else "Unconfirming"
        self.runner.start(
            work,
            label=f"{verb} {plural(len(link_ids), 'link')}…",
            on_done=lambda n: self._written(n, confirm),
            on_error=self._failed,
            cancellable=False,
            purpose="write",
        )

    def _written(self, changed: int, confirm: bool) -> None:
        word = "Confirmed" if confirm else "Unconfirmed"
        self._say(f"{word} {plural(changed, 'link')}.")
        self.load()
