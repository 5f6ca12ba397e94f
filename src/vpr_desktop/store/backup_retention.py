"""Which old backups a retention rule lets go: every recent day's, then one a week, then none.

Apart from taking backups (``store.backup``) because it only reads the names backups were
given, never their content, and only ever lists files named as this app names its backups of
one database, so nothing else in a folder can be pruned.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

_STAMP = re.compile(r"-(\d{8}-\d{6}-\d{3})\.db$")


def backup_taken_at(path: Path, stem: str) -> dt.datetime | None:
    """When a backup of the database ``stem`` was taken, from the name :func:`backup_sqlite`
    gave it (``STEM-LABEL-YYYYmmdd-HHMMSS-fff.db``); None for any other file."""
    if not path.name.startswith(f"{stem}-"):
        return None
    match = _STAMP.search(path.name)
    if match is None:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None


def backups_to_prune(
    folder: Path, stem: str, keep_days: int, keep_weeks: int, today: dt.date
) -> list[Path]:
    """The backups of ``stem`` in ``folder`` a retention rule lets go, oldest first.

    Every backup from the last ``keep_days`` days (today included) is kept, so several taken
    on one busy day all stay; before that, the newest backup of each of the ``keep_weeks``
    calendar weeks before that is kept. Anything older, and the other backups of those weeks,
    may go. Only files named as this app names its backups of this database are considered:
    nothing else in the folder is ever touched.
    """
    taken = {
        p: when
        for p in Path(folder).glob(f"{stem}-*.db")
        if p.is_file() and (when := backup_taken_at(p, stem)) is not None
    }
    first_daily = today - dt.timedelta(days=keep_days - 1)
    week_start = first_daily - dt.timedelta(days=first_daily.weekday())
    first_weekly = week_start - dt.timedelta(weeks=keep_weeks)
    newest_in_week: dict[dt.date, Path] = {}
    for path, when in sorted(taken.items(), key=lambda item: item[1]):
        day = when.date()
        if first_weekly <= day < first_daily:
            newest_in_week[day - dt.timedelta(days=day.weekday())] = path
    kept = set(newest_in_week.values())
    return [
        p
        for p, when in sorted(taken.items(), key=lambda item: item[1])
        if when.date() < first_daily and p not in kept
    ]
