"""The small widgets every page is built from: labels that never read data as HTML, the page
header, empty states, the eliding label, the page protocol — and the
risk band chips, painted from the trust matrix's real colours."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtGui import QFont
from PySide6.QtGui import QImage
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.page import Page
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import ElidedLabel
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import PageHeader
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import set_role
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.risks.chip_label import ChipLabel
from vpr_desktop.views.risks.chips import chip_size
from vpr_desktop.views.risks.chips import paint_chip
from vpr_desktop.views.risks.chips import set_chip_item

LONG_PATH = "/srv/trust/shared/governance/violence-prevention/databases/" * 3 + "vpr.db"


# ---------------------------------------------------------------------- labels


def test_a_label_shows_markup_as_typed(qtbot: Any) -> None:
    typed = "<b>Ward & 'A'</b> <img src='x'>"
    widget = label(typed, name="fieldValue")
    qtbot.addWidget(widget)
    assert widget.text() == typed
    assert widget.textFormat() == Qt.TextFormat.PlainText
    assert widget.objectName() == "fieldValue"
    assert widget.wordWrap()
    assert not widget.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_a_selectable_one_line_label(qtbot: Any) -> None:
    widget = label("SHA-256 0123", selectable=True, wrap=False)
    qtbot.addWidget(widget)
    assert not widget.wordWrap()
    assert widget.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_set_role_changes_the_property_the_style_sheet_reads(qtbot: Any) -> None:
    widget = label("1,200")
    qtbot.addWidget(widget)
    set_role(widget, "numeric", True)
    assert widget.property("numeric") is True
    set_role(widget, "numeric", False)
    assert widget.property("numeric") is False


# ---------------------------------------------------------------------- header and empty state


def test_page_header_title_purpose_and_action(qtbot: Any) -> None:
    header = PageHeader("Packs", "Committee and board packs for a period.")
    qtbot.addWidget(header)
    assert header.title.text() == "Packs" and header.title.accessibleName() == "Packs"
    assert header.purpose.text() == "Committee and board packs for a period."
    button = QPushButton("New pack…")
    header.add_action(button)
    assert button.parent() is header


def test_empty_state_text_paragraphs_note_and_buttons(qtbot: Any) -> None:
    empty = EmptyState("No packs yet", ["First line.", "Second line."], note="Nothing is sample.")
    qtbot.addWidget(empty)
    assert empty.accessibleName() == "No packs yet"
    assert [p.text() for p in empty.paragraphs] == ["First line.", "Second line."]
    assert empty.text() == "No packs yet\nFirst line.\nSecond line.\nNothing is sample."
    first, second = QPushButton("One"), QPushButton("Two")
    empty.add_button(first)
    empty.add_button(second)
    buttons = [b.text() for b in empty.findChildren(QPushButton)]
    assert buttons == ["One", "Two"]  # in the order added, before the stretch
    plain = EmptyState("Nothing", ["Only line."])
    qtbot.addWidget(plain)
    assert plain.note is None and plain.text() == "Nothing\nOnly line."


# ---------------------------------------------------------------------- eliding label


def test_elided_label_shortens_in_the_middle_and_keeps_the_whole(qtbot: Any) -> None:
    widget = ElidedLabel(LONG_PATH)
    qtbot.addWidget(widget)
    assert widget.text() == LONG_PATH  # not laid out yet: nothing to shorten against
    widget.show()
    qtbot.waitExposed(widget)
    widget.resize(200, 30)  # narrower than the path, once it is on screen
    qtbot.waitUntil(lambda: widget.text() != LONG_PATH, timeout=3000)
    shown = widget.text()
    assert "…" in shown
    assert shown.startswith("/srv") and shown.endswith("vpr.db")
    assert widget.full_text() == LONG_PATH
    assert widget.toolTip() == LONG_PATH == widget.accessibleName()
    assert widget.minimumSizeHint().width() == widget.fontMetrics().averageCharWidth() * 8
    assert widget.sizeHint().width() > widget.width()


def test_elided_label_shows_all_when_there_is_room(qtbot: Any) -> None:
    widget = ElidedLabel("short.db")
    qtbot.addWidget(widget)
    widget.resize(400, 30)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.text() == "short.db"
    widget.set_full_text("other.db")
    assert widget.text() == "other.db" and widget.toolTip() == "other.db"


def test_an_elided_label_in_a_padded_style_shows_its_end_and_is_styled_by_name(
    qtbot: Any,
) -> None:
    """The style sheet's padding is room the text cannot use: the shortened text still ends
    in the file's name, uncut; and the label is styled by the name its owner gives it after
    construction (measuring early polished it unnamed, and the amber read-only box was lost)."""
    box = QWidget()
    qtbot.addWidget(box)
    box.setStyleSheet("QLabel { padding: 2px 20px; } QLabel#named { font-weight: 700; }")
    widget = ElidedLabel(LONG_PATH, box)
    widget.setObjectName("named")
    box.show()
    qtbot.waitExposed(box)
    assert widget.font().weight() == QFont.Weight.Bold
    widget.resize(300, 30)
    qtbot.waitUntil(lambda: "…" in widget.text(), timeout=3000)
    metrics = widget.fontMetrics()
    assert metrics.horizontalAdvance(widget.text()) + 40 <= widget.width()
    assert widget.text().endswith("vpr.db")
    # At most as wide as its whole text: a short text leaves the rest to its neighbours.
    widget.set_full_text("short.db")
    assert widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Maximum
    assert widget.sizeHint().width() >= metrics.horizontalAdvance("short.db") + 40
    assert widget.sizeHint().width() < 300


# ---------------------------------------------------------------------- pages


def test_page_protocol_defaults(qtbot: Any) -> None:
    page = Page(PAGES_BY_KEY["actions"])
    qtbot.addWidget(page)
    assert page.key == "actions"
    assert page.objectName() == "page_actions"
    assert page.accessibleName() == "Action log page"
    assert page.header.title.text() == "Action log"
    assert page.focus_search() is False
    page.activated()
    page.refresh()
    page.shutdown()  # no jobs: nothing to stop


def test_page_layout_and_scrolling(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = page_layout(holder)
    margins = layout.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (24, 20, 24, 20)
    assert layout.spacing() == 16
    content = QWidget()
    area = scrolling(content, holder)
    assert isinstance(area, QScrollArea) and area.widget() is content
    assert area.widgetResizable()
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus


# ---------------------------------------------------------------------- band chips


@pytest.fixture
def matrix(demo_services: Any) -> Any:
    return demo_services.risk_register().matrix()


def test_a_chip_item_carries_words_and_band_colours(matrix: Any) -> None:
    cell = matrix.cell(4, 4)
    item = QTableWidgetItem()
    set_chip_item(item, cell)
    assert item.text() == str(cell) == cell.label
    assert item.data(Qt.ItemDataRole.BackgroundRole).name().lower() == cell.colour.lower()
    assert item.data(Qt.ItemDataRole.ForegroundRole).name().lower() == cell.text_colour.lower()
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == cell.label
    set_chip_item(item, None)
    assert item.text() == ""


def test_chip_label_speaks_its_name_and_band(qtbot: Any, matrix: Any) -> None:
    chip = ChipLabel(name="Current score")
    qtbot.addWidget(chip)
    chip.set_cell(matrix.cell(5, 5))
    assert chip.text() == matrix.cell(5, 5).label
    assert chip.accessibleName() == f"Current score: {matrix.cell(5, 5).label}"
    assert chip.toolTip() == chip.accessibleName()
    chip.set_cell(None, "Not scored yet")
    assert chip.text() == "Not scored yet"
    assert chip.accessibleName() == "Current score: Not scored yet"
    assert chip.minimumSizeHint() == chip_size(chip, "Not scored yet")


def test_chip_size_fits_the_words(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    metrics = widget.fontMetrics()
    size = chip_size(widget, "Extreme 25")
    assert size.width() == metrics.horizontalAdvance("Extreme 25") + 18
    assert size.height() == metrics.height() + 6


def test_a_painted_chip_uses_the_band_colour(qtbot: Any, matrix: Any) -> None:
    cell = matrix.cell(5, 5)
    image = QImage(120, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_chip(
        painter,
        image.rect(),
        str(cell),
        QColor.fromString(cell.colour),
        QColor.fromString(cell.text_colour),
    )
    painter.end()
    corner = image.pixelColor(4, 15)  # inside the chip, left of the words
    assert corner.name().lower() == cell.colour.lower()


def test_column_modes_sizes_columns_in_order(qtbot: Any) -> None:
    from PySide6.QtWidgets import QHeaderView
    from PySide6.QtWidgets import QTableWidget

    from vpr_desktop.views.common.widgets import column_modes

    table = QTableWidget(0, 4)
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    before = header.sectionResizeMode(3)
    fit = QHeaderView.ResizeMode
    column_modes(table, fit.ResizeToContents, fit.Stretch, fit.Fixed)
    assert [header.sectionResizeMode(c) for c in range(3)] == [
        fit.ResizeToContents,
        fit.Stretch,
        fit.Fixed,
    ]
    assert header.sectionResizeMode(3) == before == fit.Interactive


def test_column_modes_sizes_a_trees_columns_too(qtbot: Any) -> None:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QHeaderView
    from PySide6.QtWidgets import QTreeView

    from vpr_desktop.views.common.widgets import column_modes

    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setModel(QStandardItemModel(0, 3, tree))
    fit = QHeaderView.ResizeMode
    column_modes(tree, fit.Stretch, fit.ResizeToContents)
    assert [tree.header().sectionResizeMode(c) for c in range(2)] == [
        fit.Stretch,
        fit.ResizeToContents,
    ]


def test_push_button_primary_and_plain(qtbot: Any) -> None:
    from vpr_desktop.views.common.widgets import push_button

    holder = QWidget()
    qtbot.addWidget(holder)
    pressed: list[str] = []
    main = push_button(
        "Import", holder, lambda: pressed.append("import"), spoken="Import the file", primary=True
    )
    other = push_button("Close", holder, lambda: pressed.append("close"), spoken="Close it")
    assert main.property("primary") is True and other.property("primary") is None
    assert (main.text(), main.accessibleName()) == ("Import", "Import the file")
    main.click()
    other.click()
    assert pressed == ["import", "close"]


def test_button_row_lays_buttons_in_order_and_wraps(qtbot: Any) -> None:
    from vpr_desktop.views.common.flow import button_row

    host = QWidget()
    qtbot.addWidget(host)
    buttons = [QPushButton(f"Button number {i}", host) for i in range(4)]
    row = button_row(*buttons)
    host.setLayout(row)
    assert [row.itemAt(i).widget() for i in range(row.count())] == buttons
    host.resize(2000, 200)
    host.show()
    qtbot.waitExposed(host)
    assert len({b.y() for b in buttons}) == 1
    host.resize(buttons[0].sizeHint().width() + 20, 400)
    qtbot.wait(10)
    assert len({b.y() for b in buttons}) == 4  # one a line when narrow


def test_text_box_is_lines_tall_and_tab_moves_on(qtbot: Any) -> None:
    from vpr_desktop.views.common.widgets import text_box

    holder = QWidget()
    qtbot.addWidget(holder)
    box = text_box(holder, 3, spoken="Review note", text="Agreed.")
    assert box.parent() is holder and box.toPlainText() == "Agreed."
    assert box.accessibleName() == "Review note" and box.tabChangesFocus()
    assert box.height() == holder.fontMetrics().lineSpacing() * 3 + 16
    assert box.minimumHeight() == box.maximumHeight() == box.height()
    plain = text_box(holder, 5)
    assert plain.accessibleName() == "" and plain.toPlainText() == ""
    assert plain.maximumHeight() == holder.fontMetrics().lineSpacing() * 5 + 16
