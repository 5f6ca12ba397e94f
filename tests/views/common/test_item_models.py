"""Qt's model testers over every item model the window shows outside the training tabs.

``qtmodeltester`` (pytest-qt) checks the rules views rely on: row and column counts agree with
``index``/``parent``, ``data`` answers every role with the right type, resets and inserts are
announced properly. The lazy model is tested over each real list source of the demo trust
(incidents have their own test in ``test_table_model.py``), and the two trees built from a
``QStandardItemModel`` (self-assessment, roles register) once the page has filled them.
Besides the testers' rules, each test checks figures a user would read: totals, headers, rows.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt

from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.views.common.table_model import PAGE_SIZE
from vpr_desktop.views.common.table_model import SORT_ROLE
from vpr_desktop.views.common.table_model import LazyTableModel

WAIT_MS = 15000


def sources(services: Any) -> dict[str, Any]:
    return {
        "risks": services.risk_register().list_source(),
        "actions": services.action_list(),
        "support": services.incidents().support_queue(),
    }


@pytest.mark.parametrize("which", ["risks", "actions", "support"])
def test_lazy_model_passes_the_model_testers_on_a_real_source(
    qtmodeltester: Any, demo_services: Any, which: str
) -> None:
    source = sources(demo_services)[which]
    model = LazyTableModel(source)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(LazyTableModel(source))  # Qt's own QAbstractItemModelTester


@pytest.mark.parametrize("which", ["risks", "actions", "support"])
def test_lazy_model_total_and_first_page_equal_the_source(demo_services: Any, which: str) -> None:
    source = sources(demo_services)[which]
    model = LazyTableModel(source)
    request = PageRequest(
        sort_key=source.default_sort or None, descending=source.default_descending
    )
    total = source.count(request)
    assert total > 0, f"the demo trust has {which}"
    assert model.total == total
    assert model.rowCount() == min(total, PAGE_SIZE)
    assert model.columnCount() == len(source.columns)
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())] == [
        c.title for c in source.columns
    ]
    first = source.page(request, None, PAGE_SIZE).rows[0]
    assert model.row_values(0) == first
    # what a screen reader hears is what is shown
    for column in range(model.columnCount()):
        index = model.index(0, column)
        assert model.data(index, Qt.ItemDataRole.AccessibleTextRole) == model.data(index)


@pytest.mark.parametrize("which", ["risks", "actions", "support"])
def test_lazy_model_loads_every_row_once(demo_services: Any, which: str) -> None:
    source = sources(demo_services)[which]
    model = LazyTableModel(source, page_size=40)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total == model.loaded_count
    # every row appears once: its hidden id (after the shown columns), else its reference
    at = len(source.columns)
    if len(model.row_values(0)) == at:
        at = model.column_index("reference")
        assert at >= 0
    ids = [model.row_values(r)[at] for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids)


def test_lazy_model_sorts_risks_in_sql_and_keeps_the_testers_happy(
    qtmodeltester: Any, demo_services: Any
) -> None:
    source = demo_services.risk_register().list_source()
    model = LazyTableModel(source)
    qtmodeltester.check(model)  # stays attached while the model resets
    reference = model.column_index("reference")
    assert reference >= 0
    model.sort(reference, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, reference)) for r in range(model.rowCount())]
    assert shown == sorted(shown)
    model.sort(reference, Qt.SortOrder.DescendingOrder)
    again = [model.data(model.index(r, reference)) for r in range(model.rowCount())]
    assert again == sorted(again, reverse=True)
    assert model.request.sort_key == "reference" and model.request.descending


def test_risk_scores_are_chips_with_band_words_and_colours(demo_services: Any) -> None:
    source = demo_services.risk_register().list_source()
    model = LazyTableModel(source)
    scored = [i for i, c in enumerate(source.columns) if c.kind == "score"]
    assert scored, "the register shows current and target scores"
    for column in scored:
        for row in range(min(model.rowCount(), 50)):
            index = model.index(row, column)
            value = model.row_values(row)[column]
            if value is None:
                assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
                continue
            text = model.data(index)
            assert text.split()[0] in {"Low", "Moderate", "High", "Extreme"}
            assert text.endswith(str(value.score))
            assert model.data(index, SORT_ROLE) == value.score
            background = model.data(index, Qt.ItemDataRole.BackgroundRole)
            assert background.name().lower() == value.colour.lower()


def test_lazy_model_search_narrows_the_risk_register(demo_services: Any) -> None:
    source = demo_services.risk_register().list_source()
    model = LazyTableModel(source)
    reference = model.column_index("reference")
    first = model.data(model.index(0, reference))
    model.set_search(first)
    assert model.total == source.count(PageRequest(search=first)) >= 1
    shown = [model.data(model.index(r, reference)) for r in range(model.rowCount())]
    assert first in shown
    model.set_search("no risk is called this")
    assert model.total == 0 and model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())


# ---------------------------------------------------------------------- trees (QStandardItemModel)


@pytest.fixture
def assessed_services(demo_db: Any) -> Any:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.services.demo.assessment import add_demo_assessment

    add_demo_assessment(demo_db)
    return build_services(demo_db)


def test_assessment_tree_passes_the_model_testers(
    qtmodeltester: Any, opened: Any, qtbot: Any, assessed_services: Any
) -> None:
    from vpr_desktop.views.assessment.page import AssessmentPage

    page = opened(AssessmentPage, "assessment", assessed_services, (1366, 768))
    qtbot.waitUntil(
        lambda: page.tree_data is not None and not page.runner.is_busy(), timeout=WAIT_MS
    )
    model = page.model
    assert model.rowCount() == 7  # the seven domains of the standard
    indicators = sum(model.item(d, 0).rowCount() for d in range(model.rowCount()))
    assert indicators == page.tree_data.shown > 0
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_roles_tree_passes_the_model_testers(
    qtmodeltester: Any, opened: Any, qtbot: Any, lead: Any
) -> None:
    from vpr_desktop.views.roles.page import RolesRegisterPage

    page = opened(RolesRegisterPage, "roles", lead)
    qtbot.waitUntil(lambda: not page.runner.is_busy(), timeout=WAIT_MS)
    entries = lead.roles_register().entries()
    assert len(page.row_texts()) == len(entries) > 0
    qtmodeltester.check(page.model, force_py=True)
    qtmodeltester.check(page.model)
