"""Staff rows of an ESR staff list: people, their assignments and where they work.

A staff import creates or updates people (by employee number) and assignments (by assignment
number), placing each at a location and staff group found by name or code. Rows are checked
one by one (every problem is reported) and written in driver batches, like training rows. People
and assignments it changes keep their previous values in audit events for an exact undo.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain import esr
from vpr_desktop.domain import esr_people
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.new_values import create_location
from vpr_desktop.services.importing.row_check import RowCheck
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text
from vpr_desktop.services.importing.values import parse_date
from vpr_desktop.services.training.esr_courses import fold_key
from vpr_desktop.services.training.esr_training import IN_CHUNK
from vpr_desktop.services.training.esr_training import INSERT_BATCH
from vpr_desktop.services.training.esr_training import UPDATES_ENTITY
from vpr_desktop.services.training.import_new_values import create_staff_group

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class _Places:
    """Organisation text -> location id: a code or name, also inside the text."""

    def __init__(self, s: Session) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.created: set[str] = set()  # names of the locations this import added
        for lid, code, name in s.execute(select(Location.id, Location.code, Location.name)):
            self.by_code[esr.normalise_title(code)] = lid
            self.by_name[esr.normalise_title(name)].append(lid)
        # Longest names first, so "Ward 7 Acute Admissions" wins over "Ward 7".
        self.names = sorted(self.by_name, key=len, reverse=True)

    def chosen(self, s: Session, choice: ValueChoice) -> int:
        """The location a person chose for an organisation (an existing code or a new one)."""
        if choice.action == "create":
            location = create_location(s, choice.new)
            self.by_code.setdefault(esr.normalise_title(location.code), location.id)
            self.created.add(location.name)
            return location.id
        lid = self.by_code.get(esr.normalise_title(choice.target))
        if lid is None:
            raise ValueProblem(f"is mapped to location code '{choice.target}', which is not here")
        return lid

    def find(self, text: str) -> int | None:
        key = esr.normalise_title(text)
        if key in self.by_code:
            return self.by_code[key]
        candidates = [key, re.sub(r"^\d+\s+", "", key)]  # "123 Ward 7" -> "Ward 7"
        for c in candidates:
            ids = self.by_name.get(c, [])
            if len(ids) == 1:
                return ids[0]
        padded = f" {key} "
        for token in key.split():
            if token in self.by_code:
                return self.by_code[token]
        for name in self.names:
            if f" {name} " in padded and len(self.by_name[name]) == 1:
                return self.by_name[name][0]
        return None


STAFF_GROUP = "staff group"
ORGANISATION = "organisation"


def make_staff_body(values: ValueMap | None = None) -> Any:
    """The ``body`` for :func:`run_import` (kind ``staff``): people and assignments.

    ``values``: a person's choices for staff groups and organisations not known here (an
    existing group or location, a new location, or leave the rows out)."""
    choices = values if values is not None else ValueMap()

    def body(ctx: ImportContext) -> None:
        s = ctx.session
        fmt = ctx.table.format
        loc_rule = str(fmt.options.get("unknown_location", "note"))
        groups: dict[str, int] = {}
        for gid, code, name, label in s.execute(
            select(StaffGroup.id, StaffGroup.code, StaffGroup.name, StaffGroup.esr_label)
        ):
            for word in (code, name, label):
                if word:
                    groups[fold_key(word)] = gid
        known_groups = set(groups.values())
        places = _Places(s)
        people = {
            emp: (pid, first, last, email)
            for pid, emp, first, last, email in s.execute(
                select(
                    Person.id,
                    Person.employee_number,
                    Person.first_name,
                    Person.last_name,
                    Person.email,
                )
            )
        }
        assignments = {
            r[1]: r
            for r in s.execute(
                select(
                    Assignment.id,
                    Assignment.assignment_number,
                    Assignment.person_id,
                    Assignment.staff_group_id,
                    Assignment.location_id,
                    Assignment.job_title,
                    Assignment.start_date,
                    Assignment.end_date,
                )
            )
        }
        seen: dict[str, tuple[int, dict[str, Any]]] = {}
        rows: list[dict[str, Any]] = []
        no_location = repeats = 0
        for row, parsed in ctx.parsed_rows(
            lambda row: _staff_row(ctx, row, groups, places, loc_rule, choices)
        ):
            if parsed is None:
                continue
            number = parsed["assignment_number"]
            earlier = seen.get(number)
            if earlier is not None:
                # A competence export lists a person once per competence: the same details
                # again are the same assignment; different details are a real clash.
                first_row, first = earlier
                differ = [_STAFF_LABELS[k] for k in _STAFF_LABELS if parsed[k] != first[k]]
                if differ:
                    ctx.problem(
                        row.number,
                        "assignment",
                        number,
                        f"duplicate: the same assignment number as row {first_row} "
                        f"with a different {', '.join(differ)}",
                    )
                else:
                    repeats += 1
                    ctx.rows_ok += 1
                continue
            seen[number] = (row.number, parsed)
            if parsed.pop("_no_location"):
                no_location += 1
            rows.append(parsed)
            ctx.rows_ok += 1
        if ctx.problems:
            return
        _write_staff(ctx, rows, people, assignments)
        _set_line_managers(ctx, rows, people)
        if repeats:
            ctx.notes.append(
                f"{repeats:,} row(s) repeated an assignment already read with "
                "the same details (a competence export lists a person once per "
                "competence); each assignment was imported once."
            )
        new_groups = set(groups.values()) - known_groups
        if new_groups:
            names = s.scalars(select(StaffGroup.name).where(StaffGroup.id.in_(new_groups)))
            ctx.chosen_added("staff groups", sorted(names))
        ctx.chosen_added("locations", sorted(places.created))
        ctx.chosen_left_out(ctx.rows_chosen_out, choices.left_out_lines())
        if no_location:
            ctx.notes.append(
                f"{no_location:,} assignment(s) had an organisation that matches "
                "no location; they were imported without a location."
            )

    return body


_STAFF_LABELS = {
    "employee_number": "employee number",
    "first_name": "first name",
    "last_name": "last name",
    "email": "email",
    "staff_group_id": "staff group",
    "location_id": "organisation",
    "job_title": "job title",
    "start_date": "start date",
    "end_date": "end date",
}


def _staff_row(
    ctx: ImportContext,
    row: Any,
    groups: dict[str, int],
    places: _Places,
    loc_rule: str,
    choices: ValueMap,
) -> dict[str, Any] | None:
    fmt = ctx.table.format
    check = RowCheck(ctx, row)
    problem = check.problem

    cell = esr_people.parse_person_cell(clean_text(row["person"]) or "") if row["person"] else None
    number = clean_text(row["assignment"]) or (cell.assignment_number if cell else None)
    if number is None:
        problem("assignment", row["assignment"], "is empty; the assignment number is required")
    emp = clean_text(row["employee_number"]) or (
        esr_people.base_employee_number(number) if number else None
    )
    first, last = clean_text(row["first_name"]), clean_text(row["last_name"])
    if not (first or last):
        name = clean_text(row["name"])
        if name:
            first, last = esr_people.parse_name(name)
        elif cell is not None:
            first, last = cell.first_name, cell.last_name
    if not last:
        problem("name", row["name"], "is empty; the person's name is required")
    group = clean_text(row["staff_group"])
    chosen = choices.lookup(STAFF_GROUP, group) if group and choices else None
    if group and chosen is not None and chosen.action == "create":
        groups[fold_key(group)] = create_staff_group(ctx.session, ctx.uow.actor, chosen.new, group)
        chosen = None
    gid = groups.get(fold_key(chosen.target if chosen else group)) if group else None
    if gid is None:
        why = "is not a staff group name, code or ESR label in VPR Desktop" + (
            ""
            if groups
            else " (there are no staff groups yet: add the starter "
            "catalogue in Training > Catalogue)"
        )
        if group:
            problem(
                "staff_group",
                group,
                why,
                unknown=STAFF_GROUP,
                fix="map it to a staff group in the import window, or leave its rows out",
            )
        else:
            problem("staff_group", row["staff_group"], why)
    org = clean_text(row["organisation"])
    lid = places.find(org) if org else None
    picked = choices.lookup(ORGANISATION, org) if org and choices else None
    if picked is not None:
        lid = places.chosen(ctx.session, picked)
    if org and lid is None and loc_rule == "problem":
        problem(
            "organisation",
            org,
            "matches no location code or name in VPR Desktop",
            unknown=ORGANISATION,
            fix="map it to a location in the import window, or create the location",
        )
    elif org and lid is None:
        ctx.default(ORGANISATION, org, "imported without a location")
    dates = {}
    for key in ("start_date", "end_date"):
        try:
            dates[key] = parse_date(
                row[key], styles=fmt.date_styles, no_date_words=fmt.no_date_words
            )
        except ValueProblem as exc:
            problem(key, row[key], str(exc))
    if check.bad:
        return None
    return {
        "assignment_number": number,
        "employee_number": emp,
        "first_name": first or "",
        "last_name": last,
        "email": clean_text(row["email"]),
        "staff_group_id": gid,
        "location_id": lid,
        "job_title": clean_text(row["job_title"]),
        "start_date": dates.get("start_date"),
        "end_date": dates.get("end_date"),
        "_line_manager": clean_text(row["line_manager"]),
        "_no_location": bool(org and lid is None),
    }


def _write_staff(
    ctx: ImportContext,
    rows: list[dict[str, Any]],
    people: dict[str, tuple[Any, ...]],
    assignments: dict[str, Any],
) -> None:
    s = ctx.session
    now = utcnow()
    stamp = {"version": 1, "created_at": now, "updated_at": now, "import_batch_id": ctx.batch_id}
    new_people: dict[str, dict[str, Any]] = {}
    person_updates: list[dict[str, Any]] = []
    for r in rows:
        emp = r["employee_number"]
        old = people.get(emp)
        if old is None:
            new_people.setdefault(
                emp,
                {
                    "employee_number": emp,
                    "first_name": r["first_name"],
                    "last_name": r["last_name"],
                    "email": r["email"],
                },
            )
        elif (old[1], old[2]) != (r["first_name"], r["last_name"]):
            person_updates.append(
                {
                    "id": old[0],
                    "first_name": r["first_name"],
                    "last_name": r["last_name"],
                    "_before": [old[0], old[1], old[2]],
                }
            )
    has_batch_col = "import_batch_id" in Person.__table__.c
    if new_people:
        values = [
            {**p, **({k: v for k, v in stamp.items() if k != "import_batch_id" or has_batch_col})}
            for p in new_people.values()
        ]
        for start in range(0, len(values), INSERT_BATCH):
            s.execute(insert(Person.__table__), values[start : start + INSERT_BATCH])
        for pid, emp in s.execute(
            select(Person.id, Person.employee_number).where(
                Person.employee_number.in_(list(new_people))
            )
        ):
            people[emp] = (pid, None, None, None)
    a_cols = Assignment.__table__.c
    new_assign: list[dict[str, Any]] = []
    assign_updates: list[dict[str, Any]] = []
    fields = ("staff_group_id", "location_id", "job_title", "start_date", "end_date")
    for r in rows:
        pid = people[r["employee_number"]][0]
        old = assignments.get(r["assignment_number"])
        if old is None:
            new_assign.append(
                {
                    "person_id": pid,
                    "assignment_number": r["assignment_number"],
                    "primary": "-" not in r["assignment_number"],
                    **{f: r[f] for f in fields},
                    **{
                        k: v
                        for k, v in stamp.items()
                        if k != "import_batch_id" or "import_batch_id" in a_cols
                    },
                }
            )
        else:
            before = dict(zip(fields, old[3:], strict=True))
            after = {f: r[f] for f in fields}
            if before != after:
                assign_updates.append(
                    {
                        "id": old[0],
                        **after,
                        "_before": [
                            old[0],
                            *[v.isoformat() if isinstance(v, dt.date) else v for v in old[3:]],
                        ],
                    }
                )
    for start in range(0, len(new_assign), INSERT_BATCH):
        s.execute(insert(Assignment.__table__), new_assign[start : start + INSERT_BATCH])
    for model, ups, cols in (
        (Person, person_updates, ("first_name", "last_name")),
        (Assignment, assign_updates, fields),
    ):
        if ups:
            t = model.__table__
            stmt = (
                update(t)
                .where(t.c.id == bindparam("_id"))
                .values(
                    {c: bindparam(f"_{c}") for c in cols}
                    | {"version": t.c.version + 1, "updated_at": now}
                )
            )
            s.connection().execute(
                stmt, [{"_id": u["id"], **{f"_{c}": u[c] for c in cols}} for u in ups]
            )
    if person_updates or assign_updates:
        ctx.uow.audit(
            AuditAction.UPDATE,
            UPDATES_ENTITY,
            ctx.batch_id,
            detail=f"import batch {ctx.batch_id}: {len(person_updates)} people, "
            f"{len(assign_updates)} assignment(s) updated",
            before={
                "person": [u["_before"] for u in person_updates],
                "assignment": [u["_before"] for u in assign_updates],
                "new_people": sorted(new_people),
            },
        )
    elif new_people:
        ctx.uow.audit(
            AuditAction.CREATE,
            UPDATES_ENTITY,
            ctx.batch_id,
            detail=f"import batch {ctx.batch_id}: {len(new_people)} people added",
            before={"new_people": sorted(new_people)},
        )
    ctx.counts.update(
        {
            "new people": len(new_people),
            "people updated": len(person_updates),
            "new assignments": len(new_assign),
            "assignments updated": len(assign_updates),
        }
    )
    # Which assignments are new is recorded too, so undo works without a batch column.
    if new_assign:
        ctx.uow.audit(
            AuditAction.CREATE,
            UPDATES_ENTITY + "_assignments",
            ctx.batch_id,
            detail=f"import batch {ctx.batch_id}: {len(new_assign)} assignment(s)",
            after={"assignment_numbers": [a["assignment_number"] for a in new_assign]},
        )


MANAGERS_ENTITY = UPDATES_ENTITY + "_managers"


def _set_line_managers(
    ctx: ImportContext, rows: list[dict[str, Any]], people: dict[str, tuple[Any, ...]]
) -> None:
    """Each person's line manager from the file's supervisor column: the number names the
    manager's assignment or, failing that, their employee number. A person's primary
    assignment speaks for them (the first row otherwise); a blank cell changes nothing, and
    a manager not on the staff list is left unset and named in the notes, never guessed.
    The previous managers are audited so undo puts them back."""
    wanted: dict[int, str] = {}
    for r in sorted(rows, key=lambda r: "-" in r["assignment_number"]):
        if r["_line_manager"]:
            wanted.setdefault(people[r["employee_number"]][0], r["_line_manager"])
    if not wanted:
        return
    s = ctx.session
    numbers = sorted(set(wanted.values()))
    by_number: dict[str, int] = {}
    by_employee: dict[str, int] = {}
    for start in range(0, len(numbers), IN_CHUNK):
        chunk = numbers[start : start + IN_CHUNK]
        bases = sorted({esr_people.base_employee_number(n) for n in chunk} | set(chunk))
        for number, pid in s.execute(
            select(Assignment.assignment_number, Assignment.person_id).where(
                Assignment.assignment_number.in_(chunk)
            )
        ):
            by_number[number] = pid
        for number, pid in s.execute(
            select(Person.employee_number, Person.id).where(Person.employee_number.in_(bases))
        ):
            by_employee[number] = pid
    pids = sorted(wanted)
    current: dict[int, int | None] = {}
    for start in range(0, len(pids), IN_CHUNK):
        for pid, manager_id in s.execute(
            select(Person.id, Person.line_manager_id).where(
                Person.id.in_(pids[start : start + IN_CHUNK])
            )
        ):
            current[pid] = manager_id
    changes: list[tuple[int, int | None, int]] = []
    unknown: dict[str, int] = defaultdict(int)
    for pid, number in wanted.items():
        manager = (
            by_number.get(number)
            or by_employee.get(number)
            or by_employee.get(esr_people.base_employee_number(number))
        )
        if manager is None or manager == pid:
            unknown[number] += 1
        elif current.get(pid) != manager:
            changes.append((pid, current.get(pid), manager))
    if changes:
        t = Person.__table__
        s.connection().execute(
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values(
                line_manager_id=bindparam("_manager"),
                version=t.c.version + 1,
                updated_at=utcnow(),
            ),
            [{"_id": pid, "_manager": manager} for pid, _old, manager in changes],
        )
        ctx.uow.audit(
            AuditAction.UPDATE,
            MANAGERS_ENTITY,
            ctx.batch_id,
            detail=f"import batch {ctx.batch_id}: {len(changes)} line manager(s) set",
            before={"line_manager": [[pid, old] for pid, old, _new in changes]},
            after={"line_manager": [[pid, new] for pid, _old, new in changes]},
        )
    ctx.counts["line managers set"] = len(changes)
    if unknown:
        shown = sorted(unknown, key=lambda n: (-unknown[n], n))
        ctx.notes.append(
            f"{sum(unknown.values()):,} person(s) named a line manager who is not on the "
            "staff list (or named themselves), so theirs was left as it was: "
            + ", ".join(shown[:10])
            + (f" and {len(shown) - 10:,} more" if len(shown) > 10 else "")
            + "."
        )
