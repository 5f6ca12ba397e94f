"""The risk register's filter bar, and the export job that writes the register as filtered.

The bar turns its controls into the list request's filters (``RiskListSource`` filters them
in SQL): status (live by default: open or tolerated, what the heat map counts), location, band
of the current score, overdue reviews, above target, and a search that waits for a pause in
typing. It wraps onto a second line rather than being clipped on a narrow window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import JobCancelled, JobFn
from vpr_desktop.views.risks.widgets import FlowLayout

SEARCH_DELAY_MS = 250
#: The status filter's choices: (words, statuses, what the heat map then counts).
STATUS_CHOICES: tuple[tuple[str, tuple[str, ...] | None, str], ...] = (
    ("Live (open or tolerated)", ("open", "tolerated"), "live risk"),
    ("Open", ("open",), "open risk"),
    ("Tolerated", ("tolerated",), "tolerated risk"),
    ("Closed", ("closed",), "closed risk"),
    ("All statuses", None, "risk"),
)


class RiskFilterBar(QWidget):
    """Status, location, band, overdue, above target and search.

    Signals:
        changed(): a filter other than the search changed.
        status_changed(): the status filter changed (the heat map counts those statuses).
        search_changed(str): the search text, after a pause in typing or on Enter.
    """

    changed = Signal()
    status_changed = Signal()
    search_changed = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._today = today
        flow = FlowLayout(self, spacing=14, line_spacing=8)
        self.status_box = QComboBox(self)
        self.status_box.setAccessibleName("Status filter")
        for words, statuses, _noun in STATUS_CHOICES:
            self.status_box.addItem(words, statuses)
        self.location_box = QComboBox(self)
        self.location_box.setAccessibleName("Location filter")
        self.location_box.addItem("All locations", None)
        self.location_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.location_box.setMinimumContentsLength(14)
        self.location_box.setMaxVisibleItems(20)
        self.band_box = QComboBox(self)
        self.band_box.setAccessibleName("Current score band filter")
        self.band_box.addItem("All bands", None)
        self.overdue_box = QCheckBox("Overdue reviews", self)
        self.overdue_box.setAccessibleName("Only risks whose review is overdue")
        self.above_box = QCheckBox("Above target", self)
        self.above_box.setAccessibleName("Only risks scoring above their target")
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search reference, title, activity or location")
        self.search.setAccessibleName("Search risks")
        self.search.setAccessibleDescription(
            "Filters the register by reference, title, activity or location name"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 26)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for caption, widget in (
            ("Status", self.status_box),
            ("Location", self.location_box),
            ("Band", self.band_box),
        ):
            flow.addWidget(_captioned(caption, widget, self))
        flow.addWidget(self.overdue_box)
        flow.addWidget(self.above_box)
        flow.addWidget(self.search)

        self.status_box.currentIndexChanged.connect(lambda _i: self._status())
        self.location_box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.band_box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.overdue_box.toggled.connect(lambda _on: self.changed.emit())
        self.above_box.toggled.connect(lambda _on: self.changed.emit())
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)

    def fill(self, choices: Any, matrix: Any) -> None:
        """The locations and the matrix's bands (read when the page opens)."""
        for loc in choices.locations:
            self.location_box.addItem(loc.name, loc.id)
            self.location_box.setItemData(
                self.location_box.count() - 1,
                f"{loc.name} ({loc.code})",
                Qt.ItemDataRole.ToolTipRole,
            )
        for band, summary in zip(matrix.bands, matrix.band_summary(), strict=True):
            self.band_box.addItem(summary, band.key)

    def filters(self) -> dict[str, Any]:
        """The filters these controls ask for (``RiskListSource`` filter names)."""
        out: dict[str, Any] = {}
        statuses = self.status_box.currentData()
        if statuses:
            out["status"] = list(statuses)
        if (location := self.location_box.currentData()) is not None:
            out["location_id"] = location
        if (band := self.band_box.currentData()) is not None:
            out["band"] = band
        if self.overdue_box.isChecked():
            out["overdue"] = True
            out["as_of"] = self._today()
        if self.above_box.isChecked():
            out["above_target"] = True
        return out

    def statuses(self) -> tuple[Any, ...]:
        from vpr_desktop.domain.enums import RiskStatus

        chosen = self.status_box.currentData()
        return tuple(RiskStatus(s) for s in chosen) if chosen else tuple(RiskStatus)

    def noun(self) -> str:
        """What the chosen statuses are called ("live risk", "closed risk")."""
        return STATUS_CHOICES[max(self.status_box.currentIndex(), 0)][2]

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.search_changed.emit(self.search.text())

    def _status(self) -> None:
        self.changed.emit()
        self.status_changed.emit()


def _captioned(caption: str, widget: QWidget, parent: QWidget) -> QWidget:
    """A filter with its caption on the left, kept together when the bar wraps."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    words = label(caption, box, wrap=False)
    words.setBuddy(widget)
    row.addWidget(words)
    row.addWidget(widget)
    return box


# --------------------------------------------------------------------------- export


def xlsx_path(path: Path | str) -> Path:
    target = Path(path)
    return target if target.suffix.lower() == ".xlsx" else target.with_name(target.name + ".xlsx")


def export_job(service: Any, request: Any, target: Path) -> JobFn:
    """A background job writing the register (``request``'s filters apply) to ``target``.

    In three steps with progress: read (``export_data``), write the workbook (whole or not at
    all, ``reports.risk_register_xlsx``), then audit the export.
    """

    def run(progress: Callable[[int, str], None], cancelled: Callable[[], bool]) -> Any:
        from vpr_desktop.reports.risk_register_xlsx import export_risk_register

        progress(5, "Reading the register…")
        data = service.export_data(request)
        if cancelled():
            raise JobCancelled
        progress(40, f"Writing {plural(len(data.risks), 'risk')} to the workbook…")
        result = export_risk_register(data, target)
        progress(95, "Recording the export…")
        service.record_export(target, len(data.risks))
        return result

    return run
