"""What the About box and crash reports say the app is running on.

Support's first question is always "which version?", so both the About box and every crash
report carry the same list. Imports are local: this is read on demand, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services


def version_lines(services: Services | None = None) -> list[tuple[str, str]]:
    """(label, value) pairs: app, schema, Qt, PySide, Python, SQLite, OS, data folder."""
    import platform
    import sqlite3

    import PySide6
    from PySide6.QtCore import qVersion

    from vpr_desktop import __version__

    schema = "no database open"
    database = "none"
    if services is not None:
        schema = services.db.schema_revision
        database = services.db.describe()
    return [
        ("VPR Desktop", __version__),
        ("Database schema", schema),
        ("Database", database),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", platform.python_version()),
        ("SQLite library", sqlite3.sqlite_version),
        ("Operating system", platform.platform(terse=True)),
        ("Data folder", _data_folder()),
    ]


def version_text(services: Services | None = None) -> str:
    """The version lines as plain text, for crash reports."""
    return "\n".join(f"{label}: {value}" for label, value in version_lines(services))


def _data_folder() -> str:
    try:
        from vpr_desktop.store.paths import data_dir

        return str(data_dir())
    except OSError as exc:  # a folder we cannot create must not stop the About box
        return f"unavailable ({exc})"
