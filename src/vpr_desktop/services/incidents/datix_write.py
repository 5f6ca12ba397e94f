"""Writing checked Datix rows: insert new incidents, update changed ones, in driver batches.

An incident already in the database (same Datix reference) is updated only where a value differs
and the app has not overridden it; its previous values are kept for undo. RIDDOR status is
decided again from the incident's types and people after an update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain import riddor as rules
from vpr_desktop.domain.base import aware
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import IncidentTypeLink
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.common.unit_of_work import jsonable
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.incidents.records import TRUST_TZ
from vpr_desktop.services.incidents.references import next_reference_number
from vpr_desktop.services.incidents.references import reference_for

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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


def write_rows(ctx: ImportContext, pending: list[Any]) -> dict[str, int]:
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
    next_n = next_reference_number(s)
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
                    "reference": reference_for(next_n),
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
