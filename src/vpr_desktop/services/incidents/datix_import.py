"""Import violence and aggression incidents from a Datix-style export (CSV/XLSX).

The generic half (safe reading, the column map in ``resources/import_formats/incidents.toml``,
all-or-nothing batch, rejection record, row-by-row report) is ``services.importing``; this
module supplies the ``body`` that checks each row, maps local names to the common data
standard and writes the rows, plus the undo.

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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, insert, select, update

from vpr_desktop.domain import riddor as rules
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import (
    AuditAction,
    Harm,
    ImportKind,
    ImportOutcome,
    IncidentType,
    Intent,
    PerpetratorType,
    RiddorStatus,
)
from vpr_desktop.domain.errors import ConflictError, ValidationError
from vpr_desktop.domain.models import (
    AuditEvent,
    ImportBatch,
    Incident,
    IncidentStaff,
    IncidentTypeLink,
    SupportStep,
)
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.common.unit_of_work import UnitOfWork, jsonable, reading
from vpr_desktop.services.importing.batch import (
    ImportContext,
    ImportResult,
    run_import,
    undo_batch,
)
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.reader import SourceRow
from vpr_desktop.services.importing.values import (
    ValueProblem,
    clean_text,
    parse_choice,
    parse_date,
    parse_int,
)
from vpr_desktop.services.incidents.import_values import (
    LocalNames,
    parse_time,
    patient_values,
    redact,
)
from vpr_desktop.services.incidents.records import (
    REFERENCE_PREFIX,
    TRUST_TZ,
    aware,
    month_of,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

BATCH = 1000
IN_CHUNK = 900  # ids per IN (...) list: well inside every backend's parameter limit
# Incident columns a Datix row can set, and the file field each needs (None: always set).
_COLUMNS: dict[str, str | None] = {
    "occurred_at": None,
    "month": None,
    "reported_at": "reported_date",
    "location_id": None,
    "primary_type": None,
    "hate_strand": None,
    "perpetrator_type": None,
    "intent": "clinically_related",
    "harm": "severity",
    "injury": "result",
    "near_miss": "result",
    "description": "description",
    "days_lost": "days_lost",
    "police_informed": "police_informed",
    "crime_reference": "crime_reference",
    "riddor_reference": "riddor_reference",
    "riddor_status": None,
    "riddor_reason": None,
    "riddor_deadline": None,
}


# ------------------------------------------------------------------------------ the body


def make_body(today: dt.date) -> Any:
    """The ``body`` for :func:`~vpr_desktop.services.importing.batch.run_import`."""

    def body(ctx: ImportContext) -> None:
        fmt = ctx.table.format
        s = ctx.session
        maps = LocalNames(s, fmt)
        patient_fields = [f for f in fmt.options.get("patient_fields", []) if ctx.table.has(f)]
        marker = str(fmt.options.get("redaction", "[removed]"))
        pending: list[tuple[int, dict[str, Any], tuple[IncidentType, ...], bool | None]] = []
        seen: dict[str, int] = {}
        stats = {"redacted": 0, "no_time": 0}
        for row in ctx.table.rows():
            ctx.rows_read += 1
            parsed = _parse_row(ctx, maps, row, seen, today, stats, patient_fields, marker)
            if parsed is not None:
                pending.append((row.number, *parsed))
        if ctx.problems:
            return
        counts = _write(ctx, pending)
        ctx.rows_ok = len(pending)
        ctx.counts.update(counts)
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
    bad = False

    def field(key: str, parse: Any) -> Any:
        nonlocal bad
        if not ctx.table.has(key):
            return None
        raw = row[key]
        try:
            return parse(raw)
        except ValueProblem as exc:
            ctx.problem(row.number, key, raw, str(exc))
            bad = True
            return None

    def choice(key: str) -> Any:
        return field(key, lambda v: parse_choice(v, fmt.field(key).choices))

    def date(key: str) -> Any:
        return field(
            key, lambda v: parse_date(v, styles=fmt.date_styles, no_date_words=fmt.no_date_words)
        )

    def text(key: str) -> Any:
        return field(key, lambda v: clean_text(v, max_length=fmt.field(key).max_length))

    ref = text("external_ref")
    if ref is None and not bad:
        ctx.problem(
            row.number,
            "external_ref",
            None,
            "is empty; the source reference is how a re-import finds the incident",
        )
        bad = True
    elif ref is not None:
        if ref in seen:
            ctx.problem(
                row.number, "external_ref", ref, f"the same reference is used on row {seen[ref]}"
            )
            bad = True
        else:
            seen[ref] = row.number
    day = date("occurred_date")
    if day is None and not bad:
        ctx.problem(
            row.number,
            "occurred_date",
            row["occurred_date"],
            "is empty; every incident needs its date",
        )
        bad = True
    elif day is not None and day > today:
        ctx.problem(row.number, "occurred_date", row["occurred_date"], "is in the future")
        bad = True
    at = field("occurred_time", parse_time)
    reported_day = date("reported_date")
    location_id = field("location", maps.location)
    cat = (
        field("subcategory", lambda v: maps.category(v, row["category"]))
        if ctx.table.has("subcategory")
        else field("category", lambda v: maps.category(None, v))
    )
    if cat is None and not bad:
        ctx.problem(
            row.number,
            "category",
            None,
            "there is no category column to say what kind of incident it was",
        )
        bad = True
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
    if bad:
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


def decide_riddor(
    values: Mapping[str, Any],
    types: Iterable[IncidentType],
    source_flag: bool | None,
    people: tuple[rules.PersonIncapacity, ...] = (),
) -> rules.RiddorDecision:
    """The rule on the exported facts, reconciled with the source system's own flag."""
    occurred = aware(values["occurred_at"])
    assert occurred is not None
    days = int(values.get("days_lost") or 0)
    facts = rules.RiddorFacts(
        incident_date=occurred.astimezone(TRUST_TZ).date(),
        types=frozenset(types),
        near_miss=bool(values.get("near_miss")),
        injury=bool(values.get("injury")),
        death=values.get("harm") is Harm.DEATH,
        people=people or ((rules.PersonIncapacity(days),) if days else ()),
    )
    decision = rules.assess(facts)
    if source_flag and decision.status is not RiddorStatus.REPORTABLE:
        return rules.RiddorDecision(
            RiddorStatus.JUDGEMENT_NEEDED,
            "Judgement needed: the source system marks this incident RIDDOR-reportable, but "
            f"from the exported facts the rule says: {decision.reason}",
            None,
            decision.keep_record_until,
            incapacity_days=decision.incapacity_days,
        )
    return decision


# ----------------------------------------------------------------------------- writing


def _write(ctx: ImportContext, pending: list[Any]) -> dict[str, int]:
    s = ctx.session
    table = Incident.__table__
    has = ctx.table.has
    controlled = [c for c, need in _COLUMNS.items() if need is None or has(need)]
    existing: dict[str, dict[str, Any]] = {}
    refs = [v["external_ref"] for _, v, _, _ in pending]
    cols = [table.c.id, table.c.version, table.c.external_ref, *(table.c[c] for c in controlled)]
    for start in range(0, len(refs), IN_CHUNK):
        chunk = refs[start : start + IN_CHUNK]
        for row in s.execute(select(*cols).where(table.c.external_ref.in_(chunk))).mappings():
            existing[row["external_ref"]] = dict(row)
    ids = [e["id"] for e in existing.values()]
    overridden = _overridden(s, ids)
    types_now = _types_of(s, ids)
    people = _people_of(s, ids)
    # the next references for new incidents
    last = s.scalar(
        select(Incident.reference)
        .where(Incident.reference.like(REFERENCE_PREFIX + "%"))
        .order_by(Incident.reference.desc())
        .limit(1)
    )
    tail = (last or "")[len(REFERENCE_PREFIX) :]
    next_n = int(tail) + 1 if tail.isdigit() else 1
    new_rows: list[dict[str, Any]] = []
    new_types: list[tuple[str, tuple[IncidentType, ...]]] = []
    updates: list[
        tuple[dict[str, Any], dict[str, Any], tuple[IncidentType, ...], dict[str, Any]]
    ] = []
    judgement = unchanged = 0
    for _, values, types, flag in pending:
        old = existing.get(values["external_ref"])
        decision = decide_riddor(values, types, flag, people.get(old["id"], ()) if old else ())
        if old is not None and old["id"] in overridden:
            riddor = {k: old[k] for k in ("riddor_status", "riddor_reason", "riddor_deadline")}
        else:
            riddor = {
                "riddor_status": decision.status,
                "riddor_reason": decision.reason,
                "riddor_deadline": decision.deadline,
            }
        flagged = riddor["riddor_status"] is RiddorStatus.JUDGEMENT_NEEDED
        values = {**values, **riddor}
        if values["perpetrator_type"] is None:
            values["perpetrator_type"] = (
                old["perpetrator_type"] if old is not None else PerpetratorType.UNKNOWN
            )
        if old is None:
            new_rows.append(
                {
                    **values,
                    "reference": f"{REFERENCE_PREFIX}{next_n:06d}",
                    "import_batch_id": ctx.batch_id,
                }
            )
            new_types.append((values["external_ref"], types))
            next_n += 1
            judgement += flagged
            continue
        before, after = {}, {}
        for c in controlled:
            if _differs(old[c], values[c]):
                before[c], after[c] = old[c], values[c]
        if set(types_now.get(old["id"], ())) != set(types):
            before["types"] = [t.value for t in types_now.get(old["id"], ())]
            after["types"] = [t.value for t in types]
        if before:
            updates.append(
                (old, {c: values[c] for c in controlled}, types, {"before": before, "after": after})
            )
            judgement += flagged and "riddor_status" in after
        else:
            unchanged += 1
    _insert_new(s, new_rows, new_types, ctx.batch_id)
    _apply_updates(ctx, updates)
    return {
        "new incidents": len(new_rows),
        "updated": len(updates),
        "unchanged": unchanged,
        "judgement needed": judgement,
    }


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, dt.datetime) or isinstance(new, dt.datetime):
        return bool(aware(old) != aware(new))
    return bool(old != new)


def _overridden(s: Session, ids: list[int]) -> set[int]:
    """Incidents whose RIDDOR decision a person recorded (never replaced by an import)."""
    out: set[int] = set()
    for start in range(0, len(ids), IN_CHUNK):
        out.update(
            s.scalars(
                select(Incident.id).where(
                    Incident.id.in_(ids[start : start + IN_CHUNK]),
                    Incident.riddor_override_by.is_not(None),
                )
            )
        )
    return out


def _types_of(s: Session, ids: list[int]) -> dict[int, tuple[IncidentType, ...]]:
    out: dict[int, list[IncidentType]] = {}
    for start in range(0, len(ids), IN_CHUNK):
        for iid, kind in s.execute(
            select(IncidentTypeLink.incident_id, IncidentTypeLink.incident_type).where(
                IncidentTypeLink.incident_id.in_(ids[start : start + IN_CHUNK])
            )
        ):
            out.setdefault(iid, []).append(kind)
    return {k: tuple(v) for k, v in out.items()}


def _people_of(s: Session, ids: list[int]) -> dict[int, tuple[rules.PersonIncapacity, ...]]:
    """Affected staff recorded in VPR Desktop: their days count for RIDDOR on re-import."""
    out: dict[int, list[rules.PersonIncapacity]] = {}
    for start in range(0, len(ids), IN_CHUNK):
        for iid, days, restricted, stress in s.execute(
            select(
                IncidentStaff.incident_id,
                IncidentStaff.days_absent,
                IncidentStaff.restricted_duties_days,
                IncidentStaff.absence_reason_stress,
            ).where(IncidentStaff.incident_id.in_(ids[start : start + IN_CHUNK]))
        ):
            out.setdefault(iid, []).append(rules.PersonIncapacity(days, restricted, stress))
    return {k: tuple(v) for k, v in out.items()}


def _insert_new(
    s: Session,
    rows: list[dict[str, Any]],
    types: list[tuple[str, tuple[IncidentType, ...]]],
    batch_id: int,
) -> None:
    """Plain executemany (no RETURNING: several times faster), then the new ids by reference
    for the type links."""
    table = Incident.__table__
    now = utcnow()
    for start in range(0, len(rows), BATCH):
        s.execute(
            insert(table),
            [{**r, "created_at": now, "updated_at": now} for r in rows[start : start + BATCH]],
        )
    if not rows:
        return
    ids = dict(
        s.execute(
            select(table.c.external_ref, table.c.id).where(table.c.import_batch_id == batch_id)
        ).all()
    )
    links = [
        {"incident_id": ids[ref], "incident_type": t, "created_at": now, "updated_at": now}
        for ref, kinds in types
        for t in kinds
    ]
    for start in range(0, len(links), BATCH):
        s.execute(insert(IncidentTypeLink.__table__), links[start : start + BATCH])


def _apply_updates(ctx: ImportContext, updates: list[Any]) -> None:
    """One UPDATE statement run with many parameter sets (version checked and bumped), type
    links replaced where they changed, one audit event per incident."""
    if not updates:
        return
    s = ctx.session
    table = Incident.__table__
    now = utcnow()
    columns = list(updates[0][1])
    stmt = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            **{k: bindparam(f"v_{k}") for k in columns}, version=table.c.version + 1, updated_at=now
        )
    )
    for start in range(0, len(updates), BATCH):
        chunk = updates[start : start + BATCH]
        result = s.execute(
            stmt,
            [
                {
                    "b_id": old["id"],
                    "b_version": old["version"],
                    **{f"v_{k}": values[k] for k in columns},
                }
                for old, values, _, _ in chunk
            ],
        )
        changed = rows_affected(result)
        if 0 <= changed < len(chunk):
            raise ConflictError(
                "Some incidents in the file were changed by someone else "
                "while the import ran; nothing was imported.",
                "Run the import again.",
            )
        retyped = [old["id"] for old, _, _, change in chunk if "types" in change["after"]]
        if retyped:
            s.execute(delete(IncidentTypeLink).where(IncidentTypeLink.incident_id.in_(retyped)))
            s.execute(
                insert(IncidentTypeLink.__table__),
                [
                    {
                        "incident_id": old["id"],
                        "incident_type": t,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for old, _, types, change in chunk
                    if "types" in change["after"]
                    for t in types
                ],
            )
        for old, _, _, change in chunk:
            ctx.uow.audit(
                AuditAction.UPDATE,
                "incident",
                old["id"],
                detail=f"import batch {ctx.batch_id}",
                before={k: jsonable(v) for k, v in change["before"].items()},
                after={
                    **{k: jsonable(v) for k, v in change["after"].items()},
                    "version": old["version"] + 1,
                },
            )


# ------------------------------------------------------------------------- entry points


def import_incidents(
    db: Database, actor: Actor, path: Path, dry_run: bool = False, today: dt.date | None = None
) -> ImportResult:
    """Run the import (see the module docstring); problems are in the result, not raised."""
    from vpr_desktop.services.importing.batch import file_sha256

    day = today or dt.datetime.now(TRUST_TZ).date()
    previous = None
    if Path(path).is_file():
        sha = file_sha256(Path(path))
        with reading(db) as s:
            previous = s.execute(
                select(ImportBatch.id, ImportBatch.imported_at, ImportBatch.imported_by)
                .where(
                    ImportBatch.kind == ImportKind.INCIDENTS,
                    ImportBatch.sha256 == sha,
                    ImportBatch.outcome == ImportOutcome.COMMITTED,
                )
                .order_by(ImportBatch.id.desc())
                .limit(1)
            ).first()
    result = run_import(
        db,
        actor,
        kind=ImportKind.INCIDENTS,
        path=Path(path),
        fmt=load_format("incidents"),
        body=make_body(day),
        dry_run=dry_run,
        allow_same_file=True,
    )
    if previous is not None and result.ok:
        bid, at, by = previous
        changed = result.counts.get("updated", 0) + result.counts.get("new incidents", 0)
        result.notes.insert(
            0,
            f"This exact file was already imported on "
            f"{aware(at):%Y-%m-%d} by {by} (batch {bid}); "
            + (
                "nothing changed."
                if not changed
                else f"{changed} incident(s) changed since were set back to the file's values."
            ),
        )
    return result


def undo_incident_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Undo a batch: put back the incidents it updated (from their audited before-values) and
    delete the ones it created. Refused when any was changed since in VPR Desktop (edited,
    staff or support steps added) or updated by a later import that is still in place."""
    return undo_batch(
        db, actor, batch_id, ImportKind.INCIDENTS, lambda uow, bid: _undo_rows(uow, bid)
    )


def _undo_rows(uow: UnitOfWork, bid: int) -> dict[str, int]:
    s = uow.session
    created = list(s.scalars(select(Incident.id).where(Incident.import_batch_id == bid)))
    updated = s.execute(
        select(AuditEvent.entity_id, AuditEvent.before, AuditEvent.after).where(
            AuditEvent.entity == "incident",
            AuditEvent.action == AuditAction.UPDATE,
            AuditEvent.detail == f"import batch {bid}",
        )
    ).all()
    touched = {int(e) for e, _, _ in updated} | set(created)
    blockers = _changed_since(s, sorted(touched), bid)
    if blockers:
        refs = dict(
            s.execute(
                select(Incident.id, Incident.reference).where(
                    Incident.id.in_(list(blockers)[:IN_CHUNK])
                )
            ).all()
        )
        problems: list[tuple[int | None, str, str, str]] = [
            (None, "Reference", refs.get(i, str(i)), why) for i, why in sorted(blockers.items())
        ]
        raise ValidationError(
            f"{len(blockers)} incident(s) from this import were changed since, so it cannot "
            "be undone.",
            "Undo later imports first, or edit those incidents instead.",
            problems[:200],
        )
    table = Incident.__table__
    reverted = 0
    for entity_id, before, _after in updated:
        iid = int(entity_id)
        if iid in created:
            continue
        values = {k: _from_json(k, v) for k, v in (before or {}).items() if k != "types"}
        if values:
            s.execute(
                update(table)
                .where(table.c.id == iid)
                .values(**values, version=table.c.version + 1, updated_at=utcnow())
            )
        if before and "types" in before:
            s.execute(delete(IncidentTypeLink).where(IncidentTypeLink.incident_id == iid))
            s.execute(
                insert(IncidentTypeLink.__table__),
                [{"incident_id": iid, "incident_type": IncidentType(t)} for t in before["types"]],
            )
        uow.audit(
            AuditAction.UPDATE,
            "incident",
            iid,
            detail=f"undo of import batch {bid}",
            before=None,
            after=before,
        )
        reverted += 1
    links = 0
    for start in range(0, len(created), IN_CHUNK):
        chunk = created[start : start + IN_CHUNK]
        links += rows_affected(
            s.execute(delete(IncidentTypeLink).where(IncidentTypeLink.incident_id.in_(chunk)))
        )
    deleted = rows_affected(s.execute(delete(Incident).where(Incident.import_batch_id == bid)))
    return {"incidents removed": deleted, "incidents restored": reverted, "type links": links}


def _changed_since(s: Session, ids: list[int], bid: int) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        for (iid,) in s.execute(
            select(IncidentStaff.incident_id).where(IncidentStaff.incident_id.in_(chunk)).distinct()
        ):
            out[iid] = "affected staff were added since"
        for (iid,) in s.execute(
            select(SupportStep.incident_id).where(SupportStep.incident_id.in_(chunk)).distinct()
        ):
            out[iid] = "support steps were recorded since"
        for eid, detail in s.execute(
            select(AuditEvent.entity_id, AuditEvent.detail).where(
                AuditEvent.entity == "incident",
                AuditEvent.action == AuditAction.UPDATE,
                AuditEvent.entity_id.in_([str(i) for i in chunk]),
            )
        ):
            if eid is None:  # never: the WHERE matched these ids
                continue
            iid = int(eid)
            if detail is None:
                out[iid] = "edited in VPR Desktop since"
            elif detail.startswith("import batch "):
                other = int(detail.rsplit(" ", 1)[1])
                if other > bid and _still_committed(s, other):
                    out[iid] = f"updated by a later import (batch {other})"
    return out


def _still_committed(s: Session, batch_id: int) -> bool:
    outcome = s.scalar(select(ImportBatch.outcome).where(ImportBatch.id == batch_id))
    return outcome is ImportOutcome.COMMITTED


_DATETIME_COLUMNS = {"occurred_at", "reported_at"}
_DATE_COLUMNS = {"riddor_deadline"}


def _from_json(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in _DATETIME_COLUMNS:
        return aware(dt.datetime.fromisoformat(value))
    if column in _DATE_COLUMNS:
        return dt.date.fromisoformat(value)
    return value
