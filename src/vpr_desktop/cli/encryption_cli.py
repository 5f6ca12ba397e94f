"""``vpr-desktop db encrypt|decrypt|unlock``: encryption at rest of a SQLite database.

What is printed is what the person must act on: the recovery key, once, with where to keep it,
and the plain backup taken before encrypting, named with a warning that it is NOT encrypted.
The work is done by ``services.admin.encryption`` (the window's recovery-key dialog calls the
same service).
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TextIO

from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import ValidationError


def cmd_encryption(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.services.admin import encryption as service

    key_file: Path | None = args.recovery_key_file
    if args.action == "encrypt":
        done = service.encrypt_database(args.db, recovery_key_file=key_file)
        where = (
            "its key is kept in this computer's password store, so it opens here as before"
            if done.key_kept
            else "this computer has no password store, so it opens only where its recovery "
            "key is given (vpr-desktop db unlock)"
        )
        print(f"Encrypted {done.path} (SQLCipher 4, 256-bit key); {where}.", file=out)
        print("", file=out)
        print(f"Recovery key (shown once): {done.recovery_key}", file=out)
        print(
            "Keep the recovery key in the trust's password safe now: it is the only way to "
            "open this database on another computer, or here if the password store is lost. "
            "It is not shown again.",
            file=out,
        )
        if done.recovery_key_file is not None:
            print(
                f"The recovery key was also written to {done.recovery_key_file}: move it into "
                "the password safe and delete that file.",
                file=out,
            )
        print("", file=out)
        print(
            f"WARNING: the backup taken first, {done.backup}, is NOT encrypted. Delete it, "
            "or keep it somewhere as safe as the database.",
            file=out,
        )
        return EXIT_OK
    if args.action == "decrypt":
        undone = service.decrypt_database(args.db)
        print(
            f"Decrypted {undone.path}: it is a plain SQLite file again. The backup taken "
            f"first, {undone.backup}, is still encrypted; its key stays in this computer's "
            "password store so it can be restored.",
            file=out,
        )
        return EXIT_OK
    # unlock
    from vpr_desktop.store.encryption import KeyStore
    from vpr_desktop.store.encryption import read_recovery_key_file

    keys = KeyStore()
    keys.require(  # a key this process cannot keep would be lost when it ends
        "the next command would not find it",
        "Open the database in the window instead (it asks for the recovery key each time "
        "here), or unlock it on a computer with a password store.",
    )
    recovery: str | bytes
    if key_file is not None:
        recovery = read_recovery_key_file(key_file)
    else:
        try:
            recovery = getpass.getpass("Recovery key (not shown as you type): ", stream=err)
        except EOFError:
            raise ValidationError(
                "No recovery key was typed; nothing was changed.",
                "Type it when asked, or give --recovery-key-file FILE.",
            ) from None
    service.unlock_database(args.db, recovery, keys=keys)
    print(
        f"The recovery key opens {args.db}; its key is now kept in this computer's password "
        "store, so it opens here as before.",
        file=out,
    )
    return EXIT_OK
