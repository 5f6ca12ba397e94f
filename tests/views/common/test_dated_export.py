"""The dated export question shared by the action log and the audit trail: the suggested
name carries today's date, the dialog starts in the folder kept under the page's key, and the
rows are exported to the place chosen (nothing when the person cancels)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dated_export import DatedExport
from vpr_desktop.views.common.dated_export import dated_name


class Exporting(DatedExport, QWidget):
    EXPORT_DIR_KEY = "pages/test/export_dir"

    def __init__(self, settings: QSettings | None) -> None:
        super().__init__()
        self.settings = settings
        self.exported: list[Path] = []

    def export_to(self, path: str | Path) -> None:
        self.exported.append(Path(path))


def _answer(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[tuple[str, str, str]]:
    asked: list[tuple[str, str, str]] = []

    def fake(_parent: Any, title: str, start: str, file_filter: str) -> tuple[str, str]:
        asked.append((title, start, file_filter))
        return answer, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_the_name_is_the_stem_the_day_and_the_ending() -> None:
    assert dated_name("action-log", ".xlsx", dt.date(2026, 3, 9)) == "action-log-2026-03-09.xlsx"
    assert dated_name("audit-trail", ".csv", dt.date(2026, 12, 7)) == "audit-trail-2026-12-07.csv"


def test_the_page_asks_with_the_dated_name_then_exports_there(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    page = Exporting(settings)
    qtbot.addWidget(page)
    asked = _answer(monkeypatch, str(tmp_path / "out" / "mine"))
    page.ask_dated_export("Export the log", "action-log", ".xlsx", "Excel (*.xlsx)")
    today = dt.date.today().isoformat()
    assert asked == [
        ("Export the log", str(Path.home() / f"action-log-{today}.xlsx"), "Excel (*.xlsx)")
    ]
    assert page.exported == [tmp_path / "out" / "mine.xlsx"]
    assert settings.value("pages/test/export_dir") == str(tmp_path / "out")


def test_nothing_is_exported_when_the_person_cancels(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = Exporting(None)
    qtbot.addWidget(page)
    asked = _answer(monkeypatch, "")
    page.ask_dated_export("Export CSV", "audit-trail", ".csv", "CSV (*.csv)")
    assert asked == [
        ("Export CSV", f"audit-trail-{dt.date.today().isoformat()}.csv", "CSV (*.csv)")
    ]
    assert page.exported == []
