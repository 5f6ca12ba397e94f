"""A board secretary on a shared PostgreSQL database (issue 15, acceptance 3): their own login,
under migration 0005's grants, generates the board pack from aggregates only; the pack history
lists no committee pack for them and ``pack get`` of one exits 3; a pack made on one
connection comes back byte-identical on another. The board pack and the home page give the
same figures on SQLite and PostgreSQL for the same demo trust.

Logins are cluster-wide: each starts with the session's role prefix (tests/conftest.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import DEMO_ANCHOR
from tests.conftest import _empty_pg
from tests.reports.test_pack_pdf import PERIOD
from vpr_desktop.cli.main import run
from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.common.summary import SummaryService
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.store.database import open_database

ARGS = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat(), "--as-at"]


@pytest.fixture(scope="module")
def pg_demo(pg_migrated_url: str, pg_role_prefix: str) -> Iterator[dict[str, str]]:
    """The small demo trust on PostgreSQL (as on SQLite), plus a board secretary's and a
    staff-side rep's logins made with ``user add``; their URLs by role."""
    from vpr_desktop.services.demo.database import create_demo_database

    _empty_pg(pg_migrated_url)
    create_demo_database(pg_migrated_url, size="small", seed=1, anchor=DEMO_ANCHOR).close()
    urls = {"owner": pg_migrated_url}
    for role in ("board-secretary", "staff-side"):
        login = f"{pg_role_prefix}p_{role.replace('-', '_')}"
        out, err = io.StringIO(), io.StringIO()
        code = run(
            ["user", "add", login, "--name", role, "--role", role, "--db", pg_migrated_url],
            out,
            err,
        )
        assert code == 0, err.getvalue()
        urls[role] = make_url(pg_migrated_url).set(username=login).render_as_string(False)
    yield urls
    _empty_pg(pg_migrated_url)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def written(stdout: str) -> dict[str, str]:
    """{file name: sha256} from the lines ``<path>  sha256 <hex> ...`` a pack command prints."""
    return {
        Path(m.group(1)).name: m.group(2)
        for m in re.finditer(r"^(\S.*?)  sha256 ([0-9a-f]{64})", stdout, re.M)
    }


def history_ids(stdout: str) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {}
    for line in stdout.splitlines()[1:]:
        number, kind = line.split()[:2]
        ids.setdefault(kind, []).append(int(number))
    return ids


def test_board_secretary_generates_a_board_pack_and_never_gets_a_committee_pack(
    pg_demo: dict[str, str], tmp_path: Path
) -> None:
    board_url, owner_url = pg_demo["board-secretary"], pg_demo["owner"]
    lead_out, board_out, copy = tmp_path / "lead", tmp_path / "board", tmp_path / "copy"
    for folder in (lead_out, board_out, copy):
        folder.mkdir()
    code, out, err = cli(
        "pack", "committee", *ARGS, DEMO_ANCHOR.isoformat(), "--out", str(lead_out),
        "--format", "xlsx", "--db", owner_url,
    )  # fmt: skip
    assert code == 0, err
    # The board secretary's own login: every board section read under 0005's grants.
    code, out, err = cli(
        "pack", "board", *ARGS, DEMO_ANCHOR.isoformat(), "--out", str(board_out),
        "--db", board_url,
    )  # fmt: skip
    assert code == 0, err
    made = written(out)
    assert sorted(made) == [
        "vpr-board-pack-2026-04-01-to-2026-06-30.pdf",
        "vpr-board-pack-2026-04-01-to-2026-06-30.xlsx",
    ]

    code, out, err = cli("pack", "history", "--db", board_url)
    assert code == 0, err
    assert out.splitlines()[0].split() == ["ID", "Kind", "Period", "Made", "By", "Meeting", "Files"]
    mine = history_ids(out)
    assert list(mine) == ["board"] and "Trust Board" in out and "pdf, xlsx" in out
    code, out, err = cli("pack", "history", "--db", owner_url)
    every = history_ids(out)
    assert sorted(every) == ["board", "committee"] and every["board"] == mine["board"]

    committee = every["committee"][0]
    code, out, err = cli("pack", "get", str(committee), "--out", str(copy), "--db", board_url)
    assert code == 3
    assert f"There is no archived pack file {committee}." in err and "Traceback" not in err
    assert list(copy.iterdir()) == []

    # Made on the board secretary's connection, retrieved on the owner's: byte-identical.
    code, out, err = cli(
        "pack", "get", str(mine["board"][0]), "--out", str(copy), "--db", owner_url
    )
    assert code == 0, err
    assert written(out) == made
    for name, digest in made.items():
        data = (copy / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        assert data == (board_out / name).read_bytes()


def _figures(pack: Any) -> Any:
    """The pack without the moment it was made (and the previous pack's run id)."""
    parameters = {k: v for k, v in pack.parameters.items() if k != "previous_pack"}
    return dataclasses.replace(pack, data_as_at=None, parameters=parameters)


def test_board_pack_and_home_figures_match_sqlite(
    pg_demo: dict[str, str], demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vpr_desktop.services.packs import incident_spc

    request = PackRequest("board", *PERIOD, as_at=DEMO_ANCHOR)
    lite = open_database(demo_copy, mode="rw", create=False)
    try:
        secretary = identify(lite, "demo.boardsec")
        staff_side = identify(lite, "demo.staffside")
        expected = _figures(build_pack(lite, secretary, request))
        # A board secretary's PostgreSQL login may not read staff records (0005); staff in
        # post come from 0009's function, so their pack carries the same rates per 1,000.
        assert incident_spc.NO_RATE_NOTE not in iter_strings(expected)
        homes = {
            who: SummaryService(lite, actor).home(DEMO_ANCHOR)
            for who, actor in (("board-secretary", secretary), ("staff-side", staff_side))
        }
    finally:
        lite.close()
    for who in ("board-secretary", "staff-side", "owner"):
        db = open_database(pg_demo[who], mode="rw", create=False)
        try:
            actor = identify(db)
            if who != "staff-side":
                got = _figures(build_pack(db, actor, request))
                assert incident_spc.NO_RATE_NOTE not in iter_strings(got)
                assert [s.id for s in got.sections] == [s.id for s in expected.sections]
                for mine, theirs in zip(got.sections, expected.sections, strict=True):
                    assert mine == theirs, mine.id
                assert got.summary == expected.summary
            if who != "owner":
                home = SummaryService(db, actor).home(DEMO_ANCHOR)
                assert home.counts == homes[who].counts
                assert home.attention == homes[who].attention
                assert (home.first_incident, home.last_incident) == (
                    homes[who].first_incident,
                    homes[who].last_incident,
                )
                assert dict(home.counts)["Staff"] > 0
        finally:
            db.close()


def test_sqlite_history_and_get_obey_the_pack_kind(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite the service alone refuses: a board secretary's history lists board packs only
    and ``pack get`` of a committee pack exits 3 with a plain sentence; usage errors exit 2."""
    from vpr_desktop.services.admin import users

    db = str(demo_copy)
    code, _out, err = cli(
        "pack", "committee", *ARGS, DEMO_ANCHOR.isoformat(), "--out", str(tmp_path),
        "--format", "xlsx", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli("pack", "history", "--db", db)
    (committee,) = history_ids(out)["committee"]
    monkeypatch.setattr(users, "login_name", lambda _db: "demo.boardsec")
    code, out, err = cli("pack", "history", "--db", db)
    assert (code, out) == (0, "No archived packs you may see.\n")
    copy = tmp_path / "copy"
    copy.mkdir()
    code, out, err = cli("pack", "get", str(committee), "--out", str(copy), "--db", db)
    assert code == 3 and out == "" and list(copy.iterdir()) == []
    assert "may not retrieve committee packs: they name staff." in err
    assert cli("pack", "get", "--out", str(copy), "--db", db)[0] == 2
    assert cli("pack", "board", "--db", db, "--out", str(copy))[0] == 2
    monkeypatch.setattr(users, "login_name", lambda _db: "demo.chair")
    code, out, err = cli("pack", "get", str(committee), "--out", str(copy), "--db", db)
    assert code == 0, err
    assert [p.name for p in copy.iterdir()] == ["vpr-committee-pack-2026-04-01-to-2026-06-30.xlsx"]
