"""What a pack is asked for (``PackRequest``) and what its section builders share
(``PackContext``): the period, "today" for overdue figures, the previous pack, the reader.

Why a separate *reader* actor: a board pack must hold no staff names whoever generates it. The
services already leave names out for a caller who holds only a pack permission, so the board
pack reads through an actor reduced to the board-pack permission: a section that forgets to drop
an owner column still receives no names (defence in depth, on top of the final name guard).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from zoneinfo import ZoneInfo

from vpr_desktop.domain import disclosure
from vpr_desktop.domain.disclosure import DisclosureRule
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.trust_settings import TrustSettings
from vpr_desktop.services.admin.trust_settings import disclosure_rule
from vpr_desktop.services.admin.trust_settings import load
from vpr_desktop.services.admin.trust_settings import valid_month
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import FrontSheet
from vpr_desktop.services.packs.model import PackKind
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import period_label

if TYPE_CHECKING:
    from vpr_desktop.services.actions.service import ActionLogService
    from vpr_desktop.services.packs.archive import HistoryEntry
    from vpr_desktop.services.packs.backlog import Backlog
    from vpr_desktop.services.risks.service import RiskRegisterService
    from vpr_desktop.store.database import Database

TRUST_ZONE = ZoneInfo("Europe/London")
KINDS: tuple[PackKind, ...] = ("committee", "board")
LATEST_SIGNED = "latest-signed"
LATEST = "latest"
#: The front sheet's committee-to-board fields, taken as written (``services.packs.front``).
ROUTE_FIELDS = (
    "chair_alert",
    "chair_advise",
    "chair_assure",
    "previously_considered",
    "risk_references",
    "equality_implications",
    "quality_implications",
    "financial_implications",
)
PERMISSION = {
    "committee": Permission.GENERATE_COMMITTEE_PACK,
    "board": Permission.GENERATE_BOARD_PACK,
}


@dataclass(frozen=True)
class PackRequest:
    """A pack to build. Front-sheet fields left None take the kind's defaults."""

    kind: PackKind
    period_from: dt.date
    period_to: dt.date
    as_at: dt.date | None = None  # "today" for overdue figures; None: the PC's date
    meeting: str | None = None
    meeting_date: dt.date | None = None
    agenda_item: str | None = None
    title: str | None = None
    executive_sponsor: str | None = None
    author: str | None = None
    purpose: Purpose | None = None
    recommendation: str | None = None
    assurance_level: AssuranceLevel | None = None
    committee_route: str | None = None
    session: SessionKind | None = None
    spc_months: int = 24
    top_risks: int = 10
    # Which self-assessment cycle the pack shows: "latest-signed" (the last one both sides
    # signed off), "latest" (the newest, even a draft) or a cycle's id. A draft is shown only
    # when the author chooses it, and is then marked as a draft wherever it appears.
    assessment_cycle: str = LATEST_SIGNED
    # The month ("YYYY-MM") from which SPC limits are recalculated (rebase.py); None: none.
    rebase_from: str | None = None
    # Leave very large moving ranges out of the SPC limits (domain/spc.py); off by default, as
    # NHS England's Making Data Count tool, so figures match what boards already see.
    screen_outliers: bool = False
    # The committee-to-board route, as the chair and the author wrote it (front.py).
    chair_alert: str | None = None
    chair_advise: str | None = None
    chair_assure: str | None = None
    previously_considered: str | None = None
    risk_references: str | None = None
    equality_implications: str | None = None
    quality_implications: str | None = None
    financial_implications: str | None = None

    def check(self) -> None:
        """Refuse a request no pack can be built from, naming each bad field."""
        problems: list[tuple[int | None, str, str, str]] = []
        if self.kind not in KINDS:
            problems.append((None, "kind", str(self.kind), "committee or board"))
        if self.period_to < self.period_from:
            problems.append((None, "to", self.period_to.isoformat(), "before --from"))
        if not 12 <= self.spc_months <= 60:
            problems.append((None, "spc_months", str(self.spc_months), "between 12 and 60"))
        cycle = self.assessment_cycle
        if cycle not in (LATEST_SIGNED, LATEST) and not (cycle.isdigit() and int(cycle) > 0):
            problems.append(
                (None, "assessment_cycle", cycle, "latest-signed, latest or a cycle's number")
            )
        if self.rebase_from is not None and not valid_month(self.rebase_from):
            problems.append((None, "rebase_from", self.rebase_from, "a month as YYYY-MM"))
        if problems:
            raise ValidationError(
                "The pack request is not valid.",
                "Check the dates and the self-assessment cycle.",
                problems,
            )

    def parameters(self) -> dict[str, Any]:
        """JSON-ready parameters, kept in the archive so a pack can be explained later."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif hasattr(value, "value"):
                value = value.value
            out[key] = value
        return out


def default_front(request: PackRequest, trust: str) -> FrontSheet:
    """The cover sheet, with each field the request leaves empty set to the usual wording."""
    board = request.kind == "board"
    period = period_label(request.period_from, request.period_to)
    body = "Board" if board else "Committee"
    return FrontSheet(
        meeting=request.meeting or ("Trust Board" if board else "Health and Safety Committee"),
        meeting_date=request.meeting_date,
        agenda_item=request.agenda_item or "",
        title=request.title
        or (
            f"Violence prevention and reduction: assurance report, {period}"
            if board
            else f"Violence prevention and reduction: committee report, {period}"
        ),
        executive_sponsor=request.executive_sponsor or "Chief People Officer",
        author=request.author or "Violence Prevention and Reduction Lead",
        purpose=request.purpose or Purpose.ASSURANCE,
        recommendation=request.recommendation
        or (
            f"The {body} is asked to note the position on violence prevention and reduction "
            f"at {trust} and the level of assurance this report gives."
        ),
        assurance_level=request.assurance_level,  # the author's decision: never a default
        committee_route=request.committee_route
        or (
            "Health and Safety Committee, then People Committee, then Trust Board"
            if board
            else "Health and Safety Committee, then People Committee"
        ),
        session=request.session or (SessionKind.PUBLIC if board else SessionKind.PRIVATE),
        strategic_links="VPR Standard (NHS England, 2024); NHS Standard Contract",
        **{key: (getattr(request, key) or "").strip() for key in ROUTE_FIELDS},
    )


def trust_name(db: Database) -> str:
    """The trust's name from the settings, or "NHS trust" when none is set."""
    return load(db, with_logo=False).trust_name


def pack_reader(actor: Actor, kind: PackKind) -> Actor:
    """The actor sections read through: for a board pack, one holding only the board-pack
    permission, so services leave staff names out whoever generates it."""
    if kind != "board":
        return actor
    return Actor(
        username=actor.username,
        display_name=actor.display_name,
        roles=frozenset({Role.BOARD_SECRETARY}),
        user_id=actor.user_id,
    )


@dataclass
class PackContext:
    """Shared by the section builders of one pack; they add summary lines and decisions."""

    db: Database
    actor: Actor
    request: PackRequest
    trust: str
    as_at: dt.date
    generated_at: dt.datetime
    previous: HistoryEntry | None
    summary: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    settings: TrustSettings | None = None  # the trust's settings (None: the defaults)
    marks: list[str] = field(default_factory=list)  # printed on every PDF page (draft marks)
    #: Figures worked out once per pack and used by two sections (``more_spc``'s series).
    cache: dict[str, Any] = field(default_factory=dict)
    _backlog: Backlog | None = None
    _risks: RiskRegisterService | None = None
    _actions: ActionLogService | None = None

    @property
    def kind(self) -> PackKind:
        """ "committee" or "board"."""
        return self.request.kind

    @property
    def board(self) -> bool:
        """Whether this is a board pack, which names no staff."""
        return self.request.kind == "board"

    @property
    def names(self) -> bool:
        """Whether staff names may appear: committee packs for a private session only. A
        committee pack for a public session is published with the papers, so its action and
        risk owners are left out as a board pack's are."""
        return not self.board and not self.public

    @property
    def reader(self) -> Actor:
        """The actor sections read through (board packs: board-pack permission only)."""
        return pack_reader(self.actor, self.kind)

    @property
    def since(self) -> dt.date:
        """Start of "changes since the last pack": the day after its period, else this
        period's start (the first pack in the history)."""
        if self.previous is not None and self.previous.period_to < self.request.period_to:
            return self.previous.period_to + dt.timedelta(days=1)
        return self.request.period_from

    @property
    def public(self) -> bool:
        """Whether the pack goes to a public session (a board pack unless told otherwise):
        then every count of people or incidents below trust level is disclosure-controlled."""
        session = self.request.session or (
            SessionKind.PUBLIC if self.board else SessionKind.PRIVATE
        )
        return session is SessionKind.PUBLIC

    def breakdown(self, counts: Sequence[int], *, total_shown: bool) -> list[int | Suppressed]:
        """Counts of people or incidents below trust level as this pack may print them.

        Private session: exact. Public session: the one disclosure rule (primary suppression
        and rounding), and secondary suppression only when a total printed with the counts
        (``total_shown``: a total row, or the trust's total printed elsewhere that the rows
        add up to) could reveal a hidden count; then it hides the fewest extra cells that
        stop it (the smallest other count, else the total, as ``disclosure.protect`` does).
        """
        if not self.public:
            return list(counts)
        rule = self.disclosure
        if total_shown:
            protected = disclosure.protect({str(i): n for i, n in enumerate(counts)}, rule)
            cells = list(protected.cells.values())
        else:
            cells = [disclosure.protect_value(n, rule) for n in counts]
        return [Suppressed(rule.symbol) if c.value is None else c.value for c in cells]

    def disclosure_footnote(self) -> tuple[str, ...]:
        """The footnote a disclosure-controlled breakdown carries (none in private packs)."""
        if not self.public:
            return ()
        rule = self.disclosure
        return (
            f"Public session: counts of 1-{rule.threshold} are shown as '{rule.symbol}' and "
            f"others rounded to the nearest {rule.rounding} ({rule.name}), so that no one "
            "can be identified; the private-session pack has the exact counts.",
        )

    @property
    def disclosure(self) -> DisclosureRule:
        """The small-number rule at the trust's threshold (the NHS Digital rule by default)."""
        return disclosure_rule(self.settings or TrustSettings())

    def backlog(self) -> Backlog:
        """What is overdue now, whenever it arose, counted by the function behind the Home
        page's cards (as at the pack's date); counted once per pack."""
        if self._backlog is None:
            from vpr_desktop.services.packs.backlog import backlog

            self._backlog = backlog(self.db, self.reader, self.as_at)
        return self._backlog

    def risks(self) -> RiskRegisterService:
        """The risk register service, read as :attr:`reader` as at the pack's date; made once."""
        if self._risks is None:
            from vpr_desktop.services.risks.service import RiskRegisterService

            self._risks = RiskRegisterService(self.db, self.reader, today=lambda: self.as_at)
        return self._risks

    def actions(self) -> ActionLogService:
        """The action log service, read as :attr:`reader` as at the pack's date; made once."""
        if self._actions is None:
            from vpr_desktop.services.actions.service import ActionLogService

            self._actions = ActionLogService(self.db, self.reader, today=self.as_at)
        return self._actions
