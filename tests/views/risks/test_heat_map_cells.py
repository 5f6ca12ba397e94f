"""The 5×5 heat map widget on its own, fed a hand-made ``HeatMap`` over the default NHS matrix:
each cell says its count and band in words, the axes carry the matrix's descriptors, a click or
Enter asks for that cell, arrow keys move one Tab stop around the grid, and Current/Target is a
choice the page hears about."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
from vpr_desktop.services.risks.queries import HeatMap
from vpr_desktop.views.risks.heat_map import HeatMapCell
from vpr_desktop.views.risks.heat_map import HeatMapWidget

M = DEFAULT_MATRIX


def heat(cells: dict[tuple[int, int], int], which: str = "current") -> HeatMap:
    counts = tuple(
        tuple(cells.get((lk, c), 0) for c in range(1, 6)) for lk in range(1, 6)
    )  # counts[l-1][c-1]
    return HeatMap(which=which, statuses=("open", "tolerated"), counts=counts, matrix=M)


SAMPLE = {(4, 3): 12, (5, 5): 1, (1, 1): 1200, (2, 4): 3}


@pytest.fixture
def widget(qtbot: Any) -> HeatMapWidget:
    w = HeatMapWidget()
    qtbot.addWidget(w)
    w.resize(640, 480)
    w.show()
    qtbot.waitExposed(w)
    w.set_heat(heat(SAMPLE))
    return w


def test_each_cell_says_its_count_and_band(widget: HeatMapWidget) -> None:
    for (lk, c), cell in widget.cells.items():
        count = SAMPLE.get((lk, c), 0)
        score = M.cell(lk, c)
        assert widget.cell_text(lk, c) == f"{count:,}\n{score.label}"
        assert cell.count_text() == f"{count:,}"
    assert widget.cell_text(1, 1).startswith("1,200\n")


def test_each_cell_is_spoken_in_full(widget: HeatMapWidget) -> None:
    cell = widget.cells[(4, 3)]
    assert cell.accessibleName() == (
        f"Likelihood {M.likelihood_label(4)}, consequence {M.consequence_label(3)}: "
        f"12 risks, {M.cell(4, 3).label}"
    )
    assert cell.toolTip() == cell.accessibleName()
    one = widget.cells[(5, 5)].accessibleName()
    assert ": 1 risk, " in one
    assert widget.cells[(3, 3)].accessibleDescription() == "Press Enter to list these risks"


def test_the_axes_carry_the_matrix_descriptors(widget: HeatMapWidget) -> None:
    for value in range(1, 6):
        assert widget.row_labels[value].text() == M.likelihood_label(value)
        assert widget.column_labels[value].text() == M.consequence_label(value)
    assert widget.likelihood_title.text() == "Likelihood"
    assert widget.consequence_title.text() == "Consequence"


def test_the_caption_counts_the_risks_and_names_the_score(widget: HeatMapWidget) -> None:
    total = sum(SAMPLE.values())
    assert widget.caption.text() == (
        f"{total:,} live risks by current score. Select a cell to list its risks."
    )
    assert widget.caption.toolTip() == "Bands: " + ", ".join(M.band_summary())
    assert widget.accessibleName() == "Heat map of live risks by current score"
    widget.set_heat(heat({(2, 2): 1}, "target"), noun="open risk")
    assert widget.caption.text() == "1 open risk by target score. Select a cell to list its risks."
    assert widget.accessibleName() == "Heat map of open risks by target score"


def test_an_empty_register_shows_zeros_everywhere(qtbot: Any) -> None:
    w = HeatMapWidget()
    qtbot.addWidget(w)
    w.set_heat(heat({}))
    assert all(cell.count == 0 for cell in w.cells.values())
    assert w.caption.text().startswith("0 live risks by current score.")


def test_clicking_a_cell_asks_for_it_and_leaves_the_choice_to_the_page(
    widget: HeatMapWidget, qtbot: Any
) -> None:
    cell = widget.cells[(4, 3)]
    with qtbot.waitSignal(widget.cell_activated, timeout=1000) as signal:
        qtbot.mouseClick(cell, Qt.MouseButton.LeftButton)
    assert signal.args == [4, 3]
    assert not cell.isChecked()  # not chosen until the page says so
    assert widget.roving_cell() is cell


def test_the_selected_cell_is_checked_described_and_clearable(
    widget: HeatMapWidget, qtbot: Any
) -> None:
    assert not widget.clear_button.isEnabled()
    assert widget.selection_words() == ""
    widget.set_selected((4, 3))
    assert widget.cells[(4, 3)].isChecked()
    assert sum(c.isChecked() for c in widget.cells.values()) == 1
    assert widget.cells[(4, 3)].accessibleDescription() == "The register is filtered to this cell"
    assert widget.clear_button.isEnabled()
    assert widget.selection_words() == (
        f"likelihood {M.likelihood_label(4)} × consequence {M.consequence_label(3)}, current score"
    )
    with qtbot.waitSignal(widget.clear_requested, timeout=1000):
        qtbot.mouseClick(widget.clear_button, Qt.MouseButton.LeftButton)
    widget.set_selected(None)
    assert not any(c.isChecked() for c in widget.cells.values())
    assert not widget.clear_button.isEnabled()


def test_clicking_the_chosen_cell_again_keeps_it_chosen(widget: HeatMapWidget, qtbot: Any) -> None:
    widget.set_selected((2, 4))
    with qtbot.waitSignal(widget.cell_activated, timeout=1000) as signal:
        qtbot.mouseClick(widget.cells[(2, 4)], Qt.MouseButton.LeftButton)
    assert signal.args == [2, 4]
    assert widget.cells[(2, 4)].isChecked()


def test_enter_on_a_cell_asks_for_it(widget: HeatMapWidget, qtbot: Any) -> None:
    cell = widget.cells[(5, 5)]
    with qtbot.waitSignal(widget.cell_activated, timeout=1000) as signal:
        qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert signal.args == [5, 5]


def test_the_grid_is_one_tab_stop_moved_by_arrow_keys(widget: HeatMapWidget, qtbot: Any) -> None:
    stops = [c for c in widget.cells.values() if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [widget.cells[(5, 1)]]  # top left starts as the stop
    widget.activateWindow()
    start = widget.cells[(5, 1)]
    start.setFocus()
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    qtbot.keyClick(start, Qt.Key.Key_Right)
    assert widget.roving_cell() is widget.cells[(5, 2)]
    qtbot.keyClick(widget.cells[(5, 2)], Qt.Key.Key_Down)
    assert widget.roving_cell() is widget.cells[(4, 2)]
    qtbot.keyClick(widget.cells[(4, 2)], Qt.Key.Key_Up)
    qtbot.keyClick(widget.cells[(5, 2)], Qt.Key.Key_Up)  # already at the top: stays
    assert widget.roving_cell() is widget.cells[(5, 2)]
    qtbot.keyClick(widget.cells[(5, 2)], Qt.Key.Key_Left)
    qtbot.keyClick(widget.cells[(5, 1)], Qt.Key.Key_Left)  # already at the left edge
    assert widget.roving_cell() is widget.cells[(5, 1)]
    stops = [c for c in widget.cells.values() if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert len(stops) == 1


def test_choosing_target_is_signalled_once_and_set_which_is_silent(
    widget: HeatMapWidget, qtbot: Any
) -> None:
    seen: list[str] = []
    widget.which_changed.connect(seen.append)
    qtbot.mouseClick(widget.target_button, Qt.MouseButton.LeftButton)
    assert seen == ["target"] and widget.which == "target"
    widget.set_which("current")
    assert widget.current_button.isChecked() and not widget.target_button.isChecked()
    assert seen == ["target"]  # the page set it: no echo back
    widget.set_which("current")
    assert widget.which == "current"


def test_a_cell_on_its_own_moves_focus_by_signal(qtbot: Any) -> None:
    cell = HeatMapCell(3, 3)
    qtbot.addWidget(cell)
    with qtbot.waitSignal(cell.move_focus, timeout=1000) as signal:
        qtbot.keyClick(cell, Qt.Key.Key_Left)
    assert signal.args == [0, -1]
    assert cell.isCheckable()
    assert cell.sizeHint().width() > 0 and cell.minimumSizeHint().height() > 0


def test_every_focusable_control_has_an_accessible_name(widget: HeatMapWidget) -> None:
    missing = [
        type(w).__name__
        for w in widget.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
    ]
    assert missing == []
    assert widget.current_button.accessibleName() == "Heat map of current scores"
    assert widget.target_button.accessibleName() == "Heat map of target scores"
    assert widget.clear_button.accessibleName() == "Clear the heat map cell filter"


def test_painting_every_cell_band_does_not_warn(widget: HeatMapWidget, qtbot: Any) -> None:
    widget.set_selected((1, 1))
    image = widget.grab()
    assert not image.isNull() and image.width() >= 600
