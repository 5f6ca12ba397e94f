"""Import violence and aggression incidents from a Datix-style export (CSV/XLSX).

The generic half (safe reading, the column map in ``resources/import_formats/incidents.toml``,
all-or-nothing batch, rejection record, row-by-row report) is ``services.importing``; this
module supplies the ``body`` that checks each row, maps local names to the common data
standard and hands the rows to :mod:`datix_write`; the undo is :mod:`datix_undo`.

Rules, and why:

* **Patient identifiers are never stored.** The columns the format marks as patient fields
  (``inc_name``, ``inc_dob``, NHS and hospital numbers, postcode…) are read only to blank
  their values out of the same row's description, together with anything shaped like an NHS
  number or a postcode; the values then go out of scope. Columns no field claims are not read
  at all. The import keeps only the source system's reference (``external_ref``) -- the
  minimum necessary (Caldicott; design B2).
* **Local names → the standard.** Category/subcategory names map to incident types (first =
  primary), a perpetrator type and a hate strand through ``[options.categories]`` (plus the
  database setting ``incident_import_map``); severity and result codes map through the format's
  choices; locations match a code, a unique name, or ``[options.locations]``. Anything unknown
  is a row problem naming the value, so the file is fixed (or the map extended), never guessed.
* **Re-import updates.** A row whose reference is already in the database updates that
  incident -- only the fields the file has a column for, only when something changed, each
  update audited with its before/after (so undo can put it back). New references are added.
  The batch that *created* an incident stays its ``import_batch_id``.
* **Identical file again.** The framework would refuse a file with the SHA-256 of an imported
  one; for incidents a periodic export is expected to overlap, so the same file is let through
  and the result says "0 new, 0 updated, N unchanged" with a note naming the earlier batch --
  nothing in the register changes and the attempt is on record.
* **RIDDOR** is decided by the domain rule from what the export says (types, near miss,
  injury, days lost). When the source marks an incident RIDDOR-reportable and the rule, from
  the exported facts, does not, the status is ``JUDGEMENT_NEEDED`` with both reasons, so a
  person decides. A person's recorded override is never replaced by a re-import.
* **Affected staff** are not in a Datix incident export, so imported incidents have no
  support steps until staff are added in VPR Desktop (which creates them).

Rows are held until the end (small dicts of mapped values) so references already in the file
are known before writing; writes are Core ``insert``/``update`` in batches (performance.md
"Imports stream"): a 60,000-row export must not go through the ORM unit of work per row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.batch import file_sha256
from vpr_desktop.services.importing.batch import previous_import
from vpr_desktop.services.importing.reader import SourceRow
from vpr_desktop.services.importing.row_check import RowCheck
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.valued_import import run_profiled_import
from vpr_desktop.services.importing.values import UnknownValue
from vpr_desktop.services.importing.values import clean_text
from vpr_desktop.services.importing.values import parse_choice
from vpr_desktop.services.importing.values import parse_date
from vpr_desktop.services.importing.values import parse_int
from vpr_desktop.services.incidents.datix_write import write_rows
from vpr_desktop.services.incidents.import_values import LocalNames
from vpr_desktop.services.incidents.import_values import choice_what
from vpr_desktop.services.incidents.import_values import parse_time
from vpr_desktop.services.incidents.import_values import patient_values
from vpr_desktop.services.incidents.import_values import redact
from vpr_desktop.services.incidents.records import TRUST_TZ
from vpr_desktop.services.incidents.records import month_of

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


# ------------------------------------------------------------------------------ the body


def make_body(today: dt.date, values: ValueMap | None = None) -> Any:
    """The ``body`` for :func:`~vpr_desktop.services.importing.batch.run_import`; ``values``:
    the person's choices for unknown values (see ``services.importing.value_map``)."""

    def body(ctx: ImportContext) -> None:
        fmt = ctx.table.format
        s = ctx.session
        maps = LocalNames(s, fmt, values)
        patient_fields = [f for f in fmt.options.get("patient_fields", []) if ctx.table.has(f)]
        marker = str(fmt.options.get("redaction", "[removed]"))
        pending: list[tuple[int, dict[str, Any], tuple[IncidentType, ...], bool | None]] = []
        seen: dict[str, int] = {}
        stats = {"redacted": 0, "no_time": 0}
        for row, parsed in ctx.parsed_rows(
            lambda row: _parse_row(ctx, maps, row, seen, today, stats, patient_fields, marker)
        ):
            if parsed is not None:
                pending.append((row.number, *parsed))
        if ctx.problems:
            return
        counts = write_rows(ctx, pending)
        ctx.rows_ok = len(pending)
        ctx.counts.update(counts)
        ctx.chosen_added("locations", maps.created)
        ctx.chosen_left_out(ctx.rows_chosen_out, maps.values.left_out_lines(), count_as="left out")
        if patient_fields:
            ctx.notes.append(
                "Patient-identifying columns were not stored: "
                + ", ".join(ctx.table.column(f) for f in patient_fields)
                + "."
            )
        if stats["redacted"]:
            ctx.notes.append(
                f"{stats['redacted']} patient identifier(s) were removed from descriptions."
            )
        if stats["no_time"]:
            ctx.notes.append(f"{stats['no_time']} incident(s) had no time; 00:00 was used.")
        unmapped = ctx.table.match.unmapped if ctx.table.match else ()
        if unmapped:
            ctx.notes.append("Columns not imported: " + ", ".join(unmapped) + ".")
        if ctx.counts.get("judgement needed"):
            ctx.notes.append(
                f"{ctx.counts['judgement needed']} new or changed incident(s) "
                "are marked "
                "RIDDOR-reportable in the source but the exported facts do not "
                "show why; they are 'judgement needed' for a person to decide."
            )
        ctx.notes.append(
            "Imported incidents have no affected staff, so no support steps; "
            "adding staff to an incident creates them."
        )

    return body


def _parse_row(
    ctx: ImportContext,
    maps: LocalNames,
    row: SourceRow,
    seen: dict[str, int],
    today: dt.date,
    stats: dict[str, int],
    patient_fields: list[str],
    marker: str,
) -> tuple[dict[str, Any], tuple[IncidentType, ...], bool | None] | None:
    fmt = ctx.table.format
    check = RowCheck(ctx, row)

    def field(key: str, parse: Any) -> Any:
        if not ctx.table.has(key):
            return None
        return check.parse(key, parse, what=lambda: choice_what(fmt, key))

    def choice(key: str) -> Any:
        def parse(v: Any) -> Any:
            try:
                return parse_choice(v, fmt.field(key).choices)
            except UnknownValue:
                mapped = maps.choice(key, v)
                if mapped is None:
                    raise
                return mapped

        return field(key, parse)

    def date(key: str) -> Any:
        return field(
            key, lambda v: parse_date(v, styles=fmt.date_styles, no_date_words=fmt.no_date_words)
        )

    def text(key: str) -> Any:
        return field(key, lambda v: clean_text(v, max_length=fmt.field(key).max_length))

    ref = text("external_ref")
    if ref is None and not check.bad:
        check.problem(
            "external_ref",
            None,
            "is empty; the source reference is how a re-import finds the incident",
        )
    elif ref is not None:
        check.first_use("external_ref", ref, seen)
    day = date("occurred_date")
    if day is None and not check.bad:
        check.problem(
            "occurred_date", row["occurred_date"], "is empty; every incident needs its date"
        )
    elif day is not None and day > today:
        check.problem("occurred_date", row["occurred_date"], "is in the future")
    at = field("occurred_time", parse_time)
    reported_day = date("reported_date")
    location_id = field("location", maps.location)
    cat = (
        field("subcategory", lambda v: maps.category(v, row["category"]))
        if ctx.table.has("subcategory")
        else field("category", lambda v: maps.category(None, v))
    )
    if cat is None and not check.bad:
        check.problem(
            "category", None, "there is no category column to say what kind of incident it was"
        )
    result = choice("result")
    severity = choice("severity")
    riddor_flag = choice("riddor")
    police = choice("police_informed")
    perpetrator = choice("perpetrator")
    clinical = choice("clinically_related")
    days = field("days_lost", lambda v: parse_int(v, minimum=0, maximum=3660))
    crime_ref = text("crime_reference")
    riddor_ref = text("riddor_reference")
    description = field("description", clean_text)
    if check.bad:
        return None
    assert day is not None and cat is not None
    if at is None:
        stats["no_time"] += 1
    local = dt.datetime.combine(day, at or dt.time(0, 0), tzinfo=TRUST_TZ)
    occurred = local.astimezone(dt.UTC)
    reported = None
    if reported_day is not None:
        if reported_day < day:
            ctx.problem(
                row.number, "reported_date", row["reported_date"], "is before the incident date"
            )
            return None
        reported = max(
            occurred,
            dt.datetime.combine(reported_day, dt.time(0, 0), tzinfo=TRUST_TZ).astimezone(dt.UTC),
        )
    description, n = redact(description, patient_values(row, patient_fields), marker)
    stats["redacted"] += n
    near_miss = result == "near_miss"
    injury = result == "injury"
    harm = Harm(severity) if severity else Harm.NO_HARM
    if near_miss and harm is not Harm.NO_HARM:
        harm = Harm.NO_HARM  # a near miss has no harm, whatever severity was graded
    if crime_ref and police is None:
        police = "yes"
    values: dict[str, Any] = {
        "external_ref": ref,
        "occurred_at": occurred,
        "month": month_of(occurred),
        "reported_at": reported,
        "location_id": location_id,
        "primary_type": cat.types[0],
        "hate_strand": cat.hate_strand,
        # None: the file does not say (a re-import keeps what is recorded)
        "perpetrator_type": (PerpetratorType(perpetrator) if perpetrator else cat.perpetrator),
        "intent": Intent(clinical) if clinical else Intent.UNKNOWN,
        "harm": harm,
        "injury": injury,
        "near_miss": near_miss,
        "description": description,
        "days_lost": days or 0,
        "police_informed": police == "yes",
        "crime_reference": crime_ref if police == "yes" else None,
        "riddor_reference": riddor_ref,
    }
    return values, cat.types, (None if riddor_flag is None else riddor_flag == "yes")


# ----------------------------------------------------------------------------- writing


# ------------------------------------------------------------------------- entry points


def import_incidents(
    db: Database,
    actor: Actor,
    path: Path,
    dry_run: bool = False,
    today: dt.date | None = None,
    values: ValueMap | None = None,
    profile_name: str | None = None,
) -> ImportResult:
    """Run the import (see the module docstring); problems are in the result, not raised.

    ``values``: what to do with values this database does not know (map, create, leave out);
    ``profile_name``: the saved value mapping they came from, recorded on the batch."""
    day = today or dt.datetime.now(TRUST_TZ).date()
    previous = (
        previous_import(db, ImportKind.INCIDENTS, file_sha256(Path(path)))
        if Path(path).is_file()
        else None
    )
    result = run_profiled_import(
        db,
        actor,
        kind=ImportKind.INCIDENTS,
        path=path,
        body=lambda choices: make_body(day, choices),
        values=values,
        profile_name=profile_name,
        dry_run=dry_run,
        allow_same_file=True,
    )
    if previous is not None and result.ok:
        changed = result.counts.get("updated", 0) + result.counts.get("new incidents", 0)
        result.notes.insert(
            0,
            f"This exact file was already imported on "
            f"{aware(previous.imported_at):%Y-%m-%d} by {previous.imported_by} "
            f"(batch {previous.id}); "
            + (
                "nothing changed."
                if not changed
                else f"{changed} incident(s) changed since were set back to the file's values."
            ),
        )
    return result
