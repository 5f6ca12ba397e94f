"""Committee sections on what follows an incident: post-incident support (steps on time,
feedback given), RIDDOR reporting and police/CPS outcomes, and the equality section.

The equality section counts *staff* by protected characteristic: each characteristic's counts
are protected with their total by the disclosure rule (NHS Digital preset by default, primary
and secondary suppression) inside ``IncidentStats`` before they reach the model, so a
suppressed cell is a :class:`~vpr_desktop.services.packs.model.Suppressed` mark, never a count,
in the PDF and the workbook alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from vpr_desktop.domain import disclosure
from vpr_desktop.domain.disclosure import ProtectedCounts
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Bullets, Column, Paragraph, Section, Suppressed, Table
from vpr_desktop.services.packs.months import period_of, stats, words
from vpr_desktop.services.packs.on_time import (
    on_time_figure,
)
from vpr_desktop.services.packs.on_time_months import (
    on_time_series,
    period_riddor,
    period_support,
)
from vpr_desktop.services.packs.sections_incidents import (
    riddor_backlog_line,
    support_backlog_line,
    support_overdue,
)
from vpr_desktop.services.packs.wording import plural


def _pct(x: float | None) -> str:
    return "no steps due" if x is None else f"{x:.0f}%"


def support_section(ctx: PackContext) -> Section:
    st, period = stats(ctx), period_of(ctx)
    support, feedback = period_support(ctx), st.feedback_given(period)
    backlog = ctx.backlog()
    ctx.summary.append(
        f"Post-incident support: {_pct(support.percent)} of steps due were done "
        f"on time; feedback given on {_pct(feedback.percent)} of incidents. "
        f"{plural(backlog.support_overdue, 'step')} overdue at {backlog.as_at:%d %b %Y} "
        f"for all incidents ({support_overdue(support):,} for the period's incidents)."
    )
    rows = tuple(
        (s.label, s.on_time, s.late_done, s.overdue, s.pending, s.not_needed, s.percent)
        for s in support.by_step
    )
    total = (
        "All steps",
        support.on_time,
        sum(s.late_done for s in support.by_step),
        sum(s.overdue for s in support.by_step),
        support.pending,
        support.not_needed,
        support.percent,
    )
    return Section(
        "support",
        "Post-incident support",
        (
            Paragraph(
                "The trust's post-incident support pathway for staff affected by the "
                "period's incidents: each step counts as on time when it was done by its due "
                f"time. Position at {support.as_of:%d %b %Y}."
            ),
            Table(
                "support_steps",
                "Support steps by type",
                (
                    Column("Step", "text", 2.4),
                    Column("On time", "int", 0.8),
                    Column("Done late", "int", 0.8),
                    Column("Overdue", "int", 0.8),
                    Column("Not yet due", "int", 0.8),
                    Column("Declined", "int", 0.8),
                    Column("On time", "percent", 0.8),
                ),
                (*rows, total),
                footnotes=(
                    "The percentage counts steps done on time against all steps that "
                    "were due (done late and overdue included); steps not yet due and "
                    "steps the person declined are left out.",
                ),
                empty_text="No support step for the period's incidents.",
            ),
            Bullets(
                (
                    support_backlog_line(ctx, support),
                    f"Feedback given to the reporter on {feedback.given:,} of "
                    f"{plural(feedback.incidents, 'incident')} ({_pct(feedback.percent)}).",
                )
            ),
            on_time_figure(on_time_series(ctx, "support"), "support_on_time_spc"),
        ),
        sheet_name="Support",
    )


def riddor_police_section(ctx: PackContext) -> Section:
    st, period = stats(ctx), period_of(ctx)
    riddor, police = period_riddor(ctx), st.police_outcomes(period)
    backlog = ctx.backlog()
    ctx.summary.append(
        f"RIDDOR: {riddor.reportable:,} reportable in the period, {_pct(riddor.percent)} on "
        f"time, {riddor.overdue:,} overdue; {plural(backlog.riddor_overdue, 'report')} "
        f"overdue at {backlog.as_at:%d %b %Y} for all incidents. Police informed of "
        f"{police.police_informed:,} incidents; {police.charged:,} charged."
    )
    if backlog.riddor_overdue:
        ctx.decisions.append(
            f"Submit the {plural(backlog.riddor_overdue, 'RIDDOR report')} past the deadline "
            f"({riddor.overdue:,} of them for incidents in the period)."
        )
    riddor_rows = (
        ("Reportable", riddor.reportable),
        ("Reported on time", riddor.on_time),
        ("Reported late", riddor.late),
        ("Overdue (deadline passed)", riddor.overdue),
        ("Due (deadline not yet passed)", riddor.due),
        ("Over-3-day injury, recorded only", riddor.record_only),
        ("Judgement needed", riddor.judgement_needed),
        ("Not yet assessed", riddor.not_assessed),
    )
    police_rows = tuple((words(o.value), n) for o, n in police.police)
    cps_rows = tuple((words(o.value), n) for o, n in police.cps)
    return Section(
        "riddor_police",
        "RIDDOR, police and CPS",
        (
            Paragraph(
                f"RIDDOR position at {riddor.as_of:%d %b %Y} for the period's incidents "
                "(specified injuries are reported without delay and within 10 days, "
                "over-7-day injuries within 15 days)."
            ),
            on_time_figure(on_time_series(ctx, "riddor"), "riddor_on_time_spc"),
            Table(
                "riddor",
                "RIDDOR reporting",
                (Column("RIDDOR", "text", 3.0), Column("Incidents", "int", 1.0)),
                riddor_rows,
                footnotes=(f"On time: {_pct(riddor.percent)} of reports due.",),
            ),
            Bullets((riddor_backlog_line(ctx, riddor),)),
            Table(
                "police_outcomes",
                "Police outcomes (incidents reported to the police)",
                (Column("Outcome", "text", 3.0), Column("Incidents", "int", 1.0)),
                (*police_rows, ("Police informed (all outcomes)", police.police_informed)),
                footnotes=(
                    f"Assaults on Emergency Workers Act sanctions: {police.aewa_sanctions:,}.",
                ),
            ),
            Table(
                "cps_outcomes",
                "CPS outcomes (charged incidents)",
                (Column("Outcome", "text", 3.0), Column("Incidents", "int", 1.0)),
                cps_rows,
            ),
        ),
        sheet_name="RIDDOR and police",
    )


def equality_section(ctx: PackContext) -> Section:
    """Staff affected by protected characteristic, disclosure-controlled before rendering."""
    rule = ctx.disclosure
    protected = stats(ctx).characteristic_counts(period_of(ctx), rule)
    return equality_rows({words(k.value): v for k, v in protected.items()}, rule)


def equality_from(
    counts: Mapping[str, Mapping[str, int]],
    rule: disclosure.DisclosureRule = disclosure.NHS_DIGITAL,
) -> Section:
    """The equality section from raw counts, each group protected with its total."""
    return equality_rows({k: disclosure.protect(dict(v), rule) for k, v in counts.items()}, rule)


def equality_rows(
    protected: Mapping[str, ProtectedCounts], rule: disclosure.DisclosureRule
) -> Section:
    rows: list[tuple[object, ...]] = []
    hidden = 0
    for characteristic, group in protected.items():
        for value, cell in group.cells.items():
            rows.append(
                (
                    characteristic,
                    value,
                    Suppressed(group.rule.symbol) if cell.suppressed else cell.value,
                )
            )
            hidden += cell.suppressed
        total = group.total
        rows.append(
            (
                characteristic,
                "Total",
                Suppressed(group.rule.symbol) if total.suppressed else total.value,
            )
        )
    table = Table(
        "equality",
        "Staff affected by protected characteristic",
        (
            Column("Characteristic", "text", 1.6),
            Column("Recorded as", "text", 2.4),
            Column("Staff affected", "int", 1.0),
        ),
        tuple(rows),  # type: ignore[arg-type]
        footnotes=(
            f"Disclosure control: {rule.name}. '{rule.symbol}' marks a count "
            "withheld so that no one can be identified; other counts are "
            "rounded, so totals may differ from the sum of their rows.",
            "Recorded only with the person's consent.",
        ),
        empty_text="No protected characteristic was recorded for the period.",
    )
    return Section(
        "equality",
        "Equality",
        (
            Paragraph(
                "Staff affected by incidents, by protected characteristic where they agreed "
                f"to record it. {plural(hidden, 'small count')} withheld."
            ),
            table,
        ),
        sheet_name="Equality",
    )
