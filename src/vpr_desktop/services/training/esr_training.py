"""Training rows of an ESR competency export: check each row, stream the valid ones to the database.

Why it looks as it does:

* **Who.** The assignment number (text, as written: ``0012``, ``1012-2``), or the assignment in
  an ESR person cell ``A01|Smith, Jane``. An employee number that is not an assignment number
  means that person's primary assignment (ESR's primary assignment number is the employee
  number). Unknown -> a row problem (import the staff list first).
* **Which course.** :mod:`esr_courses` matches the competency name; unknown -> a row problem.
* **Dates.** The completion date is required; expiry blank / ``No Expiry`` becomes completion
  + the refresher (the period in the competency name, else the course's), the day before the
  due date (``domain.refresher_dates.expiry_from``), unless the format says
  ``blank_expiry = "none"``.
* **Duplicates.** The same assignment + course + date twice in one file is a row problem
  (naming the first row); already in the database -> the record is updated (expiry, raw name)
  when it differs, else left alone -- re-importing the same export never duplicates.
* **Writes.** Rows stream: each valid row is added to a chunk, written with one driver
  ``executemany`` once the chunk is full (performance.md "Imports stream"; the INSERT is
  compiled once, see ``_NewRecords``), never through the ORM unit of work per row, and
  nothing is held for the whole file except the set of keys seen. After the first problem
  no more rows are written (the transaction is rolled back at the end anyway) but every row
  is still checked, so the report lists them all.
* **Undo exactness.** Created rows carry ``import_batch_id`` and are deleted; updated rows'
  previous values are kept in one audit event per batch, and put back on undo.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain import esr
from vpr_desktop.domain import esr_people
from vpr_desktop.domain import refresher_dates
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.value_map import LeftOut
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text
from vpr_desktop.services.importing.values import parse_date as _parse_date
from vpr_desktop.services.training.esr_courses import COMPETENCE
from vpr_desktop.services.training.esr_courses import UnknownCourse
from vpr_desktop.services.training.esr_courses import course_matcher
from vpr_desktop.services.training.import_new_values import create_course

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.unit_of_work import UnitOfWork


INSERT_BATCH = 5000


IN_CHUNK = 500


UPDATES_ENTITY = "import_updates"


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


def make_training_body(*, strict_courses: bool = False, values: ValueMap | None = None) -> Any:
    """The ``body`` for :func:`run_import` (kind ``training``).

    A real ESR competence export holds every statutory and mandatory competence (fire
    safety, information governance, ...), most of them nothing to do with violence
    prevention, so by default rows whose competence no course lists are left out, and the
    result names each competence left out with its row count: nothing is dropped unseen, and
    a misspelt course shows up in that list. ``strict_courses`` makes each such row a problem
    instead, so the file is rejected (for a file that should hold only VPR courses).

    ``values``: a person's choices for competences no course lists ("this competence is
    course X", or leave its rows out), looked at before the catalogue.
    """
    choices = values if values is not None else ValueMap()

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
        courses = course_matcher(s)
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
        chosen_out = 0
        created_courses: set[str] = set()  # names of the courses this import added
        for row in ctx.table.rows():
            ctx.rows_read += 1
            cells = row.values  # the row's dict: cheaper than row[key] per cell
            bad = False
            raw_comp = texts(cells.get("competency"))
            cid, comp = None, None
            try:
                if raw_comp is None:
                    raise ValueProblem("is empty; the competency name is required")
                chosen = choices.lookup(COMPETENCE, raw_comp) if choices else None
                if chosen is not None and chosen.action == "create":
                    course, added = create_course(s, ctx.uow.actor, chosen.new, raw_comp)
                    cid, courses.months[course.id] = course.id, course.refresher_months
                    if added:
                        created_courses.add(course.name)
                    comp = esr.parse_competency(raw_comp)
                elif chosen is not None:
                    cid, comp = courses.chosen(raw_comp, chosen.target)
                else:
                    cid, comp = courses.match(raw_comp)
            except LeftOut:
                chosen_out += 1
                continue
            except UnknownCourse as exc:
                if not strict_courses:
                    skipped[str(raw_comp)] += 1
                    ctx.default(COMPETENCE, str(raw_comp), "left out (no course lists it)")
                    continue
                ctx.problem(
                    row.number,
                    "competency",
                    row["competency"],
                    str(exc),
                    unknown=exc.what,
                    fix=exc.fix,
                )
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
                expires = refresher_dates.expiry_from(
                    done, comp.period_months or courses.months[cid]
                )
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
            ctx.notes.append(left_out_note(skipped))
        ctx.chosen_added("courses", sorted(created_courses))
        ctx.chosen_left_out(chosen_out, choices.left_out_lines())

    return body


def left_out_note(skipped: dict[str, int], shown: int = 10) -> str:
    """ "Left out 3 competences no course lists: 'NHS|CSTF|Fire Safety|2 Years|' (120 rows), …":
    most rows first, each exact name as the file spells it (the name to add to a course)."""
    names = sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
    listed = ", ".join(f"'{name}' ({n:,} row{'s' if n != 1 else ''})" for name, n in names[:shown])
    more = f", and {len(names) - shown:,} more" if len(names) > shown else ""
    what = "competence" if len(names) == 1 else "competences"
    return (
        f"Left out {len(names):,} {what} no course lists: {listed}{more}. To count one, add "
        "its name to a course's ESR names in Training > Catalogue."
    )


def _assignment_of(number: Any, person: Any) -> str | None:
    text = clean_text(number)
    if text is not None:
        return text
    cell = clean_text(person)
    if cell is None:
        return None
    parsed = esr_people.parse_person_cell(cell)
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
        UPDATES_ENTITY,
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


def undo_training_rows(uow: UnitOfWork, bid: int) -> dict[str, int]:
    s = uow.session
    t = TrainingRecord.__table__
    restored = 0
    for (before,) in s.execute(
        select(AuditEvent.before).where(
            AuditEvent.entity == UPDATES_ENTITY, AuditEvent.entity_id == str(bid)
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
