"""An import run with a person's value choices: the one shape every importer with a value step
(locations, incidents, risks, staff lists, training exports) shares.

The choices come either from the import dialog or from a saved value mapping named by the
caller; the run gets its own copy (so a dry run and the import after it each start from the
same choices), the batch records which choices were used, and the result says which values
were mapped. Keeping this in one place means the label written on a batch and the copy
semantics cannot drift between importers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from typing import TypedDict
from typing import Unpack

from vpr_desktop.services.importing.batch import ImportBody
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.batch import mapping_label
from vpr_desktop.services.importing.batch import run_import
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.profiles import MAX_NAME
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.value_profiles import get_value_profile

if TYPE_CHECKING:
    from vpr_desktop.domain.enums import ImportKind
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.importing.mapping import ImportFormat
    from vpr_desktop.services.importing.reader import CancelledFn
    from vpr_desktop.services.importing.reader import ProgressFn
    from vpr_desktop.store.database import Database

#: Width of ``ImportBatch.mapping_profile``.
MAX_LABEL = 255


class RunOptions(TypedDict, total=False):
    """How a run goes, passed unchanged from each importer through :func:`run_profiled_import`
    and :func:`run_valued_import` to :func:`run_import` (whose defaults apply to what is left
    out): one declaration, so a new option cannot be dropped by one of the hands in between."""

    dry_run: bool
    allow_same_file: bool
    progress: ProgressFn | None
    is_cancelled: CancelledFn | None


def saved_values(
    db: Database, actor: Actor, kind: str, values: ValueMap | None, profile_name: str | None
) -> ValueMap | None:
    """``values`` as given, or -- when none were given -- those of the saved value mapping
    ``profile_name`` (NotFoundError naming the saved ones if there is no such mapping)."""
    if values is None and profile_name:
        return get_value_profile(db, actor, kind, profile_name).values
    return values


def values_label(label: str, profile_name: str | None, values: ValueMap | None) -> str:
    """The batch's mapping label with where the value choices came from: "incidents v1 +
    values 'Datix monthly'" or "... + value choices" (chosen but not saved). Saved names are
    at most ``MAX_NAME`` characters, so the name is cut there and the label at the column's
    width."""
    if profile_name:
        return f"{label} + values '{profile_name.strip()[:MAX_NAME]}'"[:MAX_LABEL]
    if values:
        return f"{label} + value choices"[:MAX_LABEL]
    return label


def run_valued_import(
    db: Database,
    actor: Actor,
    *,
    kind: ImportKind,
    path: Path | str,
    fmt: ImportFormat,
    body: Callable[[ValueMap], ImportBody],
    values: ValueMap | None,
    label: str | None = None,
    **run: Unpack[RunOptions],
) -> ImportResult:
    """:func:`run_import` with ``body`` built on a copy of ``values`` (the caller's map is
    left as it was, so the dialog can check and then import with the same choices); the
    result's ``mapped`` lists the choices the rows used. ``label``: recorded on the batch
    (default "<kind> v<version>", see :func:`values_label`); ``run``: see :class:`RunOptions`."""
    run_values = values.copy() if values is not None else ValueMap()
    result = run_import(
        db,
        actor,
        kind=kind,
        path=Path(path),
        fmt=fmt,
        body=body(run_values),
        mapping_profile=label,
        **run,
    )
    result.mapped = run_values.used
    return result


def run_profiled_import(
    db: Database,
    actor: Actor,
    *,
    kind: ImportKind,
    path: Path | str,
    body: Callable[[ValueMap], ImportBody],
    values: ValueMap | None,
    profile_name: str | None,
    fmt: ImportFormat | None = None,
    **run: Unpack[RunOptions],
) -> ImportResult:
    """:func:`run_valued_import` for an importer whose columns are its format's own and whose
    value choices may come from a saved value mapping (locations, incidents, risks): ``fmt``
    defaults to the shipped format of ``kind`` and the batch is labelled with it and
    ``profile_name`` (see :func:`values_label`). ``values`` are the choices already resolved
    (:func:`saved_values`), so each caller keeps its own order of checks before the run."""
    base = fmt or load_format(kind.value)
    return run_valued_import(
        db,
        actor,
        kind=kind,
        path=path,
        fmt=base,
        body=body,
        values=values,
        label=values_label(mapping_label(base), profile_name, values),
        **run,
    )
