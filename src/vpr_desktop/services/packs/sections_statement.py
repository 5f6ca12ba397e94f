"""The staff side's statement on the cycle a pack shows, printed as the staff side wrote it.

Why unedited and line by line: the statement is the staff side's own voice, so the pack adds
nothing to it and takes nothing away -- each line the rep typed is a paragraph of its own
(renderers escape it: text, never markup), under a line saying who wrote it and when. A board
pack names nobody, so there the writer is "a staff-side representative" (the committee pack
names them); the board pack's name guard still applies to the text itself.
"""

from __future__ import annotations

from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.assessment.statement import read_statement
from vpr_desktop.services.packs.context import TRUST_ZONE
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Block
from vpr_desktop.services.packs.model import Paragraph


def statement_blocks(ctx: PackContext, summary: CycleSummary) -> tuple[Block, ...]:
    """The statement on ``summary``'s cycle with who wrote it and when, or a line saying the
    staff side has written none."""
    statement = read_statement(ctx.db, ctx.reader, summary.cycle.id)
    if statement is None:
        return (
            Paragraph(
                f"Staff-side statement: the staff side has written no statement on "
                f"{summary.cycle.name}."
            ),
        )
    who = (
        f"{statement.written_by_name} (staff-side representative)"
        if ctx.names
        else "a staff-side representative"
    )
    when = statement.written_at.astimezone(TRUST_ZONE)
    lines = [line for line in statement.text.splitlines() if line.strip()]
    return (
        Paragraph(
            f"Staff-side statement on {summary.cycle.name}, written by {who} on "
            f"{when:%d %b %Y at %H:%M} and printed as written:",
            "lead",
        ),
        *(Paragraph(line, "callout") for line in lines),
    )
