"""The NHS Staff Survey's violence and abuse measures, from the published results file.

Why the trust keeps them here: the national VPR report measures progress by the staff survey,
and a board should see the survey's picture beside the incidents the trust records (a falling
incident rate with a rising survey figure says reporting fell, not violence). Each year's row
holds the trust's, the benchmark group's and the national percentage; the comparison in words
is made by :func:`vpr_desktop.domain.system.compare_with_benchmark`, the one rule.

An import is all rows or none: every problem is listed row by row and nothing is written.
Importing a year again replaces that year's figures (audited by the unit of work).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.system import SURVEY_MEASURES
from vpr_desktop.domain.system import StaffSurveyResult
from vpr_desktop.domain.system import SurveyMeasure
from vpr_desktop.domain.system import compare_with_benchmark
from vpr_desktop.domain.system import survey_measure
from vpr_desktop.services.common.files import read_small_file
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.system.readers import may_read_figures

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

MAX_BYTES = 2 * 1024 * 1024
YEARS = (2003, 2100)
#: Header names accepted for each column (lower case, spaces as underscores).
COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("year", "survey_year"),
    "measure": ("question_code", "question", "measure", "code"),
    "trust": ("trust_percent", "trust", "trust_%", "organisation"),
    "benchmark": ("benchmark_percent", "benchmark", "benchmark_%", "benchmark_group"),
    "national": ("national_percent", "national", "national_%", "national_average"),
    "note": ("series_break_note", "note", "series_break"),
}
REQUIRED = ("year", "measure", "trust")
MAX_NOTE = 500  # a series-break note is a sentence or two, not a document
#: The fields as the typed-in form names them, for its problems.
TYPED_LABELS = {
    "year": "Year",
    "question_code": "Measure",
    "trust_percent": "Trust %",
    "benchmark_percent": "Benchmark %",
    "national_percent": "National %",
    "series_break_note": "Series-break note",
}


@dataclass(frozen=True)
class SurveyFigure:
    """One year's figures for one measure, with the comparison in words."""

    year: int
    measure: SurveyMeasure
    trust_percent: float
    benchmark_percent: float | None
    national_percent: float | None
    series_break_note: str | None

    @property
    def compared(self) -> str:
        """'better than' / 'worse than' / 'the same as' the benchmark ('' without one)."""
        return compare_with_benchmark(self.measure, self.trust_percent, self.benchmark_percent)


@dataclass(frozen=True)
class SurveyImport:
    """What an import wrote: rows, new and replaced, and the years covered."""

    rows: int
    added: int
    replaced: int
    years: tuple[int, ...]

    def summary(self) -> str:
        """One line for the command line and the status bar."""
        years = ", ".join(str(y) for y in self.years)
        return (
            f"Imported {self.rows} staff-survey figures for {years}: {self.added} new, "
            f"{self.replaced} replaced."
        )


def _percent(text: str) -> float | None:
    value = text.strip().rstrip("%").strip()
    if not value:
        return None
    number = float(value)
    if not 0.0 <= number <= 100.0:
        raise ValueError("a percentage is between 0 and 100")
    return round(number, 1)


def _header_map(header: list[str]) -> dict[str, int]:
    names = [h.strip().lower().replace(" ", "_") for h in header]
    found: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for i, name in enumerate(names):
            if name in aliases and key not in found:
                found[key] = i
    return found


Problem = tuple[int | None, str, str, str]  # row (None: typed in), column, value, what is wrong


def row_values(
    cell: Callable[[str], str], number: int | None
) -> tuple[dict[str, Any], list[Problem]]:
    """One row's figures from its texts (``cell(key)`` for each key of ``COLUMNS``) and its
    problems: the one check for a file's row and for figures typed in."""
    values: dict[str, Any] = {"note": cell("note") or None}
    problems: list[Problem] = []
    try:
        values["year"] = int(cell("year"))
        if not YEARS[0] <= values["year"] <= YEARS[1]:
            raise ValueError
    except ValueError:
        problems.append((number, "year", cell("year"), "not a survey year"))
    measure = survey_measure(cell("measure"))
    if measure is None:
        problems.append(
            (number, "question_code", cell("measure"), "not a violence or abuse measure")
        )
    values["measure"] = measure
    for key in ("trust", "benchmark", "national"):
        try:
            values[key] = _percent(cell(key))
        except ValueError:
            problems.append((number, COLUMNS[key][0], cell(key), "not a percentage 0-100"))
    if values.get("trust", 0) is None:
        problems.append((number, "trust_percent", "", "the trust's figure is needed"))
    if values["note"] is not None and len(values["note"]) > MAX_NOTE:
        problems.append(
            (number, "series_break_note", values["note"][:40], f"longer than {MAX_NOTE} characters")
        )
    return values, problems


def parse_results(data: bytes, source: str = "the file") -> list[dict[str, Any]]:
    """Rows of a results CSV as values, or a ValidationError listing every problem by row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValidationError(f"{source} is empty.", "Export the results as CSV with a header.")
    where = _header_map(rows[0])
    missing = [k for k in REQUIRED if k not in where]
    if missing:
        raise ValidationError(
            f"{source} has no column for " + ", ".join(COLUMNS[k][0] for k in missing) + ".",
            "Columns: year, question_code, trust_percent, benchmark_percent, national_percent, "
            "series_break_note (the last three may be empty).",
        )
    out: list[dict[str, Any]] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            i = where.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        values, found = row_values(cell, number)
        measure = values["measure"]
        if measure is not None and isinstance(values.get("year"), int):
            key2 = (values["year"], measure.code)
            if key2 in seen:
                found.append(
                    (number, "question_code", cell("measure"), f"repeats row {seen[key2]}")
                )
            seen[key2] = number
        problems += found
        out.append(values)
    if problems:
        raise ValidationError(
            f"{source}: {len(problems)} problem(s); nothing was imported.",
            "Fix the rows listed and import again.",
            problems,
        )
    if not out:
        raise ValidationError(f"{source} holds no figures.", "Check the file.")
    return out


def read_results(path: Path) -> list[dict[str, Any]]:
    """A results file read and checked (nothing written), or a ValidationError."""
    data = read_small_file(path, MAX_BYTES, "is too large for a results file")
    return parse_results(data, Path(path).name)


class StaffSurveyService:
    """``StaffSurveyService(db, actor)``: import, list and compare the survey's figures."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def import_file(self, path: Path) -> SurveyImport:
        """Import a results CSV (all rows or none); a year imported again is replaced."""
        self.actor.require(Permission.IMPORT_DATA, "import staff-survey results")
        return self.save(read_results(path), Path(path).name)

    def enter(self, texts: dict[str, str]) -> SurveyImport:
        """One year's figure for one measure as typed in (keys of ``COLUMNS``: year, measure,
        trust, benchmark, national, note), checked as a file's row is, then saved the same way
        (one transaction, audited). A year and measure already held are replaced."""
        self.actor.require(Permission.IMPORT_DATA, "enter staff-survey results")
        values, problems = row_values(lambda key: texts.get(key, "").strip(), None)
        if problems:
            raise ValidationError(
                "The figures were not saved: "
                + "; ".join(f"{TYPED_LABELS[column]}: {what}" for _, column, _, what in problems)
                + ".",
                "Correct them and save again.",
                problems,
            )
        return self.save([values], "figures typed in")

    def save(self, rows: list[dict[str, Any]], source: str) -> SurveyImport:
        """Write parsed or typed-in figures in one transaction (audited)."""
        self.actor.require(Permission.IMPORT_DATA, "enter staff-survey results")
        added = replaced = 0
        with UnitOfWork(self.db, self.actor) as uow:
            existing = {
                (r.year, r.measure): r for r in uow.session.scalars(select(StaffSurveyResult))
            }
            for values in rows:
                measure: SurveyMeasure = values["measure"]
                row = existing.get((values["year"], measure.code))
                if row is None:
                    row = StaffSurveyResult(year=values["year"], measure=measure.code)
                    uow.session.add(row)
                    existing[(row.year, row.measure)] = row
                    added += 1
                else:
                    replaced += 1
                row.trust_percent = values["trust"]
                row.benchmark_percent = values.get("benchmark")
                row.national_percent = values.get("national")
                row.series_break_note = values.get("note")
            uow.audit(
                AuditAction.IMPORT,
                "staff_survey_result",
                detail=f"Staff-survey results from {source}: {added} new, {replaced} replaced",
            )
        years = tuple(sorted({int(v["year"]) for v in rows}))
        return SurveyImport(len(rows), added, replaced, years)

    def figures(self) -> list[SurveyFigure]:
        """Every stored figure, by measure (the survey's order) then year."""
        if not may_read_figures(self.actor):
            raise PermissionDeniedError(
                f"{self.actor.display_name} may not see staff-survey figures.",
                "Ask the VPR lead if you need to.",
            )
        with reading(self.db) as s:
            rows = list(s.scalars(select(StaffSurveyResult)))
        out = []
        for r in rows:
            measure = survey_measure(r.measure)
            if measure is None:
                continue
            out.append(
                SurveyFigure(
                    r.year,
                    measure,
                    r.trust_percent,
                    r.benchmark_percent,
                    r.national_percent,
                    r.series_break_note,
                )
            )
        order = {m.code: i for i, m in enumerate(SURVEY_MEASURES)}
        return sorted(out, key=lambda f: (order[f.measure.code], f.year))
