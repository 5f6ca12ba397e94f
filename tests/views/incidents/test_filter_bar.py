"""The incident list's filter bar on its own: what a person picks becomes exactly the filters
``IncidentListSource`` takes, a date typed badly is said in words and left out, the location
list follows the trust's locations without losing the choice, Clear puts everything back with
one change, and every control is named and in reading order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.views.incidents.filters import IncidentFilterBar


class Choices:
    """The part of ``IncidentChoices`` the bar reads."""

    def __init__(self, locations: tuple[tuple[int, str, str], ...]) -> None:
        self.locations = locations


WARDS = Choices(((1, "W1", "Ward 1"), (2, "W2", "Ward 2"), (3, "CMHT", "Community team")))


@pytest.fixture
def bar(qtbot: Any) -> IncidentFilterBar:
    widget = IncidentFilterBar()
    qtbot.addWidget(widget)
    widget.resize(1400, 200)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_choices(WARDS)  # type: ignore[arg-type]
    return widget


def pick(combo: Any, value: Any) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_nothing_picked_means_no_filters(bar: IncidentFilterBar) -> None:
    assert bar.filters() == {}
    assert bar.is_default()
    assert bar.location.currentText() == "All locations"
    assert bar.type.currentText() == "Any type"
    assert bar.harm.currentText() == "Any harm"
    assert bar.near_miss.currentText() == "Near misses and incidents"


def test_each_choice_becomes_its_filter(bar: IncidentFilterBar) -> None:
    pick(bar.location, 2)
    pick(bar.type, IncidentType.VERBAL.value)
    pick(bar.harm, Harm.LOW.value)
    pick(bar.intent, Intent.UNKNOWN.value)
    pick(bar.near_miss, False)
    assert bar.filters() == {
        "location_id": 2,
        "type": IncidentType.VERBAL.value,
        "harm": Harm.LOW.value,
        "intent": Intent.UNKNOWN.value,
        "near_miss": False,
    }
    assert not bar.is_default()
    assert bar.intent.currentText() == "Intent not known"


def test_every_harm_and_type_is_offered(bar: IncidentFilterBar) -> None:
    harms = [bar.harm.itemData(i) for i in range(1, bar.harm.count())]
    assert harms == [h.value for h in Harm]
    types = [bar.type.itemData(i) for i in range(1, bar.type.count())]
    assert types == [t.value for t in IncidentType]
    near = [bar.near_miss.itemText(i) for i in range(bar.near_miss.count())]
    assert near == ["Near misses and incidents", "Near misses only", "Not near misses"]


def test_a_date_range_is_inclusive_and_typed_the_uk_way(bar: IncidentFilterBar, qtbot: Any) -> None:
    qtbot.keyClicks(bar.date_from, "01/03/2026")
    qtbot.keyClicks(bar.date_to, "31 Mar 2026")
    assert bar.filters() == {"from": dt.date(2026, 3, 1), "to": dt.date(2026, 3, 31)}
    assert not bar.problem.isVisibleTo(bar)


def test_a_date_typed_badly_is_said_and_left_out(bar: IncidentFilterBar, qtbot: Any) -> None:
    qtbot.keyClicks(bar.date_from, "31/02/2026")
    pick(bar.harm, Harm.SEVERE.value)
    assert bar.filters() == {"harm": Harm.SEVERE.value}
    assert bar.problem.isVisibleTo(bar)
    assert bar.problem.text() == "From date: write it as dd/mm/yyyy."
    bar.date_from.clear()
    qtbot.keyClicks(bar.date_to, "yesterday")
    bar.filters()
    assert bar.problem.text() == "To date: write it as dd/mm/yyyy."
    bar.date_to.clear()
    bar.filters()
    assert not bar.problem.isVisibleTo(bar)


def test_a_range_the_wrong_way_round_is_said_and_left_out(bar: IncidentFilterBar) -> None:
    bar.date_from.setText("31/03/2026")
    bar.date_to.setText("01/03/2026")
    assert bar.filters() == {}
    assert bar.problem.text() == "The From date is after the To date."


def test_one_end_of_the_range_is_enough(bar: IncidentFilterBar) -> None:
    bar.date_to.setText("2026-04-30")
    assert bar.filters() == {"to": dt.date(2026, 4, 30)}


def test_new_locations_keep_the_chosen_one(bar: IncidentFilterBar, qtbot: Any) -> None:
    pick(bar.location, 3)
    with qtbot.assertNotEmitted(bar.changed):
        bar.set_choices(Choices(((3, "CMHT", "Community team"), (4, "W4", "Ward 4"))))  # type: ignore[arg-type]
    assert bar.location.currentData() == 3
    assert [bar.location.itemText(i) for i in range(bar.location.count())] == [
        "All locations",
        "Community team",
        "Ward 4",
    ]
    bar.set_choices(Choices(((4, "W4", "Ward 4"),)))  # type: ignore[arg-type]
    assert bar.location.currentData() is None  # gone: back to all locations


def test_a_choice_is_signalled_at_once(bar: IncidentFilterBar, qtbot: Any) -> None:
    with qtbot.waitSignal(bar.changed, timeout=1000):
        pick(bar.harm, Harm.MODERATE.value)


def test_typing_a_search_is_signalled_after_a_pause(bar: IncidentFilterBar, qtbot: Any) -> None:
    with qtbot.waitSignal(bar.changed, timeout=3000):
        qtbot.keyClicks(bar.search, "INC-00")
    assert bar.search_text() == "INC-00"
    assert not bar.is_default()


def test_clear_puts_everything_back_with_one_change(bar: IncidentFilterBar, qtbot: Any) -> None:
    pick(bar.location, 1)
    pick(bar.type, IncidentType.PHYSICAL.value)
    bar.date_from.setText("01/01/2026")
    bar.search.setText("Ward")
    seen: list[bool] = []
    bar.changed.connect(lambda: seen.append(True))
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert seen == [True]
    assert bar.filters() == {} and bar.is_default()
    assert bar.date_from.text() == "" and bar.search.text() == ""


def test_the_controls_are_named_and_in_reading_order(bar: IncidentFilterBar) -> None:
    chain = bar.tab_chain()
    assert chain[0] is bar.search
    assert chain.index(bar.date_from) < chain.index(bar.date_to) < chain.index(bar.location)
    assert chain.index(bar.location) < chain.index(bar.harm) < chain.index(bar.near_miss)
    assert chain[-1] is bar.clear_button
    assert bar.date_from.accessibleName() == "From date (dd/mm/yyyy), inclusive"
    assert bar.date_to.accessibleName() == "To date (dd/mm/yyyy), inclusive"
    missing = [
        type(w).__name__
        for w in bar.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(bar)
        and not w.accessibleName()
    ]
    assert missing == []


def test_the_bar_wraps_instead_of_clipping(bar: IncidentFilterBar, qtbot: Any) -> None:
    bar.resize(360, 600)
    qtbot.waitUntil(lambda: bar.clear_button.y() > bar.search.y(), timeout=2000)
    holder = bar.clear_button.parentWidget()
    assert bar.clear_button.geometry().right() <= holder.width()
