"""The incident list's first page kept as the ORM ran it, and read again with plain sqlite3
before the ORM loads (issue #20 S2): the same rows, or none at all when anything that made the
statement valid has changed. Never an error, never a write."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from vpr_desktop.services.common.first_page import keep_first_page
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.store import early_read


@pytest.fixture(autouse=True)
def _own_data_folder(own_data_folder: Path) -> None:
    """Each test keeps its first page in its own data folder (``own_data_folder``)."""


def first_page(services: Any, request: PageRequest | None = None) -> list[tuple[Any, ...]]:
    """The ORM's first page of the incident list, its statement kept for the next start."""
    source = services.incident_list()
    source.keep_first_statement = True
    request = request or PageRequest(sort_key=source.default_sort, descending=True)
    page = source.page(request)
    assert keep_first_page(
        services.db,
        services.actor,
        source.first_statement,
        sort_key=request.sort_key or "",
        descending=request.descending,
        search=request.search,
        filters=request.filters,
    )
    return page.rows


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_kept_statement_reads_the_orms_first_page_again(
    lead_on_demo: Any, demo_copy: Path
) -> None:
    rows = first_page(lead_on_demo)
    lead_on_demo.db.close()
    kept = early_read.load()
    assert kept is not None and kept.sort_key == "occurred_at" and kept.descending
    assert kept.key.username == lead_on_demo.actor.username
    assert "?" in kept.page.sql and "VPR-" not in kept.page.sql  # parameters, never row data
    before = digest(demo_copy)

    early = early_read.read_first_page(demo_copy, "", {}, kept)

    assert early is not None and len(early) == len(rows) == 500
    assert early == rows  # the same values (enums, datetimes, booleans) in the same order
    assert [type(v) for v in early[0]] == [type(v) for v in rows[0]]
    assert digest(demo_copy) == before  # nothing written


def test_filters_are_kept_with_their_own_statement(lead_on_demo: Any, demo_copy: Path) -> None:
    from vpr_desktop.domain.enums import Harm

    request = PageRequest(sort_key="occurred_at", descending=True, filters={"harm": [Harm.LOW]})
    rows = first_page(lead_on_demo, request)
    kept = early_read.load()
    assert rows and all(row[4] is Harm.LOW for row in rows)
    assert early_read.read_first_page(demo_copy, "", {"harm": [Harm.LOW]}, kept) == rows
    assert early_read.read_first_page(demo_copy, "", {}, kept) is None
    assert early_read.read_first_page(demo_copy, "VPR", {"harm": [Harm.LOW]}, kept) is None


def test_a_day_dependent_filter_is_never_kept(lead_on_demo: Any) -> None:
    source = lead_on_demo.incident_list()
    source.keep_first_statement = True
    request = PageRequest(sort_key="occurred_at", descending=True, filters={"riddor": "overdue"})
    source.page(request)
    assert not keep_first_page(
        lead_on_demo.db,
        lead_on_demo.actor,
        source.first_statement,
        sort_key="occurred_at",
        descending=True,
        search="",
        filters=request.filters,
    )
    assert early_read.load() is None


def _set(path: Path, sql: str, *params: object) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute(sql, params)
    con.close()


@pytest.mark.parametrize(
    "change",
    ["schema revision", "app version", "roles", "account switched off", "another file"],
)
def test_anything_changed_since_means_no_early_rows(
    lead_on_demo: Any, demo_copy: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_page(lead_on_demo)
    lead_on_demo.db.close()
    kept = early_read.load()
    assert early_read.read_first_page(demo_copy, "", {}, kept) is not None
    name = lead_on_demo.actor.username
    if change == "schema revision":
        _set(demo_copy, "UPDATE alembic_version SET version_num = '0015'")
    elif change == "app version":
        monkeypatch.setattr(early_read, "__version__", "99.0")
    elif change == "roles":
        _set(
            demo_copy,
            "DELETE FROM user_role WHERE role = 'administrator' AND user_id = "
            "(SELECT id FROM app_user WHERE username = ?)",
            name,
        )
    elif change == "account switched off":
        _set(demo_copy, "UPDATE app_user SET active = 0 WHERE username = ?", name)
    else:  # a copy put where the file was: the same path, another file
        copy = demo_copy.with_name("copy.db")
        shutil.copyfile(demo_copy, copy)
        copy.replace(demo_copy)

    assert early_read.read_first_page(demo_copy, "", {}, kept) is None


def scribble_over_incident_pages(path: Path) -> None:
    """Flip the B-tree page headers of every page holding incident references."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for number in range(1, len(data) // page):
        start = number * page
        if b"VPR-0" in data[start : start + page]:
            data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["missing", "pages flipped", "not a database", "encrypted"])
def test_a_damaged_or_missing_file_gives_no_rows_and_no_error(
    lead_on_demo: Any, demo_copy: Path, damage: str
) -> None:
    first_page(lead_on_demo)
    lead_on_demo.db.close()
    kept = early_read.load()
    for suffix in ("-wal", "-shm"):
        demo_copy.with_name(demo_copy.name + suffix).unlink(missing_ok=True)
    if damage == "missing":
        demo_copy.unlink()
    elif damage == "pages flipped":
        scribble_over_incident_pages(demo_copy)
    elif damage == "not a database":
        demo_copy.write_text("these are not the rows you are looking for\n" * 100)
    else:  # no SQLite header, a whole number of pages: how an encrypted file looks
        demo_copy.write_bytes(b"\x5a" * 8192)

    assert early_read.read_first_page(demo_copy, "", {}, kept) is None


def test_nothing_kept_or_an_unreadable_kept_file_gives_no_rows(demo_copy: Path) -> None:
    assert early_read.load() is None
    assert early_read.read_first_page(demo_copy, "", {}, None) is None
    early_read.kept_file().write_text("{not json", encoding="utf-8")
    assert early_read.load() is None
    early_read.kept_file().write_text('{"key": {}}', encoding="utf-8")
    assert early_read.load() is None


def test_postgresql_never_keeps_a_first_page(db: Any) -> None:
    """On either backend the list pages as before; only the SQLite file keeps its statement."""
    from vpr_desktop.services.container import build_services

    services = build_services(db)
    source = services.incident_list()
    source.keep_first_statement = True
    page = source.page(PageRequest())
    assert page.rows == []
    kept = keep_first_page(
        db,
        services.actor,
        source.first_statement,
        sort_key="occurred_at",
        descending=True,
        search="",
        filters={},
    )
    if db.kind == "postgresql":
        assert source.first_statement is None and not kept
        assert early_read.load() is None
    else:
        assert source.first_statement is not None and kept
        assert early_read.load() is not None
