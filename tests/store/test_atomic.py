"""``store.atomic``: a file appears whole or not at all, and failures read in plain words."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from vpr_desktop.domain.errors import DiskFullError
from vpr_desktop.store.atomic import FileWriteError
from vpr_desktop.store.atomic import StagedFile
from vpr_desktop.store.atomic import WriteWording
from vpr_desktop.store.atomic import write_atomically
from vpr_desktop.store.atomic import write_bytes_atomically


def test_bytes_are_written_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = write_bytes_atomically(tmp_path / "out.xlsx", b"whole")
    assert target.read_bytes() == b"whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old")

    def boom(fh: BinaryIO) -> None:
        fh.write(b"half")
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError, match="renderer failed"):
        write_atomically(target, boom)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_a_missing_folder_is_refused_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match="does not exist") as caught:
        write_bytes_atomically(tmp_path / "nope" / "a.csv", b"x")
    assert caught.value.title == "Could not write the file"


def test_a_locked_file_and_a_full_disk_use_the_callers_wording(tmp_path: Path) -> None:
    wording = WriteWording(thing="export", opener="Excel", again="export again")

    def locked(fh: BinaryIO) -> None:
        raise PermissionError(errno.EACCES, "denied")

    def full(fh: BinaryIO) -> None:
        raise OSError(errno.ENOSPC, "no space")

    with pytest.raises(FileWriteError) as lock:
        write_atomically(tmp_path / "log.xlsx", locked, wording=wording)
    assert "log.xlsx could not be written: it may be open in Excel" in str(lock.value)
    with pytest.raises(DiskFullError) as disk:
        write_atomically(tmp_path / "log.xlsx", full, wording=wording)
    assert "the export was not written" in str(disk.value)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_after_the_rename_inside_the_audit_takes_the_file_back(tmp_path: Path) -> None:
    @contextlib.contextmanager
    def audit_that_fails() -> Iterator[None]:
        yield
        raise RuntimeError("audit row refused")

    target = tmp_path / "plan.xlsx"
    with pytest.raises(RuntimeError, match="audit row refused"):
        write_atomically(target, lambda fh: fh.write(b"x"), inside=audit_that_fails())
    assert list(tmp_path.iterdir()) == []


def test_a_staged_file_not_published_is_removed(tmp_path: Path) -> None:
    with StagedFile(tmp_path, "incoming") as staged:
        staged.path.write_bytes(b"same bytes as a stored file")
        assert staged.path.name.startswith(".incoming.")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_private_staged_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    with StagedFile(tmp_path, "backup", private=True) as staged:
        staged.path.write_bytes(b"db")
        published = staged.publish(tmp_path / "copy.db")
    assert stat.S_IMODE(os.stat(published).st_mode) == 0o600
    assert published.read_bytes() == b"db"
