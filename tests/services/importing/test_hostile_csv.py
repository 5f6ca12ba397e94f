"""Hostile CSV bytes: every importer imports or refuses in plain words, never a bug (issue 19).

A byte-order mark that lies about the encoding, a truncated UTF-16 file, NUL bytes, a cell
longer than the csv module allows, an unclosed quote, impossible dates: each must end in a
:class:`~vpr_desktop.domain.errors.VprError` (exit 3 at the command line) or a rejected or
successful import result -- never any other exception (which the CLI reports as "unexpected
error", exit 1) -- and a refusal leaves the database exactly as it was.

The property test is bounded for the suite (``VPR_HOSTILE_EXAMPLES``, default 60 per importer);
raise it locally to search harder, e.g. ``VPR_HOSTILE_EXAMPLES=2000``.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from vpr_desktop.domain.errors import VprError
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.reader import open_table
from vpr_desktop.services.importing.text_encoding import detect_encoding

KINDS = ("locations", "staff", "training", "incidents", "risks")
EXAMPLES = int(os.environ.get("VPR_HOSTILE_EXAMPLES", "60"))
#: The suite replays the same examples every run (a CI run never fails on a new random find);
#: setting ``VPR_HOSTILE_EXAMPLES`` searches afresh, as a long local run should.
DERANDOMIZE = "VPR_HOSTILE_EXAMPLES" not in os.environ

LYING_BOM = (
    b"\xef\xbb\xbfSite Code,Site Name,Location Code,Location Name,Setting\n"
    b"FMH,,X1,Caf\xe9,community\n"
)


def _header(kind: str) -> list[str]:
    fmt = load_format(kind)
    labels = [f.label for f in fmt.required]
    return labels + [f.label for f in fmt.fields if f.label not in labels][:4]


# ------------------------------------------------------------------ the two reported files


def test_a_utf8_bom_before_latin1_bytes_is_refused_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "locations.csv"
    path.write_bytes(LYING_BOM)
    with pytest.raises(VprError) as caught:
        detect_encoding(path)
    assert caught.value.exit_code == 3
    assert "UTF-8" in caught.value.message and "locations.csv" in caught.value.message


def test_a_truncated_utf16_file_is_refused_in_plain_words(tmp_path: Path) -> None:
    text = "Title,Current likelihood,Current consequence\nLone working,3,4\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    path = tmp_path / "risks.csv"
    path.write_bytes(data[:-1])  # cut mid-character, as a copy that stopped part way
    with pytest.raises(VprError) as caught, open_table(path, load_format("risks")) as table:
        list(table.rows())
    assert caught.value.exit_code == 3
    assert "UTF-16" in caught.value.message


def test_a_utf16_file_with_nul_characters_inside_is_refused(tmp_path: Path) -> None:
    text = "Title,Current likelihood,Current consequence\nLone\x00working,3,4\n"
    path = tmp_path / "risks.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    with pytest.raises(VprError) as caught:
        detect_encoding(path)
    assert "NUL" in caught.value.message


def test_the_lying_bom_file_is_refused_by_the_command_with_exit_3(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vpr_desktop.cli.main import run

    path = tmp_path / "locations.csv"
    path.write_bytes(LYING_BOM)
    before = _fingerprint(demo_copy)
    code = run(["import", "locations", str(path), "--db", str(demo_copy)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "unexpected error" not in err
    assert "is not UTF-8 text" in err
    assert _fingerprint(demo_copy) == before


# ------------------------------------------------------------------ the property test


# A refused import is recorded by design (services/importing/batch.py): one ``rejected``
# batch and its audit events. Everything else -- every data row -- must be as it was.
_RECORDS_OF_ATTEMPTS = {"audit_event", "import_batch"}


def _fingerprint(path: Path) -> str:
    """Every row of every data table, and every batch that was not a rejection (not the file
    bytes: SQLite may rewrite pages without changing a row)."""
    import sqlite3

    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(set(tables) - _RECORDS_OF_ATTEMPTS):
            for row in con.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                h.update(repr(row).encode())
        kept = con.execute("SELECT id FROM import_batch WHERE outcome <> 'rejected' ORDER BY id")
        h.update(repr(kept.fetchall()).encode())
        return h.hexdigest()
    finally:
        con.close()


_CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "2026-02-30",
            "31/13/2026",
            "0000-00-00",
            "1/1/99999",
            "yesterday",
            "-1",
            "1e309",
            "9" * 40,
            '"unclosed',
            'a "quoted" "cell',
            "line\nbreak",
            "cr\rinside",
            "=cmd|' /C calc'!A0",
            "Caf\u00e9 \u00a3 \u2013 \U0001f600",
            "\ufeff",
            "\x00",
        ]
    ),
)
_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be")
_BOMS = (b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)


@st.composite
def hostile_csv(draw: st.DrawFn, kind: str) -> bytes:
    header = list(_header(kind))
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    rows = draw(st.lists(st.lists(_CELL, max_size=len(header) + 2), max_size=6))
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(sep.join(r) for r in [header, *rows]) + newline
    if draw(st.booleans()):
        text += "x" * draw(st.sampled_from([200_000, 140_000]))  # past csv's field limit
    data = text.encode(draw(st.sampled_from(_ENCODINGS)), errors="replace")
    data = draw(st.sampled_from(_BOMS)) + data
    cut = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(data))))
    if cut is not None:
        data = data[:cut]
    if draw(st.booleans()):  # a few raw bytes anywhere: NULs, latin-1, a stray BOM
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(data)))
            junk = draw(st.sampled_from([b"\x00", b"\xe9", b"\xff\xfe", b"\xef\xbb\xbf", b"\x81"]))
            data = data[:at] + junk + data[at:]
    return data


def _importer(kind: str, db: Any) -> Callable[[Path], Any]:
    from vpr_desktop.services.container import build_services

    services = build_services(db)
    if kind == "locations":
        from vpr_desktop.services.admin.location_import import import_locations

        return lambda p: import_locations(db, services.actor, p, dry_run=False)
    if kind == "incidents":
        from vpr_desktop.services.incidents.service import IncidentService

        return lambda p: IncidentService(db, services.actor).import_incidents(p)
    if kind == "risks":
        from vpr_desktop.services.risks.service import RiskRegisterService

        return lambda p: RiskRegisterService(db, services.actor).import_risks(p)
    return lambda p: services.training_imports().run(kind, p, dry_run=False)


@pytest.fixture
def import_target(demo_db_file: Path) -> Iterator[tuple[Path, Any]]:
    """One private demo copy, open, for a whole hypothesis run (hypothesis reuses it: each
    refused example must leave it unchanged, which is what is asserted)."""
    from vpr_desktop.store.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="vpr-hostile-"))
    path = folder / "demo.db"
    shutil.copyfile(demo_db_file, path)
    db = open_database(path, create=False)
    try:
        yield path, db
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)


def check_every_file(
    kind: str,
    import_target: tuple[Path, Any],
    files: st.SearchStrategy[bytes],
    suffix: str,
    examples: int,
) -> dict[str, int]:
    """Import each generated file; each must be imported, rejected (database rows unchanged)
    or refused with exit 3/4 (unchanged) -- never any other exception. Returns the tally."""
    path, db = import_target
    run_import = _importer(kind, db)
    work = Path(tempfile.mkdtemp(prefix="vpr-hostile-"))
    seen = {"refused": 0, "imported": 0}
    state = {"rows": _fingerprint(path)}  # carried forward: one fingerprint per example

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=files)
    def check(data: bytes) -> None:
        source = work / f"{kind}.{suffix}"
        source.write_bytes(data)
        before = state["rows"]
        try:
            result = run_import(source)
        except VprError as exc:
            assert exc.exit_code in (3, 4), exc
            assert _fingerprint(path) == before
            seen["refused"] += 1
            return
        after = state["rows"] = _fingerprint(path)
        if not result.ok:
            assert after == before  # rejected: only the attempt is recorded
            seen["refused"] += 1
        else:
            seen["imported"] += 1

    try:
        check()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # Shown with ``pytest -s``: how many files this run tried (for a long local run's record).
    refused, imported = seen["refused"], seen["imported"]
    print(f"\nhostile {suffix.upper()}, {kind}: {refused} refused, {imported} imported")
    assert sum(seen.values()) >= 1
    return seen


@pytest.mark.parametrize("kind", KINDS)
def test_any_bytes_are_imported_or_refused_never_a_bug(
    kind: str, import_target: tuple[Path, Any]
) -> None:
    check_every_file(kind, import_target, hostile_csv(kind), "csv", EXAMPLES)
