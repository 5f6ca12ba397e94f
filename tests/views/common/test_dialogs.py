"""Known errors get plain words and a next step; bugs get a reference, a log and Copy."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from vpr_desktop.domain.errors import NewerSchemaError
from vpr_desktop.views import app_log
from vpr_desktop.views import crash
from vpr_desktop.views.common import about_dialog
from vpr_desktop.views.common import crash_dialog
from vpr_desktop.views.common import dialogs


def newer_schema() -> NewerSchemaError:
    return NewerSchemaError(
        "vpr.db uses database schema 0009, which is newer than this VPR Desktop.",
        "Install the newer VPR Desktop your trust uses, or open a different database. "
        "The file has not been changed.",
    )


def test_known_error_dialog_says_what_happened_and_what_to_do(qtbot: Any) -> None:
    dialog = dialogs.build_error_dialog(newer_schema())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Database is from a newer VPR Desktop"
    text = dialog.text()
    assert "newer than this VPR Desktop" in text
    assert "What to do next: Install the newer VPR Desktop" in text
    assert "Traceback" not in text
    ok = [b for b in dialog.findChildren(QPushButton) if b.isDefault()]
    assert ok and ok[0].accessibleName()


def test_headless_switch_logs_instead_of_blocking(qtbot: Any, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger="vpr_desktop.views.common.dialogs"):
        dialog = dialogs.show_error(newer_schema())
    qtbot.addWidget(dialog)
    assert not dialog.isVisible()
    assert dialogs.recent[-1][:2] == ("error", "Database is from a newer VPR Desktop")
    assert "newer than this VPR Desktop" in caplog.text


def test_crash_dialog_has_reference_log_details_and_copy(qtbot: Any) -> None:
    details = "Reference: VPR-ABC123\nVPR Desktop: 0.1.0\n\nTraceback (most recent call last):"
    dialog = crash_dialog.build_crash_dialog("VPR-ABC123", Path("/logs/vpr-desktop.log"), details)
    qtbot.addWidget(dialog)
    assert dialog.reference_label.text() == "Reference: VPR-ABC123"
    assert "/logs/vpr-desktop.log" in dialog.log_label.text()
    assert dialog.details_box.isReadOnly()
    assert dialog.details_box.toPlainText() == details
    assert dialog.copy_button.text() == "Copy details"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details
    assert dialog.copy_button.text() == "Copied"


def test_a_bug_is_logged_under_a_reference_and_shown(qtbot: Any) -> None:
    try:
        raise RuntimeError("unexpected state")
    except RuntimeError as exc:
        reference = crash.report_exception(type(exc), exc, exc.__traceback__)
    assert reference.startswith("VPR-") and len(reference) == 10
    kind, title, text = dialogs.recent[-1]
    assert (kind, title, text) == ("crash", crash_dialog.CRASH_HEADING, f"Reference: {reference}")
    log_file = app_log.log_path()
    assert log_file is not None and log_file.exists()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert reference in logged and "RuntimeError: unexpected state" in logged
    assert "PySide6:" in logged and "SQLite library:" in logged  # versions travel with it


def test_excepthook_routes_known_errors_to_the_plain_dialog(qtbot: Any) -> None:
    crash._excepthook(NewerSchemaError, newer_schema(), None)
    assert dialogs.recent[-1][:2] == ("error", "Database is from a newer VPR Desktop")


def test_about_names_versions_and_the_data_folder(qtbot: Any, empty_services: Any) -> None:
    dialog = about_dialog.show_about(empty_services)
    qtbot.addWidget(dialog)
    text = dialog.text()
    for label in (
        "VPR Desktop: 0.1.0",
        "Database schema: ",
        "Qt: ",
        "PySide6: ",
        "Python: ",
        "SQLite library: ",
        "Data folder: ",
    ):
        assert label in text
    assert f"Database schema: {empty_services.db.schema_revision}" in text


def test_open_held_keeps_the_dialog_while_it_is_open(qtbot: Any) -> None:
    from types import SimpleNamespace

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    owner = SimpleNamespace(asking=None)
    dialog = QDialog(parent)
    assert dialogs.open_held(owner, "asking", dialog) is dialog
    assert owner.asking is dialog
    assert dialog.isVisible() and dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.reject()
    assert owner.asking is None


def test_deleting_saved_choices_asks_by_name_and_promises_past_imports_stay(qtbot: Any) -> None:
    from dataclasses import dataclass

    from PySide6.QtWidgets import QWidget

    @dataclass(frozen=True)
    class Saved:
        name: str

    parent = QWidget()
    qtbot.addWidget(parent)
    deleted: list[Saved] = []
    asked = dialogs.confirm_delete_saved(parent, "Delete mapping", "mapping", None, deleted.append)
    assert asked is None and deleted == [] and not dialogs.recent  # nothing chosen: not asked

    monthly = Saved("Monthly")
    dialogs.confirm_delete_saved(parent, "Delete mapping", "mapping", monthly, deleted.append)
    assert dialogs.recent[-1] == (
        "confirm",
        "Delete mapping",
        "Delete the saved mapping 'Monthly'? Files already imported are not affected.",
    )
    assert deleted == [monthly]  # headless tests answer Yes
