"""``vpr-desktop db check``: the one place that says whether a database is sound.

SQLite's full integrity check and foreign keys (an encrypted file's page authentication
first), then the audit trail's hash chain and its append-only protection; a PostgreSQL
database has its audit trail checked. Apart from the other ``db`` commands
(``cli.database_cli``) because it reads the file below the app's own opening of it, to name
what is wrong rather than refuse to open it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import TextIO

from vpr_desktop.domain.errors import EXIT_OK

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database


def check_database(target: str, head: str, out: TextIO) -> int:
    """``db check``: print what was checked and "ok" (exit 0), or the first problem found
    (exit 4); ``head`` is the schema revision this app uses."""
    from vpr_desktop.store import migrate
    from vpr_desktop.store.database import is_url
    from vpr_desktop.store.database import open_database
    from vpr_desktop.store.sqlite_checks import inspect_sqlite

    if is_url(target):
        db = open_database(target, upgrade=False)
        return _chain_verdict(db, out, heading=f"schema {db.schema_revision}")
    from vpr_desktop.store import encryption

    path = Path(target)
    key = None if path.is_dir() else encryption.key_for(path)  # no key here: refused in words
    if key is not None:
        # Every page's authentication (HMAC) first: a changed byte is named as such.
        pages, failed = encryption.failed_pages(path, key)
        print(f"encrypted ({encryption.CIPHER_NAME}), {pages:,} pages", file=out)
        if failed:
            print(
                f"integrity check failed: {len(failed)} page(s) fail their authentication "
                f"({'; '.join(failed[:3])})",
                file=out,
            )
            return 4
    inspection = inspect_sqlite(path)  # folder, absent, header, quick_check, revision
    from vpr_desktop.store.database import refuse_if_newer
    from vpr_desktop.store.sqlite_checks import empty_database_error

    if inspection.empty:
        raise empty_database_error(path)

    refuse_if_newer(inspection.revision, str(path))
    con = encryption.connect(path, key=key, read_only=True)
    try:
        integrity = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check").fetchall())
        fk_problems = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    print(
        f"schema {inspection.revision or '(empty)'}"
        + (
            ""
            if inspection.revision == head
            else f" (this app uses {head}; run 'vpr-desktop db upgrade')"
            if inspection.revision and migrate.is_known(inspection.revision)
            else ""
        ),
        file=out,
    )
    if integrity != "ok":
        print(f"integrity check failed: {integrity}", file=out)
        return 4
    if fk_problems:
        print(f"{len(fk_problems)} broken references (foreign keys)", file=out)
        return 4
    if inspection.revision == head:
        return _chain_verdict(open_database(path, mode="ro", upgrade=False), out)
    print("ok", file=out)
    return EXIT_OK


def _chain_verdict(db: Database, out: TextIO, *, heading: str | None = None) -> int:
    """Print ``heading``, check the audit chain of ``db`` and close it: exit 4 with the
    problem in words, or "ok" (a server database and a current SQLite file end alike)."""
    try:
        if heading is not None:
            print(heading, file=out)
        problem = _audit_chain_problem(db, out)
    finally:
        db.close()
    if problem:
        print(problem, file=out)
        return 4
    print("ok", file=out)
    return EXIT_OK


def _audit_chain_problem(db: Database, out: TextIO) -> str | None:
    """Check the audit trail's hash chain and its append-only protection (revision 0008);
    the first problem in words, or None (and how many events were checked)."""
    from vpr_desktop.domain.errors import PermissionDeniedError
    from vpr_desktop.services.common.unit_of_work import translate
    from vpr_desktop.store import audit_chain

    try:
        with db.engine.connect() as conn:
            check = audit_chain.verify(conn)
    except Exception as exc:
        if isinstance(translate(exc), PermissionDeniedError):
            return "the audit trail could not be checked: this login may not read it"
        raise
    if check.problem is None:
        print(f"audit trail: {check.rows:,} events, hash chain intact", file=out)
    return check.problem
