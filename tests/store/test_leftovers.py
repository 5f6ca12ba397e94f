"""Temporary files a killed run left behind are removed at the next start (issue 19), and
only those: the app's own temporary names, older than an hour."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vpr_desktop.store.atomic import STALE_AFTER_S
from vpr_desktop.store.atomic import StagedFile
from vpr_desktop.store.atomic import remove_stale_temporaries

OURS = [
    ".board-pack-2026-Q1.pdf.1a2b3c4d.part",  # a pack interrupted in its output folder
    ".vpr-backup.0badf00d.part",  # a backup (StagedFile naming)
    ".vpr-backup-20261207-0412.tmp",  # a backup (the older naming)
    ".vpr.db.5eed1e55.part-journal",  # `db encrypt` killed while rewriting the database
]
NOT_OURS = [
    "board-pack.part",  # not hidden: someone's own file
    ".notes.part",  # no random suffix
    ".vpr-backup-20261207.txt",
    ".board.pdf.XYZXYZXY.part",  # not our hex
    "vpr.db",
]


def _make(folder: Path, names: list[str], age_s: float) -> None:
    when = time.time() - age_s
    for name in names:
        path = folder / name
        path.write_bytes(b"x" * 10)
        os.utime(path, (when, when))


def test_only_old_files_with_our_temporary_names_are_removed(tmp_path: Path) -> None:
    _make(tmp_path, OURS + NOT_OURS, age_s=STALE_AFTER_S + 60)
    (tmp_path / "sub.1a2b3c4d.part").mkdir()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    _make(fresh, OURS, age_s=60)  # a run still writing them now
    removed = remove_stale_temporaries(tmp_path)
    assert sorted(p.name for p in removed) == sorted(OURS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*NOT_OURS, "fresh", "sub.1a2b3c4d.part"]
    )
    assert remove_stale_temporaries(fresh) == []
    assert remove_stale_temporaries(tmp_path / "absent") == []


def test_writing_into_a_folder_clears_what_a_killed_run_left_there(tmp_path: Path) -> None:
    _make(tmp_path, OURS, age_s=STALE_AFTER_S + 60)
    with StagedFile(tmp_path, "board.pdf") as staged:
        assert staged.path.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == [staged.path.name]


def test_the_next_start_clears_the_backups_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vpr_desktop.cli.main import run

    monkeypatch.setenv("VPR_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    from vpr_desktop.store.paths import backups_dir

    backups = backups_dir()
    _make(
        backups, [".vpr-backup-20261207-0412.tmp", ".vpr-backup.0badf00d.part"], STALE_AFTER_S + 5
    )
    _make(backups, ["vpr-manual-20261207.db"], STALE_AFTER_S + 5)
    assert run(["db", "version", "--db", str(tmp_path / "absent.db")]) == 4
    capsys.readouterr()
    assert sorted(p.name for p in backups.iterdir()) == ["vpr-manual-20261207.db"]
