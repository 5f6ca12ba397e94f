"""Every list page built on ``views/common/list_page.py``, on the demo trust: a filter shows
exactly the rows the service lists for it, a header click sorts in SQL, the chosen row stays
chosen through F5, and each page's model passes Qt's model tester with real rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt

from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.enums import Harm
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.views.actions.page import ActionLogPage
from vpr_desktop.views.common.list_page import ListPage
from vpr_desktop.views.common.table_model import PAGE_SIZE
from vpr_desktop.views.incidents.page import IncidentsPage
from vpr_desktop.views.incidents.support_queue import SupportQueuePage
from vpr_desktop.views.risks.page import RiskRegisterPage


@dataclass(frozen=True)
class Case:
    page: type[ListPage]
    key: str
    source: Callable[[Any], Any]  # the service's own list source
    apply: Callable[[Any], None]  # what a person does on the filter bar
    expected: dict[str, Any]  # the filters the service is asked for, written out


def _harm(page: Any) -> None:
    page.filter_bar.harm.setCurrentIndex(page.filter_bar.harm.findData(Harm.NO_HARM.value))


CASES = [
    Case(
        ActionLogPage,
        "actions",
        lambda s: s.action_list(),
        lambda page: page.overdue_filter.setChecked(True),
        {"status": sorted(s.value for s in LIVE_STATUSES), "overdue": True},
    ),
    Case(
        IncidentsPage,
        "incidents",
        lambda s: s.incident_list(),
        _harm,
        {"harm": Harm.NO_HARM.value},
    ),
    Case(
        SupportQueuePage,
        "support",
        lambda s: s.incidents().support_queue(),
        lambda page: page.overdue.setChecked(True),
        {"overdue": True},
    ),
    Case(
        RiskRegisterPage,
        "risks",
        lambda s: s.risk_register().list_source(),
        lambda page: page.above_box.setChecked(True),
        {"status": ["open", "tolerated"], "above_target": True},
    ),
]
IDS = [case.key for case in CASES]


def _rows(page: ListPage) -> list[tuple[Any, ...]]:
    assert page.model is not None
    return [page.model.row_values(r) for r in range(page.model.rowCount())]


def _selected_key(page: ListPage) -> Any:
    rows = page.table.selectionModel().selectedRows()
    return page.key_at(rows[0].row()) if rows else None


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_filter_sort_select_and_refresh(case: Case, opened: Any, demo_services: Any) -> None:
    page = opened(case.page, case.key, demo_services)
    assert page.model is not None and page.stack.currentWidget() is page.list_widget
    source = case.source(demo_services)

    case.apply(page)
    request = PageRequest(
        filters=case.expected,
        sort_key=source.default_sort or None,
        descending=source.default_descending,
    )
    total = source.count(request)
    assert 0 < total < source.count(PageRequest())  # the filter narrows, and leaves rows
    assert page.model.total == total
    assert _rows(page) == list(source.page(request, None, PAGE_SIZE).rows)
    assert page.showing.text().startswith(f"Showing {min(total, PAGE_SIZE):,} of {total:,} ")

    column = page.model.column_index("reference")
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert (page.model.request.sort_key, page.model.request.descending) == ("reference", False)
    by_reference = PageRequest(filters=case.expected, sort_key="reference", descending=False)
    assert _rows(page) == list(source.page(by_reference, None, PAGE_SIZE).rows)

    row = min(2, page.model.rowCount() - 1)
    page.table.selectRow(row)
    chosen = page.key_at(row)
    assert chosen is not None and _selected_key(page) == chosen
    page.refresh()
    assert _selected_key(page) == chosen
    assert page.model.total == total  # F5 keeps the filters and the sort


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_list_model_passes_the_qt_model_tester(
    case: Case, opened: Any, demo_services: Any, qtmodeltester: Any
) -> None:
    page = opened(case.page, case.key, demo_services)
    assert page.model is not None and page.model.rowCount() > 0
    qtmodeltester.check(page.model, force_py=True)
    qtmodeltester.check(page.model)  # Qt's own QAbstractItemModelTester as well
