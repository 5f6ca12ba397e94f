"""The heat map widget on its own, fed the demo trust's real ``HeatMap``: every cell says its
count and band in words, the axes carry the matrix's descriptors, the keyboard moves within
the grid (one Tab stop) and Enter filters, and the Current/Target choice is reported once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from vpr_desktop.views.risks.heat_map import EMPTY_TINT
from vpr_desktop.views.risks.heat_map import SCALE
from vpr_desktop.views.risks.heat_map import HeatMapWidget
from vpr_desktop.views.risks.heat_map import _tint


@pytest.fixture
def heat(demo_services: Any) -> Any:
    return demo_services.risk_register().heat_map()


@pytest.fixture
def widget(qtbot: Any, heat: Any) -> HeatMapWidget:
    widget = HeatMapWidget()
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.set_heat(heat)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_every_cell_says_its_count_and_band(widget: HeatMapWidget, heat: Any) -> None:
    matrix = heat.matrix
    assert len(widget.cells) == 25
    for (likelihood, consequence), cell in widget.cells.items():
        count = heat.count(likelihood, consequence)
        band = matrix.cell(likelihood, consequence)
        assert widget.cell_text(likelihood, consequence) == f"{count:,}\n{band.label}"
        assert cell.count_text() == f"{count:,}"
        assert band.label.endswith(str(likelihood * consequence))
        spoken = cell.accessibleName()
        assert spoken.startswith(
            f"Likelihood {matrix.likelihood_label(likelihood)}, consequence "
            f"{matrix.consequence_label(consequence)}: "
        )
        assert spoken.endswith(band.label)
        assert cell.toolTip() == spoken
    assert sum(c.count for c in widget.cells.values()) == heat.total > 0


def test_axes_carry_the_matrix_descriptors(widget: HeatMapWidget, heat: Any) -> None:
    matrix = heat.matrix
    for value in SCALE:
        assert widget.row_labels[value].text() == matrix.likelihood_label(value)
        assert widget.column_labels[value].text() == matrix.consequence_label(value)
        assert widget.row_labels[value].text().startswith(f"{value} ")
    assert widget.likelihood_title.text() == "Likelihood"
    assert widget.consequence_title.text() == "Consequence"


def test_caption_counts_the_risks_and_lists_the_bands(widget: HeatMapWidget, heat: Any) -> None:
    noun = "live risk" if heat.total == 1 else "live risks"
    assert widget.caption.text() == (
        f"{heat.total:,} {noun} by current score. Select a cell to list its risks."
    )
    assert widget.caption.toolTip() == "Bands: " + ", ".join(heat.matrix.band_summary())
    assert widget.accessibleName() == "Heat map of live risks by current score"


def test_target_heat_and_another_noun(qtbot: Any, demo_services: Any) -> None:
    from vpr_desktop.domain.enums import RiskStatus

    target = demo_services.risk_register().heat_map("target", (RiskStatus.CLOSED,))
    widget = HeatMapWidget()
    qtbot.addWidget(widget)
    widget.set_heat(target, noun="closed risk")
    assert widget.caption.text().startswith(f"{target.total:,} closed risk")
    assert "by target score" in widget.caption.text()
    assert widget.accessibleName() == "Heat map of closed risks by target score"
    for (likelihood, consequence), cell in widget.cells.items():
        assert cell.count == target.count(likelihood, consequence)


def test_clicking_a_cell_asks_for_it_but_does_not_choose_it(
    qtbot: Any, widget: HeatMapWidget
) -> None:
    cell = widget.cells[(4, 3)]
    with qtbot.waitSignal(widget.cell_activated) as blocker:
        qtbot.mouseClick(cell, Qt.MouseButton.LeftButton)
    assert blocker.args == [4, 3]
    assert not cell.isChecked()  # the page decides, through set_selected
    assert widget.roving_cell() is cell


def test_the_selected_cell_is_checked_described_and_in_words(widget: HeatMapWidget) -> None:
    assert widget.selection_words() == ""
    assert not widget.clear_button.isEnabled()
    widget.set_selected((4, 3))
    chosen = widget.cells[(4, 3)]
    assert chosen.isChecked()
    assert chosen.accessibleDescription() == "The register is filtered to this cell"
    others = [c for k, c in widget.cells.items() if k != (4, 3)]
    assert not any(c.isChecked() for c in others)
    assert {c.accessibleDescription() for c in others} == {"Press Enter to list these risks"}
    matrix = widget.heat.matrix
    assert widget.selection_words() == (
        f"likelihood {matrix.likelihood_label(4)} × consequence "
        f"{matrix.consequence_label(3)}, current score"
    )
    assert widget.clear_button.isEnabled()
    widget.set_selected(None)
    assert not chosen.isChecked() and not widget.clear_button.isEnabled()


def test_clear_button_asks_to_clear(qtbot: Any, widget: HeatMapWidget) -> None:
    widget.set_selected((2, 2))
    with qtbot.waitSignal(widget.clear_requested):
        widget.clear_button.click()


def test_one_tab_stop_and_arrow_keys_stay_inside_the_grid(
    qtbot: Any, widget: HeatMapWidget
) -> None:
    strong = [c for c in widget.cells.values() if c.focusPolicy() == Qt.FocusPolicy.StrongFocus]
    assert strong == [widget.cells[(5, 1)]]  # top left, where reading starts
    start = widget.cells[(5, 1)]
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_Up)  # already on the top row: stays
    assert widget.roving_cell() is start
    qtbot.keyClick(start, Qt.Key.Key_Left)  # already in the first column: stays
    assert widget.roving_cell() is start
    qtbot.keyClick(start, Qt.Key.Key_Down)
    assert (widget.roving_cell().likelihood, widget.roving_cell().consequence) == (4, 1)
    here = widget.roving_cell()
    qtbot.keyClick(here, Qt.Key.Key_Right)
    here = widget.roving_cell()
    assert (here.likelihood, here.consequence) == (4, 2)
    strong = [c for c in widget.cells.values() if c.focusPolicy() == Qt.FocusPolicy.StrongFocus]
    assert strong == [here]
    with qtbot.waitSignal(widget.cell_activated) as blocker:
        qtbot.keyClick(here, Qt.Key.Key_Return)
    assert blocker.args == [4, 2]


def test_moving_to_a_corner_clamps(qtbot: Any, widget: HeatMapWidget) -> None:
    corner = widget.cells[(1, 5)]
    widget.make_roving(corner)
    corner.setFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
        qtbot.keyClick(widget.roving_cell(), key)
        assert widget.roving_cell() is corner


def test_target_choice_is_reported_once(qtbot: Any, widget: HeatMapWidget) -> None:
    seen: list[str] = []
    widget.which_changed.connect(seen.append)
    widget.target_button.click()
    assert seen == ["target"] and widget.which == "target"
    widget.target_button.click()  # already chosen: nothing new
    assert seen == ["target"]
    widget.current_button.click()
    assert seen == ["target", "current"]


def test_set_which_from_the_page_is_silent(widget: HeatMapWidget) -> None:
    seen: list[str] = []
    widget.which_changed.connect(seen.append)
    widget.set_which("target")
    assert widget.target_button.isChecked() and not widget.current_button.isChecked()
    assert widget.which == "target"
    widget.set_which("current")
    assert widget.current_button.isChecked()
    assert seen == []


def test_an_empty_cell_is_a_pale_tint_of_its_band() -> None:
    red = QColor("#d5281b")
    pale = _tint(red, EMPTY_TINT)
    assert pale.red() == round(0xD5 * EMPTY_TINT + 255 * (1 - EMPTY_TINT))
    assert pale.green() > red.green() and pale.blue() > red.blue()
    assert _tint(red, 1.0) == red
    assert _tint(red, 0.0) == QColor("#ffffff")


def test_cells_paint_without_error_chosen_or_not(qtbot: Any, widget: HeatMapWidget) -> None:
    widget.set_selected((3, 3))
    widget.cells[(3, 3)].setFocus()
    image = widget.grab()
    assert not image.isNull()
    assert image.width() == widget.width()
