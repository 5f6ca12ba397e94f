"""The NHS Staff Survey's violence and abuse measures in committee and board packs, beside the
trust's own incident rate.

Why beside it: the survey asks staff, the incident system counts reports. A rate of incidents
per 1,000 staff that falls while the survey's figure rises says reporting fell, not violence;
the board needs both in one place. Each year's trust figure is said in words against the
benchmark group ("better than" / "worse than" / "the same as"), by the one rule in
:func:`vpr_desktop.domain.system.compare_with_benchmark` (lower is better, except for the
"reported" measures). The section is left out when no results have been imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.services.packs.model import Block
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Series
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.rates import incident_rates
from vpr_desktop.services.system.staff_survey import StaffSurveyService
from vpr_desktop.services.system.staff_survey import SurveyFigure

if TYPE_CHECKING:
    from vpr_desktop.services.packs.context import PackContext

YEARS_SHOWN = 5
HEADLINE = "physical_public"


def _sentence(f: SurveyFigure) -> str:
    text = f"{f.year}: {f.trust_percent:.1f}% ({f.measure.text.lower()})"
    if f.compared:
        text += f", {f.compared} the benchmark group ({f.benchmark_percent:.1f}%)"
    else:
        text += ", no benchmark published"
    if f.series_break_note:
        text += f" (series break: {f.series_break_note})"
    return text + "."


def staff_survey_section(ctx: PackContext) -> Section | None:
    """Survey measures by year, with the incident rate per 1,000 staff and the comparison."""
    figures = StaffSurveyService(ctx.db, ctx.reader).figures()
    if not figures:
        return None
    years = sorted({f.year for f in figures})[-YEARS_SHOWN:]
    shown = [f for f in figures if f.year in years]
    rates = incident_rates(ctx, years)
    rows: list[tuple[CellValue, ...]] = []
    for f in shown:
        rate = rates.get(f.year)
        rows.append(
            (
                str(f.year),
                f.measure.text,
                f.trust_percent,
                f.benchmark_percent,
                f.national_percent,
                f.compared or "no benchmark",
                rate,
                f.series_break_note or "",
            )
        )
    table = Table(
        "staff_survey",
        "NHS Staff Survey violence and abuse measures, with the incident rate",
        (
            Column("Year", "text", 0.6),
            Column("Measure", "text", 3.0),
            Column("Trust %", "float", 0.7),
            Column("Benchmark %", "float", 0.8),
            Column("National %", "float", 0.8),
            Column("Trust against benchmark", "text", 1.2),
            Column("Incidents per 1,000 staff (year)", "float", 1.0),
            Column("Series break", "text", 1.4),
        ),
        tuple(rows),
        footnotes=(
            "Survey figures: % of staff saying so in the last 12 months. Lower is better, "
            "except for 'reported', where higher is better. Incident rate: incidents recorded "
            "in the calendar year per 1,000 staff in post in December (blank before recording "
            "began here).",
        ),
    )
    headline = [f for f in shown if f.measure.code == HEADLINE]
    blocks: list[Block] = [
        Paragraph(
            "What staff say in the NHS Staff Survey beside what the trust records: a rate of "
            "reported incidents that falls while the survey's figure rises suggests "
            "under-reporting rather than less violence.",
            "lead",
        ),
        Bullets(tuple(_sentence(f) for f in (headline or shown[-3:]))),
    ]
    if headline:
        # One bar per figure (never stacked): each year's trust and benchmark side by side.
        categories: list[str] = []
        values: list[float] = []
        for f in headline:
            categories.append(f"{f.year} trust")
            values.append(f.trust_percent)
            if f.benchmark_percent is not None:
                categories.append(f"{f.year} benchmark group")
                values.append(f.benchmark_percent)
        blocks.append(
            Figure(
                "staff_survey_trend",
                ChartSpec(
                    kind="bar",
                    title="Physical violence from patients or the public (% of staff)",
                    categories=tuple(categories),
                    series=(Series("% of staff", tuple(values)),),
                    y_label="% of staff in the survey year",
                ),
                " ".join(_sentence(f) for f in headline),
                table,
                alt_text="Bars per survey year of the trust's and the benchmark group's "
                "percentage of staff experiencing physical violence from patients or the "
                "public; the table below adds the trust's incidents per 1,000 staff.",
            )
        )
    blocks.append(table)  # on the page too: the incident rate sits beside each year
    last = headline[-1] if headline else shown[-1]
    ctx.summary.append("Staff survey " + _sentence(last))
    return Section(
        "staff_survey",
        "NHS Staff Survey: violence and abuse",
        tuple(blocks),
        sheet_name="Staff survey",
    )


def board_staff_survey_section(ctx: PackContext) -> Section | None:
    """The same section in a board pack (read through the board's pack-only reader)."""
    return staff_survey_section(ctx)
