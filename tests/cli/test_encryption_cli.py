"""``vpr-desktop db encrypt|unlock|decrypt`` and ``db check`` on an encrypted database (issue 19):
the recovery key printed once with where to keep it, the plain backup named as NOT encrypted, a
wrong key refused with exit 3 and no traceback, a flipped byte found by ``db check``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import keyring
import pytest

from tests.store.test_encryption import memory_keyring  # noqa: F401 (the fixture)
from vpr_desktop.cli.main import run
from vpr_desktop.store.encryption import SQLITE_HEADER

pytestmark = pytest.mark.usefixtures("memory_keyring")


def vpr(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def encrypt(path: Path) -> str:
    """Encrypt ``path`` at the command line; the recovery key it printed."""
    code, out, err = vpr("db", "encrypt", "--db", str(path))
    assert code == 0, err
    found = re.search(r"Recovery key \(shown once\): ([A-Z2-7-]+)", out)
    assert found is not None
    return found.group(1)


def test_encrypt_prints_the_recovery_key_once_and_warns_of_the_plain_backup(
    demo_copy: Path,
) -> None:
    code, out, err = vpr("db", "encrypt", "--db", str(demo_copy))
    assert code == 0 and err == ""
    assert out.count("Recovery key (shown once): ") == 1
    assert "Keep the recovery key in the trust's password safe" in out
    backup = Path(re.search(r"the backup taken first, (\S+\.db), is NOT encrypted", out)[1])  # type: ignore[index]
    assert backup.read_bytes().startswith(SQLITE_HEADER)
    assert not demo_copy.read_bytes().startswith(SQLITE_HEADER)

    code, out, _err = vpr("db", "check", "--db", str(demo_copy))
    assert code == 0
    assert out.splitlines()[0].startswith("encrypted (SQLCipher 4)")
    assert "hash chain intact" in out and out.splitlines()[-1] == "ok"

    code, _out, err = vpr("db", "encrypt", "--db", str(demo_copy))
    assert code == 3 and "already encrypted" in err


def test_unlock_with_a_wrong_then_the_right_recovery_key_file(
    demo_copy: Path, tmp_path: Path
) -> None:
    recovery = encrypt(demo_copy)
    keyring.get_keyring().items.clear()  # type: ignore[attr-defined]
    code, _out, err = vpr("db", "check", "--db", str(demo_copy))
    assert code == 4 and "this computer has no key for it" in err
    assert f"vpr-desktop db unlock --db {demo_copy}" in err

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("AAAA-" * 12 + "AAAA\n")
    code, _out, err = vpr("db", "unlock", "--db", str(demo_copy), "--recovery-key-file", str(wrong))
    assert code == 3
    assert f"That recovery key does not open {demo_copy}." in err
    assert "Traceback" not in err and "unexpected" not in err

    right = tmp_path / "right.txt"
    right.write_text(f"VPR Desktop recovery key\n{recovery.lower()}\n")
    code, out, err = vpr("db", "unlock", "--db", str(demo_copy), "--recovery-key-file", str(right))
    assert code == 0, err
    assert "now kept in this computer's password store" in out
    assert vpr("db", "check", "--db", str(demo_copy))[0] == 0


def test_a_flipped_byte_in_the_encrypted_file_is_found_by_db_check(demo_copy: Path) -> None:
    encrypt(demo_copy)
    data = bytearray(demo_copy.read_bytes())
    data[len(data) // 3] ^= 0x10
    demo_copy.write_bytes(bytes(data))
    code, out, err = vpr("db", "check", "--db", str(demo_copy))
    assert code == 4
    assert "fail their authentication" in out
    assert "Traceback" not in err


def test_decrypt_and_postgresql_refusal(demo_copy: Path) -> None:
    encrypt(demo_copy)
    code, out, err = vpr("db", "decrypt", "--db", str(demo_copy))
    assert code == 0, err
    assert "plain SQLite file again" in out
    assert demo_copy.read_bytes().startswith(SQLITE_HEADER)

    code, _out, err = vpr("db", "encrypt", "--db", "postgresql+psycopg://vpr@db.example/vpr")
    assert code == 2 and "the database server's job" in err
