"""The Self-assessment page on a private copy of the demo trust with the demo cycles: the tree
and its counts, filters, the editor, the comparison, read-only after sign-off, who sees it, and
that every control is named. Every figure is compared with what the service says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.views.assessment.common import counts_text
from vpr_desktop.views.assessment.page import AssessmentPage
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.navigation import visible_pages

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
def lead(demo_db: Any) -> Any:
    from vpr_desktop.services.container import build_services

    return build_services(demo_db)


@pytest.fixture
def open_page(qtbot: Any, settings: Any) -> Any:
    def make(services: Any, size: tuple[int, int] = (1366, 768)) -> AssessmentPage:
        page = AssessmentPage(PAGES_BY_KEY["assessment"], services, settings=settings)
        qtbot.addWidget(page)
        page.resize(*size)
        page.show()
        qtbot.waitExposed(page)
        page.activated()
        qtbot.waitUntil(
            lambda: page.tree_data is not None and not page.runner.is_busy(), timeout=WAIT_MS
        )
        return page

    return make


def idle(qtbot: Any, page: AssessmentPage) -> None:
    qtbot.waitUntil(
        lambda: (
            not page.runner.is_busy()
            and not page.editor.runner.is_busy()
            and not page.loading_detail.is_busy()
        ),
        timeout=WAIT_MS,
    )


def current_id(services: Any) -> int:
    return max(services.assessment().list_cycles(), key=lambda c: c.period_start).id


def test_tree_shows_the_seven_domains_in_order_with_the_summary_counts(
    open_page: Any, lead: Any
) -> None:
    page = open_page(lead)
    summary = lead.assessment().summary(current_id(lead))
    rows = page.domain_rows()
    assert len(rows) == 7
    assert [title for title, _ in rows] == [f"{d.code}. {d.title}" for d in summary.domains]
    for (_, counts), domain in zip(rows, summary.domains, strict=True):
        assert counts_text(domain.counts, summary.scale) in counts
    assert f"{summary.overall.percent_rated:g}% rated" in page.progress.text()
    assert "working summary" in page.mark.text() and page.mark.isVisible()


def test_the_to_reconfirm_filter_shows_exactly_the_service_count(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    cycle = current_id(lead)
    expected = lead.assessment().tree(cycle, TreeFilter(to_reconfirm=True)).shown
    assert expected > 0
    page.reconfirm.setChecked(True)
    qtbot.waitUntil(
        lambda: page.tree_data.filter.to_reconfirm and not page.runner.is_busy(), timeout=WAIT_MS
    )
    shown = sum(page.model.item(d, 0).rowCount() for d in range(page.model.rowCount()))
    assert shown == expected
    assert f"Showing {expected} indicator" in page.showing.text()


def test_rating_through_the_editor_updates_the_chip(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    node = page.tree_data.domains[0]
    view = next(v for v in node.ratings if v.rag is not Rag.GREEN)
    page.select_rating(view.id)
    qtbot.waitUntil(
        lambda: page.editor.detail is not None and page.editor.detail.rating.id == view.id,
        timeout=WAIT_MS,
    )
    assert not page.editor.read_only
    editor = page.editor
    editor.rag.setCurrentIndex(editor.rag.findData(Rag.GREEN))
    editor.work_status.setCurrentIndex(editor.work_status.findData(WorkStatus.DONE))
    editor.narrative.setPlainText("Checked at the joint committee.")
    editor.save()  # what Ctrl+S does
    green = page.tree_data.summary.level(Rag.GREEN).label
    qtbot.waitUntil(
        lambda: page.chip_text(view.id) == green and not page.runner.is_busy(), timeout=WAIT_MS
    )
    saved = lead.assessment().rating(view.id).rating
    assert saved.rag is Rag.GREEN and saved.narrative == "Checked at the joint committee."


def test_citing_a_role_adds_role_evidence_without_names(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    """Issue 10: a roles register entry is cited as evidence from the editor."""
    page = open_page(lead)
    view = page.tree_data.domains[0].ratings[0]
    page.select_rating(view.id)
    qtbot.waitUntil(
        lambda: page.editor.detail is not None and page.editor.detail.rating.id == view.id,
        timeout=WAIT_MS,
    )
    choices = page.editor.role_choices()
    assert choices and all("(" in text for text, _ in choices)
    holders = {e.holder_name for e in lead.roles_register().entries() if e.holder_name}
    assert not any(name in text for name in holders for text, _ in choices)
    _label, role_id = choices[0]
    page.editor.link_role(role_id)
    qtbot.waitUntil(
        lambda: (
            not page.editor.runner.is_busy()
            and any(e.kind == "role" for e in lead.assessment().rating(view.id).evidence)
        ),
        timeout=WAIT_MS,
    )
    cited = [e for e in lead.assessment().rating(view.id).evidence if e.kind == "role"]
    assert cited[0].title.startswith("Roles register: ")


def test_the_comparison_counts_equal_compare(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    page.tabs.setCurrentWidget(page.compare)
    qtbot.waitUntil(
        lambda: page.compare.comparison is not None and not page.compare.runner.is_busy(),
        timeout=WAIT_MS,
    )
    a, b = page.compare.cycle_a.currentData(), page.compare.cycle_b.currentData()
    assert a != b
    comparison = lead.assessment().compare(a, b)
    text = page.compare.counts.text()
    for change, count in comparison.change_counts.items():
        if change.value != "not_assessed" or count:
            assert f"{change.value.replace('_', ' ').capitalize()} {count}" in text.replace(
                "Not assessed", "Not assessed"
            )
    words = page.compare.change_texts()
    assert len(words) == len(comparison.rows)
    for change in ("Improved", "Declined", "Unchanged"):
        assert words.count(change) == comparison.change_counts.get(change.lower(), 0)


def test_a_signed_off_cycle_is_read_only_with_the_reason(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    signed = next(c for c in lead.assessment().list_cycles() if c.read_only)
    page.cycle_box.setCurrentIndex(page.cycle_box.findData(signed.id))
    qtbot.waitUntil(
        lambda: page.tree_data.summary.cycle.id == signed.id and not page.runner.is_busy(),
        timeout=WAIT_MS,
    )
    assert "Signed off" in page.status.text()
    view = page.tree_data.domains[0].ratings[0]
    page.select_rating(view.id)
    qtbot.waitUntil(
        lambda: page.editor.detail is not None and page.editor.detail.rating.id == view.id,
        timeout=WAIT_MS,
    )
    assert page.editor.read_only
    assert page.editor.narrative.isReadOnly() and not page.editor.save_button.isEnabled()
    assert "signed off by both sides" in page.editor.reason.text()
    assert not page.editor.reason.isHidden()


def test_a_board_secretary_does_not_see_the_page(actor_with: Any) -> None:
    keys = [s.key for s in visible_pages(actor_with(Role.BOARD_SECRETARY))]
    assert "assessment" not in keys
    assert "assessment" in [s.key for s in visible_pages(actor_with(Role.VPR_LEAD))]


def test_every_focusable_widget_has_an_accessible_name(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    view = page.tree_data.domains[0].ratings[0]
    page.select_rating(view.id)
    qtbot.waitUntil(lambda: page.editor.detail is not None, timeout=WAIT_MS)
    dialog = page.editor.ask_link()
    page.tabs.setCurrentWidget(page.compare)
    roots: list[QWidget] = [page] + ([dialog] if dialog is not None else [])
    missing = [
        f"{type(w).__name__}#{w.objectName()}"
        for root in roots
        for w in [root, *root.findChildren(QWidget)]
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    assert missing == []


def wait_cycle(qtbot: Any, page: AssessmentPage, cycle_id: int) -> None:
    qtbot.waitUntil(
        lambda: (
            not page.runner.is_busy()
            and page.tree_data is not None
            and page.tree_data.summary.cycle.id == cycle_id
        ),
        timeout=WAIT_MS,
    )


def test_a_new_cycle_carried_forward_is_selected_in_the_picker(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    import datetime as dt

    page = open_page(lead)
    latest = max(lead.assessment().list_cycles(), key=lambda c: (c.period_start, c.id))
    dialog = page._editions_loaded(lead.standards().list_editions())
    assert dialog is not None and dialog.carry.isChecked()
    assert latest.name in dialog.carry.text()
    unnamed = [
        type(w).__name__
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
    ]
    assert unnamed == []
    page.create_cycle(
        latest.edition,
        "Next year (test)",
        dt.date(2030, 4, 1),
        dt.date(2031, 3, 31),
        carry_from=latest.id,
    )
    qtbot.waitUntil(lambda: page.created is not None, timeout=WAIT_MS)
    new_id = page.created.cycle.id
    wait_cycle(qtbot, page, new_id)
    assert page.cycle_box.currentData() == new_id
    assert page.created.carried is not None and page.created.carried.ratings > 0
    assert f"{page.created.carried.ratings} rating" in page.message.text()
    assert page.submit_button.isVisibleTo(page)


def test_first_cycle_of_an_edition_offers_a_cross_edition_carry(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    latest = max(lead.assessment().list_cycles(), key=lambda c: (c.period_start, c.id))
    dialog = page._editions_loaded(lead.standards().list_editions())
    other = next(
        i for i in range(dialog.edition.count()) if dialog.edition.itemData(i) != latest.edition
    )
    dialog.edition.setCurrentIndex(other)
    assert dialog.carry.isChecked() and "another edition" in dialog.carry.text()
    assert "every rating starts not assessed" in dialog.carry.text()
    assert dialog.values()["carry_from"] == latest.id


def test_submit_then_both_sides_sign_off(
    open_page: Any, lead: Any, qtbot: Any, services_as: Any, actor_with: Any
) -> None:
    import datetime as dt

    from vpr_desktop.domain.enums import CycleStatus

    page = open_page(lead)
    cycle = (
        lead.assessment()
        .create_cycle("vpr-2024", "Workflow (test)", dt.date(2030, 4, 1), dt.date(2031, 3, 31))
        .cycle
    )
    page._select_cycle = cycle.id
    page.refresh()
    wait_cycle(qtbot, page, cycle.id)
    assert page.submit_button.isVisibleTo(page)
    assert not page.sign_management_button.isVisibleTo(page)
    page.submit_for_review()
    qtbot.waitUntil(
        lambda: (
            page.tree_data.summary.cycle.status is CycleStatus.IN_REVIEW
            and not page.runner.is_busy()
        ),
        timeout=WAIT_MS,
    )
    assert "In review" in page.status.text()
    assert not page.submit_button.isVisibleTo(page)
    assert page.sign_management_button.isVisibleTo(page)
    assert not page.sign_staff_button.isVisibleTo(page)
    page.sign_off(Side.MANAGEMENT)
    qtbot.waitUntil(
        lambda: (
            page.tree_data.summary.cycle.management_signed_by is not None
            and not page.runner.is_busy()
        ),
        timeout=WAIT_MS,
    )
    assert "In review" in page.status.text()
    assert not page.sign_management_button.isVisibleTo(page)
    page.sign_off(Side.MANAGEMENT)  # a second time: refused in words
    qtbot.waitUntil(
        lambda: not page.runner.is_busy() and "already signed" in page.message.text(),
        timeout=WAIT_MS,
    )

    rep = services_as(lead, actor_with(Role.STAFF_SIDE_REP, name="Staff Rep"))
    other = open_page(rep)
    other.cycle_box.setCurrentIndex(other.cycle_box.findData(cycle.id))
    wait_cycle(qtbot, other, cycle.id)
    assert other.sign_staff_button.isVisibleTo(other)
    assert not other.sign_management_button.isVisibleTo(other)
    assert not other.new_button.isVisibleTo(other)
    other.sign_off(Side.STAFF_SIDE)
    qtbot.waitUntil(
        lambda: (
            other.tree_data.summary.cycle.status is CycleStatus.SIGNED_OFF
            and not other.runner.is_busy()
        ),
        timeout=WAIT_MS,
    )
    assert other.status.text().startswith("Signed off")

    page.refresh()
    qtbot.waitUntil(
        lambda: (
            page.tree_data.summary.cycle.status is CycleStatus.SIGNED_OFF
            and not page.runner.is_busy()
        ),
        timeout=WAIT_MS,
    )
    view = page.tree_data.domains[0].ratings[0]
    page.select_rating(view.id)
    qtbot.waitUntil(
        lambda: page.editor.detail is not None and page.editor.detail.rating.id == view.id,
        timeout=WAIT_MS,
    )
    assert page.editor.read_only and "signed off by both sides" in page.editor.reason.text()
    assert not page.editor.add_file_button.isEnabled()


def test_adding_a_file_shows_a_new_evidence_row(
    open_page: Any, lead: Any, qtbot: Any, tmp_path: Path
) -> None:
    page = open_page(lead)
    view = page.tree_data.domains[0].ratings[0]
    page.select_rating(view.id)
    qtbot.waitUntil(
        lambda: page.editor.detail is not None and page.editor.detail.rating.id == view.id,
        timeout=WAIT_MS,
    )
    before = len(page.editor.detail.evidence)
    note = tmp_path / "joint committee minutes.txt"
    note.write_text("Minutes of the joint committee.", encoding="utf-8")
    page.editor.add_file(note)
    qtbot.waitUntil(
        lambda: not page.editor.runner.is_busy() and len(page.editor.detail.evidence) == before + 1,
        timeout=WAIT_MS,
    )
    rows = [page.editor.evidence.item(i).text() for i in range(page.editor.evidence.count())]
    assert any("joint committee minutes" in row for row in rows)
    page.editor.evidence.setCurrentRow(
        rows.index(next(r for r in rows if "joint committee minutes" in r))
    )
    added = page.editor.selected_evidence()
    assert added.kind == "file"
    assert (
        lead.assessment().evidence_path(added.id).read_text(encoding="utf-8").startswith("Minutes")
    )


# ------------------------------------------------------------ charts and loading a standard
def test_view_modules_do_not_import_reportlab_at_import_time() -> None:
    """reportlab is imported only inside the function that draws a chart (after showing)."""
    import ast

    import vpr_desktop.views.assessment as package

    for name in ("page", "charts", "compare", "standard_load"):
        tree = ast.parse((Path(package.__file__).parent / f"{name}.py").read_text("utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        modules = [a.name for n in top if isinstance(n, ast.Import) for a in n.names] + [
            n.module or "" for n in top if isinstance(n, ast.ImportFrom)
        ]
        assert not [
            m
            for m in modules
            if m.split(".")[0] in ("reportlab", "PIL")
            or m in ("vpr_desktop.reports.charts", "vpr_desktop.services.packs.sections_assessment")
        ], name


def test_the_progress_chart_summary_equals_summary_per_domain(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    summary = lead.assessment().summary(current_id(lead))
    labels = {level.id: level.label for level in summary.scale}
    expected = [
        f"{d.code}. {d.title}: "
        + ", ".join(
            f"{labels[r]} {d.counts.of(r)}" for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED)
        )
        for d in summary.domains
    ]
    chart = page.progress_chart
    assert chart.summary_lines() == expected
    assert chart.png is None and not chart.isVisible()  # nothing drawn while unseen
    page.tabs.setCurrentWidget(chart)
    qtbot.waitUntil(lambda: chart.png is not None, timeout=WAIT_MS)
    assert chart.png.startswith(b"\x89PNG")
    assert chart.picture.pixmap() is not None and not chart.picture.pixmap().isNull()
    assert chart.picture.accessibleName().startswith("Chart: Ratings by domain")


def test_the_compare_chart_counts_equal_compare(open_page: Any, lead: Any, qtbot: Any) -> None:
    from vpr_desktop.domain.standard_library import Change

    page = open_page(lead)
    page.tabs.setCurrentWidget(page.compare)
    qtbot.waitUntil(
        lambda: page.compare.comparison is not None and page.compare.chart.png is not None,
        timeout=WAIT_MS,
    )
    a, b = page.compare.cycle_a.currentData(), page.compare.cycle_b.currentData()
    counts = lead.assessment().compare(a, b).change_counts
    assert page.compare.chart.summary_lines() == [
        f"{word} {counts.get(change, 0)}"
        for word, change in (
            ("Improved", Change.IMPROVED),
            ("Declined", Change.DECLINED),
            ("Unchanged", Change.UNCHANGED),
            ("New", Change.NEW),
        )
    ]


def test_load_standard_previews_checks_without_writing_then_loads(
    open_page: Any, lead: Any, qtbot: Any, tmp_path: Path
) -> None:
    sheet = tmp_path / "trust-standard.csv"
    sheet.write_text(
        "domain,code,text,guidance\n"
        "1,1.1,Leaders own the plan,Board minutes\n"
        "1,1.2,Staff side are partners,Joint meeting notes\n"
        "2,2.1,Policies are in date,Policy register\n",
        encoding="utf-8",
    )
    page = open_page(lead)
    assert page.load_standard_button.isVisibleTo(page)
    dialog = page.open_load_standard()
    qtbot.addWidget(dialog)

    def settled() -> bool:
        return not dialog.runner.is_busy()

    dialog.set_path(sheet)
    qtbot.waitUntil(lambda: dialog.layout_info is not None and settled(), timeout=WAIT_MS)
    dialog.next()  # a CSV file has no sheet to choose: straight to the columns
    qtbot.waitUntil(lambda: dialog.preview is not None and settled(), timeout=WAIT_MS)
    assert dialog.step_label.text() == "Step 3 of 4: Columns"
    assert dialog.preview.ok
    rows = dialog.preview_rows()
    assert len(rows) == 3
    assert "1.1" in rows[0] and "Leaders own the plan" in rows[0]
    assert dialog.combos["code"].currentText() == "code"
    before = [e.edition for e in lead.standards().list_editions()]
    dialog.next()
    qtbot.waitUntil(lambda: dialog.load_result is not None and settled(), timeout=WAIT_MS)
    dialog.edition_box.setCurrentText("A new edition")
    assert dialog.new_name.isVisibleTo(dialog)
    dialog.new_name.setText("Trust 2027")
    dialog.title.setText("Trust working standard 2027")
    dialog.publisher.setText("Test trust")
    assert not dialog.load_button.isEnabled()
    dialog.load_result = None
    dialog.check()
    qtbot.waitUntil(lambda: dialog.load_result is not None and settled(), timeout=WAIT_MS)
    assert dialog.load_result.dry_run and dialog.load_result.ok, dialog.outcome.text()
    assert "would be created" in dialog.outcome.text()
    assert dialog.domains_shown() == ["1 Domain 1", "2 Domain 2"]
    assert [e.edition for e in lead.standards().list_editions()] == before
    assert dialog.load_button.isEnabled()
    dialog.load()
    qtbot.waitUntil(lambda: not dialog.load_result.dry_run and settled(), timeout=WAIT_MS)
    assert dialog.load_result.ok, dialog.outcome.text()
    assert "trust-2027" in [e.edition for e in lead.standards().list_editions()]
    assert not dialog.load_button.isEnabled()
    assert "was created" in page.message.text()


def test_load_standard_needs_import_rights(
    open_page: Any, lead: Any, services_as: Any, actor_with: Any
) -> None:
    rep = services_as(lead, actor_with(Role.STAFF_SIDE_REP))
    page = open_page(rep)
    assert not page.load_standard_button.isVisibleTo(page)
    assert page.open_load_standard() is None


def open_crosswalk(qtbot: Any, page: AssessmentPage) -> Any:
    panel = page.crosswalk
    assert panel.items is None  # lazy: nothing loaded until the tab is shown
    page.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.items is not None and not panel.runner.is_busy(), timeout=WAIT_MS)
    return panel


def test_crosswalk_tab_lists_every_link_and_confirms_one(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    panel = open_crosswalk(qtbot, page)
    items = lead.standards().crosswalk()
    assert items and panel.row_count() == len(items)
    assert panel.confirm_button.isVisibleTo(page)
    target = next(i for i in items if not i.confirmed)
    assert panel.state_of(target.id) == "Proposed — not confirmed"
    panel.select_links([target.id])
    panel.confirm_selected()
    qtbot.waitUntil(
        lambda: not panel.runner.is_busy() and panel.state_of(target.id).startswith("Confirmed"),
        timeout=WAIT_MS,
    )
    after = {i.id: i for i in lead.standards().crosswalk()}
    assert after[target.id].confirmed
    assert after[target.id].confirmed_by in panel.state_of(target.id)
    panel.select_links([target.id])
    panel.unconfirm_selected()
    qtbot.waitUntil(
        lambda: (
            not panel.runner.is_busy() and panel.state_of(target.id) == "Proposed — not confirmed"
        ),
        timeout=WAIT_MS,
    )
    assert not {i.id: i for i in lead.standards().crosswalk()}[target.id].confirmed


def test_crosswalk_is_read_only_for_the_staff_side(
    open_page: Any, lead: Any, qtbot: Any, services_as: Any, actor_with: Any
) -> None:
    rep = services_as(lead, actor_with(Role.STAFF_SIDE_REP, name="Staff Rep"))
    page = open_page(rep)
    panel = open_crosswalk(qtbot, page)
    assert panel.row_count() == len(rep.standards().crosswalk())
    for button in (panel.confirm_button, panel.unconfirm_button, panel.confirm_all_button):
        assert not button.isVisibleTo(page)


def test_a_staff_side_rep_writes_the_statement_on_the_page(
    open_page: Any, lead: Any, qtbot: Any, services_as: Any, actor_with: Any
) -> None:
    from vpr_desktop.services.assessment.statement import read_statement

    assert open_page(lead).statement is None  # the lead has no place to write it
    rep = services_as(lead, actor_with(Role.STAFF_SIDE_REP, name="Staff Rep"))
    page = open_page(rep)
    panel = page.statement
    assert panel is not None
    assert page.tabs.indexOf(panel) >= 0
    cycle_id = page.cycle_box.currentData()
    qtbot.waitUntil(
        lambda: panel.cycle_id == cycle_id and not panel.runner.is_busy(), timeout=WAIT_MS
    )
    assert panel.written.text() == "No statement written on this cycle yet."
    assert panel.editor.accessibleName() and panel.save_button.accessibleName()
    panel.editor.setPlainText("The staff side agrees the ratings.\nWith one reservation.")
    panel.save()
    qtbot.waitUntil(lambda: panel.message.text() == "Statement saved.", timeout=WAIT_MS)
    saved = read_statement(rep.db, rep.actor, cycle_id)
    assert saved is not None
    assert saved.text == "The staff side agrees the ratings.\nWith one reservation."
    assert panel.written.text().startswith("Written by Staff Rep on ")


def test_the_editor_gets_most_of_the_width_and_the_split_is_remembered(
    qtbot: Any, open_page: Any, lead: Any, settings: Any
) -> None:
    """Issue 18: at 1366x768 (less the sidebar) the editor has room; the tree reads the
    indicator's wording first; dragging the split is kept for the next time."""
    from vpr_desktop.views.assessment.page import SETTINGS_SPLITTER

    page = open_page(lead, (1366 - 200, 700))
    idle(qtbot, page)  # the chosen indicator's detail decides whether the page scrolls
    tree_width, editor_width = page.splitter.sizes()
    assert editor_width > tree_width
    domain = page.model.item(0, 0)
    first = domain.child(0, 0)
    code = first.toolTip().split(":")[0]
    assert first.text().endswith(f"({code})") and not first.text().startswith(code)
    # Whether either page shows its vertical scroll bar when measured depends on how far its
    # background loads have got (CI has seen 498 against 505), and the tree's stretch share of
    # that bar's width moves the split by a few pixels. So "remembered" is: within one scroll
    # bar's width of the dragged split, and the default is much further away than that.
    bar = page.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    assert abs(tree_width - 500) > 3 * bar
    page.splitter.setSizes([500, 600])
    page.splitter.splitterMoved.emit(500, 1)
    assert settings.value(SETTINGS_SPLITTER) is not None
    again = open_page(lead, (1366 - 200, 700))
    idle(qtbot, again)
    assert abs(again.splitter.sizes()[0] - page.splitter.sizes()[0]) <= bar
