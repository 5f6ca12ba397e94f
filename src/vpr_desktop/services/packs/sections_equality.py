"""The equality section: staff affected by incidents, by protected characteristic.

It counts *staff* by protected characteristic: each characteristic's counts are protected
with their total by the disclosure rule (NHS Digital preset by default, primary and secondary
suppression) inside ``IncidentStats`` before they reach the model, so a suppressed cell is a
:class:`~vpr_desktop.services.packs.model.Suppressed` mark, never a count, in the PDF and the
workbook alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from vpr_desktop.domain import disclosure
from vpr_desktop.domain.disclosure import ProtectedCounts
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.months import period_of
from vpr_desktop.services.packs.months import stats
from vpr_desktop.services.packs.months import words
from vpr_desktop.services.packs.wording import plural


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
    """The section from counts already protected: a withheld count is a mark in its cell, and
    the lead paragraph says how many were withheld."""
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
