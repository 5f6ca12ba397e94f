"""File > Export anonymised return…: the dialog's controls, and the return written in the
background by the same function as the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox

from vpr_desktop.views.system import return_dialog
from vpr_desktop.views.system.return_dialog import ReturnDialog


def test_the_dialog_names_every_control_and_defaults_to_the_last_financial_year(
    qtbot: Any,
) -> None:
    dialog = ReturnDialog(today=dt.date(2026, 6, 30))
    qtbot.addWidget(dialog)
    assert dialog.period_from.date().toString("yyyy-MM-dd") == "2025-04-01"
    assert dialog.period_to.date().toString("yyyy-MM-dd") == "2026-03-31"
    for edit in (dialog.trust_code, dialog.period_from, dialog.period_to, dialog.file):
        assert edit.accessibleName()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.trust_code.setText("rxa")
    dialog.file.setText("/tmp/r.json")
    assert ok.isEnabled()
    request, path = dialog.request()
    assert (request.trust_code, request.period_from, path) == (
        "RXA",
        dt.date(2025, 4, 1),
        Path("/tmp/r.json"),
    )


def test_the_file_menu_writes_the_return_in_the_background(
    make_window: Any,
    demo_copy: Path,
    tmp_path: Path,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    services = build_services(open_database(demo_copy))
    target = tmp_path / "ret.json"

    def accept(self: ReturnDialog) -> int:
        self.trust_code.setText("RXA")
        self.file.setText(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReturnDialog, "exec", accept)
    try:
        window = make_window(services)
        window.ensure_setup()
        action = next(a for a in window.file_menu.actions() if "anonymised" in a.text())
        action.trigger()
        qtbot.waitUntil(
            lambda: window.note_label.full_text().startswith("Return saved"), timeout=30000
        )
        assert "ret.json and ret.csv" in window.note_label.full_text()
        document = json.loads(target.read_text(encoding="utf-8"))
        assert document["trust_code"] == "RXA"
        assert return_dialog.JSON_FILTER == "Return (*.json)"
    finally:
        services.close()
