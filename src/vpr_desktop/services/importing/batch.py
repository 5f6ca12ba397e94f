"""Run an import all-or-nothing, record it as an ``ImportBatch``, and undo it later.

The shape every import follows (risk register now; ESR staff/training and Datix incidents
later): :func:`run_import` hashes the file, opens it with :func:`~.reader.open_table`, starts
ONE :class:`UnitOfWork`, adds the ``ImportBatch`` row (so the importer can stamp its rows with
``import_batch_id``), and calls the importer's ``body(ctx)``, which validates rows into
``ctx.problems`` and inserts the good ones with Core ``insert`` in batches (performance.md
"Imports stream": no ORM unit of work per row). At the end:

* any problem, or a dry run -> the transaction is rolled back: nothing the body wrote stays;
* otherwise the batch's counts are set and one ``import`` audit event is written in the same
  transaction, then it commits.

Decision -- a rejected import is recorded: after the rollback, a *separate* short transaction
adds an ``ImportBatch`` with outcome ``rejected`` (file name, SHA-256, rows read, rows with
problems, who, when) and its audit event. Why: the VPR lead and auditors can see that someone
tried to load a file and why the register did not change, and the hash ties a later corrected
file to the attempt. No data row is ever written by a rejected import -- only this record. Dry
runs record nothing (they are previews). If even that record cannot be written (e.g. the
database is busy) the rejection still stands and a note says the attempt was not logged.

Bulk rows bypass the ORM's automatic per-row audit (Core inserts); the batch row and the
``import`` audit event (with the counts) are the audit trail, and undo is exact because every
imported row carries the batch id.

Decision -- a *cancelled* import records nothing: ``progress``/``is_cancelled`` are handed to
the reader's row loop (:meth:`~.reader.Table.watch`), and a cancel raises
:class:`OperationCancelled` through the unit of work, which rolls back everything the body
wrote; it is not a rejection (the file was not judged), so no "rejected" batch is added.
Cancel is checked once more just before the commit, so a cancel pressed while the last rows
were written still wins.

Undo (:func:`undo_batch`) deletes the rows carrying the batch's ``import_batch_id`` via an
importer-supplied function (which knows the child tables), in one transaction, and marks the
batch ``undone`` -- never deleting the batch record itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import aliased

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.errors import OperationCancelled
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import User
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.reader import CancelledFn
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.reader import ProgressFn
from vpr_desktop.services.importing.reader import SourceRow
from vpr_desktop.services.importing.reader import Table
from vpr_desktop.services.importing.reader import open_table
from vpr_desktop.services.importing.report import Problem
from vpr_desktop.services.importing.report import ProblemLog
from vpr_desktop.services.importing.unknown_words import unknown_lines
from vpr_desktop.services.importing.value_map import LeftOut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do). Plain data for screens and the CLI."""

    kind: str
    file_name: str
    sha256: str
    dry_run: bool
    outcome: ImportOutcome | None  # committed | rejected; None for a dry run
    rows_read: int = 0
    rows_imported: int = 0  # dry run: rows that would be imported
    rows_rejected: int = 0  # rows with at least one problem
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0  # may exceed len(problems) (the first 1,000 are kept)
    batch_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)  # e.g. {"risks": 10, "controls": 23}
    notes: list[str] = field(default_factory=list)
    source: str = ""  # how the file was read: "CSV, Windows-1252, ';', header on row 3"
    unknown: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> value -> rows
    unknown_fix: dict[str, str] = field(default_factory=dict)  # kind -> what to do about it
    unknown_total: int = 0  # how many of the problems are unknown values
    headers: tuple[str, ...] = ()  # the file's column headings (a value profile's "source")
    # Values a value map (``value_map.ValueMap``) decided: kind -> value -> rows.
    mapped: dict[str, dict[str, int]] = field(default_factory=dict)
    # Unknown values the import handled its default way without refusing the file (a
    # competence no course lists: left out): kind -> value -> rows, and kind -> what was done.
    defaulted: dict[str, dict[str, int]] = field(default_factory=dict)
    defaulted_as: dict[str, str] = field(default_factory=dict)

    def unknown_lines(self) -> list[str]:
        """Each distinct unknown value once with its row count, then what to do ("7 location
        names and 1 sub-category are not known: …"): the summary a person can act on, where
        the same few names fill hundreds of problem rows."""
        return unknown_lines(self.unknown, self.unknown_fix)

    @property
    def ok(self) -> bool:
        """True when no problem was found (in a dry run: the file would import)."""
        return self.problems_total == 0

    def summary(self) -> str:
        """One line saying what happened, for the status bar and the CLI."""
        what = ", ".join(f"{n:,} {k}" for k, n in self.counts.items()) or "nothing"
        if not self.ok and self.rows_rejected == 0:
            return f"{self.file_name}: the file was refused; nothing was imported."
        if not self.ok:
            return (
                f"{self.file_name}: {self.problems_total:,} problem(s) in "
                f"{self.rows_rejected:,} row(s); nothing was imported."
            )
        if self.dry_run:
            return (
                f"{self.file_name}: dry run, {self.rows_read:,} rows checked, no problems; "
                f"would import {what}. Nothing was written."
            )
        return f"{self.file_name}: imported {what} (batch {self.batch_id})."

    def to_error(self) -> ValidationError:
        """The rejection as the error the CLI prints row by row (exit 3)."""
        more = (
            f" (the first {len(self.problems):,} are listed)"
            if self.problems_total > len(self.problems)
            else ""
        )
        return ValidationError(
            self.summary() + more,
            "Fix the rows listed and run the import again.",
            problems=[p.as_tuple() for p in self.problems],
        )


#: What an importer's row parser makes of a row (see :meth:`ImportContext.parsed_rows`).
P = TypeVar("P")


@dataclass
class ImportContext:
    """Handed to an importer's body: where to write, where to report, what was read."""

    uow: UnitOfWork
    batch_id: int
    table: Table
    problems: ProblemLog
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_ok: int = 0
    #: Rows :meth:`parsed_rows` left out because the person chose to leave a value of theirs out.
    rows_chosen_out: int = 0
    defaulted: dict[str, dict[str, int]] = field(default_factory=dict)
    defaulted_as: dict[str, str] = field(default_factory=dict)

    def default(self, what: str, value: str, outcome: str) -> None:
        """Count an unknown ``value`` of kind ``what`` that the import handled its default
        way (``outcome``: "left out", "imported without a location"), so the dialog can
        offer a better choice for it."""
        per = self.defaulted.setdefault(what, {})
        per[value] = per.get(value, 0) + 1
        self.defaulted_as.setdefault(what, outcome)

    def chosen_added(self, what: str, names: Sequence[str]) -> None:
        """Count and name the ``what`` ("locations", "courses") the import created because the
        person chose to in the value step, so the result says what now exists that did not."""
        if names:
            self.counts[f"new {what}"] = len(names)
            self.notes.append(f"New {what} added as chosen: " + ", ".join(names) + ".")

    def chosen_left_out(
        self, rows: int, lines: Iterable[str], count_as: str = "left out as chosen"
    ) -> None:
        """Count the ``rows`` left out because the person chose to leave their values out, and
        name those values (``ValueMap.left_out_lines``): rows missing from the database must
        be explained in the result, not only in the dialog."""
        if rows:
            self.counts[count_as] = rows
            self.notes.append(f"{rows:,} row(s) were left out as chosen: " + "; ".join(lines) + ".")

    def parsed_rows(self, parse: Callable[[SourceRow], P]) -> Iterator[tuple[SourceRow, P]]:
        """Each data row with what ``parse`` made of it, counting every row read
        (``rows_read``) and every row ``parse`` left out with :class:`LeftOut` because the
        person chose to leave one of its values out (``rows_chosen_out``, for
        :meth:`chosen_left_out`): the one reading loop of the valued imports."""
        for row in self.table.rows():
            self.rows_read += 1
            try:
                parsed = parse(row)
            except LeftOut:
                self.rows_chosen_out += 1
                continue
            yield row, parsed

    @property
    def session(self) -> Session:
        """The import's one session: everything the body writes commits or rolls back together."""
        return self.uow.session

    def problem(
        self,
        row: int | None,
        key_or_column: str,
        value: Any,
        why: str,
        *,
        unknown: str = "",
        fix: str = "",
    ) -> None:
        """Report a problem; a field key is shown as the file's own header text (or the
        field's label when the file has no such column). ``unknown``/``fix``: the value is one
        the database does not know, of this kind (see ``ProblemLog.add``)."""
        column = key_or_column
        if self.table.match and key_or_column in self.table.match.columns:
            column = self.table.column(key_or_column)
        else:
            with contextlib.suppress(KeyError):
                column = self.table.format.field(key_or_column).label
        self.problems.add(row, column, value, why, unknown=unknown, fix=fix)


ImportBody = Callable[[ImportContext], None]


@dataclass(frozen=True)
class BatchInfo:
    """One recorded import (imported, rejected or undone), as the import history lists it."""

    id: int
    kind: str
    file_name: str
    sha256: str
    rows_total: int
    rows_imported: int
    rows_rejected: int
    imported_by: str
    imported_at: dt.datetime
    outcome: ImportOutcome
    undone_at: dt.datetime | None
    undone_by: str | None
    #: The accounts' names (a list names people, not logins); None: no such account now.
    imported_by_name: str | None = None
    undone_by_name: str | None = None

    @property
    def rows_left_out(self) -> int:
        """Rows of the file an import left out without rejecting it (a value the person chose
        to leave out, a repeated row): read but neither imported nor rejected. A rejected
        file imports nothing, so none of its rows count as left out."""
        if ImportOutcome(self.outcome) is ImportOutcome.REJECTED:
            return 0
        return max(0, self.rows_total - self.rows_imported - self.rows_rejected)

    @property
    def imported_by_words(self) -> str:
        """Who imported it: their name, or the login when the account is gone."""
        return self.imported_by_name or self.imported_by

    @property
    def undone_by_words(self) -> str | None:
        return self.undone_by_name or self.undone_by


class _RollBack(Exception):
    """Leave the unit of work without committing (dry run, or problems found)."""


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks, so a re-import of the same file can be recognised."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _describe(table: Table) -> str:
    if table.file_kind == "xlsx":
        return f"Excel workbook, sheet '{table.sheet}', header on row {table.header_row}"
    names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
    return (
        f"CSV, {table.encoding}, {names.get(table.delimiter or ',', table.delimiter)}-"
        f"separated, header on row {table.header_row}"
    )


def previous_import(db: Database, kind: ImportKind, sha: str) -> BatchInfo | None:
    """The newest committed batch of ``kind`` that read a file with this SHA-256, if any:
    the same file twice is refused, or (where re-import is allowed) named in the result."""
    with reading(db) as session:
        batch = session.scalar(
            select(ImportBatch)
            .where(
                ImportBatch.kind == kind,
                ImportBatch.sha256 == sha,
                ImportBatch.outcome == ImportOutcome.COMMITTED,
            )
            .order_by(ImportBatch.id.desc())
            .limit(1)
        )
        return None if batch is None else _info(batch)


def mapping_label(fmt: ImportFormat, profile_name: str | None = None, custom: bool = False) -> str:
    """What ``ImportBatch.mapping_profile`` records: "training v1", "training v1 + profile
    'ESR monthly'", or "training v1 + custom mapping" (columns chosen but not saved)."""
    label = f"{fmt.kind} v{fmt.version}"
    if profile_name:
        label += f" + profile '{profile_name.strip()[:200]}'"
    elif custom:
        label += " + custom mapping"
    return label[:255]


def run_import(
    db: Database,
    actor: Actor,
    *,
    kind: ImportKind,
    path: Path | str,
    fmt: ImportFormat,
    body: ImportBody,
    dry_run: bool = False,
    limits: Limits | None = None,
    allow_same_file: bool = False,
    mapping_profile: str | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelledFn | None = None,
) -> ImportResult:
    """Import ``path`` all-or-nothing (see the module docstring). Never raises for bad input:
    the problems are in the result (``result.ok`` False); database refusals still raise, and
    so does :class:`OperationCancelled` when ``is_cancelled()`` turns true (nothing written).

    ``mapping_profile``: recorded on the batch (default "<kind> v<version>", see
    :func:`mapping_label`). ``progress(percent, message)``: percent 0..100, or -1 unknown.
    """
    actor.require(Permission.IMPORT_DATA, "import data")
    path = Path(path)

    def check_cancel() -> None:
        if is_cancelled is not None and is_cancelled():
            raise OperationCancelled()

    def report(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    verb = "Checking" if dry_run else "Importing"
    report(0, f"Reading {path.name}\u2026")
    sha = file_sha256(path) if path.is_file() else ""
    result = ImportResult(
        kind=kind.value, file_name=path.name, sha256=sha, dry_run=dry_run, outcome=None
    )
    log = ProblemLog()
    previous = None if allow_same_file or not sha else previous_import(db, kind, sha)
    if previous is not None:
        log.add(
            None,
            "",
            path.name,
            f"this file was already imported on {previous.imported_at:%Y-%m-%d} by "
            f"{previous.imported_by} (batch {previous.id}); undo that batch first to "
            "import it again",
        )
    else:
        check_cancel()
        try:
            with open_table(path, fmt, limits) as table:
                result.source = _describe(table)
                result.headers = tuple(
                    str(c).strip() for c in table.header_cells if c is not None and str(c).strip()
                )
                table.watch(progress, is_cancelled, verb)
                try:
                    with UnitOfWork(db, actor) as uow:
                        batch = ImportBatch(
                            kind=kind,
                            file_name=path.name[:500],
                            sha256=sha,
                            imported_by=actor.username,
                            outcome=ImportOutcome.COMMITTED,
                            mapping_profile=mapping_profile or mapping_label(fmt),
                        )
                        uow.session.add(batch)
                        uow.session.flush()
                        ctx = ImportContext(uow, batch.id, table, log, dry_run)
                        try:
                            body(ctx)
                        finally:
                            result.rows_read, result.rows_imported = ctx.rows_read, ctx.rows_ok
                            result.counts, result.notes = ctx.counts, ctx.notes
                            result.defaulted = ctx.defaulted
                            result.defaulted_as = ctx.defaulted_as
                        check_cancel()
                        if log or dry_run:
                            raise _RollBack
                        report(100, f"Saving {ctx.rows_ok:,} rows\u2026")
                        batch.rows_total, batch.rows_imported = ctx.rows_read, ctx.rows_ok
                        uow.audit(
                            AuditAction.IMPORT,
                            "import_batch",
                            batch.id,
                            detail=f"{kind.value} from {path.name}: "
                            + ", ".join(f"{n} {k}" for k, n in ctx.counts.items()),
                            after={"sha256": sha, **ctx.counts},
                        )
                        result.batch_id = batch.id
                        result.outcome = ImportOutcome.COMMITTED
                except _RollBack:
                    report(100, f"Checked {result.rows_read:,} rows.")
        except ValidationError as exc:  # file-level refusal, or a clash found by the database
            if exc.problems:
                for row, column, value, why in exc.problems:
                    log.add(row, column, value, why)
            else:
                log.add(None, "", "", exc.message)
    if log:
        result.outcome = None if dry_run else ImportOutcome.REJECTED
        result.rows_imported = 0
        result.counts = {}
        result.problems, result.problems_total = list(log), log.total
        result.unknown, result.unknown_fix = log.unknown, log.unknown_fix
        result.unknown_total = log.unknown_total
        result.rows_rejected = log.rows_with_problems
        if not dry_run and sha:  # (no file at all: nothing worth recording)
            _record_rejection(
                db, actor, kind, path, sha, result, mapping_profile or mapping_label(fmt)
            )
    return result


def _record_rejection(
    db: Database,
    actor: Actor,
    kind: ImportKind,
    path: Path,
    sha: str,
    result: ImportResult,
    mapping_profile: str | None = None,
) -> None:
    try:
        with UnitOfWork(db, actor) as uow:
            batch = ImportBatch(
                kind=kind,
                file_name=path.name[:500],
                sha256=sha or "-",
                rows_total=result.rows_read,
                rows_imported=0,
                rows_rejected=result.rows_rejected,
                imported_by=actor.username,
                outcome=ImportOutcome.REJECTED,
                mapping_profile=mapping_profile,
            )
            uow.session.add(batch)
            uow.session.flush()
            uow.audit(
                AuditAction.IMPORT,
                "import_batch",
                batch.id,
                detail=f"{kind.value} from {path.name} rejected: "
                f"{result.problems_total} problem(s)",
            )
            result.batch_id = batch.id
    except VprError as exc:
        result.notes.append(f"The rejected attempt could not be logged ({exc.message}).")


def _info(b: ImportBatch, by: str | None = None, undone_by: str | None = None) -> BatchInfo:
    return BatchInfo(
        b.id,
        b.kind.value,
        b.file_name,
        b.sha256,
        b.rows_total,
        b.rows_imported,
        b.rows_rejected,
        b.imported_by,
        b.imported_at,
        b.outcome,
        b.undone_at,
        b.undone_by,
        by,
        undone_by,
    )


def list_batches(
    db: Database,
    actor: Actor,
    kind: ImportKind | None = None,
    limit: int = 200,
    *,
    kinds: Iterable[ImportKind] | None = None,
    batch_id: int | None = None,
) -> list[BatchInfo]:
    """Recent import batches (newest first), for the import history screen; ``kinds``
    narrows to several kinds at once (e.g. staff and training on the training screen),
    ``batch_id`` to one batch."""
    actor.require(Permission.IMPORT_DATA, "see import history")
    importer, undoer = aliased(User), aliased(User)
    stmt = (
        select(ImportBatch, importer.display_name, undoer.display_name)
        .outerjoin(importer, importer.username == ImportBatch.imported_by)
        .outerjoin(undoer, undoer.username == ImportBatch.undone_by)
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    )
    if kind is not None:
        stmt = stmt.where(ImportBatch.kind == kind)
    if kinds is not None:
        stmt = stmt.where(ImportBatch.kind.in_(list(kinds)))
    if batch_id is not None:
        stmt = stmt.where(ImportBatch.id == batch_id)
    with reading(db) as session:
        return [_info(b, by, undone) for b, by, undone in session.execute(stmt)]


def undo_batch(
    db: Database,
    actor: Actor,
    batch_id: int,
    kind: ImportKind,
    delete_rows: Callable[[UnitOfWork, int], dict[str, int]],
) -> dict[str, int]:
    """Undo a committed batch in one transaction; ``delete_rows`` may refuse (raise)."""
    actor.require(Permission.IMPORT_DATA, "undo imports")
    with UnitOfWork(db, actor) as uow:
        batch = uow.get(ImportBatch, batch_id)
        if batch.kind != kind:
            raise ValidationError(
                f"Batch {batch_id} is a {batch.kind.value} import, not {kind.value}.",
                "Choose the right batch.",
            )
        if batch.outcome != ImportOutcome.COMMITTED:
            raise ValidationError(
                f"Batch {batch_id} was {batch.outcome.value}; only an "
                "import that was committed can be undone.",
                "",
            )
        counts = delete_rows(uow, batch_id)
        batch.outcome = ImportOutcome.UNDONE
        batch.undone_at = utcnow()
        batch.undone_by = actor.username
        uow.audit(
            AuditAction.DELETE,
            "import_batch",
            batch_id,
            detail=f"undo of {batch.file_name}: "
            + ", ".join(f"{n} {k}" for k, n in counts.items()),
            before=counts,
        )
    return counts
