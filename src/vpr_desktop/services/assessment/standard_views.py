"""What the standards service hands out about what is stored: editions, their domains and
indicators, and crosswalk items (what a load from a file reports is ``standard_load_views``).

Plain, frozen dataclasses (no ORM object leaves the service), kept apart so screens and the CLI
can read the shapes without the service's loading and crosswalk rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vpr_desktop.domain.standard_library import ScaleLevel


@dataclass(frozen=True)
class EditionSummary:
    id: int
    edition: str  # "vpr-2024"
    short_name: str  # "2024" (what people type)
    title: str
    publisher: str
    library_version: int
    published_on: dt.date | None
    working_summary: bool  # True while any indicator wording is ours, not the published one
    domains: int
    indicators: int  # in use (not retired)
    retired: int
    cycles: int


@dataclass(frozen=True)
class IndicatorView:
    id: int
    code: str
    domain_code: str
    text: str  # as stored: our working-summary wording carries the mark in the text itself
    guidance: str | None
    typical_evidence: str | None
    retired: bool
    working_summary: bool  # the text carries WORKING_SUMMARY_MARK


@dataclass(frozen=True)
class DomainView:
    id: int
    code: str
    title: str
    sort_order: int
    indicators: tuple[IndicatorView, ...]  # natural code order; retired ones included


@dataclass(frozen=True)
class EditionDetail:
    summary: EditionSummary
    provenance: str
    scale: tuple[ScaleLevel, ...]  # red, amber, green, not assessed
    domains: tuple[DomainView, ...]  # official order


@dataclass(frozen=True)
class CrosswalkItem:
    id: int
    version: int
    from_edition: str
    from_code: str
    from_text: str
    to_edition: str
    to_code: str
    to_text: str
    to_domain_code: str
    to_domain_title: str
    strength: str  # primary | secondary | "" (a link not from the shipped rules)
    rationale: str
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    retired: bool  # either end retired: kept for history, never used to carry

    @property
    def confirmed(self) -> bool:
        return self.confirmed_by is not None
