"""Parts of the Self-assessment page on their own, fed the demo trust's cycles: chips carry the
scale's words and colours, a rating's flags are said in words (and agree with the service's
filters), the sign-off line, the New cycle dialog's defaults and carry-forward offer, and the
comparison panel's counts and table."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QTableWidgetItem

from vpr_desktop.domain.enums import Rag
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.views.assessment.common import CHANGE_WORDS
from vpr_desktop.views.assessment.common import counts_text
from vpr_desktop.views.assessment.common import cycle_status_text
from vpr_desktop.views.assessment.common import flags_of
from vpr_desktop.views.assessment.common import set_rag
from vpr_desktop.views.assessment.compare import ComparePanel
from vpr_desktop.views.assessment.cycle import NewCycleDialog
from vpr_desktop.views.assessment.cycle import financial_year
from vpr_desktop.views.assessment.cycle import latest_of
from vpr_desktop.views.common.formatting import format_date

WAIT_MS = 15000


@pytest.fixture
def demo_db(demo_copy: Path) -> Iterator[Any]:
    from vpr_desktop.services.demo.assessment import add_demo_assessment
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    add_demo_assessment(db)
    yield db
    db.close()


@pytest.fixture
def assessment(lead: Any) -> Any:
    return lead.assessment()


def newest(assessment: Any) -> Any:
    return max(assessment.list_cycles(), key=lambda c: (c.period_start, c.id))


# ---------------------------------------------------------------------- chips and words


@pytest.mark.parametrize("kind", [QStandardItem, QTableWidgetItem])
def test_a_chip_is_the_scale_label_on_its_colour(assessment: Any, kind: type) -> None:
    scale = assessment.summary(newest(assessment).id).scale
    for level in scale:
        item = kind()
        set_rag(item, level)
        assert item.text() == level.label
        assert item.data(Qt.ItemDataRole.BackgroundRole).name().lower() == level.colour.lower()
        assert item.data(Qt.ItemDataRole.ForegroundRole).name().lower() == (
            level.text_colour.lower()
        )
        assert item.data(Qt.ItemDataRole.ToolTipRole) == level.description
        assert item.data(Qt.ItemDataRole.AccessibleTextRole) == f"Result: {level.label}"


def test_an_indicator_outside_the_cycle_says_so() -> None:
    item = QStandardItem()
    set_rag(item, None)
    assert item.text() == "Not in cycle"
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Not in this cycle"
    assert item.data(Qt.ItemDataRole.BackgroundRole) is None


def test_counts_text_uses_the_scale_labels_in_rag_order(assessment: Any) -> None:
    summary = assessment.summary(newest(assessment).id)
    labels = {level.id: level.label for level in summary.scale}
    counts = summary.overall
    assert counts_text(counts, summary.scale) == (
        f"{labels[Rag.RED]} {counts.red} · {labels[Rag.AMBER]} {counts.amber} · "
        f"{labels[Rag.GREEN]} {counts.green} · {labels.get(Rag.NOT_RATED, 'not_rated')} "
        f"{counts.not_rated}"
    )
    assert counts.red + counts.amber + counts.green + counts.not_rated == counts.total > 0


def test_flags_in_words_agree_with_the_service_filters(assessment: Any) -> None:
    cycle = newest(assessment).id
    views = [v for d in assessment.tree(cycle, TreeFilter()).domains for v in d.ratings]
    flagged = {v.id: flags_of(v) for v in views}
    reconfirm = assessment.tree(cycle, TreeFilter(to_reconfirm=True)).shown
    # the filter lists both kinds awaiting a person: re-confirm, or carried forward to confirm
    awaiting = sum(
        "To re-confirm" in f or "Carried forward, confirm" in f for f in flagged.values()
    )
    assert awaiting == reconfirm > 0
    for view in views:
        flags = flagged[view.id]
        assert ("No evidence" in flags) == (view.evidence_count == 0)
        assert ("Evidence past review" in flags) == bool(view.evidence_past_review)
        if view.needs_reconfirm:
            assert "Carried forward, confirm" not in flags  # one carry-over flag, not two
        if view.open_actions:
            s = "s" if view.open_actions != 1 else ""
            assert f"{view.open_actions} open action{s}" in flags


def test_flag_wording_for_each_case(assessment: Any) -> None:
    cycle = newest(assessment).id
    view = assessment.tree(cycle, TreeFilter()).domains[0].ratings[0]
    plain = dataclasses.replace(
        view,
        needs_reconfirm=False,
        carried_forward=False,
        evidence_count=2,
        evidence_past_review=0,
        open_actions=0,
    )
    assert flags_of(plain) == []
    assert flags_of(dataclasses.replace(plain, carried_forward=True)) == [
        "Carried forward, confirm"
    ]
    assert flags_of(
        dataclasses.replace(
            plain, needs_reconfirm=True, evidence_count=0, evidence_past_review=1, open_actions=1
        )
    ) == ["To re-confirm", "No evidence", "Evidence past review", "1 open action"]
    assert flags_of(dataclasses.replace(plain, open_actions=3)) == ["3 open actions"]


def test_the_sign_off_line_names_each_side(assessment: Any) -> None:
    cycle = newest(assessment)
    unsigned = dataclasses.replace(
        cycle,
        management_signed_by=None,
        management_signed_at=None,
        staff_side_signed_by=None,
        staff_side_signed_at=None,
    )
    assert cycle_status_text(unsigned) == (
        f"{cycle.status_label} · Management: not signed · Staff side: not signed"
    )
    signed = dataclasses.replace(
        unsigned,
        management_signed_by="A. Lead",
        management_signed_at=dt.datetime(2026, 3, 12, 10, 0),
        staff_side_signed_by="B. Rep",
    )
    assert cycle_status_text(signed) == (
        f"{cycle.status_label} · Management: signed by A. Lead "
        f"({format_date(dt.datetime(2026, 3, 12, 10, 0))}) · Staff side: signed by B. Rep"
    )


def test_every_change_has_its_word() -> None:
    from vpr_desktop.domain.standard_library import Change

    assert {c.value for c in Change} <= set(CHANGE_WORDS)
    assert CHANGE_WORDS["not_assessed"] == "Not assessed"


# ---------------------------------------------------------------------- New cycle


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
        (dt.date(2026, 3, 31), dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 12, 25), dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
    ],
)
def test_financial_year_around_today(today: dt.date, start: dt.date, end: dt.date) -> None:
    assert financial_year(today) == (start, end)


def test_latest_of_picks_the_edition_latest_by_period(assessment: Any) -> None:
    cycles = assessment.list_cycles()
    edition = cycles[0].edition
    mine = [c for c in cycles if c.edition == edition]
    assert latest_of(cycles, edition) == max(mine, key=lambda c: (c.period_start, c.id))
    assert latest_of(cycles, "no such edition") is None
    assert latest_of([], edition) is None


def test_new_cycle_dialog_defaults_and_carry_forward(
    qtbot: Any, lead: Any, assessment: Any
) -> None:
    editions = lead.standards().list_editions()
    cycles = assessment.list_cycles()
    dialog = NewCycleDialog(editions, cycles, today=dt.date(2026, 11, 25))
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "2026/27 self-assessment"
    values = dialog.values()
    assert (values["start"], values["end"]) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert values["name"] == "2026/27 self-assessment"
    edition = values["edition"]
    latest = latest_of(cycles, edition)
    assert latest is not None
    assert dialog.carry.isChecked()
    assert dialog.carry.text() == f"Carry forward from {latest.name}"
    assert values["carry_from"] == latest.id
    dialog.carry.setChecked(False)
    assert dialog.values()["carry_from"] is None
    names = [dialog.edition.itemText(i) for i in range(dialog.edition.count())]
    assert names == [f"{e.short_name} — {e.title}" for e in editions]


def test_the_first_cycle_of_all_offers_no_carry(qtbot: Any, lead: Any) -> None:
    dialog = NewCycleDialog(lead.standards().list_editions(), [], today=dt.date(2026, 5, 1))
    qtbot.addWidget(dialog)
    assert not dialog.carry.isChecked()
    assert dialog.carry.isHidden()
    assert dialog.values()["carry_from"] is None
    dialog.name.setText("  Spring review  ")
    assert dialog.values()["name"] == "Spring review"


# ---------------------------------------------------------------------- compare panel


def test_compare_panel_counts_and_rows_equal_compare(qtbot: Any, lead: Any) -> None:
    panel = ComparePanel(lead)
    qtbot.addWidget(panel)
    cycles = sorted(lead.assessment().list_cycles(), key=lambda c: c.period_start, reverse=True)
    assert len(cycles) >= 2
    panel.set_cycles(cycles)
    qtbot.waitUntil(lambda: panel.comparison is not None, timeout=WAIT_MS)
    assert panel.cycle_b.currentData() == cycles[0].id
    assert panel.cycle_a.currentData() == cycles[1].id
    comparison = lead.assessment().compare(cycles[1].id, cycles[0].id)
    counts = comparison.change_counts
    for change in ("improved", "declined", "unchanged", "new", "not_assessed"):
        word = CHANGE_WORDS[change]
        number = sum(n for c, n in counts.items() if c.value == change)
        assert f"{word} {number}" in panel.counts.text()
    assert panel.table.rowCount() == len(comparison.rows)
    assert panel.change_texts() == [CHANGE_WORDS[r.change.value] for r in comparison.rows]
    headers = [panel.table.horizontalHeaderItem(i).text() for i in range(5)]
    assert headers == ["Code", "Indicator", cycles[1].name, cycles[0].name, "Change"]
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == [
        r.code for r in comparison.rows
    ]


def test_compare_panel_with_one_cycle_explains(qtbot: Any, lead: Any) -> None:
    panel = ComparePanel(lead)
    qtbot.addWidget(panel)
    panel.set_cycles([])
    assert panel.counts.text().startswith("Two cycles are needed to compare")
    assert panel.table.rowCount() == 0
