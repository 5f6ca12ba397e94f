"""Import an existing risk register (CSV/XLSX) -- the risk-specific half of an import.

The generic half (safe reading, the column map in ``resources/import_formats/risks.toml``,
all-or-nothing batch, rejection record, undo) is ``services.importing``; this module supplies
the ``body`` that checks each row and writes the good ones.

Why rows are held until the end: a register is at most a few thousand rows (the format caps
it at 20,000), and generated references (``RA-nnnnn`` for rows without one) must not clash with
references given further down the file, so the parsed rows are kept (small dicts, mapped
columns only) and inserted with Core ``insert ... RETURNING`` in batches once every row has
been read -- also in a dry run, whose transaction is then rolled back, so a dry run proves the
database would accept the rows too.

Row rules (each failure is one report line: row, column, value, why):

* title present; current likelihood and consequence present, 1-5 (a number, "4 - Likely"
  or the matrix's descriptor word); inherent/target likewise when given, else taken from
  the current score (counted in the notes);
* location, owner and staff groups must name existing records (code, or a unique name);
* reference unique in the file and not already in the register;
* a tolerated risk needs an options note (why it is tolerated);
* controls: one per line or ``;``; ``Type: text`` sets the control type, else the format's
  ``default_control_type`` (counted in the notes, so they can be reviewed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import RiskReview
from vpr_desktop.domain.models import RiskStaffGroup
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.new_values import create_location
from vpr_desktop.services.importing.new_values import location_kind
from vpr_desktop.services.importing.reader import SourceRow
from vpr_desktop.services.importing.row_check import RowCheck
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.values import UnknownValue
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text
from vpr_desktop.services.importing.values import parse_choice
from vpr_desktop.services.importing.values import parse_date
from vpr_desktop.services.importing.values import parse_int
from vpr_desktop.services.importing.values import split_list

INSERT_BATCH = 1000
RA = RiskAssessment
_CONTROL_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z /-]{2,40}?)\s*:\s*(.+)$", re.S)


def _key(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


class _Lookups:
    """Reference data the rows point at, loaded once per import."""

    def __init__(self, ctx: ImportContext, matrix: RiskMatrix) -> None:
        s = ctx.session
        self.session = s
        self.values = ValueMap()  # a person's choices for unknown location names
        self.created: set[str] = set()  # names of the locations this import added
        self.loc_by_code: dict[str, int] = {}
        self.loc_by_name: dict[str, list[int]] = defaultdict(list)
        for lid, code, name in s.execute(select(Location.id, Location.code, Location.name)):
            self.loc_by_code[_key(code)] = lid
            self.loc_by_name[_key(name)].append(lid)
        self.groups: dict[str, int] = {}
        for gid, code, name, esr in s.execute(
            select(StaffGroup.id, StaffGroup.code, StaffGroup.name, StaffGroup.esr_label)
        ):
            for word in (code, name, esr):
                if word:
                    self.groups[_key(word)] = gid
        self.people_by_number: dict[str, int] = {}
        self.people_by_name: dict[str, list[int]] = defaultdict(list)
        if ctx.table.has("owner"):
            for pid, number, first, last in s.execute(
                select(Person.id, Person.employee_number, Person.first_name, Person.last_name)
            ):
                self.people_by_number[_key(number)] = pid
                self.people_by_name[_key(f"{first} {last}")].append(pid)
                self.people_by_name[_key(f"{last}, {first}")].append(pid)
        self.references = set(s.scalars(select(RiskAssessment.reference)))
        self.likelihood_words = {_key(d.label): d.score for d in matrix.likelihood}
        self.consequence_words = {_key(d.label): d.score for d in matrix.consequence}
        self.control_types = {_key(t.value.replace("_", " ")): t for t in ControlType}


LOCATION = "location name"


def _location(lk: _Lookups, value: Any) -> int | None:
    text = clean_text(value)
    if text is None:
        return None
    chosen = lk.values.lookup(LOCATION, text) if lk.values else None
    if chosen is not None and chosen.action == "create":
        location = create_location(lk.session, chosen.new)
        lk.loc_by_code.setdefault(_key(location.code), location.id)
        lk.created.add(location.name)
        return location.id
    if chosen is not None:
        text = chosen.target  # a location code
    if (lid := lk.loc_by_code.get(_key(text))) is not None:
        return lid
    ids = lk.loc_by_name.get(_key(text), [])
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        raise ValueProblem(f"{len(ids)} locations have this name; use the location code")
    raise UnknownValue(
        "is not a location code or name in VPR Desktop (add the location "
        "first, or correct the spelling)",
        what=LOCATION,
        fix="map it to a location, create it or leave its rows out in the import window, "
        "or add the location first",
    )


def _owner(lk: _Lookups, value: Any) -> int | None:
    text = clean_text(value)
    if text is None:
        return None
    if (pid := lk.people_by_number.get(_key(text))) is not None:
        return pid
    ids = sorted(set(lk.people_by_name.get(_key(text), [])))
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        raise ValueProblem(f"{len(ids)} staff have this name; use the employee number")
    raise ValueProblem("is not an employee number or staff name in VPR Desktop")


def _controls(
    lk: _Lookups, items: list[str], default: ControlType
) -> list[tuple[ControlType, str, bool]]:
    out = []
    for item in items:
        m = _CONTROL_PREFIX.match(item)
        kind = lk.control_types.get(_key(m[1])) if m else None
        if m and kind is not None:
            out.append((kind, m[2].strip(), False))
        else:
            out.append((default, item.strip(), True))
    return out


def make_body(matrix: RiskMatrix, choices: ValueMap | None = None) -> Any:
    """The ``body`` for :func:`services.importing.batch.run_import` (kind ``risks``);
    ``choices``: a person's choices for location names not known here."""

    def body(ctx: ImportContext) -> None:
        fmt = ctx.table.format
        opts = fmt.options
        default_type = ControlType(opts.get("default_control_type", "procedural"))
        prefix = str(opts.get("reference_prefix", "RA-"))
        lk = _Lookups(ctx, matrix)
        lk.values = choices if choices is not None else ValueMap()
        pending: list[
            tuple[int, dict[str, Any], list[int], list[tuple[ControlType, str, bool]]]
        ] = []
        seen: dict[str, int] = {}
        defaulted = {"inherent": 0, "target": 0}
        for row, parsed in ctx.parsed_rows(
            lambda row: _parse_row(ctx, lk, row, seen, defaulted, default_type)
        ):
            if parsed is not None:
                pending.append((row.number, *parsed))
        if ctx.problems:
            return
        # References for rows without one: after the highest RA-nnnnn in the DB and the file.
        used = lk.references | set(seen)
        numbers = [
            int(r[len(prefix) :])
            for r in used
            if r.startswith(prefix) and r[len(prefix) :].isdigit()
        ]
        next_n = max(numbers, default=0) + 1
        for _, values, _, _ in pending:
            if not values["reference"]:
                values["reference"] = f"{prefix}{next_n:05d}"
                next_n += 1
        _insert(ctx, pending)
        ctx.rows_ok = len(pending)
        ctx.chosen_added("locations", sorted(lk.created))
        ctx.chosen_left_out(ctx.rows_chosen_out, lk.values.left_out_lines())
        if defaulted["inherent"]:
            ctx.notes.append(
                f"{defaulted['inherent']} risk(s) had no inherent score; the "
                "current score was used."
            )
        if defaulted["target"]:
            ctx.notes.append(
                f"{defaulted['target']} risk(s) had no target score; the current score was used."
            )
        n_default = sum(1 for _, _, _, cs in pending for c in cs if c[2])
        if n_default:
            ctx.notes.append(
                f"{n_default} control(s) had no type and were given the type "
                f"'{default_type.value}'; review them."
            )
        top = matrix.top_band.min_score
        unplanned = sum(
            1
            for _, v, _, _ in pending
            if v["current_score"] >= top
            and v["status"] is RiskStatus.OPEN
            and not (v["options_note"] or "").strip()
        )
        if unplanned:
            ctx.notes.append(
                f"{unplanned} open risk(s) score {top}+ with no options note; "
                "record options or raise actions."
            )

    return body


def _parse_row(
    ctx: ImportContext,
    lk: _Lookups,
    row: SourceRow,
    seen: dict[str, int],
    defaulted: dict[str, int],
    default_type: ControlType,
) -> Any:
    fmt = ctx.table.format
    check = RowCheck(ctx, row)
    field, text = check.field, check.text

    def score(key: str, words: dict[str, int]) -> Any:
        return field(key, lambda v: _score(v, words))

    reference = text("reference")
    title = text("title")
    location_id = field("location", lambda v: _location(lk, v))
    activity = text("activity")
    description = text("description")
    owner_id = field("owner", lambda v: _owner(lk, v))
    groups = field("staff_groups", lambda v: _groups(lk, v, fmt.list_separators)) or []
    scores = {}
    for part in ("inherent", "current", "target"):
        scores[part] = (
            score(f"{part}_likelihood", lk.likelihood_words),
            score(f"{part}_consequence", lk.consequence_words),
        )
    review_date = field(
        "review_date",
        lambda v: parse_date(v, styles=fmt.date_styles, no_date_words=fmt.no_date_words),
    )
    status = field("status", lambda v: parse_choice(v, fmt.field("status").choices))
    options_note = text("options_note")
    controls = field("controls", lambda v: split_list(v, fmt.list_separators)) or []
    if reference:
        if reference in lk.references:
            check.problem(
                "reference", reference, "a risk with this reference is already in the register"
            )
        else:
            check.first_use("reference", reference, seen)
    status = RiskStatus(status or RiskStatus.OPEN)
    if status is RiskStatus.TOLERATED and not options_note:
        check.problem(
            "status",
            row["status"],
            "a tolerated risk needs an options note saying why it is tolerated",
        )
    if check.bad:
        return None
    for part in ("inherent", "target"):
        lk_, c_ = scores[part]
        if lk_ is None or c_ is None:
            if (lk_ is None) != (c_ is None):
                missing, other = (
                    ("likelihood", "consequence") if lk_ is None else ("consequence", "likelihood")
                )
                ctx.problem(
                    row.number,
                    f"{part}_{missing}",
                    None,
                    f"is empty but the {part} {other} is given",
                )
                return None
            scores[part] = scores["current"]
            defaulted[part] += 1
    (il, ic), (cl, cc), (tl, tc) = scores["inherent"], scores["current"], scores["target"]
    values = {
        "reference": reference,
        "title": title,
        "location_id": location_id,
        "activity": activity,
        "description": description,
        "owner_id": owner_id,
        "inherent_likelihood": il,
        "inherent_consequence": ic,
        "current_likelihood": cl,
        "current_consequence": cc,
        "target_likelihood": tl,
        "target_consequence": tc,
        "current_score": cl * cc,
        "review_date": review_date,
        "status": status,
        "options_note": options_note,
        "import_batch_id": ctx.batch_id,
    }
    return values, groups, _controls(lk, controls, default_type)


def _score(value: Any, words: dict[str, int]) -> int | None:
    try:
        return parse_int(value, minimum=1, maximum=5, words=words)
    except ValueProblem as exc:
        if "must be" in str(exc):
            scale = ", ".join(
                f"{n} {w.capitalize()}" for w, n in sorted(words.items(), key=lambda kv: kv[1])
            )
            raise ValueProblem(f"must be from 1 to 5 ({scale})") from None
        raise


def _groups(lk: _Lookups, value: Any, separators: tuple[str, ...]) -> list[int]:
    out: list[int] = []
    unknown = []
    for item in split_list(value, (*separators, ",")):
        gid = lk.groups.get(_key(item))
        if gid is None:
            unknown.append(item)
        elif gid not in out:
            out.append(gid)
    if unknown:
        raise ValueProblem(
            "unknown staff group(s): "
            + ", ".join(unknown)
            + " (use the codes or names in Settings > Staff groups)"
        )
    return out


def _insert(ctx: ImportContext, pending: list[Any]) -> None:
    """Core inserts in batches; ids come back by reference (``RETURNING``)."""
    s = ctx.session
    table = RiskAssessment.__table__
    n_groups = n_controls = 0
    for start in range(0, len(pending), INSERT_BATCH):
        chunk = pending[start : start + INSERT_BATCH]
        result = s.execute(
            insert(table).returning(table.c.reference, table.c.id),
            [values for _, values, _, _ in chunk],
        )
        ids = {ref: rid for ref, rid in result}
        links = [
            {"risk_id": ids[v["reference"]], "staff_group_id": g}
            for _, v, groups, _ in chunk
            for g in groups
        ]
        controls = [
            {
                "risk_id": ids[v["reference"]],
                "control_type": kind,
                "description": text,
                "effectiveness": Effectiveness.NOT_ASSESSED,
            }
            for _, v, _, cs in chunk
            for kind, text, _ in cs
        ]
        if links:
            s.execute(insert(RiskStaffGroup.__table__), links)
        if controls:
            s.execute(insert(Control.__table__), controls)
        n_groups += len(links)
        n_controls += len(controls)
    ctx.counts.update(
        {"risks": len(pending), "controls": n_controls, "staff group links": n_groups}
    )


def delete_imported_risks(uow: UnitOfWork, bid: int) -> dict[str, int]:
    """Undo body: delete a batch's risks and their children; refuse if any was changed,
    reviewed or actioned since (undo must never destroy later work)."""
    s = uow.session
    ids = select(RA.id).where(RA.import_batch_id == bid)
    touched = s.scalars(
        select(RA.reference)
        .where(
            RA.import_batch_id == bid,
            (RA.version > 1)
            | RA.id.in_(select(RiskReview.risk_id))
            | RA.id.in_(select(Action.source_id).where(Action.source == ActionSource.RISK)),
        )
        .order_by(RA.reference)
    ).all()
    if touched:
        problems: list[tuple[int | None, str, str, str]] = [
            (None, "Reference", ref, "changed since the import") for ref in touched
        ]
        raise ValidationError(
            f"{len(touched)} risk(s) from this import were changed, reviewed or "
            "given actions since, so it cannot be undone.",
            "Close or edit those risks instead.",
            problems,
        )
    counts = {
        "staff group links": rows_affected(
            s.execute(delete(RiskStaffGroup).where(RiskStaffGroup.risk_id.in_(ids)))
        ),
        "controls": rows_affected(s.execute(delete(Control).where(Control.risk_id.in_(ids)))),
    }
    counts["risks"] = rows_affected(s.execute(delete(RA).where(RA.import_batch_id == bid)))
    return counts


def risk_value_kinds(s: Session) -> list[MappableKind]:
    """What an unknown value of a risk register file may become: a location (or a new one)."""
    return [location_kind(s, LOCATION)]
