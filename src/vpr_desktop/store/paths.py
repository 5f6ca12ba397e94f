"""Where VPR Desktop keeps its files: the per-user application data folder.

Never Documents (trusts redirect it to OneDrive, and SQLite in a sync folder breaks after a
forced shutdown), and never the program's own folder (Program Files is read-only to users and
replaced on an upgrade). ``VPR_DESKTOP_DATA_DIR`` overrides it (non-persistent VDI, tests).

The one exception is the portable copy (installer/README.md): a bundled program with a file
named ``portable`` beside it keeps everything in ``data/`` beside it, for a USB stick or a
shared folder where nothing may be left under the user profile.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "VPR Desktop"
#: The marker file next to the bundled program that makes it keep its data beside itself.
PORTABLE_MARKER = "portable"


def portable_data_dir() -> Path | None:
    """``data/`` beside the program when it is a bundle with the ``portable`` marker, else None.

    Only a frozen bundle (PyInstaller sets ``sys.frozen``) looks: a Python install's
    interpreter folder is no place for a marker or for data.
    """
    if not getattr(sys, "frozen", False):
        return None
    program = Path(sys.executable).resolve().parent
    if (program / PORTABLE_MARKER).is_file():
        return program / "data"
    return None


def data_dir() -> Path:
    override = os.environ.get("VPR_DESKTOP_DATA_DIR")
    portable = None if override else portable_data_dir()
    if override:
        path = Path(override)
    elif portable is not None:
        path = portable
    else:
        from platformdirs import user_data_dir

        # appauthor=False: %LOCALAPPDATA%\VPR Desktop on Windows (local, not roaming).
        path = Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "vpr.db"


def demo_database_path() -> Path:
    return data_dir() / "demo.db"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
