"""Where data goes: the per-user folder, or beside a bundled program that has the portable marker.

The portable copy (installer/IT-DEPLOYMENT.md) must keep everything beside itself; an installed
program, or Python running from source, must never write into its own folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vpr_desktop.store import paths


@pytest.fixture
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundled program (``sys.frozen``, as PyInstaller sets it) in its own folder."""
    folder = tmp_path / "VPR Desktop"
    folder.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "vpr-desktop.exe"))
    monkeypatch.delenv("VPR_DESKTOP_DATA_DIR", raising=False)
    return folder


def test_a_bundle_with_the_marker_keeps_data_logs_and_backups_beside_itself(
    program: Path,
) -> None:
    (program / paths.PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    assert paths.portable_data_dir() == program / "data"
    assert paths.default_database_path() == program / "data" / "vpr.db"
    assert paths.logs_dir() == program / "data" / "logs"
    assert paths.backups_dir() == program / "data" / "backups"
    assert (program / "data" / "logs").is_dir()


def test_a_bundle_without_the_marker_never_writes_beside_itself(program: Path) -> None:
    assert paths.portable_data_dir() is None
    assert program not in paths.default_database_path().parents


def test_the_environment_override_wins_over_the_marker(
    program: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (program / paths.PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    monkeypatch.setenv("VPR_DESKTOP_DATA_DIR", str(tmp_path / "vdi"))
    assert paths.data_dir() == tmp_path / "vdi"


def test_python_from_source_ignores_a_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not frozen: a file named ``portable`` beside the interpreter means nothing."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / paths.PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    assert paths.portable_data_dir() is None


def test_a_portable_copy_keeps_evidence_files_beside_itself(program: Path) -> None:
    """Evidence files sit beside a SQLite database (so in ``data/`` for the portable copy's own
    database) and, for a shared PostgreSQL database, under the data folder: beside the program
    either way, nothing under the user profile."""
    from types import SimpleNamespace

    from vpr_desktop.services.assessment.evidence_store import EvidenceStore

    (program / paths.PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    local = SimpleNamespace(kind="sqlite", path=paths.default_database_path(), location="")
    shared = SimpleNamespace(kind="postgresql", path=None, location="db.trust.nhs.uk/vpr")
    assert EvidenceStore.for_database(local).root == program / "data" / "vpr-evidence"  # type: ignore[arg-type]
    assert EvidenceStore.for_database(shared).root.parent == program / "data" / "evidence"  # type: ignore[arg-type]
