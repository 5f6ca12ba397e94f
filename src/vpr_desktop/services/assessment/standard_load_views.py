"""What loading a standard edition from a file reports: the mapping step's sheet preview
and the load's result (changes made or would be made, or the problems that refused it).

Apart from ``standard_views`` (the editions as stored) because these shapes exist only while a
file is being read and loaded, and carry the import framework's problems and record.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.standard_library import Library
from vpr_desktop.services.assessment.standard_update import Changes
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.report import Problem


@dataclass
class LoadResult:
    """What a load did (``dry_run``: would do). ``problems`` non-empty means refused."""

    edition: str
    file_name: str
    dry_run: bool
    changes: Changes | None = None
    problems: list[Problem] = field(default_factory=list)
    import_result: ImportResult | None = None  # spreadsheet loads: the framework's record
    library: Library | None = None  # spreadsheet loads: the domains and indicators read

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return (
                f"{self.file_name}: {len(self.problems)} problem(s); the {self.edition} "
                "edition was not changed."
            )
        c = self.changes
        assert c is not None
        verb = "would be" if self.dry_run else "was"
        if c.created:
            head = (
                f"{self.file_name}: the {c.edition} edition {verb} created at library "
                f"version {c.library_version}"
            )
        else:
            head = (
                f"{self.file_name}: the {c.edition} edition {verb} updated from library "
                f"version {c.previous_version} to {c.library_version}"
            )
        parts = [
            f"{len(c.new_codes)} new",
            f"{len(c.changed_codes)} with changed wording",
            f"{len(c.retired_codes)} retired",
        ]
        tail = (
            f"; {c.ratings_flagged} rating(s) in open cycles flagged to re-confirm, "
            f"{c.ratings_added} added as not assessed"
        )
        mark = " It is still (partly) our working summary." if c.working_summary else ""
        warn = "".join(f" WARNING: {w}" for w in c.warnings)
        return f"{head}: indicators {', '.join(parts)}{tail}.{mark}{warn}"

    def to_error(self) -> ValidationError:
        return ValidationError(
            self.summary(),
            "Fix the rows listed and load the file again.",
            problems=[p.as_tuple() for p in self.problems],
        )


@dataclass(frozen=True)
class MappedField:
    key: str
    label: str
    required: bool
    header: str | None  # the file's heading used for it, or None when no column was found


@dataclass(frozen=True)
class SheetPreview:
    """For the mapping step: which column feeds which field, and the first rows as read."""

    file_name: str
    source: str  # "Excel workbook, sheet 'Tool', header on row 3"
    header_row: int
    fields: tuple[MappedField, ...]
    missing_required: tuple[str, ...]  # labels
    headers: tuple[str, ...]  # every non-blank heading in the header row (to choose from)
    rows: tuple[dict[str, str], ...]  # field key -> cell text, first ``limit`` data rows

    @property
    def ok(self) -> bool:
        return not self.missing_required
