"""Where VPR Desktop keeps its files: the per-user application data folder.

Never Documents (trusts redirect it to OneDrive, and SQLite in a sync folder breaks after a
forced shutdown). ``VPR_DESKTOP_DATA_DIR`` overrides it (non-persistent VDI, tests).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "VPR Desktop"


def data_dir() -> Path:
    override = os.environ.get("VPR_DESKTOP_DATA_DIR")
    if override:
        path = Path(override)
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
