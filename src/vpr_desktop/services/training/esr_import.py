"""Import ESR-style staff lists and training/competency exports (CSV/XLSX).

The generic half (safe reading with encodings/delimiters/header search, the column maps in
``resources/import_formats/{staff,training}.toml``, all-or-nothing batch, rejection record,
row-by-row report, undo bookkeeping) is ``services.importing``; this module supplies the two
``body`` functions and their undo.

The rows themselves are checked and written by :mod:`esr_training` (competency exports; course
matching in :mod:`esr_courses`) and :mod:`esr_staff` (staff lists); this module is what callers
use: one function per kind, their undo, and :class:`TrainingImports` for the screens.

* **Screens.** :class:`TrainingImports` is the one object the training screens use: formats,
  a lenient preview (headers shown even when a required column is missing), check/import
  with progress and cancel on a worker thread, history, undo and saved column mappings.
  A cancel raises ``OperationCancelled`` and writes nothing, not even a "rejected" batch.
* **Undo exactness.** Created rows carry ``import_batch_id`` and are deleted; updated rows'
  previous values are kept in audit events per batch and put back on undo.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Unpack

from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.importing import profiles as _profiles
from vpr_desktop.services.importing.batch import BatchInfo
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.batch import list_batches
from vpr_desktop.services.importing.batch import mapping_label
from vpr_desktop.services.importing.batch import undo_batch
from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.mapping import apply_mapping
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.new_values import location_kind
from vpr_desktop.services.importing.preview import FilePreview
from vpr_desktop.services.importing.preview import preview_file
from vpr_desktop.services.importing.profiles import ProfileInfo
from vpr_desktop.services.importing.reader import CancelledFn
from vpr_desktop.services.importing.reader import ProgressFn
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.value_profiles import ValueMapping
from vpr_desktop.services.importing.value_profiles import get_value_profile
from vpr_desktop.services.importing.valued_import import RunOptions
from vpr_desktop.services.importing.valued_import import run_valued_import
from vpr_desktop.services.importing.valued_import import saved_values
from vpr_desktop.services.importing.valued_import import values_label
from vpr_desktop.services.training.esr_staff import ORGANISATION
from vpr_desktop.services.training.esr_staff import STAFF_GROUP
from vpr_desktop.services.training.esr_staff import make_staff_body
from vpr_desktop.services.training.esr_staff_undo import undo_staff_rows
from vpr_desktop.services.training.esr_training import make_training_body
from vpr_desktop.services.training.esr_training import undo_training_rows
from vpr_desktop.services.training.import_new_values import course_kind
from vpr_desktop.services.training.import_new_values import staff_group_kind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


# ------------------------------------------------------------------------- entry points


def import_training(
    db: Database,
    actor: Actor,
    path: Path | str,
    *,
    dry_run: bool = False,
    fmt: ImportFormat | None = None,
    mapping_profile: str | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelledFn | None = None,
    strict_courses: bool = False,
    values: ValueMap | None = None,
) -> ImportResult:
    """Import a training/competency export all-or-nothing (see the module docstring).

    The same file again is allowed: a periodic export overlaps the previous one, and the
    result then says how many records were new, updated or unchanged. ``progress`` /
    ``is_cancelled``: see :func:`run_import` (a cancel raises ``OperationCancelled``).
    ``values``: a person's choices for competences no course lists (see ``value_map``)."""
    return _import_esr(
        db,
        actor,
        ImportKind.TRAINING,
        path,
        fmt=fmt,
        label=mapping_profile,
        values=values,
        strict_courses=strict_courses,
        dry_run=dry_run,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def import_staff(
    db: Database,
    actor: Actor,
    path: Path | str,
    *,
    dry_run: bool = False,
    fmt: ImportFormat | None = None,
    mapping_profile: str | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelledFn | None = None,
    values: ValueMap | None = None,
) -> ImportResult:
    """Import a staff list (people + assignments) all-or-nothing; re-import updates.
    ``values``: a person's choices for unknown staff groups and organisations."""
    return _import_esr(
        db,
        actor,
        ImportKind.STAFF,
        path,
        fmt=fmt,
        label=mapping_profile,
        values=values,
        dry_run=dry_run,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def _import_esr(
    db: Database,
    actor: Actor,
    kind: ImportKind,
    path: Path | str,
    *,
    fmt: ImportFormat | None,
    label: str | None,
    values: ValueMap | None,
    strict_courses: bool = False,
    **run: Unpack[RunOptions],
) -> ImportResult:
    """The one run behind both kinds (and :meth:`TrainingImports.run`): the shipped format of
    ``kind`` unless one is given, its rows' body, and the same file allowed again.
    ``strict_courses``: training only."""
    run["allow_same_file"] = True  # a periodic export overlaps the previous one
    return run_valued_import(
        db,
        actor,
        kind=kind,
        path=path,
        fmt=fmt or load_format(kind.value),
        body=(
            (lambda choices: make_training_body(strict_courses=strict_courses, values=choices))
            if kind is ImportKind.TRAINING
            else make_staff_body
        ),
        values=values,
        label=label,
        **run,
    )


def undo_training_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Delete the records a training batch created and put back those it updated."""
    return undo_batch(db, actor, batch_id, ImportKind.TRAINING, undo_training_rows)


def undo_staff_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Remove the people/assignments a staff batch created, restore those it changed;
    refused when a created assignment has training records since."""
    return undo_batch(db, actor, batch_id, ImportKind.STAFF, undo_staff_rows)


# ------------------------------------------------------------------------ screen facade

KINDS = ("staff", "training")


class TrainingImports:
    """Staff-list and training imports for the training screens (IMPORT_DATA for all).

    One place that turns a kind ("staff" | "training") and a person's column choices into the
    right format, body and undo, so the views hold no import knowledge. Long calls
    (:meth:`preview` of a big workbook, :meth:`run`) belong on a worker thread; :meth:`run`
    reports ``progress(percent, message)`` and stops when ``is_cancelled()`` turns true.
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    @staticmethod
    def _kind(kind: str) -> str:
        if kind not in KINDS:
            raise ValidationError(
                f"{kind!r} is not a training-screen import.", "Choose 'staff' or 'training'."
            )
        return kind

    def formats(self) -> dict[str, ImportFormat]:
        """The shipped column maps, for field lists and labels in the mapping dialog."""
        self.actor.require(Permission.IMPORT_DATA, "import staff and training data")
        return {k: load_format(k) for k in KINDS}

    def preview(
        self, kind: str, path: Path | str, mapping: Mapping[str, str] | None = None, rows: int = 20
    ) -> FilePreview:
        """Headers, first ``rows`` rows and the column match -- a missing required column is
        reported, not raised (see ``services.importing.preview``)."""
        self.actor.require(Permission.IMPORT_DATA, "import staff and training data")
        return preview_file(path, load_format(self._kind(kind)), mapping, rows)

    def run(
        self,
        kind: str,
        path: Path | str,
        *,
        dry_run: bool,
        mapping: Mapping[str, str] | None = None,
        profile_name: str | None = None,
        progress: ProgressFn | None = None,
        is_cancelled: CancelledFn | None = None,
        strict_courses: bool = False,
        values: ValueMap | None = None,
        value_profile: str | None = None,
    ) -> ImportResult:
        """Check (``dry_run``) or import ``path`` all-or-nothing.

        ``values``: a person's choices for the file's unknown values (training: competences
        no course lists); ``value_profile`` names saved choices to use when ``values`` is
        None, and is recorded on the batch.

        Training: rows whose competence no course lists are left out and named;
        ``strict_courses`` rejects the file instead (see :func:`make_training_body`).

        ``mapping`` (field key -> exact header) is put before the format's own synonyms;
        without one, ``profile_name`` names a saved profile whose mapping is used. Either way
        ``profile_name`` is recorded on the batch ("training v1 + profile 'ESR monthly'").
        A cancel raises ``OperationCancelled``; nothing is written, not even a rejection.
        """
        kind = self._kind(kind)
        self.actor.require(Permission.IMPORT_DATA, "import staff and training data")
        base = load_format(kind)
        if mapping is None and profile_name:
            mapping = _profiles.get_profile(self.db, self.actor, kind, profile_name).mapping
        fmt = apply_mapping(base, mapping)
        label = mapping_label(base, profile_name, custom=bool(mapping))
        values = saved_values(self.db, self.actor, kind, values, value_profile)
        label = values_label(label, value_profile, values)
        return _import_esr(
            self.db,
            self.actor,
            ImportKind(kind),
            path,
            fmt=fmt,
            label=label,
            values=values,
            strict_courses=strict_courses,
            dry_run=dry_run,
            progress=progress,
            is_cancelled=is_cancelled,
        )

    def history(self, kind: str | None = None, limit: int = 200) -> list[BatchInfo]:
        """Staff and training batches (or one kind), newest first."""
        kinds = [ImportKind(self._kind(kind))] if kind else [ImportKind.STAFF, ImportKind.TRAINING]
        return list_batches(self.db, self.actor, limit=limit, kinds=kinds)

    def undo(self, kind: str, batch_id: int) -> dict[str, int]:
        """Undo a committed batch (staff undo is refused once its assignments have training
        records since)."""
        if self._kind(kind) == "training":
            return undo_training_import(self.db, self.actor, batch_id)
        return undo_staff_import(self.db, self.actor, batch_id)

    def profiles(self, kind: str) -> list[ProfileInfo]:
        return _profiles.list_profiles(self.db, self.actor, self._kind(kind))

    def save_profile(self, kind: str, name: str, mapping: Mapping[str, str]) -> ProfileInfo:
        """Create or replace (by kind and name) a saved column mapping; audited."""
        return _profiles.save_profile(self.db, self.actor, self._kind(kind), name, mapping)

    def delete_profile(self, profile_id: int) -> None:
        _profiles.delete_profile(self.db, self.actor, profile_id)

    def profiles_named(self, kind: str, name: str) -> tuple[str | None, str | None]:
        """The saved column mapping and the saved value choices called ``name`` (each None
        when there is none), so one ``--profile NAME`` applies whichever the import window
        saved under that name; NotFoundError naming both lists when neither exists."""
        kind = self._kind(kind)
        wanted = (name or "").strip()
        columns = next(
            (p.name for p in self.profiles(kind) if p.name.casefold() == wanted.casefold()), None
        )
        try:
            values: str | None = get_value_profile(self.db, self.actor, kind, wanted).name
        except NotFoundError as exc:
            if columns is None:
                there = ", ".join(f"'{p.name}'" for p in self.profiles(kind))
                raise NotFoundError(
                    f"There is no saved column mapping or value mapping called '{wanted}' "
                    f"for {kind} imports.",
                    (f"Saved column mappings: {there}. " if there else "") + exc.next_step,
                ) from None
            values = None
        return columns, values

    def value_mapping(self, kind: str) -> ValueMapping:
        """The import dialog's value step for ``kind``: training maps each competence no
        course lists to a course; staff maps staff groups to groups and organisations to
        locations (or a new location); either may leave a value's rows out."""
        kind = self._kind(kind)
        self.actor.require(Permission.IMPORT_DATA, "import staff and training data")

        def kinds(s: Session) -> list[MappableKind]:
            if kind == "training":
                return [course_kind(s, self.actor)]
            return [
                staff_group_kind(s, self.actor, STAFF_GROUP),
                location_kind(s, ORGANISATION),
            ]

        def run(path: Path, dry_run: bool, values: ValueMap, name: str | None) -> ImportResult:
            return self.run(kind, path, dry_run=dry_run, values=values, value_profile=name)

        return ValueMapping.session_kinds(self.db, self.actor, kind, kinds, run)
