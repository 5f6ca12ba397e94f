"""Standard editions as data: list and show them, load or update one, confirm the crosswalk.

Why a trust loads the standard rather than the app containing it: NHS England's indicator
wording is not in our material, so the app ships a working summary in our words (marked as
such everywhere) and the VPR lead replaces it with the published wording — from a library
file, or from a spreadsheet (the NHS England assessment and improvement action plan tool, or
any sheet listing domain, code, text and guidance) through a column-mapping step with a
preview. The rules of an update live in :mod:`~vpr_desktop.services.assessment.standard_update`.

The two shipped editions (2024 and 2020) and the proposed 2020 → 2024 crosswalk links are
written into a database lazily, on first use, in one unit of work on behalf of the app
(:mod:`shipped_editions`), so the demo generator and the migrations stay unaware of
them and an upgraded database gets them too.

Results are frozen dataclasses; no ORM object leaves this module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Standard
from vpr_desktop.domain.models import StandardDomain
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.standard_library import ScaleLevel
from vpr_desktop.domain.standard_library import is_working_summary
from vpr_desktop.domain.standard_library import loads_library
from vpr_desktop.domain.standard_library import natural_sort_key
from vpr_desktop.domain.standard_library import scale_from_json
from vpr_desktop.services.assessment.crosswalk import confirm_links
from vpr_desktop.services.assessment.crosswalk import crosswalk_items
from vpr_desktop.services.assessment.crosswalk import set_link
from vpr_desktop.services.assessment.shipped_editions import DEFAULT_CROSSWALK
from vpr_desktop.services.assessment.shipped_editions import ensure_shipped_editions
from vpr_desktop.services.assessment.standard_load_views import LoadResult
from vpr_desktop.services.assessment.standard_load_views import MappedField
from vpr_desktop.services.assessment.standard_load_views import SheetPreview
from vpr_desktop.services.assessment.standard_sheet import make_sheet_body
from vpr_desktop.services.assessment.standard_sheet_plan import SheetPlan
from vpr_desktop.services.assessment.standard_update import apply_library
from vpr_desktop.services.assessment.standard_update import shipped_libraries
from vpr_desktop.services.assessment.standard_update import sync_crosswalks
from vpr_desktop.services.assessment.standard_update import version_refusal
from vpr_desktop.services.assessment.standard_views import CrosswalkItem
from vpr_desktop.services.assessment.standard_views import DomainView
from vpr_desktop.services.assessment.standard_views import EditionDetail
from vpr_desktop.services.assessment.standard_views import EditionSummary
from vpr_desktop.services.assessment.standard_views import IndicatorView
from vpr_desktop.services.assessment.standard_workbook import SheetLayout
from vpr_desktop.services.assessment.standard_workbook import guess_edition
from vpr_desktop.services.assessment.standard_workbook import merged_fills
from vpr_desktop.services.assessment.standard_workbook import sheet_layout
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.batch import run_import
from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.reader import open_table
from vpr_desktop.services.importing.values import clean_text

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


# ------------------------------------------------------------------------------ results


# ------------------------------------------------------------------------------ shipping


def short_name(edition: str) -> str:
    return edition.rsplit("-", 1)[-1]


def resolve_edition(session: Session, name: str) -> Standard:
    """The edition a person means: ``vpr-2024``, ``2024`` or ``VPR-2024``."""
    wanted = (name or "").strip().casefold()
    editions = list(session.scalars(select(Standard)))
    for std in editions:
        if std.edition == wanted:
            return std
    hits = [
        s for s in editions if short_name(s.edition) == wanted or s.edition.endswith("-" + wanted)
    ]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(sorted(s.edition for s in editions)) or "none loaded"
    if hits:
        raise ValidationError(
            f"'{name}' could mean {', '.join(s.edition for s in hits)}.",
            "Give the full edition name.",
        )
    raise NotFoundError(
        f"There is no standard edition '{name}' (editions: {known}).",
        "Run 'vpr-desktop standard list' to see them.",
    )


# ------------------------------------------------------------------------------ service


class StandardsService:
    """``StandardsService(db, actor)``: reading needs READ_ASSESSMENT or READ_SUMMARY; loading
    needs IMPORT_DATA; confirming crosswalk links needs EDIT_ASSESSMENT."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self._ensured = False

    def ensure_shipped_editions(self) -> list[str]:
        created = ensure_shipped_editions(self.db)
        self._ensured = True
        return created

    def _ready(self) -> None:
        if not self._ensured:
            self.ensure_shipped_editions()

    def _require_read(self) -> None:
        if not (
            self.actor.can(Permission.READ_ASSESSMENT) or self.actor.can(Permission.READ_SUMMARY)
        ):
            self.actor.require(Permission.READ_ASSESSMENT, "see the standard")

    # -- reading
    def list_editions(self) -> list[EditionSummary]:
        """Every edition, newest edition id first (vpr-2024 before vpr-2020)."""
        self._require_read()
        self._ready()
        with reading(self.db) as session:
            stds = list(session.scalars(select(Standard)))
            return sorted(
                (self._summary(session, s) for s in stds),
                key=lambda e: natural_sort_key(e.edition),
                reverse=True,
            )

    def resolve(self, name: str) -> str:
        """The full edition id for ``name`` (``"2024"`` → ``"vpr-2024"``)."""
        self._require_read()
        self._ready()
        with reading(self.db) as session:
            return resolve_edition(session, name).edition

    def edition(self, name: str) -> EditionDetail:
        """One edition: domains in official order, indicators in natural code order."""
        self._require_read()
        self._ready()
        with reading(self.db) as session:
            std = resolve_edition(session, name)
            domains = list(
                session.scalars(
                    select(StandardDomain)
                    .where(StandardDomain.standard_id == std.id)
                    .order_by(StandardDomain.sort_order)
                )
            )
            by_domain: dict[int, list[Indicator]] = {}
            for ind in session.scalars(select(Indicator).where(Indicator.standard_id == std.id)):
                by_domain.setdefault(ind.domain_id, []).append(ind)
            views = tuple(
                DomainView(
                    d.id,
                    d.code,
                    d.title,
                    d.sort_order,
                    tuple(
                        _indicator(i, d.code)
                        for i in sorted(
                            by_domain.get(d.id, []),
                            key=lambda i: (natural_sort_key(i.code), i.code),
                        )
                    ),
                )
                for d in domains
            )
            return EditionDetail(
                self._summary(session, std),
                std.provenance or "",
                scale_from_json(std.rating_scale),
                views,
            )

    def scale(self, name: str) -> tuple[ScaleLevel, ...]:
        return self.edition(name).scale

    def _summary(self, session: Session, std: Standard) -> EditionSummary:
        counts = dict(
            session.execute(
                select(Indicator.retired, func.count())
                .where(Indicator.standard_id == std.id)
                .group_by(Indicator.retired)
            ).all()
        )
        domains = _count_of(session, StandardDomain, std.id)
        cycles = _count_of(session, AssessmentCycle, std.id)
        return from_same_named(
            EditionSummary,
            std,
            short_name=short_name(std.edition),
            domains=int(domains),
            indicators=int(counts.get(False, 0)),
            retired=int(counts.get(True, 0)),
            cycles=int(cycles),
        )

    # -- loading a library file
    def load_library(self, path: Path | str, dry_run: bool = False) -> LoadResult:
        """Create or update an edition from a library TOML file. A file that fails the checks,
        or whose version is not higher, raises :class:`ValidationError` listing why."""
        self.actor.require(Permission.IMPORT_DATA, "load a standard")
        self._ready()
        path = Path(path)
        if not path.is_file():
            raise ValidationError(f"There is no file at {path}.", "Check the path.")
        if path.stat().st_size > 5 * 1024 * 1024:
            raise ValidationError(
                f"{path.name} is over 5 MB; a library is much smaller.",
                "Check you chose the right file.",
            )
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"{path.name} is not UTF-8 text.", "Save it as UTF-8 and load it again."
            ) from exc
        try:
            lib = loads_library(text, path.name)
        except ValueError as exc:
            problems = getattr(exc, "problems", [str(exc)])
            raise ValidationError(
                f"{path.name} is not a usable standard library ({len(problems)} problem(s)); "
                "nothing was changed.",
                "Correct the file and load it again.",
                problems=[(None, "", "", p) for p in problems],
            ) from exc
        result = LoadResult(lib.edition, path.name, dry_run)
        note = (
            f"Library version {lib.library_version} loaded from {path.name} by "
            f"{self.actor.display_name} on {dt.date.today().isoformat()}."
        )
        try:
            with UnitOfWork(self.db, self.actor) as uow:
                result.changes = apply_library(uow.session, lib, note)
                result.changes.crosswalk_links_added = sync_crosswalks(uow.session)
                if dry_run:
                    raise _DryRun("dry run: nothing written")
                uow.audit(AuditAction.IMPORT, "standard", lib.edition, detail=result.summary())
        except _DryRun:  # the dry run's way out: the unit of work rolled everything back
            return result
        return result

    # -- loading from a spreadsheet
    def sheet_format(
        self,
        column_map: dict[str, str] | None = None,
        sheet: str | None = None,
        header_row: int | None = None,
    ) -> ImportFormat:
        """The column map (``resources/import_formats/standard.toml``) with the person's
        choices (field key -> exact heading) put first, reading ``sheet`` with its headings
        on ``header_row`` when those were chosen (else both are found)."""
        fmt = load_format("standard")
        fmt = fmt.with_columns(column_map) if column_map else fmt
        return fmt.with_layout(sheet, header_row) if sheet or header_row else fmt

    def sheet_layout(self, path: Path | str, sheet: str | None = None) -> SheetLayout:
        """The workbook's sheets and the first rows of ``sheet`` (the first visible one when
        None), with the row that looks most like the headings: the sheet / header-row step."""
        self.actor.require(Permission.IMPORT_DATA, "load a standard")
        fmt = load_format("standard")
        return sheet_layout(path, sheet, lambda cells: fmt.match_header(list(cells)).score)

    def suggested_edition(self, *texts: str) -> str | None:
        """The short name of the loaded edition that a sheet, title or file name mentions."""
        return guess_edition(texts, (e.short_name for e in self.list_editions()))

    def preview_sheet(
        self,
        path: Path | str,
        column_map: dict[str, str] | None = None,
        limit: int = 10,
        *,
        sheet: str | None = None,
        header_row: int | None = None,
    ) -> SheetPreview:
        """The header row found, the mapping and the first ``limit`` rows, for the mapping
        step. Required fields without a column are listed instead of refusing the file."""
        self.actor.require(Permission.IMPORT_DATA, "load a standard")
        fmt = self.sheet_format(column_map, sheet, header_row)
        relaxed = replace(fmt, fields=tuple(replace(f, required=False) for f in fmt.fields))
        with open_table(path, relaxed, lenient=True) as table:
            match = table.match
            assert match is not None
            merged = merged_fills(path).get(table.sheet or "", {})
            columns = match.columns
            rows = []
            for row in table.rows():
                rows.append(
                    {
                        k: clean_text(merged.get((row.number, columns[k]), v) if v is None else v)
                        or ""
                        for k, v in row.values.items()
                    }
                )
                if len(rows) >= limit:
                    break
            source = (
                f"Excel workbook, sheet '{table.sheet}', header on row {table.header_row}"
                if table.file_kind == "xlsx"
                else f"CSV ({table.encoding}), header on row {table.header_row}"
            )
            fields = tuple(
                MappedField(f.key, f.label, f.required, match.headers.get(f.key))
                for f in fmt.fields
            )
            headers = tuple(dict.fromkeys([*match.headers.values(), *match.unmapped]))
            return SheetPreview(
                Path(path).name,
                source,
                table.header_row,
                fields,
                tuple(f.label for f in fmt.fields if f.required and f.key not in match.columns),
                headers,
                tuple(rows),
            )

    def load_sheet(
        self,
        path: Path | str,
        edition: str,
        library_version: int,
        *,
        column_map: dict[str, str] | None = None,
        title: str | None = None,
        publisher: str | None = None,
        published_on: dt.date | None = None,
        provenance: str | None = None,
        dry_run: bool = False,
        sheet: str | None = None,
        header_row: int | None = None,
    ) -> LoadResult:
        """Create or update ``edition`` from a sheet of indicators (all rows or none).

        An existing edition is matched by ``edition`` or its short name and keeps its domains
        and rating scale; ``library_version`` must be higher than the loaded one (refused with
        :class:`ValidationError` before the file is read). A new edition needs ``title`` and
        ``publisher`` and takes its domains from the sheet. Row problems come back in the
        result (``ok`` False), nothing written. A domain name in a cell merged over
        several rows applies to each of them. ``sheet``/``header_row``: the person's layout
        choice (else found).
        """
        self.actor.require(Permission.IMPORT_DATA, "load a standard")
        self._ready()
        version: object = library_version  # checked at run time too: a CLI/sheet value
        if not isinstance(version, int) or version < 1:
            raise ValidationError("The library version must be a whole number from 1.")
        with reading(self.db) as session:
            try:
                std: Standard | None = resolve_edition(session, edition)
            except NotFoundError:
                std = None
            plan = self._plan(
                session,
                std,
                edition,
                library_version,
                title,
                publisher,
                published_on,
                provenance,
                Path(path).name,
            )
        fmt = self.sheet_format(column_map, sheet, header_row)
        plan.merged = merged_fills(path)
        result = LoadResult(plan.edition, Path(path).name, dry_run)
        imported = run_import(
            self.db,
            self.actor,
            kind=ImportKind.STANDARD,
            path=path,
            fmt=fmt,
            body=make_sheet_body(plan),
            dry_run=dry_run,
            allow_same_file=True,
        )
        result.import_result = imported
        if not imported.ok:
            result.problems = list(imported.problems)
            return result
        result.changes = plan.changes
        result.library = plan.library_read
        return result

    def _plan(
        self,
        session: Session,
        std: Standard | None,
        edition: str,
        version: int,
        title: str | None,
        publisher: str | None,
        published_on: dt.date | None,
        provenance: str | None,
        file_name: str,
    ) -> SheetPlan:
        note = (
            f"Library version {version} loaded from the spreadsheet {file_name} by "
            f"{self.actor.display_name} on {dt.date.today().isoformat()}."
        )
        if std is not None:
            if version <= std.library_version:
                raise version_refusal(std.edition, std.library_version, version)
            domains = [
                (d.code, d.title)
                for d in session.scalars(
                    select(StandardDomain)
                    .where(StandardDomain.standard_id == std.id)
                    .order_by(StandardDomain.sort_order)
                )
            ]
            return SheetPlan(
                edition=std.edition,
                library_version=version,
                title=title or std.title,
                publisher=publisher or std.publisher,
                published_on=published_on or std.published_on,
                provenance=(provenance or std.provenance or "").strip(),
                note=note,
                scale=scale_from_json(std.rating_scale),
                domains=domains,
                fixed_domains=True,
            )
        name = (edition or "").strip().casefold()
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,39}", name):
            raise ValidationError(
                f"'{edition}' is not a usable edition id.",
                "Use lower-case letters, digits and '-', e.g. vpr-2027.",
            )
        if not (title and publisher):
            raise ValidationError(
                f"There is no edition '{edition}' yet; give its title and publisher to create it.",
                "",
            )
        return SheetPlan(
            edition=name,
            library_version=version,
            title=title,
            publisher=publisher,
            published_on=published_on,
            provenance=(provenance or "").strip(),
            note=note,
            scale=shipped_libraries()[0].scale,
            domains=[],
            fixed_domains=False,
        )

    # -- crosswalk
    def crosswalk(
        self, from_edition: str = DEFAULT_CROSSWALK[0], to_edition: str = DEFAULT_CROSSWALK[1]
    ) -> list[CrosswalkItem]:
        """Every link between two editions (proposed and confirmed), by old then new code."""
        self._require_read()
        self._ready()
        with reading(self.db) as session:
            a = resolve_edition(session, from_edition)
            b = resolve_edition(session, to_edition)
            items = crosswalk_items(session, a, b)
        return items

    def confirm_link(self, link_id: int, expected_version: int | None = None) -> CrosswalkItem:
        """A person agrees that narratives, evidence and actions may flow along this link."""
        return set_link(self.db, self.actor, link_id, True, expected_version)

    def unconfirm_link(self, link_id: int, expected_version: int | None = None) -> CrosswalkItem:
        return set_link(self.db, self.actor, link_id, False, expected_version)

    def confirm_links(self, link_ids: list[int]) -> int:
        """Confirm several links in one go (each still its own audited change); returns how
        many changed."""
        return confirm_links(self.db, self.actor, link_ids)


class _DryRun(VprError):
    """Leave a unit of work without committing."""


def _indicator(ind: Indicator, domain_code: str) -> IndicatorView:
    return IndicatorView(
        ind.id,
        ind.code,
        domain_code,
        ind.text,
        ind.guidance,
        ind.typical_evidence,
        ind.retired,
        is_working_summary(ind.text),
    )


def _count_of(
    session: Session, model: type[StandardDomain | AssessmentCycle], standard_id: int
) -> int:
    """How many domains or cycles an edition has: the one count an edition's summary makes of
    each kind of row that belongs to it (by ``standard_id``)."""
    return (
        session.scalar(
            select(func.count()).select_from(model).where(model.standard_id == standard_id)
        )
        or 0
    )
