"""Build a committee or board pack model from the services (permission-checked, names guarded).

Sections are pluggable: a pack kind is an ordered list of *section builders*, each a function
``(PackContext) -> Section | None`` that calls services and returns plain model objects (or
None, after noting in ``ctx.omitted`` what it could not produce yet). A new capability adds a
section by adding its builder to the list; renderers need no change.

Board packs hold no staff names. Three layers make sure of it: the board's sections read
through a pack-only actor (services then leave names out), they drop owner columns, and finally
:func:`guard_names` scans every string in the model for the full name of any ``Person`` in the
database and replaces it (a risk or action *title* typed with a name in it would otherwise
reach the board).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.disclosure import NHS_DIGITAL
from vpr_desktop.domain.disclosure import DisclosureRule
from vpr_desktop.domain.models import Person
from vpr_desktop.services.admin.trust_settings import TrustSettings
from vpr_desktop.services.admin.trust_settings import load as load_settings
from vpr_desktop.services.assessment.shipped_editions import ensure_shipped_editions
from vpr_desktop.services.common.unit_of_work import one_read
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.changes import changes_section
from vpr_desktop.services.packs.context import PERMISSION
from vpr_desktop.services.packs.context import TRUST_ZONE
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.context import default_front
from vpr_desktop.services.packs.model import ASSURANCE_NOT_STATED
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.performance_summary import board_spc_section
from vpr_desktop.services.packs.sections_actions import actions_section
from vpr_desktop.services.packs.sections_actions import board_actions_section
from vpr_desktop.services.packs.sections_assessment import assessment_section
from vpr_desktop.services.packs.sections_assessment import board_assessment_section
from vpr_desktop.services.packs.sections_costs import board_cost_section
from vpr_desktop.services.packs.sections_costs import cost_section
from vpr_desktop.services.packs.sections_equality import equality_section
from vpr_desktop.services.packs.sections_incidents import incidents_section
from vpr_desktop.services.packs.sections_riddor_police import riddor_police_section
from vpr_desktop.services.packs.sections_risks import board_risk_section
from vpr_desktop.services.packs.sections_risks import risk_section
from vpr_desktop.services.packs.sections_roles import board_roles_section
from vpr_desktop.services.packs.sections_roles import roles_section
from vpr_desktop.services.packs.sections_support import support_section
from vpr_desktop.services.packs.sections_training import board_training_section
from vpr_desktop.services.packs.sections_training import training_section
from vpr_desktop.services.packs.staff_survey import board_staff_survey_section
from vpr_desktop.services.packs.staff_survey import staff_survey_section

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

SectionBuilder = Callable[[PackContext], Section | None]
Progress = Callable[[int, str], None]
NAME_REPLACEMENT = "[name removed]"


def _omit(what: str) -> SectionBuilder:
    def builder(ctx: PackContext) -> None:
        ctx.omitted.append(what)
        return None

    builder.__name__ = f"pending: {what}"
    return builder


COMMITTEE_SECTIONS: tuple[SectionBuilder, ...] = (
    changes_section,
    incidents_section,
    support_section,
    riddor_police_section,
    staff_survey_section,
    risk_section,
    training_section,
    assessment_section,
    actions_section,
    roles_section,
    equality_section,
    cost_section,
)
BOARD_SECTIONS: tuple[SectionBuilder, ...] = (
    board_spc_section,
    board_staff_survey_section,
    board_risk_section,
    board_training_section,
    board_assessment_section,
    board_actions_section,
    board_roles_section,
    board_cost_section,
)


def build_pack(
    db: Database,
    actor: Actor,
    request: PackRequest,
    progress: Progress | None = None,
    *,
    sections: Sequence[SectionBuilder] | None = None,
    now: dt.datetime | None = None,
) -> Pack:
    """The pack model for ``request``; raises ``PermissionDeniedError`` for a caller without
    the kind's pack permission, before anything is read."""
    request.check()
    actor.require(PERMISSION[request.kind], f"generate {request.kind} packs")
    # The one write a read may set off (a database opened before this version's standard
    # editions were written) is done first: nothing is written inside the pack's read.
    ensure_shipped_editions(db)
    with one_read(db):  # every figure from one state of the database, in one transaction
        return _build(db, actor, request, progress, sections, now)


def _build(
    db: Database,
    actor: Actor,
    request: PackRequest,
    progress: Progress | None,
    sections: Sequence[SectionBuilder] | None,
    now: dt.datetime | None,
) -> Pack:
    """:func:`build_pack` inside its read transaction."""
    from vpr_desktop.services.packs.archive import previous_pack

    report = progress or (lambda _p, _s: None)
    generated = (now or dt.datetime.now(dt.UTC)).astimezone(TRUST_ZONE)
    settings = load_settings(db)
    trust = settings.trust_name
    ctx = PackContext(
        db=db,
        actor=actor,
        request=request,
        trust=trust,
        as_at=request.as_at or generated.date(),
        generated_at=generated,
        previous=previous_pack(db, request.kind, request.period_to),
        settings=settings,
    )
    builders = list(
        sections if sections is not None else (BOARD_SECTIONS if ctx.board else COMMITTEE_SECTIONS)
    )
    built: list[Section] = []
    for i, builder in enumerate(builders):
        name = getattr(builder, "__name__", "section")
        report(
            5 + int(40 * i / max(len(builders), 1)),
            "Noting sections not yet available"
            if name.startswith("pending")
            else f"Gathering the {name.removesuffix('_section').replace('_', ' ')} figures",
        )
        section = builder(ctx)
        if section is not None:
            built.append(section)
    if ctx.board:
        built.insert(0, _assurance_statement(ctx))
        built.append(_decisions(ctx))
    front = default_front(request, trust)
    pack = Pack(
        kind=request.kind,
        trust=trust,
        period_from=request.period_from,
        period_to=request.period_to,
        data_as_at=generated,
        front=front,
        summary=tuple(ctx.summary),
        sections=tuple(built),
        disclosure_note=disclosure_note(ctx.disclosure),
        assurance_scale=settings.assurance_scale,
        logo=settings.logo.data if settings.logo is not None else None,
        omitted=tuple(dict.fromkeys(ctx.omitted)),
        running_note=" | ".join(dict.fromkeys(ctx.marks)),
        parameters={
            **request.parameters(),
            "as_at": ctx.as_at.isoformat(),
            "since": ctx.since.isoformat(),
            "previous_pack": ctx.previous.run if ctx.previous else None,
        },
    )
    if not ctx.names:
        report(47, "Checking for staff names")
        pack = guard_names(pack, person_names(db))
    return pack


def disclosure_note(rule: DisclosureRule) -> str:
    """The executive summary's line on small counts, at the threshold in use."""
    source = "the NHS Digital disclosure rule" if rule == NHS_DIGITAL else "the trust's rule"
    return (
        f"Counts by protected characteristic and other small breakdowns follow {source}: "
        f"1-{rule.threshold} shown as '{rule.symbol}', others rounded to {rule.rounding}, "
        "with secondary suppression so totals reveal nothing hidden."
    )


def _assurance_statement(ctx: PackContext) -> Section:
    """The level the author chose, or "not stated" (never a level the app picked), and the
    scale's names and meanings (the trust's wording, Settings) so the board reads the level
    against its definition."""
    level = ctx.request.assurance_level
    settings = ctx.settings or TrustSettings()
    if level is None:
        lead = (
            f"Level of assurance: {ASSURANCE_NOT_STATED[0].lower()}{ASSURANCE_NOT_STATED[1:]}, "
            "who states, on the scale below, the level of assurance this report offers that "
            f"{ctx.trust} is managing the risk of violence and aggression to staff in line "
            "with the NHS England Violence Prevention and Reduction Standard."
        )
    else:
        words = settings.scale_entry(level)
        lead = (
            f"This report offers {words.name.lower()} assurance "
            f"that {ctx.trust} is managing the risk of violence and aggression to staff "
            f"in line with the NHS England Violence Prevention and Reduction Standard. "
            f"{words.definition}"
        )
    return Section(
        "assurance",
        "Assurance statement",
        (
            Paragraph(lead, "lead"),
            Paragraph("The assurance scale this report uses:"),
            Bullets(tuple(f"{e.name}: {e.definition}" for e in settings.assurance_scale)),
            Paragraph(
                "The executive summary lists the measures behind this statement; the "
                "sections that follow give the detail, and the Excel companion the data."
            ),
        ),
        sheet_name="Assurance",
    )


def _decisions(ctx: PackContext) -> Section:
    asks = ctx.decisions or ["Note the report and the level of assurance it gives."]
    return Section(
        "decisions",
        "Decisions asked of the board",
        (
            Paragraph(default_front(ctx.request, ctx.trust).recommendation, "lead"),
            Bullets(tuple(asks)),
        ),
        sheet_name="Decisions",
    )


# ----------------------------------------------------------------------------- name guard


def person_names(db: Database) -> set[tuple[str, str]]:
    """Every (first, last) name of a Person, lower-cased.

    A login that may not read ``person`` (a board secretary on PostgreSQL) gets instead the
    names found in the text it may read (risk and action titles, role notes ...), from a
    function revision 0006 made for this: the names a board pack could repeat, and nothing a
    guess could probe.
    """
    with reading(db) as s:
        if db.kind == "postgresql" and not s.scalar(
            text("SELECT has_table_privilege('person', 'SELECT')")
        ):
            return {
                (str(f), str(last))
                for f, last in s.execute(text("SELECT * FROM vpr_names_in_shared_text()"))
                if f and last
            }
        return {
            (f.strip().lower(), last.strip().lower())
            for f, last in s.execute(select(Person.first_name, Person.last_name))
            if f and last
        }


_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_POSSESSIVE = ("'s", "’s", "'", "’")


def _surname_end(first: re.Match[str], second: re.Match[str], names: set[tuple[str, str]]) -> int:
    """Where a known "First Last" pair ends in ``second`` (before a possessive "'s"), or -1."""
    given, family = first.group().lower(), second.group().lower()
    if (given, family) in names:
        return second.end()
    for suffix in _POSSESSIVE:  # "Ann Lee's office": the name is "Ann Lee", the 's stays
        if family.endswith(suffix) and (given, family[: -len(suffix)]) in names:
            return second.end() - len(suffix)
    return -1


def redact(text: str, names: set[tuple[str, str]]) -> str:
    """``text`` with every "First Last" of a known person replaced (possessives included)."""
    words = list(_WORD.finditer(text))
    spans = []
    for a, b in itertools.pairwise(words):
        if text[a.end() : b.start()].strip() != "":
            continue
        end = _surname_end(a, b, names)
        if end >= 0:
            spans.append((a.start(), end))
    for start, end in reversed(spans):
        text = text[:start] + NAME_REPLACEMENT + text[end:]
    return text


def guard_names(obj: Any, names: set[tuple[str, str]]) -> Any:
    """A copy of ``obj`` (a pack or any part of it) with person names redacted everywhere."""
    if isinstance(obj, str):
        # any white space can part a first name from a surname (a newline in a long text field)
        return redact(obj, names) if any(c.isspace() for c in obj) else obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {
            f.name: guard_names(getattr(obj, f.name), names)
            for f in dataclasses.fields(obj)
            if f.init
        }
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(guard_names(x, names) for x in obj)
    if isinstance(obj, list):
        return [guard_names(x, names) for x in obj]
    if isinstance(obj, dict):
        return {k: guard_names(v, names) for k, v in obj.items()}
    return obj
