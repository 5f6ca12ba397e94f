"""The pack history on SQLite and PostgreSQL, with small files standing in for a PDF and a
workbook: rows, manifest, audit event, ordering, the previous pack a new one compares with,
integrity checks, who may see it, and atomic writes."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
from pathlib import Path
from typing import BinaryIO

import pytest
from sqlalchemy import select

from vpr_desktop import __version__
from vpr_desktop.domain.enums import AuditAction, Role
from vpr_desktop.domain.errors import DiskFullError, NotFoundError, PermissionDeniedError
from vpr_desktop.domain.models import AuditEvent, PackArchive
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs import archive
from vpr_desktop.services.packs.atomic import PackFileError, write_atomically
from vpr_desktop.store.database import Database

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
BOARD_SEC = Actor("bs", "Bo Sec", frozenset({Role.BOARD_SECRETARY}))
STAFF_SIDE = Actor("ss", "Sam Side", frozenset({Role.STAFF_SIDE_REP}))
Q1 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
Q2 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def files(folder: Path, tag: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"pack-{tag}.pdf"
    pdf.write_bytes(b"%PDF-1.4 " + tag.encode() * 1000)
    xlsx = folder / f"pack-{tag}.XLSX"
    xlsx.write_bytes(b"PK\x03\x04" + tag.encode())
    return [pdf, xlsx]


def store(
    db: Database,
    tmp_path: Path,
    tag: str,
    *,
    kind: str = "committee",
    period: tuple[dt.date, dt.date] = Q1,
    when: dt.datetime | None = None,
    actor: Actor = LEAD,
) -> archive.HistoryEntry:
    return archive.archive_pack(
        db,
        actor,
        kind=kind,
        period_from=period[0],
        period_to=period[1],
        files=files(tmp_path / "made" / tag, tag),
        parameters={"kind": kind, "tag": tag},
        generated_at=when or dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC),
        root=tmp_path / "archive",
    )


def test_archiving_copies_hashes_and_records_each_file(db: Database, tmp_path: Path) -> None:
    entry = store(db, tmp_path, "a")
    root = tmp_path / "archive"
    assert entry.run.startswith("20260701T100000Z-") and len(entry.run) == 23
    assert [f.name for f in entry.files] == ["pack-a.pdf", "pack-a.XLSX"]
    assert [f.file_format for f in entry.files] == ["pdf", "xlsx"]  # lower-cased
    for f, src in zip(entry.files, files(tmp_path / "again", "a"), strict=True):
        copy = root / f.path
        assert copy.read_bytes() == src.read_bytes()
        assert f.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
        assert f.path == f"committee/{entry.run}/{src.name}"
    with reading(db) as s:
        rows = s.scalars(select(PackArchive).order_by(PackArchive.id)).all()
    assert [(r.id, r.file_name, r.sha256) for r in rows] == [
        (f.id, f.path, f.sha256) for f in entry.files
    ]
    assert {(r.kind, r.period_from, r.period_to, r.generated_by) for r in rows} == {
        ("committee", *Q1, "lead")
    }
    # Nothing but the files and the manifest; no temporary file left behind.
    assert sorted(p.name for p in (root / "committee" / entry.run).iterdir()) == [
        "manifest.json",
        "pack-a.XLSX",
        "pack-a.pdf",
    ]


def test_the_manifest_explains_the_run(db: Database, tmp_path: Path) -> None:
    entry = store(db, tmp_path, "m")
    manifest = json.loads(
        (tmp_path / "archive" / "committee" / entry.run / "manifest.json").read_text()
    )
    assert manifest["run"] == entry.run and manifest["kind"] == "committee"
    assert (manifest["period_from"], manifest["period_to"]) == ("2026-04-01", "2026-06-30")
    assert manifest["generated_at"] == "2026-07-01T10:00:00+00:00"
    assert manifest["generated_by"] == "lead" and manifest["app_version"] == __version__
    assert manifest["parameters"] == {"kind": "committee", "tag": "m"}
    assert manifest["files"] == [
        {"path": f.path, "format": f.file_format, "sha256": f.sha256} for f in entry.files
    ]


def test_one_audit_event_names_the_files_and_hashes(db: Database, tmp_path: Path) -> None:
    entry = store(db, tmp_path, "x")
    with reading(db) as s:
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "pack_archive").order_by(AuditEvent.id)
        ).all()
    explicit = [e for e in events if e.action == AuditAction.EXPORT]
    assert len(explicit) == 1
    event = explicit[0]
    assert event.entity_id == entry.run and event.username == "lead"
    assert event.detail is not None
    assert event.detail.startswith("committee pack 2026-04-01 to 2026-06-30: ")
    for f in entry.files:
        assert f"{f.name} sha256 {f.sha256}" in event.detail
    assert event.after == {"parameters": {"kind": "committee", "tag": "x"}}
    # Each row is audited as created, too.
    assert sum(e.action == AuditAction.CREATE for e in events) == len(entry.files)


def test_history_is_newest_first_and_filters_by_kind(db: Database, tmp_path: Path) -> None:
    t = dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)
    a = store(db, tmp_path, "a", when=t)
    b = store(db, tmp_path, "b", kind="board", when=t + dt.timedelta(hours=1))
    c = store(db, tmp_path, "c", period=Q2, when=t + dt.timedelta(days=92))
    assert [e.run for e in archive.history(db, LEAD)] == [c.run, b.run, a.run]
    assert [e.run for e in archive.history(db, LEAD, "committee")] == [c.run, a.run]
    assert [e.run for e in archive.history(db, LEAD, "board")] == [b.run]
    got = archive.history(db, LEAD, "board")[0]
    assert got.generated_at == b.generated_at and got.generated_at.tzinfo is not None
    assert got.files == b.files and got.generated_by == "lead"


def test_previous_pack_is_the_latest_that_ended_before(db: Database, tmp_path: Path) -> None:
    t = dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)
    first = store(db, tmp_path, "first", when=t)
    rerun = store(db, tmp_path, "rerun", when=t + dt.timedelta(days=2))  # same period, later
    store(db, tmp_path, "board", kind="board", period=Q1, when=t + dt.timedelta(days=3))
    later = store(db, tmp_path, "q2", period=Q2, when=t + dt.timedelta(days=95))
    found = archive.previous_pack(db, "committee", Q2[1])
    assert found is not None and found.run == rerun.run != first.run
    assert [f.name for f in found.files] == ["pack-rerun.pdf", "pack-rerun.XLSX"]
    after_q2 = archive.previous_pack(db, "committee", dt.date(2026, 12, 31))
    assert after_q2 is not None and after_q2.run == later.run
    assert archive.previous_pack(db, "committee", Q1[1]) is None  # none ended before
    board = archive.previous_pack(db, "board", Q2[1])
    assert board is not None and board.kind == "board"


def test_verify_and_retrieve_detect_a_changed_or_missing_copy(db: Database, tmp_path: Path) -> None:
    entry = store(db, tmp_path, "v")
    root = tmp_path / "archive"
    pdf, xlsx = entry.files
    out = tmp_path / "out"
    out.mkdir()
    assert archive.verify(db, BOARD_SEC, pdf.id, root=root)
    copy = archive.retrieve(db, BOARD_SEC, pdf.id, out, root=root)
    assert copy == out / "pack-v.pdf" and archive.sha256_file(copy) == pdf.sha256

    (root / xlsx.path).write_bytes(b"PK\x03\x04 edited")
    assert not archive.verify(db, LEAD, xlsx.id, root=root)
    with pytest.raises(archive.ArchiveIntegrityError, match="no longer matches"):
        archive.retrieve(db, LEAD, xlsx.id, out, root=root)
    assert not (out / "pack-v.XLSX").exists()

    (root / pdf.path).unlink()
    assert not archive.verify(db, LEAD, pdf.id, root=root)
    with pytest.raises(NotFoundError, match="missing"):
        archive.retrieve(db, LEAD, pdf.id, out, root=root)
    with pytest.raises(NotFoundError, match="no archived pack file 9999"):
        archive.verify(db, LEAD, 9999, root=root)


def test_who_may_archive_and_read_the_history(db: Database, tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedError, match="may not generate committee packs"):
        store(db, tmp_path, "bs", actor=BOARD_SEC)
    board = store(db, tmp_path, "ok", kind="board", actor=BOARD_SEC)
    assert [e.run for e in archive.history(db, BOARD_SEC)] == [board.run]
    for call in (
        lambda: archive.history(db, STAFF_SIDE),
        lambda: archive.verify(db, STAFF_SIDE, board.files[0].id, root=tmp_path / "archive"),
        lambda: archive.retrieve(
            db, STAFF_SIDE, board.files[0].id, tmp_path, root=tmp_path / "archive"
        ),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    # The refused archive left no folder and no row.
    assert not (tmp_path / "archive" / "committee").exists()
    with reading(db) as s:
        assert s.scalars(select(PackArchive.kind)).all() == ["board", "board"]


def test_a_failed_archive_leaves_no_half_run(db: Database, tmp_path: Path) -> None:
    made = files(tmp_path / "made", "f")
    with pytest.raises(FileNotFoundError):
        archive.archive_pack(
            db,
            LEAD,
            kind="committee",
            period_from=Q1[0],
            period_to=Q1[1],
            files=[*made, tmp_path / "gone.pdf"],
            parameters={},
            root=tmp_path / "archive",
        )
    assert list((tmp_path / "archive" / "committee").iterdir()) == []
    with reading(db) as s:
        assert s.scalars(select(PackArchive)).all() == []


# ----------------------------------------------------------------------------- atomic writes


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old pack")
    write_atomically(target, lambda fh: fh.write(b"new pack") and None)
    assert target.read_bytes() == b"new pack"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old pack")

    def open_elsewhere(fh: BinaryIO) -> None:
        fh.write(b"half")
        raise PermissionError(errno.EACCES, "in use")

    with pytest.raises(PackFileError, match="may be open in another program"):
        write_atomically(target, open_elsewhere)
    assert target.read_bytes() == b"old pack"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_write_errors_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(PackFileError, match="does not exist"):
        write_atomically(tmp_path / "no" / "pack.pdf", lambda fh: None)

    def full(fh: BinaryIO) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DiskFullError, match="disk is full"):
        write_atomically(tmp_path / "pack.pdf", full)

    def other(fh: BinaryIO) -> None:
        raise OSError(errno.EIO, "I/O error")

    with pytest.raises(OSError, match="I/O error"):  # not one a person can act on: unchanged
        write_atomically(tmp_path / "pack.pdf", other)
    assert list(tmp_path.iterdir()) == []
