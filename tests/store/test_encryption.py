"""Encryption at rest (issue 19): a demo database encrypted with SQLCipher holds no readable
name, opens with the key kept in the credential store or with its recovery key, refuses a wrong
key cleanly and silently, and its backups stay encrypted, restore, and are checked."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from tests.services.admin.test_connections import MemoryKeyring
from vpr_desktop.domain.errors import EXIT_REJECTED
from vpr_desktop.domain.errors import EXIT_USAGE
from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.admin.backups import NotForSharedDatabase
from vpr_desktop.services.admin.backups import restore_database
from vpr_desktop.services.admin.encryption import decrypt_database
from vpr_desktop.services.admin.encryption import encrypt_database
from vpr_desktop.services.admin.encryption import unlock_database
from vpr_desktop.services.container import build_services
from vpr_desktop.store import encryption
from vpr_desktop.store.backup import fingerprint_file
from vpr_desktop.store.database import open_database
from vpr_desktop.store.encryption import SQLITE_HEADER
from vpr_desktop.store.encryption import KeyNeededError
from vpr_desktop.store.encryption import NoKeyStoreError
from vpr_desktop.store.encryption import WrongKeyError

TABLES = ("incident", "incident_staff", "person", "risk_assessment")


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """A credential store in memory (and no key left from another test in this process)."""
    monkeypatch.setattr(encryption, "_session_keys", {})
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


def counts(con: object) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[attr-defined]


def plain_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return counts(con)
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_demo_surname(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT last_name FROM person ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        con.close()


def test_recovery_key_is_grouped_base32_and_forgives_how_it_is_typed() -> None:
    key = encryption.new_key()
    shown = encryption.format_recovery_key(key)
    groups = shown.split("-")
    assert len(groups) == 13 and all(len(g) == 4 for g in groups)
    assert encryption.parse_recovery_key(shown) == key
    sloppy = " ".join(groups).lower().replace("o", "0").replace("i", "1")
    assert encryption.parse_recovery_key(sloppy) == key
    with pytest.raises(WrongKeyError) as info:
        encryption.parse_recovery_key(shown[:-5])
    assert "52 letters and digits" in info.value.message
    assert info.value.exit_code == EXIT_REJECTED


def test_encrypted_demo_has_no_header_no_names_and_opens_with_the_kept_key(
    demo_copy: Path, memory_keyring: MemoryKeyring
) -> None:
    before = plain_counts(demo_copy)
    surname = a_demo_surname(demo_copy)
    assert surname.encode() in demo_copy.read_bytes()

    done = encrypt_database(demo_copy)

    data = demo_copy.read_bytes()
    assert not data.startswith(SQLITE_HEADER)
    assert surname.encode() not in data and b"incident" not in data
    assert done.key_kept and len(memory_keyring.items) == 1
    assert encryption.parse_recovery_key(done.recovery_key) == encryption.KeyStore().get(demo_copy)
    assert done.backup.read_bytes().startswith(SQLITE_HEADER)  # the plain backup taken first
    with open_database(demo_copy, mode="rw", create=False) as db, db.engine.connect() as conn:
        assert counts(conn.connection.driver_connection) == before
        assert db.journal_mode == "wal"
        assert db.describe() == f"SQLite {demo_copy} (encrypted)"
    with pytest.raises(sqlite3.DatabaseError):  # the standard sqlite3 cannot read it
        plain_counts(demo_copy)


def test_a_wrong_recovery_key_is_refused_cleanly_and_silently(
    demo_copy: Path, memory_keyring: MemoryKeyring, capfd: pytest.CaptureFixture[str]
) -> None:
    encrypt_database(demo_copy)
    memory_keyring.items.clear()
    before = digest(demo_copy)
    capfd.readouterr()
    other = encryption.format_recovery_key(encryption.new_key())
    with pytest.raises(WrongKeyError) as info:
        unlock_database(demo_copy, other)
    assert info.value.message == f"That recovery key does not open {demo_copy}."
    assert memory_keyring.items == {} and digest(demo_copy) == before
    assert capfd.readouterr().err == ""  # SQLCipher's own log never reaches the console


def test_the_recovery_key_opens_it_after_the_credential_store_forgets(
    demo_copy: Path, memory_keyring: MemoryKeyring
) -> None:
    before = plain_counts(demo_copy)
    done = encrypt_database(demo_copy)
    memory_keyring.items.clear()  # a new computer, or a lost profile
    with pytest.raises(KeyNeededError) as info:
        open_database(demo_copy, mode="rw", create=False)
    assert info.value.message == (
        f"{demo_copy} is encrypted (or damaged) and this computer has no key for it: open "
        "it with its recovery key."
    )
    assert f"vpr-desktop db unlock --db {demo_copy}" in info.value.next_step

    assert unlock_database(demo_copy, done.recovery_key.lower()) is True
    with open_database(demo_copy, mode="ro", create=False) as db, db.engine.connect() as conn:
        assert counts(conn.connection.driver_connection) == before


def test_backups_stay_encrypted_restore_and_refuse_a_wrong_key_or_a_flipped_byte(
    demo_copy: Path, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    before = plain_counts(demo_copy)
    encrypt_database(demo_copy)
    backup = tmp_path / "kept" / "backup.db"
    with open_database(demo_copy, mode="rw", create=False) as db:
        result = build_services(db).backups.backup_now(backup)
    assert not backup.read_bytes().startswith(SQLITE_HEADER)
    assert fingerprint_file(backup).read_text().split()[0] == result.sha256 == digest(backup)

    with open_database(demo_copy, mode="rw", create=False) as db, db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM incident_staff")
        conn.exec_driver_sql("DELETE FROM incident")
    restore_database(backup, demo_copy)
    with open_database(demo_copy, mode="ro", create=False) as db, db.engine.connect() as conn:
        assert counts(conn.connection.driver_connection) == before

    # A backup of another encrypted database: the key this computer holds does not open it.
    stranger = tmp_path / "other.db"
    stranger.write_bytes(demo_copy.read_bytes())
    encryption.rewrite(stranger, old_key=encryption.KeyStore().get(demo_copy), new_key=b"k" * 32)
    current = digest(demo_copy)
    with pytest.raises(KeyNeededError):
        restore_database(stranger, demo_copy)
    assert digest(demo_copy) == current

    flipped = tmp_path / "flipped.db"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as info:
        restore_database(flipped, demo_copy)
    assert "fail" in info.value.message
    assert digest(demo_copy) == current


def test_decrypting_gives_back_a_plain_database_with_the_same_content(
    demo_copy: Path, memory_keyring: MemoryKeyring
) -> None:
    before = plain_counts(demo_copy)
    encrypt_database(demo_copy)
    done = decrypt_database(demo_copy)
    assert demo_copy.read_bytes().startswith(SQLITE_HEADER)
    assert plain_counts(demo_copy) == before
    assert not done.backup.read_bytes().startswith(SQLITE_HEADER)  # taken while encrypted


def test_without_a_credential_store_encrypting_needs_a_recovery_key_file(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(encryption, "_session_keys", {})
    before_keyring = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        before = digest(demo_copy)
        with pytest.raises(NoKeyStoreError) as info:
            encrypt_database(demo_copy)
        assert "no password store" in info.value.message
        assert digest(demo_copy) == before

        key_file = tmp_path / "recovery.txt"
        done = encrypt_database(demo_copy, recovery_key_file=key_file)
        assert done.key_kept is False
        assert encryption.read_recovery_key_file(key_file) == encryption.parse_recovery_key(
            done.recovery_key
        )
    finally:
        keyring.set_keyring(before_keyring)


def test_only_an_administrator_may_encrypt(
    demo_copy: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vpr_desktop.services.admin import users

    monkeypatch.setattr(users, "login_name", lambda _db: "demo.chair")  # a committee chair
    before = digest(demo_copy)
    with pytest.raises(PermissionDeniedError) as info:
        encrypt_database(demo_copy)
    assert "may not encrypt the database" in info.value.message
    assert digest(demo_copy) == before and memory_keyring.items == {}


def test_a_shared_postgresql_database_is_refused_in_plain_words() -> None:
    with pytest.raises(NotForSharedDatabase) as info:
        encrypt_database("postgresql+psycopg://vpr@db.trust.nhs.uk/vpr")
    assert "the database server's job" in info.value.message
    assert "TLS" in info.value.next_step and info.value.exit_code == EXIT_USAGE
