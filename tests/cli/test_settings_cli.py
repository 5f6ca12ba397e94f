"""``vpr-desktop settings show|set``: what a person reads, exit codes, and the value saved."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from vpr_desktop.cli.main import run
from vpr_desktop.domain.enums import Role
from vpr_desktop.services.admin import trust_settings
from vpr_desktop.services.admin import users
from vpr_desktop.services.admin.users import UserService
from vpr_desktop.services.admin.users import identify
from vpr_desktop.store.database import open_database


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(users, "login_name", lambda _db: "alice")
    path = tmp_path / "t.db"
    db = open_database(path)
    UserService(db, identify(db)).add("cara", "Cara Chair", [Role.COMMITTEE_CHAIR])
    db.close()
    return path


def settings(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["settings", *args, "--db", str(db)], out, err)
    return code, out.getvalue(), err.getvalue()


def shown(db: Path) -> dict[str, str]:
    code, out, err = settings(db, "show")
    assert (code, err) == (0, "")
    return dict(line.split(None, 1) for line in out.splitlines())


def test_show_lists_every_setting_with_its_default(db_file: Path) -> None:
    lines = shown(db_file)
    assert lines["trust_name"] == "NHS trust"
    assert lines["disclosure_threshold"] == "7"
    assert lines["training_target_percent"] == "85"
    assert lines["evidence_limit_mb"] == "50"
    assert lines["backup_folder"] == "default"
    assert lines["assurance.limited.name"] == "Limited"
    assert "support.welfare_check.due_hours" in lines


def test_set_saves_and_show_reads_it_back(db_file: Path) -> None:
    assert settings(db_file, "set", "trust_name", "Northgate Hospitals NHS Foundation Trust") == (
        0,
        "Saved: trust_name is now Northgate Hospitals NHS Foundation Trust.\n",
        "",
    )
    assert settings(db_file, "set", "disclosure_threshold", "10")[0] == 0
    db = open_database(db_file, mode="ro", create=False)
    try:
        saved = trust_settings.load(db)
    finally:
        db.close()
    assert saved.trust_name == "Northgate Hospitals NHS Foundation Trust"
    assert saved.disclosure_threshold == 10
    assert shown(db_file)["disclosure_threshold"] == "10"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("disclosure_threshold", "25"), "from 1 to 20"),
        (("disclosure_threshold", "seven"), "must be a whole number"),
        (("colour", "blue"), "'colour' is not a setting"),
        (("backup_folder", "backups"), "must be a full path"),
        (("logo", "/no/such/logo.png"), "There is no logo file"),
    ],
)
def test_refused_values_exit_3_and_change_nothing(
    db_file: Path, args: tuple[str, str], words: str
) -> None:
    code, out, err = settings(db_file, "set", *args)
    assert code == 3 and out == ""
    assert words in err and "Traceback" not in err
    assert shown(db_file)["disclosure_threshold"] == "7"


def test_a_role_without_the_permission_is_refused(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(users, "login_name", lambda _db: "cara")
    code, _out, err = settings(db_file, "set", "trust_name", "Mine")
    assert code == 3
    assert err.startswith(
        "vpr-desktop: Cara Chair (Committee chair) may not change the trust's settings."
    )
    assert shown(db_file)["trust_name"] == "NHS trust"


def test_usage_errors_exit_2(db_file: Path) -> None:
    assert settings(db_file, "set", "trust_name")[0] == 2
    out, err = io.StringIO(), io.StringIO()
    assert run(["settings", "--db", str(db_file)], out, err) == 2
