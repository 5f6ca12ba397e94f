"""The system pack's model: the trusts' returns compared, for an ICS or regional meeting.

Built as the trust packs are (a :class:`~vpr_desktop.services.packs.model.Pack` of sections,
tables and figures), so the same renderers write the PDF and the Excel workbook with the same
accessibility and Excel safety. Figures come from :func:`system_view.system_figures` only.
The funnel plot's picture is drawn by ``reports/system_pack.py``; its data table is here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.funnel import Z95
from vpr_desktop.domain.funnel import Z998
from vpr_desktop.domain.spc import xmr
from vpr_desktop.domain.standard_library import default_scale
from vpr_desktop.services.packs.incident_spc import spc_figure
from vpr_desktop.services.packs.mdc import key_table
from vpr_desktop.services.packs.mdc import variation_icon
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.model import Block
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import FrontSheet
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Series
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.months import month_label
from vpr_desktop.services.system.system_view import SystemFigures
from vpr_desktop.services.system.system_view import system_figures

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

FUNNEL_ID = "system_funnel"
_STATUS = {"draft": "Draft", "in_review": "In review", "signed_off": "Signed off"}


def _funnel_section(f: SystemFigures) -> Section:
    rows: list[tuple[CellValue, ...]] = []
    for p in sorted(f.points, key=lambda p: p.n):
        lim = p.limits
        rows.append(
            (
                p.name,
                p.count,
                p.n,
                round(p.rate, 2),
                round(lim.lower998, 2),
                round(lim.lower95, 2),
                round(lim.upper95, 2),
                round(lim.upper998, 2),
                p.position,
            )
        )
    data = Table(
        f"{FUNNEL_ID}_data",
        "Incidents per 1,000 staff by trust, with the funnel limits at each trust's size",
        (
            Column("Trust", "text", 0.8),
            Column("Incidents", "int", 0.8),
            Column("Staff in post", "int", 0.9),
            Column("Per 1,000 staff", "float", 0.9),
            Column("Lower 99.8%", "float", 0.8),
            Column("Lower 95%", "float", 0.8),
            Column("Upper 95%", "float", 0.8),
            Column("Upper 99.8%", "float", 0.8),
            Column("Position", "text", 1.6),
        ),
        tuple(rows),
        footnotes=(
            f"System rate θ = all incidents over all staff in post, per 1,000. Limits: "
            f"θ ± z·√(θ/n) (normal approximation to Poisson counts), z = {Z95:.2f} (95%) and "
            f"{Z998:.2f} (99.8%), lower limits floored at 0; no over-dispersion adjustment. "
            "Counts are as each trust's return gave them (rounded to 5).",
            *f.left_out,
        ),
        empty_text="No trust's return gives both an incident total and a headcount.",
    )
    blocks: list[Block] = []
    if f.theta is None:
        blocks.append(data)
    else:
        outside = [p for p in f.points if p.position != "within the limits"]
        finding = (
            f"System rate {f.theta:.1f} incidents per 1,000 staff. "
            + (
                "; ".join(f"Trust {p.name} is {p.position}" for p in outside)
                if outside
                else "Every trust is within the 95% limits: differences are within chance"
            )
            + "."
        )
        blocks.append(Bullets((finding,)))
        blocks.append(
            Figure(
                FUNNEL_ID,
                ChartSpec(
                    kind="bar",
                    title="Incidents per 1,000 staff by trust size (funnel plot)",
                    categories=tuple(p.name for p in f.points),
                    series=(Series("Per 1,000 staff", tuple(p.rate for p in f.points)),),
                    x_label="Staff in post",
                    y_label="Incidents per 1,000 staff",
                ),
                finding,
                data,
                alt_text="Funnel plot: each trust's incidents per 1,000 staff against its "
                "staff in post, with the system rate and the 95% and 99.8% limits narrowing "
                "as size grows.",
            )
        )
        blocks.append(data)  # the figures behind the plot, on the page as well
    return Section("funnel", "Incident rates compared (funnel plot)", tuple(blocks), "Funnel")


def _rag_section(f: SystemFigures) -> Section:
    scale = {s.id: s for s in default_scale()}

    def badge(rag: str | None) -> CellValue:
        if rag is None:
            return "no return"
        level = scale[Rag(rag)]
        return Badge(level.label, level.colour, level.text_colour)

    rows = tuple(
        (
            t.trust_code,
            _STATUS.get(t.assessment_status or "", "No cycle"),
            *(badge(t.domains[c][1] if c in t.domains else None) for c, _ in f.domains),
        )
        for t in f.trusts
    )
    table = Table(
        "system_rag",
        "Self-assessment by trust and domain: the rating most indicators hold",
        (
            Column("Trust", "text", 0.7),
            Column("Sign-off", "text", 0.8),
            *(Column(f"{code}. {title}", "text", 1.0) for code, title in f.domains),
        ),
        rows,
        footnotes=(
            "Each cell: the rating most of the domain's indicators hold in the trust's latest "
            "cycle (a tie shows the worse rating), as a word and a colour. 'Draft' and 'In "
            "review' cycles are not yet agreed by both sides.",
        ),
        empty_text="No return holds a self-assessment.",
    )
    return Section("rag", "Self-assessment: trust × domain", (table,), "RAG matrix")


SPC_NOTE = (
    "Incidents reported, near misses included, by month of occurrence, as each trust's "
    "returns gave them (rounded to 5); where two returns hold the same month, the later "
    "return's count. Limits: mean ± 2.66 × mean moving range; lower limit shown at 0 when "
    "below it."
)


def _spc_section(f: SystemFigures) -> Section:
    """An XmR chart of each trust's monthly incidents where every month's count was
    published; a trust with suppressed months is listed with the reason instead (a chart
    with holes, or with suppressed months guessed, would show signals that are not there)."""
    rows: list[tuple[CellValue, ...]] = []
    figures: list[Figure] = []
    for tm in f.months:
        first_last = f"{month_label(tm.months[0])} to {month_label(tm.months[-1])}"
        if tm.suppressed:
            rows.append(
                (
                    tm.trust_code,
                    first_last,
                    len(tm.months),
                    tm.suppressed,
                    None,
                    "No chart: months with 1 to 7 incidents are suppressed in the returns",
                )
            )
            continue
        chart = xmr([float(n or 0) for n in tm.counts], [month_label(m) for m in tm.months])
        fig = spc_figure(
            list(tm.months),
            chart,
            f"system_spc_{tm.trust_code.lower()}",
            f"Trust {tm.trust_code}: incidents per month",
        )
        figures.append(
            replace(
                fig,
                caption=f"Trust {tm.trust_code}: " + fig.caption,
                data=replace(
                    fig.data,
                    title=f"Trust {tm.trust_code}: incidents by month",
                    footnotes=(SPC_NOTE,),
                ),
            )
        )
        rows.append(
            (
                tm.trust_code,
                first_last,
                len(tm.months),
                0,
                None if chart.mean is None else round(chart.mean, 1),
                variation_icon(chart),
            )
        )
    summary = Table(
        "system_spc",
        "Incidents per month by trust: what the latest month shows",
        (
            Column("Trust", "text", 0.7),
            Column("Months", "text", 1.5),
            Column("Months held", "int", 0.8),
            Column("Months suppressed", "int", 0.9),
            Column("Mean a month", "float", 0.8),
            Column("Latest month", "text", 2.6),
        ),
        tuple(rows),
        footnotes=(
            "Each trust's months come from all its returns loaded here. Process limits need "
            "at least 15 months; with fewer the chart shows the data and the mean only.",
        ),
        empty_text="No return holds incidents by month.",
    )
    blocks: list[Block] = [summary]
    if figures:
        blocks += [key_table("system_mdc_key"), *figures]
    return Section("spc", "Incidents over time by trust (SPC)", tuple(blocks), "SPC")


def _themes_section(f: SystemFigures) -> Section:
    """The most frequent incident types and settings across the system, with each trust's
    share of its own incidents, so a shared problem shows whatever a trust's size."""
    codes = [t.trust_code for t in f.trusts]
    titles = {"incidents_by_type": "Type", "incidents_by_setting": "Setting"}
    table = Table(
        "system_themes",
        "The most frequent incident types and settings across the system",
        (
            Column("Theme", "text", 0.7),
            Column("Type or setting", "text", 1.6),
            Column("System incidents", "int", 0.9),
            *(Column(f"{c} % of its incidents", "float", 0.9) for c in codes),
        ),
        tuple(
            (
                titles[th.table],
                th.label,
                th.incidents,
                *(th.shares[c] for c in codes),
            )
            for th in f.themes
        ),
        footnotes=(
            "The five most frequent incident types and settings, by the incidents the "
            "trusts' latest returns show for the whole period (counts and trusts' totals "
            "rounded to 5, so shares are approximate). A count a return suppressed "
            "(1 to 7) adds nothing to the system's and its share is blank: the system view "
            "never works a suppressed count out.",
            *(
                f"{th.label}: suppressed in the return of " + ", ".join(th.suppressed_in) + "."
                for th in f.themes
                if th.suppressed_in
            ),
        ),
        empty_text="No return shows incidents by type or setting.",
    )
    top = [th for th in f.themes if th.table == "incidents_by_type"][:1]
    blocks: list[Block] = []
    if top:
        blocks.append(
            Bullets(
                (
                    f"The most frequent incident type across the system: {top[0].label} "
                    f"({top[0].incidents:,} incidents in the trusts' latest returns).",
                )
            )
        )
    blocks.append(table)
    return Section("themes", "Common themes", tuple(blocks), "Themes")


def _timeliness_section(f: SystemFigures) -> Section:
    table = Table(
        "system_timeliness",
        "RIDDOR reports and post-incident support done on time, by trust",
        (
            Column("Trust", "text", 0.8),
            Column("Period", "text", 1.6),
            Column("Return made", "date", 0.9),
            Column("RIDDOR on time %", "float", 0.9),
            Column("Support on time %", "float", 0.9),
        ),
        tuple(
            (t.trust_code, t.period, t.made_on, t.riddor_on_time, t.support_on_time)
            for t in f.trusts
        ),
        footnotes=(
            "Of those due by the day each return was made; blank where a count was "
            "suppressed or nothing was due.",
        ),
    )
    return Section("timeliness", "Timeliness by trust", (table,), "Timeliness")


def build_system_pack(db: Database, actor: Actor, title: str = "") -> Pack:
    """The system pack over every trust's latest return."""
    f = system_figures(db, actor)
    starts = [dt.date.fromisoformat(t.period.split(" to ")[0]) for t in f.trusts]
    ends = [dt.date.fromisoformat(t.period.split(" to ")[1]) for t in f.trusts]
    start = min(starts) if starts else dt.date.today()
    end = max(ends) if ends else dt.date.today()
    front = FrontSheet(
        meeting="System VPR group",
        meeting_date=None,
        agenda_item="",
        title=title or "Violence prevention and reduction across the system",
        executive_sponsor="System people lead",
        author="System analyst",
        purpose=Purpose.INFORMATION,
        recommendation="The group is asked to note how the trusts compare.",
        assurance_level=None,
        committee_route="System VPR group",
        session=SessionKind.PUBLIC,
    )
    summary = (
        f"{len(f.trusts)} trusts' returns: " + ", ".join(t.trust_code for t in f.trusts) + ".",
        *(
            [f"System rate: {f.theta:.1f} incidents per 1,000 staff in post."]
            if f.theta is not None
            else []
        ),
    )
    return Pack(
        kind="committee",
        trust="System view",
        period_from=start,
        period_to=end,
        data_as_at=utcnow(),
        front=front,
        summary=summary,
        sections=(
            _funnel_section(f),
            _spc_section(f),
            _themes_section(f),
            _rag_section(f),
            _timeliness_section(f),
        ),
        kind_word="System",
        disclosure_note="Every count is as the trust's anonymised return gave it: counts of 1 "
        "to 7 suppressed, others rounded to 5, with secondary suppression.",
    )
