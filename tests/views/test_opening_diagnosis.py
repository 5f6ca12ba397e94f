"""The window opens through the same diagnosis as the command line (issue 19): a file named
to it is opened, never made into a new database; a folder is called a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vpr_desktop.views.common import dialogs


def test_an_empty_file_opened_in_the_window_is_refused_not_made_a_database(
    make_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    window = make_window()
    window.open_target(str(empty), create=False)  # File > Open, or --db on the command line
    qtbot.waitUntil(lambda: bool(dialogs.recent), timeout=20000)
    kind, title, text = dialogs.recent[-1]
    assert (kind, title) == ("error", "Not a VPR Desktop database")
    assert f"{empty} is empty: it is not a VPR Desktop database." in text
    assert "File > New database" in text
    assert window.services is None
    assert empty.stat().st_size == 0


def test_a_folder_opened_in_the_window_is_called_a_folder(
    make_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    folder = tmp_path / "vpr.db"
    folder.mkdir()
    window = make_window()
    window.open_target(str(folder), create=False)
    qtbot.waitUntil(lambda: bool(dialogs.recent), timeout=20000)
    _kind, _title, text = dialogs.recent[-1]
    assert "is a folder" in text and "Traceback" not in text
    assert window.services is None
