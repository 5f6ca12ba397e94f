"""Training compliance per course: the roll-up both the committee and the board pack show
first (a sentence for the summary and one table), kept apart from the committee section's
location and staff-group tables so the two sections cannot drift apart in how a course is
counted or worded."""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.training.records import ComplianceRow

#: (course, required, compliant, %, target) for each course.
CourseTotal = tuple[str, int, int, float, float]


def course_totals(rows: Sequence[ComplianceRow]) -> list[CourseTotal]:
    """(course, required, compliant, %, target) from per-course rows, whose target is the
    course's own (a location's target applies to that location's row only)."""
    acc: dict[str, list[float]] = {}
    for r in rows:
        a = acc.setdefault(r.course_name, [0, 0, r.target_percent])
        a[0] += r.required
        a[1] += r.compliant
    out: list[CourseTotal] = []
    for name, (required, compliant, target) in sorted(acc.items()):
        percent = 100.0 * compliant / required if required else 100.0
        out.append((name, int(required), int(compliant), percent, float(target)))
    return out


def _status(percent: float, target: float) -> str:
    return "Meets target" if percent >= target else f"Below target by {target - percent:.1f}"


def course_table(totals: list[CourseTotal]) -> Table:
    """The per-course table, with the wording of how far below target a course is."""
    return Table(
        id="training_by_course",
        title="Compliance by course (staff who need it)",
        columns=(
            Column("Course", "text", 2.4),
            Column("Required", "int", 0.9),
            Column("Compliant", "int", 0.9),
            Column("Compliance %", "float", 0.9),
            Column("Target %", "float", 0.8),
            Column("Against target", "text", 1.4),
        ),
        rows=tuple(
            (name, req, comp, round(pct, 1), tgt, _status(pct, tgt))
            for name, req, comp, pct, tgt in totals
        ),
        footnotes=(
            "Counted per ESR assignment; required means the training-needs analysis "
            "requires the course for the assignment's staff group and setting.",
        ),
        empty_text="No training is required by the training-needs analysis yet.",
    )


def training_summary(totals: list[CourseTotal]) -> str:
    """The pack summary's training sentence, also the section's opening bullet."""
    below = [t for t in totals if t[3] < t[4]]
    if not totals:
        return "Training: no course is required by the training-needs analysis yet."
    return f"Training: {len(totals) - len(below)} of {len(totals)} courses meet their target" + (
        f"; below target: {', '.join(f'{t[0]} {t[3]:.1f}%' for t in below)}." if below else "."
    )
