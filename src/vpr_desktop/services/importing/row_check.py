"""Checking one source row, cell by cell, the way every importer reports it.

Each importer reads a row's cells through a parser and must (1) report a bad cell against the
row and column the person sees, (2) group a value this database does not know by kind so the
import dialog can offer to map it, (3) say "is empty; X is required" for a missing required
cell, and (4) then refuse the whole row. :class:`RowCheck` does those four the one same way, so
the report reads alike whichever file was imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from vpr_desktop.services.importing.values import UnknownValue
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text

if TYPE_CHECKING:
    from vpr_desktop.services.importing.batch import ImportContext
    from vpr_desktop.services.importing.reader import SourceRow

T = TypeVar("T")


@dataclass
class RowCheck:
    """One row being checked; ``bad`` turns true at its first problem and the importer then
    leaves the row out (all its problems are still reported, so one pass finds them all)."""

    ctx: ImportContext
    row: SourceRow
    bad: bool = False

    def problem(self, key: str, value: Any, why: str, *, unknown: str = "", fix: str = "") -> None:
        """Report a problem with this row's ``key`` cell and mark the row bad."""
        self.ctx.problem(self.row.number, key, value, why, unknown=unknown, fix=fix)
        self.bad = True

    def parse(
        self,
        key: str,
        parse: Callable[[Any], T],
        *,
        required: bool = False,
        what: Callable[[], str] | None = None,
    ) -> T | None:
        """The cell ``key`` through ``parse``, or None with the problem reported. An unknown
        value is grouped under its kind (``exc.what``, else ``what()``) and under the value
        the parser names, when it names one; ``required``: an empty cell is a problem too."""
        raw = self.row[key]
        try:
            value = parse(raw)
        except UnknownValue as exc:
            kind = exc.what or (what() if what is not None else "")
            shown = raw if exc.value is None else exc.value
            self.problem(key, shown, str(exc), unknown=kind, fix=exc.fix)
            return None
        except ValueProblem as exc:
            self.problem(key, raw, str(exc))
            return None
        if value is None and required:
            label = self.ctx.table.format.field(key).label
            self.problem(key, raw, f"is empty; {label} is required")
        return value

    def field(self, key: str, parse: Callable[[Any], T]) -> T | None:
        """:meth:`parse`, required as the import format says."""
        return self.parse(key, parse, required=self.ctx.table.format.field(key).required)

    def text(self, key: str, *, required: bool | None = None) -> str | None:
        """The cell as clean text within the field's length; required as the format says
        unless ``required`` is given."""
        spec = self.ctx.table.format.field(key)
        need = spec.required if required is None else required
        return self.parse(key, lambda v: clean_text(v, max_length=spec.max_length), required=need)

    def first_use(
        self, key: str, value: str, seen: dict[str, int], repeat: str = "the same reference is used"
    ) -> bool:
        """Whether ``value`` (a reference or code that must be unique in the file) is new
        here; a repeat is reported as "``repeat`` on row N", naming the row that had it first."""
        if value in seen:
            self.problem(key, value, f"{repeat} on row {seen[value]}")
            return False
        seen[value] = self.row.number
        return True
