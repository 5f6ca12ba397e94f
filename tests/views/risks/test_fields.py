"""The risk screens' small parts: score pickers that take "4", "4 Likely" or "likely" and say
what is allowed otherwise, a score grid with its band chip in words, an optional date that
Delete clears, an owner picked from the service's search, band chips in tables, the wrapping
layout, and the confirmation before a change that cannot be undone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
from vpr_desktop.views.common import dialogs
from vpr_desktop.views.common.dialogs import confirm
from vpr_desktop.views.common.people import PersonField
from vpr_desktop.views.risks.chip_label import ChipLabel
from vpr_desktop.views.risks.chips import ChipDelegate
from vpr_desktop.views.risks.chips import chip_size
from vpr_desktop.views.risks.chips import set_chip_item
from vpr_desktop.views.risks.filters import FlowLayout
from vpr_desktop.views.risks.score_field import ScoreField
from vpr_desktop.views.risks.score_grid import ScoreGrid
from vpr_desktop.views.risks.widgets import DateField
from vpr_desktop.views.risks.widgets import name_popups
from vpr_desktop.views.risks.widgets import owner_field

M = DEFAULT_MATRIX
LIKELIHOOD = [(d.score, d.label) for d in M.likelihood]
OWNERS = [(5, "0000005", "Olu Owner"), (6, "0000006", "Pat Parker")]


@pytest.fixture
def likelihood(qtbot: Any) -> ScoreField:
    field = ScoreField("Likelihood", LIKELIHOOD, spoken="Current likelihood (required)")
    qtbot.addWidget(field)
    return field


# --------------------------------------------------------------------------- score field


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4", 4),
        (f"4 {M.likelihood[3].label}", 4),
        (f"4 - {M.likelihood[3].label[:3]}", 4),
        (M.likelihood[1].label.lower(), 2),
        (f"  {M.likelihood[4].label.upper()} ", 5),
    ],
)
def test_a_score_can_be_typed_as_a_number_or_its_word(
    likelihood: ScoreField, text: str, value: int
) -> None:
    likelihood.setEditText(text)
    assert likelihood.value() == value
    assert likelihood.problem() is None


@pytest.mark.parametrize("text", ["7", "0", "4 Rare", "often", "4.5"])
def test_anything_else_says_the_scale(likelihood: ScoreField, text: str) -> None:
    likelihood.setEditText(text)
    assert likelihood.value() is None
    scale = ", ".join(f"{n} {w}" for n, w in LIKELIHOOD)
    assert likelihood.problem() == f"Likelihood must be a whole number from 1 to 5 ({scale})."


def test_a_required_score_left_empty_is_needed(likelihood: ScoreField) -> None:
    assert likelihood.currentText() == ""
    assert likelihood.problem() == "Likelihood is needed."
    likelihood.set_value(3)
    assert likelihood.currentText() == f"3 {M.likelihood[2].label}"
    likelihood.set_value(None)
    assert likelihood.value() is None


def test_an_optional_score_may_be_empty(qtbot: Any) -> None:
    field = ScoreField("Consequence", LIKELIHOOD, spoken="Target consequence", required=False)
    qtbot.addWidget(field)
    assert field.problem() is None and field.value() is None
    assert field.lineEdit().placeholderText() == "same as current"
    assert field.itemText(0) == ""  # the empty choice comes first


def test_typing_into_a_score_is_signalled(likelihood: ScoreField, qtbot: Any) -> None:
    with qtbot.waitSignal(likelihood.changed, timeout=1000):
        qtbot.keyClicks(likelihood.lineEdit(), "2")
    assert likelihood.value() == 2
    assert likelihood.accessibleName() == "Current likelihood (required)"
    assert likelihood.lineEdit().accessibleName() == "Current likelihood (required)"


# --------------------------------------------------------------------------- score grid


@pytest.fixture
def grid(qtbot: Any) -> ScoreGrid:
    widget = ScoreGrid(
        M,
        (
            ("current", "Current *", True, "–"),
            ("target", "Target", False, "same as current"),
        ),
    )
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_grid_reads_both_scores_and_shows_each_band(grid: ScoreGrid) -> None:
    grid.set_value("current", 4, 3)
    grid.set_value("target", 2, 2)
    assert grid.value("current") == (4, 3) and grid.value("target") == (2, 2)
    assert grid.cell("current") == M.cell(4, 3)
    grid.show_chips()
    assert grid.chips["current"].text() == str(M.cell(4, 3))
    assert grid.chips["current"].accessibleName() == f"Current score: {M.cell(4, 3)}"
    assert grid.chips["target"].text() == str(M.cell(2, 2))
    assert grid.texts() == (
        f"4 {M.likelihood[3].label}",
        f"3 {M.consequence[2].label}",
        f"2 {M.likelihood[1].label}",
        f"2 {M.consequence[1].label}",
    )


def test_an_empty_optional_score_shows_its_words_or_a_fallback(grid: ScoreGrid) -> None:
    grid.set_value("current", 5, 5)
    grid.show_chips()
    assert grid.chips["target"].text() == "same as current"
    grid.show_chips(lambda key: M.cell(1, 1) if key == "target" else None)
    assert grid.chips["target"].text() == str(M.cell(1, 1))


def test_the_grid_collects_each_fields_problem_then_the_half_scores(grid: ScoreGrid) -> None:
    assert grid.problems(lambda key: f"{key}: both or neither") == [
        "Current likelihood is needed.",
        "Current consequence is needed.",
    ]
    grid.set_value("current", 3, 3)
    grid.set_value("target", 2, None)
    assert grid.problems(lambda key: f"{key}: both or neither") == ["target: both or neither"]
    grid.set_value("target", None, None)
    assert grid.problems(lambda key: key) == []
    assert len(grid.all_fields()) == 4


def test_changing_any_picker_is_signalled(grid: ScoreGrid, qtbot: Any) -> None:
    with qtbot.waitSignal(grid.changed, timeout=1000):
        grid.fields["target"][1].set_value(4)


# --------------------------------------------------------------------------- date field


def test_an_optional_date_starts_unset_and_delete_clears_it(qtbot: Any) -> None:
    field = DateField("Review date")
    qtbot.addWidget(field)
    assert field.value() is None and field.text() == "Not set"
    field.set_value(dt.date(2026, 11, 30))
    assert field.value() == dt.date(2026, 11, 30)
    assert field.text() == "30 Nov 2026"
    with qtbot.waitSignal(field.changed, timeout=1000):
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.value() is None
    assert field.accessibleName() == "Review date"
    assert field.lineEdit().accessibleName() == "Review date"
    assert field.toolTip() == "Press Delete to clear the date"


def test_a_required_date_is_never_empty(qtbot: Any) -> None:
    field = DateField("Reviewed on", optional=False)
    qtbot.addWidget(field)
    assert field.value() is not None
    field.set_value(dt.date(2026, 1, 2))
    qtbot.keyClick(field, Qt.Key.Key_Delete)  # Delete edits the text, not "clear"
    assert field.value() is not None
    assert field.accessibleDescription() == ""


# --------------------------------------------------------------------------- owner field


@pytest.fixture
def owner(qtbot: Any) -> PersonField:
    looked_up: list[str] = []

    def lookup(term: str) -> list[tuple[int, str, str]]:
        looked_up.append(term)
        return [r for r in OWNERS if term.lower() in r[2].lower() or term in r[1]]

    parent = QWidget()
    qtbot.addWidget(parent)
    field = owner_field(lookup, "Risk owner", parent)
    field.looked_up = looked_up  # type: ignore[attr-defined]
    field.keep_parent = parent  # type: ignore[attr-defined]  # the parent owns the C++ widget
    return field


def test_an_owner_is_chosen_from_what_the_search_offers(owner: PersonField, qtbot: Any) -> None:
    assert owner.value() is None and owner.problem() == ""
    owner.setText("Pat")
    assert owner.problem() == (
        "Choose the owner from the suggestions (type a name or employee number)."
    )
    owner.suggest_now()
    assert owner.looked_up == ["Pat"]  # type: ignore[attr-defined]
    assert owner.completer().model().stringList() == ["Pat Parker (0000006)"]
    owner.setText("Pat Parker (0000006)")
    assert owner.value() == 6 and owner.problem() == ""


def test_a_single_letter_is_not_looked_up(owner: PersonField) -> None:
    owner.setText("P")
    owner.suggest_now()
    assert owner.looked_up == []  # type: ignore[attr-defined]


def test_typing_looks_up_after_a_pause(owner: PersonField, qtbot: Any) -> None:
    qtbot.keyClicks(owner, "0000005")
    qtbot.waitUntil(lambda: owner.looked_up == ["0000005"], timeout=3000)  # type: ignore[attr-defined]
    owner.setText("Olu Owner (0000005)")
    assert owner.value() == 5


def test_a_saved_owner_keeps_their_id(owner: PersonField) -> None:
    owner.set_person(42, "Former Owner")
    assert owner.text() == "Former Owner" and owner.value() == 42
    owner.set_person(None, None)
    assert owner.text() == "" and owner.value() is None
    assert owner.completer().popup().accessibleName() == "Risk owner: suggestions"


# --------------------------------------------------------------------------- chips


def test_a_chip_label_says_its_band_in_words(qtbot: Any) -> None:
    chip = ChipLabel(name="Current score")
    qtbot.addWidget(chip)
    chip.set_cell(M.cell(4, 4))
    assert chip.text() == str(M.cell(4, 4))
    assert chip.accessibleName() == f"Current score: {M.cell(4, 4)}"
    assert chip.toolTip() == chip.accessibleName()
    chip.set_cell(None, "–")
    assert chip.text() == "–" and chip.accessibleName() == "Current score: –"
    assert chip.sizeHint().width() >= chip_size(chip, "Moderate 10").width()
    chip.show()
    assert not chip.grab().isNull()


def test_a_table_cell_chip_carries_band_colours_and_words(qtbot: Any) -> None:
    table = QTableWidget(2, 1)
    qtbot.addWidget(table)
    table.setItemDelegateForColumn(0, ChipDelegate(table))
    cell = M.cell(5, 5)
    item, empty = QTableWidgetItem(), QTableWidgetItem()
    set_chip_item(item, cell)
    set_chip_item(empty, None)
    table.setItem(0, 0, item)
    table.setItem(1, 0, empty)
    assert item.text() == str(cell)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == str(cell)
    assert isinstance(item.data(Qt.ItemDataRole.BackgroundRole), QColor)
    assert empty.text() == "" and empty.data(Qt.ItemDataRole.BackgroundRole) is None
    table.show()
    qtbot.waitExposed(table)
    assert not table.grab().isNull()  # the delegate paints both kinds of cell


# --------------------------------------------------------------------------- layout and popups


def test_the_flow_layout_wraps_and_lets_a_search_box_fill_its_line(qtbot: Any) -> None:
    from PySide6.QtWidgets import QSizePolicy

    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, spacing=8, line_spacing=6)
    search = QLineEdit(host)
    search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    buttons = [QPushButton(f"Filter {i}", host) for i in range(5)]
    layout.addWidget(search)
    for button in buttons:
        layout.addWidget(button)
    hidden = QPushButton("Hidden", host)
    layout.addWidget(hidden)
    hidden.hide()
    assert layout.count() == 7 and layout.itemAt(7) is None and layout.takeAt(9) is None
    host.resize(1600, 200)
    host.show()
    qtbot.waitExposed(host)
    assert len({b.y() for b in buttons}) == 1
    narrow = buttons[0].sizeHint().width() * 2
    assert layout.heightForWidth(narrow) > layout.heightForWidth(1600)
    host.resize(narrow, 600)
    qtbot.waitUntil(lambda: len({b.y() for b in buttons}) > 1, timeout=2000)
    assert search.width() >= min(search.sizeHint().width(), narrow) - 1


def test_name_popups_names_each_combos_list(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    named = QComboBox(host)
    named.setAccessibleName("Status")
    named.setEditable(True)
    unnamed = QComboBox(host)
    name_popups(host)
    assert named.view().accessibleName() == "Status: choices"
    assert named.lineEdit().accessibleName() == "Status"
    assert not unnamed.view().accessibleName()


def test_confirm_without_a_screen_records_the_question_and_says_yes() -> None:
    done: list[bool] = []
    box = confirm(
        QWidget(), "Remove control?", "The control is removed.", "Remove", lambda: done.append(True)
    )
    assert box is None and done == [True]
    assert dialogs.recent[-1] == ("confirm", "Remove control?", "The control is removed.")


def test_confirm_when_told_no_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "HEADLESS_CONFIRM", False)
    done: list[bool] = []
    confirm(QWidget(), "Close risk?", "It leaves the register.", "Close", lambda: done.append(True))
    assert done == []
    assert dialogs.recent[-1][1] == "Close risk?"
