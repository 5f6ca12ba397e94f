"""What the standards service hands out: editions, their domains and indicators, load results,
sheet previews and crosswalk items.

Plain, frozen dataclasses (no ORM object leaves the service), kept apart so screens and the CLI
can read the shapes without the service's loading and crosswalk rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.standard_library import Library, ScaleLevel
from vpr_desktop.services.assessment.standard_update import (
    Changes,
)
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.report import Problem


@dataclass(frozen=True)
class EditionSummary:
    id: int
    edition: str  # "vpr-2024"
    short_name: str  # "2024" (what people type)
    title: str
    publisher: str
    library_version: int
    published_on: dt.date | None
    working_summary: bool  # True while any indicator wording is ours, not the published one
    domains: int
    indicators: int  # in use (not retired)
    retired: int
    cycles: int


@dataclass(frozen=True)
class IndicatorView:
    id: int
    code: str
    domain_code: str
    text: str  # as stored: our working-summary wording carries the mark in the text itself
    guidance: str | None
    typical_evidence: str | None
    retired: bool
    working_summary: bool  # the text carries WORKING_SUMMARY_MARK


@dataclass(frozen=True)
class DomainView:
    id: int
    code: str
    title: str
    sort_order: int
    indicators: tuple[IndicatorView, ...]  # natural code order; retired ones included


@dataclass(frozen=True)
class EditionDetail:
    summary: EditionSummary
    provenance: str
    scale: tuple[ScaleLevel, ...]  # red, amber, green, not assessed
    domains: tuple[DomainView, ...]  # official order


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


@dataclass(frozen=True)
class CrosswalkItem:
    id: int
    version: int
    from_edition: str
    from_code: str
    from_text: str
    to_edition: str
    to_code: str
    to_text: str
    to_domain_code: str
    to_domain_title: str
    strength: str  # primary | secondary | "" (a link not from the shipped rules)
    rationale: str
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    retired: bool  # either end retired: kept for history, never used to carry

    @property
    def confirmed(self) -> bool:
        return self.confirmed_by is not None
