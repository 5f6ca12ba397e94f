"""The Packs page on a private copy of the demo trust: presets, a real board pack generated in
the background, cancel, permissions and accessible names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.views.packs.dialog import NewPackDialog
from vpr_desktop.views.packs.page import PacksPage
from vpr_desktop.views.packs.periods import financial_year_to_date
from vpr_desktop.views.packs.periods import last_month
from vpr_desktop.views.packs.periods import last_quarter
from vpr_desktop.views.packs.periods import period_problem

WAIT_MS = 60000
TODAY = dt.date(2026, 11, 25)


# ---------------------------------------------------------------------- presets (pure)


def test_presets_for_a_fixed_today() -> None:
    assert last_month(TODAY) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert last_quarter(TODAY) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    # Financial year to date runs to today inclusive (the pack's "data as at").
    assert financial_year_to_date(TODAY) == (dt.date(2026, 4, 1), TODAY)


@pytest.mark.parametrize(
    ("today", "month", "quarter", "fy_start"),
    [
        (
            dt.date(2026, 1, 15),
            (dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
            (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
            dt.date(2025, 4, 1),
        ),
        (
            dt.date(2026, 3, 31),
            (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
            (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
            dt.date(2025, 4, 1),
        ),
        (
            dt.date(2026, 4, 1),
            (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
            (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
            dt.date(2026, 4, 1),
        ),
    ],
)
def test_presets_across_year_and_financial_year_ends(
    today: dt.date, month: Any, quarter: Any, fy_start: dt.date
) -> None:
    assert last_month(today) == month
    assert last_quarter(today) == quarter
    assert financial_year_to_date(today) == (fy_start, today)


def test_custom_period_problems_in_words() -> None:
    assert "before the start" in period_problem(TODAY, TODAY - dt.timedelta(days=1), TODAY)
    assert "after today" in period_problem(
        TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2), TODAY
    )
    assert period_problem(dt.date(2026, 1, 1), dt.date(2026, 3, 31), TODAY) == ""


# ---------------------------------------------------------------------- fixtures


@pytest.fixture
def open_page(opened: Any, qtbot: Any) -> Any:
    def make(services: Any, size: tuple[int, int] = (1280, 760)) -> PacksPage:
        page = opened(PacksPage, "packs", services, size)
        qtbot.waitUntil(lambda: page._loaded, timeout=WAIT_MS)
        return page

    return make


def secretary(lead: Any, services_as: Any, actor_with: Any) -> Any:
    return services_as(lead, actor_with(Role.BOARD_SECRETARY, name="Board secretary"))


# ---------------------------------------------------------------------- dialog


def test_dialog_presets_fill_the_dates(qtbot: Any, lead: Any, settings: Any) -> None:
    dialog = NewPackDialog(lead.actor, settings=settings, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.period() == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert not dialog.start.isEnabled()
    dialog.set_preset("fy_to_date")
    assert dialog.period() == (dt.date(2026, 4, 1), TODAY)
    dialog.set_preset("last_quarter")
    assert dialog.period() == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    dialog.set_preset("custom")
    assert dialog.start.isEnabled()
    dialog.start.setDate(dt.date(2026, 9, 1))
    dialog.end.setDate(dt.date(2026, 8, 1))
    assert not dialog.generate.isEnabled()
    assert "before the start" in dialog.period_error.text()
    dialog.end.setDate(dt.date(2026, 9, 30))
    assert dialog.generate.isEnabled()
    # Front sheet defaults follow the period and kind until edited.
    assert "1 September 2026 to 30 September 2026" in dialog.title.text()
    request = dialog.request()
    request.check()
    assert request.kind == "committee" and request.period_to == dt.date(2026, 9, 30)


def test_a_board_secretary_can_choose_only_board(
    qtbot: Any, lead: Any, services_as: Any, actor_with: Any, open_page: Any
) -> None:
    page = open_page(secretary(lead, services_as, actor_with))
    dialog = page.new_pack()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == ["board"]
    assert dialog.request().kind == "board"
    dialog.kind.setCurrentIndex(0)
    assert dialog.title.text().startswith("Violence prevention and reduction: assurance")


# ---------------------------------------------------------------------- generating


def test_generating_a_board_pack_writes_a_pdf_and_adds_to_history(
    qtbot: Any, lead: Any, open_page: Any, tmp_path: Path, settings: Any
) -> None:
    page = open_page(lead)
    before = page.table.rowCount() if page.entries else 0
    dialog = page.new_pack("board")
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.set_preset("last_quarter")
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    out = tmp_path / "packs out"  # created by the job
    dialog.folder.setText(str(out))
    # A board pack needs the author's level of assurance: the figures only suggest one.
    assert not dialog.generate.isEnabled()
    dialog.accept()
    assert page.last_result is None and not page.runner.is_busy()
    assert "suggested:" in dialog.assurance_hint.text()  # loaded with the history
    assert dialog.assurance.currentIndex() == -1
    dialog.assurance.setCurrentIndex(dialog.assurance.findData("limited"))
    assert dialog.generate.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: page.last_result is not None or bool(page.last_error), timeout=WAIT_MS)
    assert not page.last_error
    files = page.last_result.files
    assert page.last_result.pack.front.assurance_level.value == "limited"
    assert [f.file_format for f in files] == ["pdf"]
    assert files[0].path.parent == out
    assert files[0].path.read_bytes().startswith(b"%PDF")
    assert page.result.isVisible()
    assert files[0].sha256 in "\n".join(
        w.text()
        for w in page.result.findChildren(QWidget)
        if hasattr(w, "text") and isinstance(w.text(), str)
    )
    qtbot.waitUntil(lambda: len(page.entries) == before + 1, timeout=WAIT_MS)
    assert page.table.rowCount() == before + 1
    assert page.table.item(0, 0).text() == "Board"
    assert settings.value("packs/output_dir") == str(out)

    # "Save a copy as presented" hands back the archived bytes unchanged.
    copies = tmp_path / "copies"
    page.table.selectRow(0)
    assert page.save_copy.isEnabled()
    page.save_copy_as_presented(page.selected_entry(), copies)
    qtbot.waitUntil(lambda: bool(getattr(page, "copied", None)), timeout=WAIT_MS)
    assert page.copied[0].read_bytes() == files[0].path.read_bytes()


def test_cancel_leaves_no_file(qtbot: Any, lead: Any, open_page: Any, tmp_path: Path) -> None:
    from vpr_desktop.services.packs.context import PackRequest

    page = open_page(lead)
    before = len(page.entries)
    out = tmp_path / "cancelled"
    out.mkdir()
    page.generate(
        PackRequest("board", dt.date(2025, 4, 1), dt.date(2025, 6, 30)), out, ("pdf", "xlsx")
    )
    page.cancel()
    qtbot.waitUntil(lambda: not page.runner.is_busy(), timeout=WAIT_MS)
    assert page.last_result is None
    assert page.result_heading.text() == "Pack cancelled"
    assert list(out.iterdir()) == []
    page.reload()
    qtbot.waitUntil(lambda: not page.history_runner.is_busy(), timeout=WAIT_MS)
    assert len(page.entries) == before


def test_a_known_problem_is_shown_in_words(
    qtbot: Any, lead: Any, open_page: Any, tmp_path: Path
) -> None:
    from vpr_desktop.services.packs.context import PackRequest

    page = open_page(lead)
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    page.generate(
        PackRequest("board", dt.date(2025, 4, 1), dt.date(2025, 6, 30)), blocker / "sub", ("pdf",)
    )
    qtbot.waitUntil(lambda: bool(page.last_error), timeout=WAIT_MS)
    assert "could not be created" in page.last_error
    assert "Traceback" not in page.result_text.text()


# ---------------------------------------------------------------------- accessibility


def test_every_focusable_widget_has_an_accessible_name(
    qtbot: Any, lead: Any, open_page: Any
) -> None:
    page = open_page(lead)
    dialog = page.new_pack()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    missing = [
        f"{type(w).__name__} {w.objectName()}"
        for root in (page, dialog)
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
    ]
    assert not missing, missing


def test_with_no_history_the_notice_sits_under_the_headings(
    open_page: Any, empty_services: Any
) -> None:
    page = open_page(empty_services)
    assert page.empty.isVisibleTo(page) and not page.table.isVisibleTo(page)
    assert "No packs yet" in page.empty.text() and "Choose New pack…" in page.empty.text()
    # The space below goes under the notice, not between the title and the headings.
    assert page.empty.geometry().bottom() < page.height() // 2


def test_in_a_preview_the_empty_history_says_why_no_pack_can_be_made(
    open_page: Any, empty_services: Any
) -> None:
    """New pack… is greyed in a View as role preview, so the empty state must not invite
    the person to choose it: it says why instead, as the button's tooltip does."""
    page = open_page(empty_services.viewing_as(Role.VPR_LEAD))
    assert page.empty.isVisibleTo(page) and not page.new_button.isEnabled()
    text = page.empty.text()
    assert "Choose New pack…" not in text
    assert "No pack can be generated here now. View as role is a read-only preview" in text
    assert page.new_button.toolTip() in text
