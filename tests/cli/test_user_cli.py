"""``vpr-desktop user …``: exit codes and the lines a person reads (SQLite; PostgreSQL logins
are in tests/store/test_pg_permissions.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.cli.test_cli import vpr
from vpr_desktop.cli.main import run
from vpr_desktop.services.admin import users
from vpr_desktop.services.admin.users import identify
from vpr_desktop.store.database import open_database


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(users, "login_name", lambda _db: "alice")
    path = tmp_path / "t.db"
    db = open_database(path)
    identify(db)  # alice creates it: administrator and VPR lead
    db.close()
    return path


def user(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["user", *args, "--db", str(db)], out, err)
    return code, out.getvalue(), err.getvalue()


def test_add_list_set_roles_switch_off_and_on(db_file: Path) -> None:
    assert user(db_file, "add", "bob", "--name", "Bob Rep", "--role", "staff-side") == (
        0,
        "Added Bob Rep (bob): Staff-side rep.\n",
        "",
    )
    code, out, _ = user(
        db_file, "add", "cara", "--name", "Cara", "--role", "chair", "--role", "vpr_lead"
    )
    assert code == 0 and out == "Added Cara (cara): Committee chair, VPR lead.\n"
    assert user(db_file, "set-roles", "bob", "--role", "board-secretary")[1] == (
        "bob now has: Board secretary.\n"
    )
    assert user(db_file, "deactivate", "bob")[1] == (
        "Switched off the account bob; its history is kept.\n"
    )
    assert user(db_file, "list")[1].splitlines() == [
        "alice  alice: Administrator, VPR lead",
        "bob    Bob Rep: Board secretary  (switched off)",
        "cara   Cara: Committee chair, VPR lead",
    ]
    assert user(db_file, "reactivate", "bob") == (0, "Switched on the account bob.\n", "")


def test_refusals_exit_3_with_a_plain_message(db_file: Path) -> None:
    cases = [
        (("set-roles", "ghost", "--role", "lead"), "There is no account with the login 'ghost'."),
        (("deactivate", "ghost"), "There is no account with the login 'ghost'."),
        (("add", "x", "--name", "X", "--role", "boss"), "'boss' is not a VPR Desktop role."),
        (("set-roles", "alice", "--role", "lead"), "is the last active administrator and cannot"),
        (("deactivate", "alice"), "alice (alice) is the last active administrator"),
        (("add", "alice", "--name", "A", "--role", "lead"), "'alice' already has an account."),
    ]
    for args, message in cases:
        code, out, err = user(db_file, *args)
        assert code == 3, (args, err)
        assert out == ""
        assert err.startswith("vpr-desktop: ") and message in err.splitlines()[0], err
    user(db_file, "add", "bob", "--name", "Bob", "--role", "staff-side")
    users_login = users.login_name
    try:
        users.login_name = lambda _db: "bob"  # type: ignore[assignment]
        code, _out, err = user(db_file, "add", "eve", "--name", "Eve", "--role", "admin")
    finally:
        users.login_name = users_login  # type: ignore[assignment]
    assert code == 3 and "Bob (Staff-side rep) may not add users." in err


def test_usage_errors_exit_2(db_file: Path) -> None:
    result = vpr("user", "add", "x", "--db", str(db_file))  # a real process, as a script runs it
    assert result.returncode == 2
    assert "the following arguments are required: --name, --role" in result.stderr
    assert vpr("user", "--db", str(db_file)).returncode == 2
    assert "Traceback" not in result.stderr
