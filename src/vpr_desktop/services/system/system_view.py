"""The system (ICS) or regional view: many trusts' returns in one database, and the figures
that compare them.

Why returns and not the trusts' databases: a system analyst must never hold another trust's
records, only what each trust chose to send -- its anonymised return. Loading checks each file
first (``validation.check_return``: schema, SHA-256, disclosure) and refuses the whole load if
any file fails, naming the trust, the period and the problem, so a half-loaded system never
exists. Loading the same return again changes nothing; a newer return (later ``made_on``) for
the same trust and period replaces the older one, and the unit of work audits the change; an
older one than held is left out and said so.

The figures: each trust's incidents per 1,000 staff in post over the period of its latest
return, on a funnel plot around the system's rate (``domain/funnel.py``), and each trust's
self-assessment by domain, RIDDOR and support timeliness; each trust's incidents by month over
all its returns (for SPC), and the common themes: the most frequent incident types and settings
across the system with each trust's share. Every count is as the trust's return
gave it (already suppressed and rounded): the system view never un-suppresses anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain import data_standard as ds
from vpr_desktop.domain.data_standard_codes import code_list
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.funnel import FunnelPoint
from vpr_desktop.domain.funnel import funnel
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.system import SystemReturn
from vpr_desktop.services.common.shares import percent_of
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.system.readers import may_read_figures
from vpr_desktop.services.system.validation import check_return
from vpr_desktop.services.system.validation import read_return

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass(frozen=True)
class LoadOutcome:
    """What happened to one file: 'added', 'replaced', 'unchanged' or 'older: kept'."""

    source: str
    trust_code: str
    period: str
    outcome: str

    def line(self) -> str:
        """One line for the command line."""
        return f"{self.source}: trust {self.trust_code}, {self.period}: {self.outcome}"


def load_returns(db: Database, actor: Actor, paths: Sequence[Path]) -> list[LoadOutcome]:
    """Check every file, then load them all in one transaction (or none, if any is refused)."""
    actor.require(Permission.IMPORT_DATA, "load trusts' returns")
    documents: list[tuple[str, dict[str, Any]]] = []
    refused: list[str] = []
    for path in paths:
        try:
            document = read_return(Path(path))
            check_return(document, Path(path).name)
        except ValidationError as exc:
            refused.append(exc.message)
            continue
        documents.append((Path(path).name, document))
    if refused:
        raise ValidationError(
            " ".join(refused) + " Nothing was loaded.",
            "Ask each trust named to make its return again; load the others on their own if "
            "they cannot wait.",
        )
    keys = [(d["trust_code"], d["period_from"], d["period_to"]) for _, d in documents]
    for key in set(keys):
        if keys.count(key) > 1:
            raise ValidationError(
                f"Trust {key[0]}, {key[1]} to {key[2]} is given twice. Nothing was loaded.",
                "Load one return per trust and period.",
            )
    outcomes: list[LoadOutcome] = []
    with UnitOfWork(db, actor) as uow:
        for source, d in documents:
            start = dt.date.fromisoformat(d["period_from"])
            end = dt.date.fromisoformat(d["period_to"])
            made = dt.date.fromisoformat(d["made_on"])
            row = uow.session.scalar(
                select(SystemReturn).where(
                    SystemReturn.trust_code == d["trust_code"],
                    SystemReturn.period_from == start,
                    SystemReturn.period_to == end,
                )
            )
            period = f"{d['period_from']} to {d['period_to']}"
            if row is None:
                uow.session.add(
                    SystemReturn(
                        trust_code=d["trust_code"],
                        period_from=start,
                        period_to=end,
                        made_on=made,
                        standard_version=d["standard_version"],
                        content_sha256=d["content_sha256"],
                        document=d,
                    )
                )
                outcome = "added"
            elif row.content_sha256 == d["content_sha256"]:
                outcome = "unchanged (already loaded)"
            elif made < row.made_on:
                outcome = f"older than the return loaded (made {row.made_on}): kept the newer"
            else:
                row.made_on = made
                row.standard_version = d["standard_version"]
                row.content_sha256 = d["content_sha256"]
                row.document = d
                outcome = "replaced by this newer return"
            outcomes.append(LoadOutcome(source, d["trust_code"], period, outcome))
        uow.audit(
            AuditAction.IMPORT,
            "system_return",
            detail="Returns loaded: " + "; ".join(o.line() for o in outcomes),
        )
    return outcomes


@dataclass(frozen=True)
class TrustFigures:
    """One trust's figures from its latest return."""

    trust_code: str
    period: str
    made_on: dt.date
    incidents: int | None
    staff: int | None
    riddor_on_time: float | None  # % of reportable incidents due by then, on time
    support_on_time: float | None  # % of support steps due by then, on time
    assessment_status: str | None
    domains: dict[str, tuple[str, str]]  # domain code -> (title, RAG most indicators hold)
    by_theme: dict[str, dict[str, int | None]]  # table name -> code -> column total (None: *)


#: The return tables whose columns are the system's common themes (what happened, and where).
THEME_TABLES = ("incidents_by_type", "incidents_by_setting")
THEMES_SHOWN = 5  # the most frequent codes of each theme table


@dataclass(frozen=True)
class Theme:
    """One incident type or setting across the system: the incidents every trust's return
    shows for it, and each trust's share of its own incidents (None: suppressed there)."""

    table: str
    code: str
    label: str
    incidents: int  # the sum of the counts the returns show (suppressed ones left out)
    suppressed_in: tuple[str, ...]  # trusts whose count was suppressed
    shares: dict[str, float | None]  # trust code -> % of that trust's incidents


@dataclass(frozen=True)
class TrustMonths:
    """One trust's incidents by month over all its loaded returns (a later return's month
    replaces an earlier one's); None where the return suppressed the month's count."""

    trust_code: str
    months: tuple[str, ...]
    counts: tuple[int | None, ...]

    @property
    def suppressed(self) -> int:
        """Months whose count the disclosure rule withheld."""
        return sum(1 for n in self.counts if n is None)


@dataclass(frozen=True)
class SystemFigures:
    """Every trust's latest return, and the funnel of incidents per 1,000 staff."""

    trusts: tuple[TrustFigures, ...]
    theta: float | None  # the system's incidents per 1,000 staff
    points: tuple[FunnelPoint, ...]
    domains: tuple[tuple[str, str], ...]  # (code, title), in the first return's order
    left_out: tuple[str, ...]  # trusts without a usable count or headcount, and why
    themes: tuple[Theme, ...] = ()  # the most frequent types, then settings
    months: tuple[TrustMonths, ...] = ()  # each trust's monthly incidents, for SPC


def _percent(on_time_late_overdue: list[int | None]) -> float | None:
    """On time as a share of those due (on time, late, overdue); None when any is suppressed
    or nothing was due."""
    cells = on_time_late_overdue
    if any(n is None for n in cells):
        return None
    due = sum(int(n or 0) for n in cells)
    return percent_of(int(cells[0] or 0), due)


def _mostly(percent: dict[str, float]) -> str:
    """The rating most of a domain's indicators hold (ties: the worse rating)."""
    order = ("red", "amber", "green", "not_rated")
    return max(order, key=lambda r: (percent.get(r, 0.0), -order.index(r)))


def trust_figures(row: SystemReturn) -> TrustFigures:
    """The figures the system pack shows for one return."""
    d = row.document
    t = d["tables"]
    riddor = t["riddor_timeliness"]["column_totals"]  # on_time, late, overdue, not_yet_due
    support = t["support_timeliness"]["column_totals"]  # on_time, late, overdue, ...
    a = d.get("assessment")
    return TrustFigures(
        row.trust_code,
        f"{d['period_from']} to {d['period_to']}",
        row.made_on,
        t["incidents_by_type"]["total"],
        t["headcount_by_staff_group"]["total"],
        _percent(riddor[:3]),
        _percent(support[:3]),
        None if a is None else a["status"],
        {} if a is None else {x["code"]: (x["title"], _mostly(x["percent"])) for x in a["domains"]},
        {
            name: dict(zip(t[name]["columns"], t[name]["column_totals"], strict=True))
            for name in THEME_TABLES
        },
    )


def common_themes(trusts: Sequence[TrustFigures]) -> tuple[Theme, ...]:
    """The most frequent incident types and settings across the trusts' latest returns.

    Counts are the returns' own (already suppressed and rounded): a suppressed count adds
    nothing to the system's and its share is not shown, so the system view never works one
    out. Shares are of each trust's own incident total, so trusts of different sizes compare.
    """
    out: list[Theme] = []
    for name in THEME_TABLES:
        codes = code_list(ds.table(name).columns).codes
        themes = []
        for code in codes:
            shown = {t.trust_code: t.by_theme[name].get(code.code) for t in trusts}
            total = sum(n for n in shown.values() if n is not None)
            if not total:
                continue
            shares = {
                t.trust_code: (
                    percent_of(n, t.incidents) if (n := shown[t.trust_code]) is not None else None
                )
                for t in trusts
            }
            missing = tuple(c for c, n in shown.items() if n is None)
            themes.append(Theme(name, code.code, code.label, total, missing, shares))
        themes.sort(key=lambda th: -th.incidents)
        out += themes[:THEMES_SHOWN]
    return tuple(out)


def monthly_incidents(rows: Sequence[SystemReturn]) -> tuple[TrustMonths, ...]:
    """Each trust's incidents by month from all its returns, oldest first (``rows`` in order
    of period end, so a later return's month replaces an earlier one's)."""
    by_trust: dict[str, dict[str, int | None]] = {}
    for row in sorted(rows, key=lambda r: (r.trust_code, r.period_to, r.made_on)):
        t = row.document["tables"]["incidents_by_type"]
        months = by_trust.setdefault(row.trust_code, {})
        months.update(zip(t["rows"], t["row_totals"], strict=True))
    return tuple(
        TrustMonths(code, tuple(sorted(m)), tuple(m[k] for k in sorted(m)))
        for code, m in sorted(by_trust.items())
    )


def system_figures(db: Database, actor: Actor) -> SystemFigures:
    """The latest return of each trust, compared (see the module docstring)."""
    if not may_read_figures(actor):
        actor.require(Permission.READ_SUMMARY, "see the system figures")
    with reading(db) as s:
        latest = (
            select(SystemReturn.trust_code, func.max(SystemReturn.period_to).label("to"))
            .group_by(SystemReturn.trust_code)
            .subquery()
        )
        every = list(s.scalars(select(SystemReturn)))
        rows = list(
            s.scalars(
                select(SystemReturn)
                .join(
                    latest,
                    (latest.c.trust_code == SystemReturn.trust_code)
                    & (latest.c.to == SystemReturn.period_to),
                )
                .order_by(SystemReturn.trust_code, SystemReturn.period_from.desc())
            )
        )
    seen: set[str] = set()
    trusts = []
    for row in rows:
        if row.trust_code not in seen:  # two periods ending the same day: the longer one
            seen.add(row.trust_code)
            trusts.append(trust_figures(row))
    usable = [t for t in trusts if t.incidents is not None and t.staff]
    left_out = tuple(
        f"Trust {t.trust_code}: its incident total or headcount is suppressed or missing"
        for t in trusts
        if t not in usable
    )
    theta: float | None = None
    points: list[FunnelPoint] = []
    if usable:
        theta, points = funnel(
            [t.trust_code for t in usable],
            [int(t.incidents or 0) for t in usable],
            [int(t.staff or 0) for t in usable],
        )
    domains: dict[str, str] = {}
    for t in trusts:
        for code, (title, _) in t.domains.items():
            domains.setdefault(code, title)
    return SystemFigures(
        tuple(trusts),
        theta,
        tuple(points),
        tuple(domains.items()),
        left_out,
        common_themes(trusts),
        monthly_incidents(every),
    )
