"""A pack's written files: their checksums, and the archive entry that must hold exactly them.

Why apart from :mod:`vpr_desktop.reports.pack_job` (which renders): once the files are written
the pack's record is what matters. The archive copies each file and hashes its copy; a copy
whose hash differs from the file on disk means a failing disk or a file changed under us, and
the pack is refused rather than archived with a copy that is not what the committee was sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vpr_desktop.domain.errors import VprError
from vpr_desktop.reports.pack_model import Pack
from vpr_desktop.services.packs.archive import HistoryEntry
from vpr_desktop.services.packs.archive import archive_pack

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass(frozen=True)
class GeneratedFile:
    """One file a pack was written to, with its checksum for the archive."""

    path: Path
    file_format: str
    sha256: str
    size: int


def describe(path: Path) -> GeneratedFile:
    """The file as written: its format (from the suffix), SHA-256 and size."""
    data = path.read_bytes()
    return GeneratedFile(path, path.suffix.lstrip("."), hashlib.sha256(data).hexdigest(), len(data))


def archive_files(
    db: Database, actor: Actor, pack: Pack, written: list[Path], files: tuple[GeneratedFile, ...]
) -> HistoryEntry:
    """Archive the pack's files with its parameters, and check the archive holds exactly what
    was written (same names, same hashes)."""
    entry = archive_pack(
        db,
        actor,
        kind=pack.kind,
        period_from=pack.period_from,
        period_to=pack.period_to,
        files=written,
        parameters=pack.parameters,
        generated_at=pack.data_as_at,
        meeting=pack.front.meeting,
        meeting_date=pack.front.meeting_date,
    )
    archived = {f.name: f.sha256 for f in entry.files}
    for f in files:  # the archive holds exactly what was written
        if archived.get(f.path.name) != f.sha256:
            raise VprError(
                f"The archived copy of {f.path.name} does not match the file written.",
                "Check the disk and generate the pack again.",
            )
    return entry
