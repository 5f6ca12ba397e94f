"""Truthful database diagnosis (issue 19): an empty or absent file is never quietly made a
database, a folder is called a folder, a read-only place is called read-only, and only real
damage is called damage -- for the CLI and the window alike (both open through
``store.database.open_database``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import NotADatabaseError
from vpr_desktop.store.database import open_database


def test_a_zero_byte_file_is_not_turned_into_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(NotADatabaseError) as caught:
        open_database(path, mode="rw", create=False)
    assert caught.value.message == f"{path} is empty: it is not a VPR Desktop database."
    assert f"vpr-desktop db init {path}" in caught.value.next_step
    assert path.stat().st_size == 0
    assert not Path(f"{path}.lock").exists()


def test_an_absent_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(DatabaseRefused) as caught:
        open_database(path, mode="auto", create=False)
    assert "There is no database at" in caught.value.message
    assert "db init" in caught.value.next_step
    assert not path.exists()


def test_explicit_creation_makes_a_database_of_a_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    db = open_database(path, mode="rw", create=True)
    try:
        assert db.created
    finally:
        db.close()
    assert path.read_bytes()[:15] == b"SQLite format 3"


@pytest.mark.parametrize("mode", ["rw", "ro", "auto"])
def test_a_folder_given_as_the_database_is_called_a_folder(tmp_path: Path, mode: str) -> None:
    folder = tmp_path / "vpr.db"
    folder.mkdir()
    with pytest.raises(NotADatabaseError) as caught:
        open_database(folder, mode=mode, create=True)  # type: ignore[arg-type]
    assert "is a folder" in caught.value.message
    assert list(folder.iterdir()) == []


def _unprivileged(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI as an ordinary user would: root ignores folder permissions, so as root the
    run drops the capabilities that let it (CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH)."""
    cmd = [sys.executable, "-m", "vpr_desktop", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot make a folder read-only")
        caps = "-dac_override,-dac_read_search"
        cmd = ["setpriv", "--bounding-set", caps, "--inh-caps", caps, *cmd]
    env = {**os.environ, "VPR_DESKTOP_DATA_DIR": str(data_dir)}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture
def read_only_copy(demo_db_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "readonly"
    folder.mkdir()
    path = folder / "demo.db"
    shutil.copyfile(demo_db_file, path)
    folder.chmod(0o555)
    try:
        yield path
    finally:
        folder.chmod(0o755)


def test_a_healthy_database_in_a_read_only_folder_is_called_read_only_not_damaged(
    read_only_copy: Path, tmp_path: Path
) -> None:
    before = read_only_copy.read_bytes()
    done = _unprivileged(["user", "list", "--db", str(read_only_copy)], tmp_path / "data")
    assert done.returncode == 4, done.stderr
    assert "damaged" not in done.stderr and "Restore" not in done.stderr
    assert "read-only" in done.stderr
    assert "open it read-only or copy it somewhere writable" in done.stderr
    assert read_only_copy.read_bytes() == before


def test_a_database_in_a_read_only_folder_can_be_read(read_only_copy: Path, tmp_path: Path) -> None:
    done = _unprivileged(["pack", "history", "--db", str(read_only_copy)], tmp_path / "data")
    assert done.returncode == 0, done.stderr
    done = _unprivileged(
        ["backup", "--db", str(read_only_copy), "--out", str(tmp_path / "copy.db")],
        tmp_path / "data",
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "copy.db").exists()


def test_real_damage_is_still_called_damage(demo_db_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    data = bytearray(demo_db_file.read_bytes())
    data[4096 * 3 : 4096 * 3 + 64] = b"\xff" * 64  # a btree page header wiped
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(path, mode="rw", create=False)
    assert "Restore the latest backup" in caught.value.next_step
