"""The shared import dialog's one way of starting its background work
(views/common/import_dialog.py ``ImportDialog._start``): the check and the import are the same
job, said in their own words, failed and cancelled alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vpr_desktop.views.common.import_dialog import ImportDialog
from vpr_desktop.views.common.import_dialog import ImportSpec


def test_check_and_import_start_the_same_job_in_their_own_words(qtbot: Any) -> None:
    runs: list[tuple[Path, bool]] = []
    spec = ImportSpec("Import things", "Intro", "thing", lambda p, dry: runs.append((p, dry)))
    dialog = ImportDialog(None, spec=spec)
    qtbot.addWidget(dialog)
    started: list[dict[str, Any]] = []
    # Record what would run instead of running it (hence the ignore).
    dialog.runner.start = lambda job, **kw: started.append({"job": job, **kw})  # type: ignore[method-assign]

    dialog.path = Path("/tmp/things.csv")
    dialog.check()
    dialog.check_result = object()  # as if the check passed
    dialog.run_import()

    assert [(s["label"], s["done_note"]) for s in started] == [
        ("Checking things.csv…", "Checked things.csv"),
        ("Importing things.csv…", "Imported things.csv"),
    ]
    assert [s["on_done"] for s in started] == [dialog._checked, dialog._imported]
    for s in started:
        assert s["on_error"] == dialog._failed and s["on_cancelled"] == dialog._cancelled
        assert s["purpose"] == "write" and s["cancellable"] is False
        s["job"](None, None)
    assert runs == [(Path("/tmp/things.csv"), True), (Path("/tmp/things.csv"), False)]


def test_a_new_file_is_named_and_the_last_check_forgotten(qtbot: Any) -> None:
    spec = ImportSpec("Import things", "Intro", "thing", lambda p, dry: None)
    dialog = ImportDialog(None, spec=spec)
    qtbot.addWidget(dialog)
    checks: list[Path | None] = []
    dialog.check = lambda: checks.append(dialog.path)  # type: ignore[method-assign]
    dialog.check_result = object()  # as if an earlier file had passed its check
    dialog._auto_profile = False

    dialog.take_file("/tmp/things.csv")
    assert dialog.path == Path("/tmp/things.csv")
    assert dialog.file_box.text() == dialog.file_box.toolTip() == str(Path("/tmp/things.csv"))
    assert dialog.check_result is None and dialog.result is None
    assert not dialog.import_button.isEnabled()
    assert checks == [] and dialog._auto_profile is False  # taking a file only shows it

    dialog.set_path("/tmp/more.csv")
    assert dialog.file_box.text() == str(Path("/tmp/more.csv"))
    assert checks == [Path("/tmp/more.csv")] and dialog._auto_profile is True
