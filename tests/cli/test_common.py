"""What the CLI's command groups share (``cli.common``): the table and listing printers and
the open-sign-in-close blocks."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from vpr_desktop.cli.common import add_command_group
from vpr_desktop.cli.common import identified
from vpr_desktop.cli.common import print_listing
from vpr_desktop.cli.common import print_table
from vpr_desktop.cli.common import signed_in
from vpr_desktop.domain.enums import Role
from vpr_desktop.services.admin import users
from vpr_desktop.services.admin.users import UserService
from vpr_desktop.store.database import open_database


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(users, "login_name", lambda _db: "alice")
    path = tmp_path / "t.db"
    open_database(path).close()
    return path


def test_print_table_left_aligns_columns_and_trims_the_line_end() -> None:
    out = io.StringIO()
    print_table([("ID", "Kind"), ("12", "board"), ("3", "")], out)
    assert out.getvalue() == "ID  Kind\n12  board\n3\n"


def test_print_listing_prints_the_heading_and_rows_or_says_nothing() -> None:
    out = io.StringIO()
    assert print_listing(("A", "B"), [("xx", "y")], "None here.", out) == 0
    assert out.getvalue() == "A   B\nxx  y\n"
    empty = io.StringIO()
    assert print_listing(("A", "B"), [], "None here.", empty) == 0
    assert empty.getvalue() == "None here.\n"


def test_identified_gives_the_person_and_closes_the_database(db_file: Path) -> None:
    with identified(str(db_file), "rw") as (db, actor):
        assert actor.username == "alice"
        assert Role.ADMINISTRATOR in actor.roles
        assert not db.read_only
    assert db._lock is None  # closed: the write lock is given back


def test_signed_in_builds_the_service_for_the_person(db_file: Path) -> None:
    with signed_in(str(db_file), True, UserService) as service:
        assert [u.username for u in service.list_users()] == ["alice"]


def test_add_command_group_requires_one_action_shown_as_action() -> None:
    parser = argparse.ArgumentParser(prog="vpr-desktop")
    sub = parser.add_subparsers(dest="command")
    actions = add_command_group(sub, "things", "things_action", "things: list them")
    actions.add_parser("list")
    assert parser.parse_args(["things", "list"]).things_action == "list"
    usage = sub.choices["things"].format_usage()
    assert usage == "usage: vpr-desktop things [-h] ACTION ...\n"
    with pytest.raises(SystemExit):
        parser.parse_args(["things"])
