"""The risk register's layout memory: the list/detail splitter, the heat map/table splitter
and "Show heat map", restored when the register opens and saved whenever the user moves them.

Why apart from the page: the first layout depends on the room there is (a narrow window opens
on the list alone, a short one on the table without the heat map), which is its own small
policy; the page's list, filters and detail do not need it. :class:`RegisterLayout` is mixed
into :class:`~vpr_desktop.views.risks.page.RiskRegisterPage`, whose splitters, heat map,
toggle and ``settings`` it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QCheckBox
    from PySide6.QtWidgets import QFrame
    from PySide6.QtWidgets import QSplitter

    from vpr_desktop.views.risks.heat_map import HeatMapWidget

SETTINGS_PREFIX = "pages/risks/"
#: Below these (in characters / lines of text) the page starts compact: no detail pane beside
#: the list, and no heat map above a table that would show only a few rows. Only a default:
#: the splitters and "Show heat map" are remembered once the user sets them.
COMPACT_LIST_CHARS = 80
COMPACT_TABLE_LINES = 14


class RegisterLayout:
    """Restores and remembers the register page's two splitters and its heat-map toggle (a
    mixin: the page builds the widgets, calls :meth:`_restore_splitters` once the register has
    opened and :meth:`_save_splitters` when one moves; the restore ends in the page's own
    ``_show_heat_map``, which clears a heat-map filter the hidden map could no longer show)."""

    settings: QSettings | None
    splitter: QSplitter
    list_splitter: QSplitter
    heat_toggle: QCheckBox
    heat_map: HeatMapWidget
    detail_holder: QFrame
    _open_mode: bool
    _restoring: bool

    def _restore_splitters(self) -> None:
        self._restoring = True
        try:
            self._apply_saved_layout()
        finally:
            self._restoring = False

    def _apply_saved_layout(self) -> None:
        shown = self._setting("heat_map_shown", True)
        main = self._setting("splitter", None)
        side = self._setting("list_splitter", None)
        char, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().lineSpacing()
        if main is None or not self.splitter.restoreState(main):
            total = max(self.splitter.width(), char * 60)
            detail = max(self.detail_holder.minimumSizeHint().width(), int(total * 0.36))
            if total - detail < char * COMPACT_LIST_CHARS:
                detail = 0  # narrow: the list alone; Enter opens a risk over the whole page
            self.splitter.setSizes([total - detail, detail])
        if side is None or not self.list_splitter.restoreState(side):
            height = max(self.list_splitter.height(), line * 12)
            heat = min(self.heat_map.sizeHint().height() + 4, int(height * 0.55))
            self.list_splitter.setSizes([heat, height - heat])
            if shown is True and height - heat < line * COMPACT_TABLE_LINES:
                shown = False  # short: the table first; "Show heat map" brings it back
        self.heat_toggle.setChecked(str(shown).lower() not in ("false", "0"))
        self._show_heat_map(self.heat_toggle.isChecked())

    def _setting(self, key: str, default: Any) -> Any:
        if self.settings is None:
            return default
        return self.settings.value(SETTINGS_PREFIX + key, default)

    def _save_splitters(self) -> None:
        if self.settings is None or self._open_mode or self._restoring:
            return
        self.settings.setValue(SETTINGS_PREFIX + "splitter", self.splitter.saveState())
        self.settings.setValue(SETTINGS_PREFIX + "list_splitter", self.list_splitter.saveState())
        self.settings.setValue(SETTINGS_PREFIX + "heat_map_shown", self.heat_toggle.isChecked())
