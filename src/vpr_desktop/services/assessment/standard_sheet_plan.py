"""What a standard's spreadsheet is loaded into: the edition's details, its domains and scale,
and how the checked rows become a :class:`~vpr_desktop.domain.standard_library.Library`.

Apart from the import ``body`` (``standard_sheet``) that checks the rows, because the
standards service builds the plan from a person's choices before any row is read, and reads
the changes and the library back from it afterwards.

Whether the result is still our working summary is decided by the wording itself: a text that
still carries the mark is ours. When no text does any more, the mark is taken off the title
too, so a trust that loaded the published wording sees an unmarked edition; while some do, the
title keeps (or gets) the mark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK
from vpr_desktop.domain.standard_library import DomainSpec
from vpr_desktop.domain.standard_library import IndicatorSpec
from vpr_desktop.domain.standard_library import Library
from vpr_desktop.domain.standard_library import ScaleLevel
from vpr_desktop.domain.standard_library import check_indicator_code
from vpr_desktop.domain.standard_library import domain_of_code
from vpr_desktop.domain.standard_library import is_working_summary
from vpr_desktop.domain.standard_library import natural_sort_key
from vpr_desktop.domain.standard_library import split_domain_cell
from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.services.assessment.standard_update import Changes
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text


@dataclass
class SheetPlan:
    """What the sheet is loaded into; ``changes`` is filled in by the body."""

    edition: str
    library_version: int
    title: str
    publisher: str
    published_on: dt.date | None
    provenance: str
    note: str
    scale: tuple[ScaleLevel, ...]
    domains: list[tuple[str, str]]  # (code, title) in order; empty for a new edition
    fixed_domains: bool  # an existing edition: rows must name one of its domains
    changes: Changes | None = None
    #: Per sheet, cells inside a merged range (a domain merged over its rows) -> their value.
    merged: dict[str, dict[tuple[int, int], Any]] = field(default_factory=dict)
    library_read: Library | None = None  # what the sheet holds, once every row was good
    _new_domains: dict[str, str] = field(default_factory=dict)

    def resolve_domain(self, cell: Any, code: str) -> str:
        """The domain code a row belongs to, from its domain cell (code, title, or both) or,
        when blank, from the indicator code's prefix."""
        text = clean_text(cell) or ""
        known = {c: t for c, t in self.domains}
        by_title = {t.casefold(): c for c, t in self.domains}
        cell_code, cell_title = split_domain_cell(text)
        if self.fixed_domains:
            if cell_code in known:
                return cell_code
            for title in (cell_title, text):
                if title and title.casefold() in by_title:
                    return by_title[title.casefold()]
            if not text and domain_of_code(code) in known:
                return domain_of_code(code)
            listed = "; ".join(f"{c} {t}" for c, t in self.domains)
            raise ValueProblem(f"is not a domain of this edition ({listed})")
        derived = cell_code or domain_of_code(code)
        if not derived or check_indicator_code(derived):
            raise ValueProblem(
                "gives no domain code; write e.g. '1 Leadership and "
                "accountability' or use codes like 1.2"
            )
        title = cell_title or self._new_domains.get(derived) or f"Domain {derived}"
        if (
            derived in self._new_domains
            and cell_title
            and self._new_domains[derived] not in (cell_title, f"Domain {derived}")
        ):
            raise ValueProblem(
                f"names domain {derived} '{cell_title}', but an earlier row "
                f"calls it '{self._new_domains[derived]}'"
            )
        self._new_domains[derived] = title
        return derived

    def library(self, indicators: list[IndicatorSpec]) -> Library:
        working = any(is_working_summary(i.text) for i in indicators)
        title = self.title
        if working and not is_working_summary(title):
            title = f"{title} — {WORKING_SUMMARY_MARK}"
        if not working and is_working_summary(title):
            title = strip_mark(title) or self.edition
        if self.fixed_domains:
            domains = tuple(DomainSpec(c, t) for c, t in self.domains)
        else:
            domains = tuple(
                DomainSpec(c, t)
                for c, t in sorted(
                    self._new_domains.items(), key=lambda kv: natural_sort_key(kv[0])
                )
            )
        return Library(
            edition=self.edition,
            title=title[:500],
            publisher=self.publisher,
            library_version=self.library_version,
            published_on=self.published_on,
            provenance=self.provenance,
            working_summary=working,
            scale=self.scale,
            domains=domains,
            indicators=tuple(indicators),
        )
