"""The standard-specific half of loading indicators from a spreadsheet (the import ``body``).

The generic half — safe reading (zip-bomb checks, no formulas, no macros), the column map in
``resources/import_formats/standard.toml``, all-or-nothing, the rejection record — is
:mod:`vpr_desktop.services.importing`. This body checks every row (code present, valid and
unique; text present; domain known), and only when every row is good turns the sheet into a
:class:`~vpr_desktop.domain.standard_library.Library` and hands it to
:func:`~vpr_desktop.services.assessment.standard_update.apply_library`, inside the import's
transaction.

What the sheet is loaded into, and how its rows become a library (the edition's details, the
domains, whether it is still our working summary), is :class:`.standard_sheet_plan.SheetPlan`.
"""

from __future__ import annotations

from collections.abc import Callable

from vpr_desktop.domain.standard_library import IndicatorSpec
from vpr_desktop.domain.standard_library import check_indicator_code
from vpr_desktop.services.assessment.standard_sheet_plan import SheetPlan
from vpr_desktop.services.assessment.standard_update import apply_library
from vpr_desktop.services.assessment.standard_update import sync_crosswalks
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.row_check import RowCheck
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import is_blank


def make_sheet_body(plan: SheetPlan) -> Callable[[ImportContext], None]:
    """The ``body`` for :func:`~vpr_desktop.services.importing.batch.run_import`."""

    def body(ctx: ImportContext) -> None:
        seen: dict[str, int] = {}
        indicators: list[IndicatorSpec] = []
        columns = ctx.table.match.columns if ctx.table.match is not None else {}
        merged = plan.merged.get(ctx.table.sheet or "", {})
        for row in ctx.table.rows():
            ctx.rows_read += 1
            for key, col in columns.items():  # a merged cell reads as its range's value
                if is_blank(row.values.get(key)) and (row.number, col) in merged:
                    row.values[key] = merged[(row.number, col)]
            check = RowCheck(ctx, row)
            code, wording = check.text("code"), check.text("text")
            guidance, evidence = check.text("guidance"), check.text("typical_evidence")
            domain = ""
            if code:
                why = check_indicator_code(code)
                if why:
                    check.problem("code", code, why)
                elif check.first_use("code", code, seen, "the same code is"):
                    try:
                        domain = plan.resolve_domain(row["domain"], code)
                    except ValueProblem as exc:
                        check.problem("domain", row["domain"], str(exc))
            if not check.bad and code and wording:
                indicators.append(
                    IndicatorSpec(code, domain, " ".join(wording.split()), guidance, evidence)
                )
        if ctx.problems:
            return
        if not indicators:
            ctx.problem(None, "", "", "the sheet lists no indicators")
            return
        plan.library_read = plan.library(indicators)
        changes = apply_library(ctx.session, plan.library_read, plan.note)
        changes.crosswalk_links_added = sync_crosswalks(ctx.session)
        plan.changes = changes
        ctx.rows_ok = len(indicators)
        ctx.counts.update({"indicators": len(indicators), **changes.counts()})

    return body
