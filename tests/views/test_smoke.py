"""The hidden ``--smoke-test`` flag: the frozen bundle's check that the window opens a database,
shows a page and closes (installer/build.py runs it on the bundle; here on the source)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def vpr(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        VPR_DESKTOP_HEADLESS_DIALOGS="1",
        VPR_DESKTOP_DATA_DIR=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_window_opens_the_database_visits_a_page_and_closes(
    demo_copy: Path, tmp_path: Path
) -> None:
    done = vpr(tmp_path, "--smoke-test", "--db", str(demo_copy))
    assert done.returncode == 0, done.stderr
    assert (
        "visited 'incidents' (IncidentsPage); names sorted, painted and printed" in done.stdout
    ), done.stdout
    assert f"VPR Desktop – {demo_copy.name}" in done.stdout


def test_a_database_that_cannot_open_fails_the_check(tmp_path: Path) -> None:
    done = vpr(tmp_path, "--smoke-test", "--db", str(tmp_path / "missing.db"))
    assert done.returncode == 1
    assert "smoke test failed: There is no database at" in done.stderr


def test_the_flag_is_not_in_the_help(tmp_path: Path) -> None:
    done = vpr(tmp_path, "--help")
    assert done.returncode == 0
    assert "--smoke-test" not in done.stdout
