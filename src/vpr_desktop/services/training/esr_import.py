"""Import ESR-style staff lists and training/competency exports (CSV/XLSX).

The generic half (safe reading with encodings/delimiters/header search, the column maps in
``resources/import_formats/{staff,training}.toml``, all-or-nothing batch, rejection record,
row-by-row report, undo bookkeeping) is ``services.importing``; this module supplies the two
``body`` functions and their undo.

Training rows, and why:

* **Who.** The assignment number (text, as written: ``0012``, ``1012-2``), or the assignment in
  an ESR person cell ``A01|Smith, Jane``. An employee number that is not an assignment number
  means that person's primary assignment (ESR's primary assignment number is the employee
  number). Unknown -> a row problem (import the staff list first).
* **Which course.** The competency name is parsed (``domain.esr``) and matched first on the
  exact raw names a course lists in ``Course.esr_competencies``, then on scheme + title of
  those names, then on the course name or code. Unknown -> a row problem naming the value.
* **Dates.** The completion date is required; expiry blank / ``No Expiry`` becomes completion
  + the refresher (the period in the competency name, else the course's), the day before the
  due date (``domain.esr.expiry_from``), unless the format says ``blank_expiry = "none"``.
* **Duplicates.** The same assignment + course + date twice in one file is a row problem
  (naming the first row); already in the database -> the record is updated (expiry, raw name)
  when it differs, else left alone -- re-importing the same export never duplicates.
* **Writes.** Rows stream: each valid row is added to a chunk, written with one driver
  ``executemany`` once the chunk is full (performance.md "Imports stream"; the INSERT is
  compiled once, see ``_NewRecords``), never through the ORM unit of work per row, and
  nothing is held for the whole file except the set of keys seen. After the first problem
  no more rows are written (the transaction is rolled back at the end anyway) but every row
  is still checked, so the report lists them all.
* **Screens.** :class:`TrainingImports` is the one object the training screens use: formats,
  a lenient preview (headers shown even when a required column is missing), check/import
  with progress and cancel on a worker thread, history, undo and saved column mappings.
  A cancel raises ``OperationCancelled`` and writes nothing, not even a "rejected" batch.
* **Undo exactness.** Created rows carry ``import_batch_id`` and are deleted; updated rows'
  previous values are kept in one audit event per batch (entity ``training_record_import``),
  and put back on undo. Staff imports do the same for people and assignments they change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, insert, select, update

from vpr_desktop.domain import esr
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction, ImportKind
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import (
    Assignment,
    AuditEvent,
    Course,
    Location,
    Person,
    StaffGroup,
    TrainingRecord,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.importing import profiles as _profiles
from vpr_desktop.services.importing.batch import (
    BatchInfo,
    ImportContext,
    ImportResult,
    list_batches,
    mapping_label,
    run_import,
    undo_batch,
)
from vpr_desktop.services.importing.mapping import ImportFormat, apply_mapping, load_format
from vpr_desktop.services.importing.preview import FilePreview, preview_file
from vpr_desktop.services.importing.profiles import ProfileInfo
from vpr_desktop.services.importing.reader import CancelledFn, ProgressFn
from vpr_desktop.services.importing.values import ValueProblem, clean_text, parse_date
from vpr_desktop.services.importing.values import parse_date as _parse_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.common.unit_of_work import UnitOfWork
    from vpr_desktop.store.database import Database

INSERT_BATCH = 5000
IN_CHUNK = 500
_UPDATES_ENTITY = "import_updates"


def _key(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


# ----------------------------------------------------------------------------- lookups


class CourseMatcher:
    """Competency name -> course id, from the catalogue's ESR names, names and codes."""

    def __init__(self, courses: list[tuple[int, str, str, int | None, list[Any] | None]]) -> None:
        self.raw: dict[str, int] = {}
        self.scheme_title: dict[tuple[str | None, str], int] = {}
        self.title: dict[str, list[int]] = defaultdict(list)
        self.months: dict[int, int | None] = {}
        self._memo: dict[str, tuple[int, esr.Competency]] = {}
        for cid, code, name, months, names in courses:
            self.months[cid] = months
            for raw in names or []:
                comp = esr.parse_competency(str(raw))
                self.raw[_norm_raw(comp.raw)] = cid
                self.scheme_title[(comp.scheme, comp.key)] = cid
                self.title[comp.key].append(cid)
            for word in (name, code):
                self.title[esr.normalise_title(word)].append(cid)

    def match(self, raw: str) -> tuple[int, esr.Competency]:
        """Course for ``raw`` (memoised: an export repeats a handful of names 200k times)."""
        hit = self._memo.get(raw)
        if hit is None:
            hit = self._memo[raw] = self._match(raw)
        return hit

    def _match(self, raw: str) -> tuple[int, esr.Competency]:
        comp = esr.parse_competency(raw)
        cid = self.raw.get(_norm_raw(comp.raw))
        if cid is None:
            cid = self.scheme_title.get((comp.scheme, comp.key))
        if cid is None:
            ids = sorted(set(self.title.get(comp.key, [])))
            if len(ids) > 1:
                raise ValueProblem(
                    f"matches {len(ids)} courses; add this exact ESR name to "
                    "one course in the catalogue"
                )
            cid = ids[0] if ids else None
        if cid is None:
            raise UnknownCourse(
                "is not a course in the catalogue (add it as an ESR name of "
                "a course, or correct the spelling)"
            )
        return cid, comp


class UnknownCourse(ValueProblem):
    """A competence no course lists: a row problem, or a row left out when asked to."""


def _norm_raw(raw: str) -> str:
    return "|".join(esr.normalise_title(s) for s in raw.split("|") if s.strip())


def _course_matcher(s: Session) -> CourseMatcher:
    return CourseMatcher(
        [
            tuple(r)
            for r in s.execute(
                select(
                    Course.id,
                    Course.code,
                    Course.name,
                    Course.refresher_months,
                    Course.esr_competencies,
                )
            )
        ]
    )


class _People:
    """Assignment numbers and employee numbers -> assignment ids (text, exact)."""

    def __init__(self, s: Session) -> None:
        self.by_number: dict[str, int] = {}
        self.primary_by_employee: dict[str, int] = {}
        for aid, number, emp, primary in s.connection().execute(  # Core: no ORM rows
            select(
                Assignment.id,
                Assignment.assignment_number,
                Person.employee_number,
                Assignment.primary,
            ).join(Person, Person.id == Assignment.person_id)
        ):
            self.by_number[number] = aid
            if primary or emp not in self.primary_by_employee:
                self.primary_by_employee[emp] = aid

    def find(self, number: str) -> int:
        aid = self.by_number.get(number)
        if aid is None:
            aid = self.primary_by_employee.get(number)
        if aid is None:
            raise ValueProblem(
                "is not an assignment or employee number in VPR Desktop "
                "(import the staff list first)"
            )
        return aid


class _Memo(dict[Any, Any]):
    """``memo[key]`` is ``fn(key)``, computed once per key; an exception ``fn`` raises is not
    remembered (raised again, afresh, for the next same key).

    ``memo(cell)`` remembers only text (and blank) cells: other cell values can be equal
    without being alike (``True == 1 == 1.0``), and are cheap to convert anyway."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.fn(key)
        return value

    def __call__(self, cell: Any) -> Any:
        if cell.__class__ is str or cell is None:
            return self[cell]
        return self.fn(cell)


_NEW_COLUMNS = (
    "assignment_id",
    "course_id",
    "completed_on",
    "expires_on",
    "raw_competency",
    "import_batch_id",
    "version",
    "created_at",
    "updated_at",
)


class _NewRecords:
    """New training records, written ``INSERT_BATCH`` at a time by the driver's executemany.

    Why not ``session.execute(insert(table), [dict, ...])``: SQLAlchemy then rebuilds the
    parameters of every row and runs a type bind processor on each date and timestamp (on
    SQLite a ``%``-format per value) -- a quarter of a 200,000-row import. Here the INSERT is
    compiled once for the connection's dialect, the *same* bind processors run once per
    distinct date (an export has a few thousand) and once for the timestamps, and a row is a
    plain tuple. (Integer and String columns have no bind processor on SQLite or psycopg.)
    ``exec_driver_sql`` still runs on the session's connection and transaction, and driver
    errors are wrapped as for any other statement.
    """

    def __init__(self, s: Session, batch_id: int) -> None:
        self.conn = s.connection()
        dialect = self.conn.dialect
        table = TrainingRecord.__table__
        compiled = insert(table).compile(
            dialect=dialect, column_keys=list(_NEW_COLUMNS), for_executemany=True
        )
        self.sql = str(compiled)
        # A positional paramstyle (SQLite's qmark) takes tuples in the compiled order, a
        # named one (psycopg's pyformat) dicts. A new column with a Python-side default
        # would be a parameter no row supplies: fail here, not with a driver error.
        self.named = compiled.positiontup is None
        if set(compiled.params) != set(_NEW_COLUMNS) or compiled.positiontup not in (
            None,
            list(_NEW_COLUMNS),
        ):
            raise RuntimeError(
                "_NEW_COLUMNS must list the training_record INSERT's "
                f"parameters in order: {compiled.positiontup or compiled.params}"
            )

        def bind(column: str) -> Any:
            process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
            return process or (lambda value: value)

        self.completed_on = _Memo(bind("completed_on"))
        self.expires_on = _Memo(bind("expires_on"))
        self.now = utcnow()
        self.tail = (batch_id, 1, bind("created_at")(self.now), bind("updated_at")(self.now))
        self.rows: list[tuple[Any, ...]] = []

    def add(self, aid: int, cid: int, done: dt.date, expires: dt.date | None, raw: str) -> None:
        self.rows.append(
            (aid, cid, self.completed_on[done], self.expires_on[expires], raw, *self.tail)
        )
        if len(self.rows) >= INSERT_BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        params: list[Any] = rows
        if self.named:
            params = [dict(zip(_NEW_COLUMNS, r, strict=True)) for r in rows]
        self.conn.exec_driver_sql(self.sql, params)


# ------------------------------------------------------------------------ training body


def make_training_body(*, skip_unknown_courses: bool = False) -> Any:
    """The ``body`` for :func:`run_import` (kind ``training``).

    ``skip_unknown_courses``: a real ESR competence export holds every statutory and
    mandatory competence (fire safety, information governance, ...), most of them nothing to
    do with violence prevention. By default a competence no course lists is a row problem (a
    misspelt course must not vanish silently); asked to, such rows are left out, and the
    result lists each name left out with its row count, so nothing is dropped unseen.
    """

    def body(ctx: ImportContext) -> None:
        s = ctx.session
        fmt = ctx.table.format
        if not (ctx.table.has("assignment") or ctx.table.has("person")):
            ctx.problem(
                None,
                "assignment",
                "",
                "the file has no assignment/employee number "
                "column and no person column (looked for: "
                f"{fmt.looked_for('assignment')})",
            )
            return
        blank_expiry = str(fmt.options.get("blank_expiry", "refresher"))
        courses = _course_matcher(s)
        people = _People(s)
        # Every record's key, read through Core on the session's connection: the ORM's
        # result handling costs a third more for the 100k+ records of a large trust.
        t = TrainingRecord.__table__
        existing: dict[tuple[int, int, dt.date], tuple[int, dt.date | None, str | None]] = {
            (a, c, d): (i, e, r)
            for i, a, c, d, e, r in s.connection().execute(
                select(
                    t.c.id,
                    t.c.assignment_id,
                    t.c.course_id,
                    t.c.completed_on,
                    t.c.expires_on,
                    t.c.raw_competency,
                )
            )
        }
        seen: dict[tuple[int, int, dt.date], int] = {}
        writer = _NewRecords(s, ctx.batch_id)
        updates: list[dict[str, Any]] = []
        now = writer.now
        new = unchanged = derived = 0
        # Cell -> value, memoised per cell: an export repeats a few thousand dates, a handful
        # of competence names and each assignment number many times. A cell with a problem
        # is not remembered (it is checked again, with the same message, on each row).
        texts = _Memo(clean_text)
        person_numbers = _Memo(lambda cell: _assignment_of(None, cell))
        parse_date = _Memo(
            partial(_parse_date, styles=fmt.date_styles, no_date_words=fmt.no_date_words)
        )
        skipped: dict[str, int] = defaultdict(int)
        for row in ctx.table.rows():
            ctx.rows_read += 1
            cells = row.values  # the row's dict: cheaper than row[key] per cell
            bad = False
            raw_comp = texts(cells.get("competency"))
            cid, comp = None, None
            try:
                if raw_comp is None:
                    raise ValueProblem("is empty; the competency name is required")
                cid, comp = courses.match(raw_comp)
            except UnknownCourse as exc:
                if skip_unknown_courses:
                    skipped[str(raw_comp)] += 1
                    continue
                ctx.problem(row.number, "competency", row["competency"], str(exc))
                bad = True
            except ValueProblem as exc:
                ctx.problem(row.number, "competency", row["competency"], str(exc))
                bad = True
            number = None
            try:
                # = _assignment_of(assignment, person); clean text is never ""
                number = texts(cells.get("assignment")) or person_numbers(cells.get("person"))
                aid = people.find(number) if number else None
                if aid is None:
                    raise ValueProblem("is empty; an assignment or employee number is required")
            except ValueProblem as exc:
                col = "assignment" if ctx.table.has("assignment") else "person"
                ctx.problem(row.number, col, number or row[col], str(exc))
                bad = True
            done = expires = None
            try:
                done = parse_date(cells.get("completed"))
                if done is None:
                    raise ValueProblem("is empty; the date achieved is required")
            except ValueProblem as exc:
                ctx.problem(row.number, "completed", row["completed"], str(exc))
                bad = True
            try:
                expires = parse_date(cells.get("expires"))
            except ValueProblem as exc:
                ctx.problem(row.number, "expires", row["expires"], str(exc))
                bad = True
            if bad:
                continue
            assert aid is not None and cid is not None and comp is not None and done is not None
            if expires is not None and expires < done:
                ctx.problem(
                    row.number,
                    "expires",
                    row["expires"],
                    f"is before the date achieved ({done:%d/%m/%Y})",
                )
                continue
            if expires is None and blank_expiry == "refresher":
                expires = esr.expiry_from(done, comp.period_months or courses.months[cid])
                derived += expires is not None
            key = (aid, cid, done)
            first = seen.get(key)
            if first is not None:
                ctx.problem(
                    row.number,
                    "competency",
                    raw_comp,
                    f"duplicate: the same assignment, course and date as row {first}",
                )
                continue
            seen[key] = row.number
            ctx.rows_ok += 1
            old = existing.get(key)
            if old is not None:
                rid, old_exp, old_raw = old
                if old_exp != expires or old_raw != raw_comp:
                    updates.append(
                        {
                            "rid": rid,
                            "expires_on": expires,
                            "raw_competency": raw_comp[:500],
                            "_before": (old_exp, old_raw),
                        }
                    )
                else:
                    unchanged += 1
                continue
            if ctx.problems:
                continue  # rejected anyway: keep checking, stop writing
            writer.add(aid, cid, done, expires, raw_comp[:500])
            new += 1
        if ctx.problems:
            return
        writer.flush()
        _apply_training_updates(ctx, updates, now)
        ctx.counts.update({"new records": new, "updated": len(updates), "unchanged": unchanged})
        if derived:
            ctx.notes.append(
                f"{derived:,} record(s) had no expiry date; it was set from the "
                "refresher period (the day before the refresher is due)."
            )
        if skipped:
            ctx.counts["left out (not in the catalogue)"] = sum(skipped.values())
            names = sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = "; ".join(f"'{name}' ({n:,})" for name, n in names[:10])
            more = f"; and {len(names) - 10:,} more" if len(names) > 10 else ""
            ctx.notes.append(
                f"{sum(skipped.values()):,} row(s) left out because no course "
                f"lists their competence: {shown}{more}. To count one, add the "
                "name to a course's ESR names in Training > Catalogue."
            )

    return body


def _assignment_of(number: Any, person: Any) -> str | None:
    text = clean_text(number)
    if text is not None:
        return text
    cell = clean_text(person)
    if cell is None:
        return None
    parsed = esr.parse_person_cell(cell)
    if parsed.assignment_number is None:
        raise ValueProblem("has no assignment number before '|' (expected e.g. 'A01|Smith, Jane')")
    return parsed.assignment_number


def _apply_training_updates(
    ctx: ImportContext, updates: list[dict[str, Any]], now: dt.datetime
) -> None:
    if not updates:
        return
    s = ctx.session
    t = TrainingRecord.__table__
    stmt = (
        update(t)
        .where(t.c.id == bindparam("rid"))
        .values(
            expires_on=bindparam("_exp"),
            raw_competency=bindparam("_raw"),
            updated_at=now,
            version=t.c.version + 1,
        )
    )
    for start in range(0, len(updates), INSERT_BATCH):
        part = updates[start : start + INSERT_BATCH]
        s.connection().execute(
            stmt,
            [{"rid": u["rid"], "_exp": u["expires_on"], "_raw": u["raw_competency"]} for u in part],
        )
    ctx.uow.audit(
        AuditAction.UPDATE,
        _UPDATES_ENTITY,
        ctx.batch_id,
        detail=f"import batch {ctx.batch_id}: {len(updates)} training record(s) updated",
        before={
            "training_record": [
                [
                    u["rid"],
                    None if u["_before"][0] is None else u["_before"][0].isoformat(),
                    u["_before"][1],
                ]
                for u in updates
            ]
        },
    )


def _undo_training(uow: UnitOfWork, bid: int) -> dict[str, int]:
    s = uow.session
    t = TrainingRecord.__table__
    restored = 0
    for (before,) in s.execute(
        select(AuditEvent.before).where(
            AuditEvent.entity == _UPDATES_ENTITY, AuditEvent.entity_id == str(bid)
        )
    ):
        for rid, exp, raw in (before or {}).get("training_record", []):
            s.execute(
                update(t)
                .where(t.c.id == rid)
                .values(
                    expires_on=None if exp is None else dt.date.fromisoformat(exp),
                    raw_competency=raw,
                    version=t.c.version + 1,
                    updated_at=utcnow(),
                )
            )
            restored += 1
    deleted = rows_affected(
        s.execute(delete(TrainingRecord).where(TrainingRecord.import_batch_id == bid))
    )
    return {"training records removed": deleted, "training records restored": restored}


# --------------------------------------------------------------------------- staff body


class _Places:
    """Organisation text -> location id: a code or name, also inside the text."""

    def __init__(self, s: Session) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for lid, code, name in s.execute(select(Location.id, Location.code, Location.name)):
            self.by_code[esr.normalise_title(code)] = lid
            self.by_name[esr.normalise_title(name)].append(lid)
        # Longest names first, so "Ward 7 Acute Admissions" wins over "Ward 7".
        self.names = sorted(self.by_name, key=len, reverse=True)

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


def make_staff_body() -> Any:
    """The ``body`` for :func:`run_import` (kind ``staff``): people and assignments."""

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
                    groups[_key(word)] = gid
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
        for row in ctx.table.rows():
            ctx.rows_read += 1
            parsed = _staff_row(ctx, row, groups, places, loc_rule)
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
        if repeats:
            ctx.notes.append(
                f"{repeats:,} row(s) repeated an assignment already read with "
                "the same details (a competence export lists a person once per "
                "competence); each assignment was imported once."
            )
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
    ctx: ImportContext, row: Any, groups: dict[str, int], places: _Places, loc_rule: str
) -> dict[str, Any] | None:
    fmt = ctx.table.format
    bad = False

    def problem(key: str, value: Any, why: str) -> None:
        nonlocal bad
        ctx.problem(row.number, key, value, why)
        bad = True

    cell = esr.parse_person_cell(clean_text(row["person"]) or "") if row["person"] else None
    number = clean_text(row["assignment"]) or (cell.assignment_number if cell else None)
    if number is None:
        problem("assignment", row["assignment"], "is empty; the assignment number is required")
    emp = clean_text(row["employee_number"]) or (
        esr.base_employee_number(number) if number else None
    )
    first, last = clean_text(row["first_name"]), clean_text(row["last_name"])
    if not (first or last):
        name = clean_text(row["name"])
        if name:
            first, last = esr.parse_name(name)
        elif cell is not None:
            first, last = cell.first_name, cell.last_name
    if not last:
        problem("name", row["name"], "is empty; the person's name is required")
    group = clean_text(row["staff_group"])
    gid = groups.get(_key(group)) if group else None
    if gid is None:
        problem(
            "staff_group",
            row["staff_group"],
            "is not a staff group name, code or ESR label in VPR Desktop"
            + (
                ""
                if groups
                else " (there are no staff groups yet: add the starter "
                "catalogue in Training > Catalogue)"
            ),
        )
    org = clean_text(row["organisation"])
    lid = places.find(org) if org else None
    if org and lid is None and loc_rule == "problem":
        problem("organisation", org, "matches no location code or name in VPR Desktop")
    dates = {}
    for key in ("start_date", "end_date"):
        try:
            dates[key] = parse_date(
                row[key], styles=fmt.date_styles, no_date_words=fmt.no_date_words
            )
        except ValueProblem as exc:
            problem(key, row[key], str(exc))
    if bad:
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
            _UPDATES_ENTITY,
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
            _UPDATES_ENTITY,
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
            _UPDATES_ENTITY + "_assignments",
            ctx.batch_id,
            detail=f"import batch {ctx.batch_id}: {len(new_assign)} assignment(s)",
            after={"assignment_numbers": [a["assignment_number"] for a in new_assign]},
        )


def _undo_staff(uow: UnitOfWork, bid: int) -> dict[str, int]:
    s = uow.session
    fields = ("staff_group_id", "location_id", "job_title", "start_date", "end_date")
    created = [
        n
        for (after,) in s.execute(
            select(AuditEvent.after).where(
                AuditEvent.entity == _UPDATES_ENTITY + "_assignments",
                AuditEvent.entity_id == str(bid),
            )
        )
        for n in (after or {}).get("assignment_numbers", [])
    ]
    ids = [
        i
        for start in range(0, len(created), IN_CHUNK)
        for i in s.scalars(
            select(Assignment.id).where(
                Assignment.assignment_number.in_(created[start : start + IN_CHUNK])
            )
        )
    ]
    used = [
        i
        for start in range(0, len(ids), IN_CHUNK)
        for i in s.scalars(
            select(TrainingRecord.assignment_id)
            .where(TrainingRecord.assignment_id.in_(ids[start : start + IN_CHUNK]))
            .distinct()
        )
    ]
    if used:
        raise ValidationError(
            f"{len(used)} assignment(s) from this import have training "
            "records since, so it cannot be undone.",
            "Undo the training imports that use them first.",
        )
    restored = 0
    new_people: list[str] = []
    for (before,) in s.execute(
        select(AuditEvent.before).where(
            AuditEvent.entity == _UPDATES_ENTITY, AuditEvent.entity_id == str(bid)
        )
    ):
        before = before or {}
        new_people += before.get("new_people", [])
        for pid, first, last in before.get("person", []):
            s.execute(
                update(Person).where(Person.id == pid).values(first_name=first, last_name=last)
            )
            restored += 1
        for aid, *vals in before.get("assignment", []):
            values = dict(zip(fields, vals, strict=True))
            for k in ("start_date", "end_date"):
                if values[k] is not None:
                    values[k] = dt.date.fromisoformat(values[k])
            s.execute(update(Assignment).where(Assignment.id == aid).values(**values))
            restored += 1
    removed = 0
    for start in range(0, len(ids), IN_CHUNK):
        removed += rows_affected(
            s.execute(delete(Assignment).where(Assignment.id.in_(ids[start : start + IN_CHUNK])))
        )
    people_removed = 0
    for start in range(0, len(new_people), IN_CHUNK):
        people_removed += rows_affected(
            s.execute(
                delete(Person).where(
                    Person.employee_number.in_(new_people[start : start + IN_CHUNK])
                )
            )
        )
    return {
        "assignments removed": removed,
        "people removed": people_removed,
        "records restored": restored,
    }


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
    skip_unknown_courses: bool = False,
) -> ImportResult:
    """Import a training/competency export all-or-nothing (see the module docstring).

    The same file again is allowed: a periodic export overlaps the previous one, and the
    result then says how many records were new, updated or unchanged. ``progress`` /
    ``is_cancelled``: see :func:`run_import` (a cancel raises ``OperationCancelled``)."""
    return run_import(
        db,
        actor,
        kind=ImportKind.TRAINING,
        path=Path(path),
        fmt=fmt or load_format("training"),
        body=make_training_body(skip_unknown_courses=skip_unknown_courses),
        dry_run=dry_run,
        allow_same_file=True,
        mapping_profile=mapping_profile,
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
) -> ImportResult:
    """Import a staff list (people + assignments) all-or-nothing; re-import updates."""
    return run_import(
        db,
        actor,
        kind=ImportKind.STAFF,
        path=Path(path),
        fmt=fmt or load_format("staff"),
        body=make_staff_body(),
        dry_run=dry_run,
        allow_same_file=True,
        mapping_profile=mapping_profile,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def undo_training_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Delete the records a training batch created and put back those it updated."""
    return undo_batch(db, actor, batch_id, ImportKind.TRAINING, _undo_training)


def undo_staff_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Remove the people/assignments a staff batch created, restore those it changed;
    refused when a created assignment has training records since."""
    return undo_batch(db, actor, batch_id, ImportKind.STAFF, _undo_staff)


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
        skip_unknown_courses: bool = False,
    ) -> ImportResult:
        """Check (``dry_run``) or import ``path`` all-or-nothing.

        ``skip_unknown_courses`` (training only): leave out rows whose competence no course
        lists, and say which (see :func:`make_training_body`).

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
        if kind == "training":
            return import_training(
                self.db,
                self.actor,
                path,
                dry_run=dry_run,
                fmt=fmt,
                mapping_profile=label,
                progress=progress,
                is_cancelled=is_cancelled,
                skip_unknown_courses=skip_unknown_courses,
            )
        return import_staff(
            self.db,
            self.actor,
            path,
            dry_run=dry_run,
            fmt=fmt,
            mapping_profile=label,
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
