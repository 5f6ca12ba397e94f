"""The building blocks pages share instead of copying: a widget's column of items, a spoken
button, the scroll area, the save-file question, the list export, the role check of a menu
command, the quiet read and the one-shot write, the read-only table cells and headings, and
the dialog that waits for its caller's save."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.views.common import dialogs
from vpr_desktop.views.common import export
from vpr_desktop.views.common.form import WaitsForSave
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.table_model import cell_alignment
from vpr_desktop.views.common.table_model import column_heading
from vpr_desktop.views.common.table_model import selectable_flags
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner

# ---------------------------------------------------------------------- layouts and buttons


def test_vertical_stacks_widgets_layouts_stretches_in_order(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    first, grows = label("first", host), label("grows", host)
    nested = QHBoxLayout()
    layout = vertical(host, first, (grows, 3), 2, nested, margins=(1, 2, 3, 4), spacing=5)
    assert layout.parentWidget() is host
    assert layout.itemAt(0).widget() is first
    assert layout.itemAt(1).widget() is grows and layout.stretch(1) == 3
    assert layout.itemAt(2).spacerItem() is not None and layout.stretch(2) == 2
    assert layout.itemAt(3).layout() is nested
    margins = layout.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (1, 2, 3, 4)
    assert layout.spacing() == 5
    # Nothing given: the style's own margins and spacing are left as they are.
    plain, styled = QWidget(host), QWidget(host)
    assert vertical(plain).spacing() == QVBoxLayout(styled).spacing()


def test_a_spoken_button_says_its_sentence_and_runs_its_slot(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    pressed: list[str] = []
    button = push_button("Remove", host, lambda: pressed.append("x"), spoken="Remove the claim")
    assert isinstance(button, QPushButton) and button.parent() is host
    assert button.text() == "Remove" and button.accessibleName() == "Remove the claim"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == ["x"]


def test_scrolling_names_the_area_and_may_forbid_sideways(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    page = scrolling(QWidget(), host)
    panel = scrolling(QWidget(), host, name="detailScroll", sideways=False)
    plain = scrolling(QWidget(), host, name="")
    assert isinstance(panel, QScrollArea) and panel.widgetResizable()
    assert page.objectName() == "pageScroll" and panel.objectName() == "detailScroll"
    assert plain.objectName() == ""
    assert page.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert panel.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert panel.focusPolicy() == Qt.FocusPolicy.NoFocus


# ---------------------------------------------------------------------- saving a file


def _answer_save_dialog(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[str]:
    """Answer the save dialog with ``answer``; returns the starting paths it was given."""
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def fake(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return answer, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_the_save_question_adds_the_ending_and_keeps_the_folder(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    chosen = tmp_path / "exports" / "mine"
    asked = _answer_save_dialog(monkeypatch, str(chosen))
    path = export.ask_save_path(
        host, "Export", "log-2026.xlsx", "Excel (*.xlsx)", settings=settings, folder_key="k/dir"
    )
    assert path == tmp_path / "exports" / "mine.xlsx"
    assert asked == [str(Path.home() / "log-2026.xlsx")]  # first time: home
    assert settings.value("k/dir") == str(tmp_path / "exports")

    asked.clear()
    export.ask_save_path(
        host, "Export", "log-2026.xlsx", "Excel (*.xlsx)", settings=settings, folder_key="k/dir"
    )
    assert asked == [str(tmp_path / "exports" / "log-2026.xlsx")]  # where it was left


def test_the_save_question_starts_where_told_and_may_be_cancelled(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    asked = _answer_save_dialog(monkeypatch, str(tmp_path / "names.CSV"))
    assert export.ask_save_path(host, "Save", "names.csv", "CSV (*.csv)") == tmp_path / "names.CSV"
    export.ask_save_path(host, "Save", "t.xlsx", "Excel (*.xlsx)", start_in=tmp_path)
    assert asked == ["names.csv", str(tmp_path / "t.xlsx")]
    _answer_save_dialog(monkeypatch, "")
    assert export.ask_save_path(host, "Save", "names.csv", "CSV (*.csv)") is None


def test_rows_job_takes_the_request_now_and_says_what_it_writes(tmp_path: Path) -> None:
    from types import SimpleNamespace

    model: Any = SimpleNamespace(request="filters, search and order", total=3)
    target = tmp_path / "log.xlsx"
    written: list[tuple[object, Path]] = []
    job = export.rows_job(
        model, target, lambda r, t: written.append((r, t)) or "saved", lambda n: f"{n} rows"
    )
    model.request, model.total = "changed since", 99  # the job must not read the model again
    said: list[tuple[int, str]] = []
    assert job(lambda pct, text: said.append((pct, text)), lambda: False) == "saved"
    assert said == [(-1, "Writing 3 rows to log.xlsx…")]
    assert written == [("filters, search and order", target)]


def test_an_export_holds_its_buttons_then_says_what_it_saved(qtbot: Any, tmp_path: Path) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    runner = JobRunner(page)
    buttons = [QPushButton("CSV", page), QPushButton("Excel", page)]
    note = QLabel(page)
    gate = threading.Event()
    after: list[str] = []

    def job(_progress: Any, _cancelled: Any) -> int:
        gate.wait(5)
        return 3

    export.run_export(
        page,
        runner,
        job,
        label="Exporting…",
        target=tmp_path / "out.csv",
        buttons=buttons,
        note=note,
        saved=lambda n: f"Saved {n} rows",
        after=lambda: after.append("refreshed"),
    )
    assert not any(b.isEnabled() for b in buttons) and note.isHidden()
    gate.set()
    qtbot.waitUntil(lambda: after == ["refreshed"], timeout=5000)
    assert all(b.isEnabled() for b in buttons)
    assert note.text() == "Saved 3 rows" and note.accessibleName() == "Saved 3 rows"
    assert not note.isHidden()


def test_a_failed_export_gives_the_buttons_back_and_reports(qtbot: Any, tmp_path: Path) -> None:
    from vpr_desktop.domain.errors import ValidationError

    page = QWidget()
    qtbot.addWidget(page)
    runner = JobRunner(page)
    button = QPushButton("Export", page)
    note = QLabel(page)

    def job(_progress: Any, _cancelled: Any) -> None:
        raise ValidationError("The folder is read-only.", "Choose another folder.")

    export.run_export(
        page,
        runner,
        job,
        label="Exporting…",
        target=tmp_path / "out.xlsx",
        buttons=[button],
        note=note,
        saved=str,
    )
    qtbot.waitUntil(lambda: button.isEnabled(), timeout=5000)
    assert note.isHidden()
    kind, _title, text = dialogs.recent[-1]
    assert kind == "error" and "The folder is read-only." in text


# ---------------------------------------------------------------------- menu commands


def test_a_menu_command_runs_only_for_a_role_that_may(
    qtbot: Any, empty_services: Any, services_as: Any, actor_with: Any
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    assert dialogs.services_if_allowed(None, Permission.IMPORT_DATA, "T", "No.", host) is None
    assert len(dialogs.recent) == 0  # no database open: nothing to say
    allowed = dialogs.services_if_allowed(
        empty_services, Permission.IMPORT_DATA, "Import", "Your role may not import.", host
    )
    assert allowed is empty_services  # the person who made the database is its admin
    secretary = services_as(empty_services, actor_with(Role.BOARD_SECRETARY))
    refused = dialogs.services_if_allowed(
        secretary, Permission.IMPORT_DATA, "Import", "Your role may not import.", host
    )
    assert refused is None
    kind, title, text = dialogs.recent[-1]
    assert (kind, title) == ("message", "Import")
    assert "Your role may not import." in text and "Ask the VPR lead." in text


# ---------------------------------------------------------------------- background work


def test_a_quiet_read_posts_nothing_and_a_write_says_its_note(qtbot: Any) -> None:
    runner = JobRunner()
    qtbot.addWidget(runner)
    notes: list[str] = []
    runner.note.connect(notes.append)
    read: list[int] = []
    runner.read(lambda: 41 + 1, label="Loading…", on_done=read.append)
    qtbot.waitUntil(lambda: read == [42], timeout=5000)
    assert notes == []

    runner.write(lambda: "written", label="Saving…", on_done=read.append, done_note="Saved")
    qtbot.waitUntil(lambda: read == [42, "written"], timeout=5000)
    assert notes[-1] == "Saved"


# ---------------------------------------------------------------------- tables and dialogs


def test_table_cells_select_but_never_edit_and_headings_answer_by_role() -> None:
    assert selectable_flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    from PySide6.QtGui import QStandardItemModel

    model = QStandardItemModel(1, 1)
    flags = selectable_flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert not flags & Qt.ItemFlag.ItemIsEditable
    right = cell_alignment(right=True)
    assert right == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert cell_alignment(right=False) & Qt.AlignmentFlag.AlignLeft
    for role, expected in (
        (Qt.ItemDataRole.DisplayRole, "Due"),
        (Qt.ItemDataRole.AccessibleTextRole, "Due"),
        (Qt.ItemDataRole.ToolTipRole, "Sort by due"),
        (Qt.ItemDataRole.TextAlignmentRole, right),
        (Qt.ItemDataRole.FontRole, None),
    ):
        assert column_heading("Due", "Sort by due", right, role) == expected


class _Asking(QDialog, WaitsForSave):
    """The smallest dialog that waits for its caller's save."""

    def __init__(self) -> None:
        super().__init__()
        self.problem = QLabel(self)
        self.confirm = QPushButton("Save", self)

    def update_state(self) -> None:
        self.confirm.setEnabled(not self._busy)


def test_a_dialog_waits_for_the_save_then_closes_or_says_why(qtbot: Any) -> None:
    dialog = _Asking()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.problem.setText("old")
    dialog.start_saving()
    assert not dialog.confirm.isEnabled() and dialog.problem.isHidden()
    dialog.failed("Someone else saved first.")
    assert dialog.confirm.isEnabled() and dialog.problem.text() == "Someone else saved first."
    assert dialog.isVisible()  # what was typed stays
    dialog.start_saving()
    dialog.done_ok()
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_an_attempt_says_a_refusal_and_raises_a_bug() -> None:
    from vpr_desktop.domain.errors import ValidationError

    said: list[str] = []
    assert dialogs.attempt(lambda: 7, said.append) == 7 and said == []

    def refused() -> int:
        raise ValidationError("The incident was deleted.", "Refresh the list.")

    assert dialogs.attempt(refused, said.append) is None
    assert said == ["The incident was deleted. Refresh the list."]

    def bug() -> int:
        raise KeyError("no such column")

    with pytest.raises(KeyError):
        dialogs.attempt(bug, said.append)
