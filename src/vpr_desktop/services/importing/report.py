"""The row-by-row report of an import: (row, column, value, why), on screen, stderr or CSV.

One :class:`Problem` per refused cell (or per file-level problem, with ``row`` None), so a
person can open the file, go to the row and fix it. :class:`ProblemLog` keeps the first
``keep`` problems in memory (a 200k-row file that is wrong in every row must not hold a million
problems) but counts them all, and remembers which rows had any.

The CSV report is written atomically (``store.atomic``: temp file, then one rename) and every
text field that starts with a formula trigger is prefixed with ``'`` (OWASP CSV injection):
the values come from the user's file and the report is opened in Excel.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from vpr_desktop.store.atomic import StagedFile

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
MAX_VALUE_CHARS = 200  # a whole narrative pasted into a wrong column stays readable


@dataclass(frozen=True)
class Problem:
    """Why one value (or the file, when ``row`` is None) was refused."""

    row: int | None
    column: str
    value: str
    why: str
    unknown: str = ""  # the kind of unknown value ("location name"), when that is the problem

    def as_tuple(self) -> tuple[int | None, str, str, str]:
        """The shape :class:`~vpr_desktop.domain.errors.ValidationError` carries."""
        return (self.row, self.column, self.value, self.why)

    def __str__(self) -> str:
        parts = [f"row {self.row}" if self.row is not None else "file"]
        if self.column:
            parts.append(self.column)
        value = f"{self.value!r}: " if self.value else ""
        return f"{', '.join(parts)}: {value}{self.why}"


def shown(value: Any) -> str:
    """A cell value as the report shows it (shortened, never None)."""
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


@dataclass
class ProblemLog:
    """Collects problems; keeps the first ``keep``, counts all, knows the rejected rows."""

    keep: int = 1000
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    _rows: set[int] = field(default_factory=set)
    # Every unknown value (all of them, not only the kept problems): kind -> value -> rows.
    unknown: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown_fix: dict[str, str] = field(default_factory=dict)  # kind -> what to do
    unknown_total: int = 0  # problems that are unknown values

    def add(
        self,
        row: int | None,
        column: str,
        value: Any,
        why: str,
        *,
        unknown: str = "",
        fix: str = "",
    ) -> None:
        """One problem; ``unknown`` (the kind of value, e.g. "location name") also counts the
        value in :attr:`unknown`, with ``fix`` saying what to do about that kind."""
        self.total += 1
        if row is not None:
            self._rows.add(row)
        if unknown:
            self.unknown_total += 1
            per_value = self.unknown.setdefault(unknown, {})
            per_value[shown(value)] = per_value.get(shown(value), 0) + 1
            if fix:
                self.unknown_fix.setdefault(unknown, fix)
        if len(self.problems) < self.keep:
            self.problems.append(Problem(row, column, shown(value), why, unknown))

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    @property
    def rows_with_problems(self) -> int:
        return len(self._rows)

    def has_row(self, row: int) -> bool:
        return row in self._rows

    @property
    def truncated(self) -> bool:
        return self.total > len(self.problems)


def neutralise(text: str) -> str:
    """Prefix a formula-trigger first character with ``'`` so a spreadsheet shows it as text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def write_report_csv(path: Path, problems: Iterable[Problem], *, total: int | None = None) -> Path:
    """Write the report as CSV (UTF-8 with BOM so Excel reads accents), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with StagedFile(path.parent, path.name, private=True) as staged:
        with open(staged.path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["Row", "Column", "Value", "Problem"])
            for p in problems:
                written += 1
                writer.writerow(
                    [
                        "" if p.row is None else p.row,
                        neutralise(p.column),
                        neutralise(p.value),
                        neutralise(p.why),
                    ]
                )
            if total is not None and total > written:
                writer.writerow(
                    [
                        "",
                        "",
                        "",
                        f"... and {total - written} more problems not "
                        "listed; fix these and run the check again",
                    ]
                )
            fh.flush()
            os.fsync(fh.fileno())
        staged.publish(path)
    return path
