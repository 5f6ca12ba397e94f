"""Optional encryption at rest of a SQLite database and its backups (SQLCipher 4).

Why SQLCipher, through the ``sqlcipher3-wheels`` package, rather than SQLite3 Multiple Ciphers:
it installs as binary wheels for Windows, macOS and Linux (the MSI build needs no compiler), it
is a DB-API 2.0 module shaped like the standard ``sqlite3`` (SQLAlchemy takes it as ``module=``),
and SQLCipher 4 authenticates every page with an HMAC, so a flipped byte in an encrypted file is
*detected* rather than read back as different data. Multiple Ciphers' Python wrapper (APSW
builds) would have meant a second database API beside the standard one.

The key is 256 random bits, used as a raw key (``PRAGMA key = "x'…'"``): no passphrase, so no
key-derivation delay on every connection. It is kept in the operating system's credential store
(Windows Credential Manager) under the database file's resolved path, and shown to the person
once as a *recovery key* (:func:`format_recovery_key`), which opens the file on any computer.

:func:`connect` is the one way the app opens a SQLite file: a plain file through the standard
``sqlite3``, an encrypted one through SQLCipher with the key from the store. A file without the
SQLite header that this computer has no key for is refused in words
(:class:`KeyNeededError`), never as damage; a typed key that does not fit is
:class:`WrongKeyError` and changes nothing. SQLCipher's own log (it writes to the console by
default) is switched off on every connection.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import secrets
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.domain.errors import EXIT_REJECTED
from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import NotADatabaseError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.store.atomic import StagedFile
from vpr_desktop.store.credentials import CredentialStore

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32  # 256 bits: SQLCipher 4's AES-256 key
KEYRING_SERVICE = "VPR Desktop database key"
PAGE_SIZE = 4096  # SQLCipher 4's default page size, which every file this app writes uses
CIPHER_NAME = "SQLCipher 4"
_GROUP = 4
_KEY_CHARS = 52  # 256 bits in base32 (5 bits a character, the last 4 bits zero)
# What people mistype in base32: the digits that look like letters it uses.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class KeyNeededError(NotADatabaseError):
    """An encrypted database this computer holds no key for (or a key that no longer fits).

    The window answers it with the recovery-key dialog; the command line names ``db unlock``.
    """

    title = "Database is encrypted"

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(
            message,
            "The window asks for the recovery key; at the command line run "
            f"'vpr-desktop db unlock --db {path}'. Nothing was changed.",
        )
        self.path = path


class WrongKeyError(VprError):
    """A recovery key that does not open the database (exit 3: input rejected)."""

    exit_code = EXIT_REJECTED
    title = "Wrong recovery key"


class NoKeyStoreError(VprError):
    """This computer has no credential store to keep a database key in (exit 3)."""

    exit_code = EXIT_REJECTED
    title = "No password store"


def database_errors() -> tuple[type[Exception], ...]:
    """The exceptions either SQLite module raises, for ``except`` clauses that mean "SQLite
    refused" whichever module opened the file."""
    from sqlcipher3 import dbapi2

    return (sqlite3.Error, dbapi2.Error)


# --------------------------------------------------------------------------- the recovery key


def new_key() -> bytes:
    """A fresh random 256-bit database key."""
    return secrets.token_bytes(KEY_BYTES)


def format_recovery_key(key: bytes) -> str:
    """``key`` as people can copy it: 52 letters and digits in groups of four (base32, whose
    alphabet has no 0, 1 or 8 to confuse with O, I or B)."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """The key a typed recovery key stands for: case, spaces, dashes and look-alike digits
    forgiven. Anything that cannot be one is refused (:class:`WrongKeyError`)."""
    cleaned = re.sub(r"[\s\-]", "", text).upper().translate(_LOOKALIKES)
    if len(cleaned) != _KEY_CHARS or not re.fullmatch(r"[A-Z2-7]+", cleaned):
        raise WrongKeyError(
            "That is not a recovery key: a recovery key is 52 letters and digits (2 to 7), "
            f"in groups of four; this has {len(cleaned)} characters.",
            "Type it again exactly as it was written down; nothing was changed.",
        )
    return base64.b32decode(cleaned + "====")  # 52 characters: always 32 bytes


def read_recovery_key_file(path: Path) -> bytes:
    """The recovery key written in ``path`` (the file ``db encrypt --recovery-key-file``
    wrote, or one the person typed it into)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except IsADirectoryError:
        raise ValidationError(
            f"{path} is a folder, not a recovery key file.", "Give the file itself."
        ) from None
    except OSError as exc:
        raise ValidationError(
            f"The recovery key file {path} cannot be read ({exc.strerror}).",
            "Check the path.",
        ) from exc
    # The file may hold the explanation this app writes around the key: the key is the line
    # made of groups of four.
    for line in text.splitlines():
        if re.fullmatch(r"\s*([A-Za-z0-9]{4}[\s\-]+){12}[A-Za-z0-9]{4}\s*", line):
            return parse_recovery_key(line)
    return parse_recovery_key(text)


# --------------------------------------------------------------------------- where keys are kept


def key_name(path: Path) -> str:
    """The credential store's user name for a database: its resolved path (case-folded where
    the file system ignores case), so the same file is found however it was named."""
    return os.path.normcase(str(Path(path).expanduser().resolve()))


# Keys unlocked in this process that the operating system could not keep (no credential
# store): the window can still open the file until it closes, and asks again next time.
_session_keys: dict[str, bytes] = {}


class KeyStore:
    """Database keys in the operating system's credential store, one per database file."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self.credentials = CredentialStore(backend)

    @property
    def available(self) -> bool:
        return self.credentials.available

    def get(self, path: Path) -> bytes | None:
        """The key kept for the database at ``path``, or None."""
        name = key_name(path)
        if name in _session_keys:
            return _session_keys[name]
        text = self.credentials.get(KEYRING_SERVICE, name)
        if text is None:
            return None
        try:
            key = bytes.fromhex(text)
        except ValueError:
            return None
        return key if len(key) == KEY_BYTES else None

    def keep(self, path: Path, key: bytes) -> bool:
        """Keep ``key`` for ``path``: True when the operating system keeps it; False when only
        this process does (no credential store)."""
        name = key_name(path)
        _session_keys[name] = key
        kept = self.credentials.save(KEYRING_SERVICE, name, key.hex())
        if kept:
            _session_keys.pop(name, None)
        return kept

    def forget(self, path: Path) -> None:
        """Remove the key kept for ``path`` (after the database is decrypted)."""
        name = key_name(path)
        _session_keys.pop(name, None)
        self.credentials.forget(KEYRING_SERVICE, name)

    def require(self, consequence: str, next_step: str) -> None:
        """Refuse, in words, where there is no credential store to keep a key in."""
        if not self.available:
            raise NoKeyStoreError(
                "This computer has no password store VPR Desktop can use (such as Windows "
                f"Credential Manager), so the database key could not be kept: {consequence}. "
                "Nothing was changed.",
                next_step,
            )


# --------------------------------------------------------------------------- telling files apart


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` is a file that could be an encrypted database: not empty, without the
    SQLite header, and a whole number of pages long (which a renamed text or zip file rarely
    is); such a file is called "encrypted (or damaged)", never just "not a database"."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return size >= 1024 and size % 512 == 0 and header != SQLITE_HEADER


def key_for(path: Path, *fallbacks: Path, keys: KeyStore | None = None) -> bytes | None:
    """The key to open ``path`` with: None for a plain file; for an encrypted one the key kept
    for it (or for one of ``fallbacks``: a backup is opened with its database's key).

    Raises :class:`KeyNeededError` when none is kept."""
    if not looks_encrypted(path):
        return None
    store = keys or KeyStore()
    for candidate in (path, *fallbacks):
        key = store.get(candidate)
        if key is not None:
            return key
    raise KeyNeededError(
        path,
        f"{path} is encrypted (or damaged) and this computer has no key for it: open it "
        "with its recovery key.",
    )


# --------------------------------------------------------------------------- connections


def _target(path: Path, read_only: bool, immutable: bool) -> tuple[str, bool]:
    if not read_only:
        return str(path), False
    flags = "?mode=ro" + ("&immutable=1" if immutable else "")
    return Path(path).resolve().as_uri() + flags, True


def connect(
    path: Path,
    *,
    key: bytes | None = None,
    fallbacks: tuple[Path, ...] = (),
    read_only: bool = False,
    immutable: bool = False,
    timeout: float = 5.0,
    check_same_thread: bool = True,
) -> Any:
    """Open the SQLite file at ``path``: the one connection factory of the app.

    ``key`` None: a plain file opens with the standard ``sqlite3``; an encrypted one with the
    key kept for it (see :func:`key_for`). A ``key`` given opens (or creates) the file with it.
    The connection is a DB-API 2.0 connection either way; an encrypted one is proved to open
    (its first page read) before it is returned. ``check_same_thread=False`` for a pool's
    connections, which SQLAlchemy hands from thread to thread one at a time.
    """
    path = Path(path)
    looked_up = key is None
    if key is None:
        key = key_for(path, *fallbacks)
    target, uri = _target(path, read_only, immutable)
    if key is None:
        return sqlite3.connect(
            target, uri=uri, timeout=timeout, check_same_thread=check_same_thread
        )
    try:
        return _keyed(path, target, uri, key, timeout, check_same_thread)
    except WrongKeyError:
        if not looked_up:
            raise
        raise KeyNeededError(
            path,
            f"{path} is encrypted and the key this computer holds for it does not open it "
            "(it was encrypted again elsewhere, or replaced by another file): open it with "
            "its recovery key.",
        ) from None


def _keyed(
    path: Path, target: str, uri: bool, key: bytes, timeout: float, check_same_thread: bool
) -> Any:
    from sqlcipher3 import dbapi2

    con = dbapi2.connect(target, uri=uri, timeout=timeout, check_same_thread=check_same_thread)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")  # never on the person's console
        con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError as exc:
        con.close()
        if "not a database" not in str(exc):
            raise
        raise not_opened(path, key) from None
    return con


def failed_pages(path: Path, key: bytes) -> tuple[int, list[str]]:
    """SQLCipher's page authentication over the whole file: (pages, what failed).

    Every page carries an HMAC; a changed byte fails its page. Run on its own connection
    (after a failure, SQLCipher's connection is not fit for further queries)."""
    from sqlcipher3 import dbapi2

    pages = max(1, path.stat().st_size // PAGE_SIZE)
    target, uri = _target(path, True, False)
    con = dbapi2.connect(target, uri=uri)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return pages, [str(r[0]) for r in con.execute("PRAGMA cipher_integrity_check")]
    finally:
        con.close()


def not_opened(path: Path, key: bytes) -> VprError:
    """Why ``key`` does not open ``path``: every page fails (the wrong key), or only some (a
    damaged file: the key is right). Only the damaged case is called damage."""
    pages, failed = failed_pages(path, key)
    if failed and len(failed) < pages:
        return CorruptDatabaseError(
            f"{path} is damaged: {len(failed)} of its {pages} pages fail their check "
            f"({failed[0]}).",
            "Restore the latest backup (File > Restore); the damaged file is left as it is.",
        )
    return WrongKeyError(
        f"That recovery key does not open {path}.",
        "Check it against the one written down (the key of another database does not fit); "
        "nothing was changed.",
    )


def verify(path: Path, key: bytes | None) -> tuple[bool, str]:
    """Whether the file passes SQLite's full integrity check (and, encrypted, every page its
    authentication), with the report: the check every backup and new file gets."""
    try:
        if key is not None:
            _pages, failed = failed_pages(path, key)
            if failed:
                return False, "; ".join(failed[:5])
        con = connect(path, key=key, read_only=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except database_errors() as exc:
        return False, str(exc)
    text = "; ".join(str(r[0]) for r in rows)
    return text == "ok", text


# --------------------------------------------------------------------------- rewriting files


def _export(source: Path, source_key: bytes | None, target: Path, target_key: bytes | None) -> None:
    """Copy every table, index, trigger and view into ``target`` under ``target_key`` (None:
    plain) with SQLCipher's ``sqlcipher_export``."""
    from sqlcipher3 import dbapi2

    con = dbapi2.connect(str(source))
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            con.execute(f"PRAGMA key = \"x'{source_key.hex()}'\"")
        # WAL frames go into the file first, and the journal mode back to DELETE, so no
        # -wal file is left beside the replaced file to be applied to the new one.
        con.execute("PRAGMA journal_mode = DELETE").fetchone()
        target_literal = f"x'{target_key.hex()}'" if target_key is not None else ""
        con.execute("ATTACH DATABASE ? AS rewritten KEY ?", (str(target), target_literal))
        con.execute("SELECT sqlcipher_export('rewritten')").fetchone()
        version = con.execute("PRAGMA main.user_version").fetchone()[0]
        con.execute(f"PRAGMA rewritten.user_version = {int(version)}")
        con.execute("DETACH DATABASE rewritten")
    finally:
        con.close()


def rewrite(path: Path, *, old_key: bytes | None, new_key: bytes | None) -> None:
    """Replace the database at ``path`` by a copy under ``new_key`` (None: plain), whole or
    not at all: written beside it, checked, then renamed over it. The caller holds its lock.

    Raises CorruptDatabaseError (nothing replaced) if the copy fails its check."""
    path = Path(path)
    with StagedFile(path.parent, "vpr-rewrite", private=True) as staged:
        try:
            _export(path, old_key, staged.path, new_key)
        finally:  # a failed export's journal goes with its half-written copy
            staged.path.with_name(staged.path.name + "-journal").unlink(missing_ok=True)
        ok, detail = verify(staged.path, new_key)
        if not ok:
            raise CorruptDatabaseError(
                f"The rewritten copy of {path} failed its check ({detail}); the database was "
                "not changed.",
                "Run 'vpr-desktop db check' on the database, then try again.",
            )
        with open(staged.path, "rb+") as fh:
            os.fsync(fh.fileno())  # on disk before the rename makes it the database
        staged.publish(path)
