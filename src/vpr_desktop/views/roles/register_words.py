"""What a roles register entry says in words: its holder, competence and gaps, and the
register's summary line.

Why apart from the model (``roles.register``): what a register row says ("Vacant (required)",
"No deputy named") is decided here once, so the tree, the who-does-what table, the tests and
any other reader of the register word an entry the same way, without building a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import plural

if TYPE_CHECKING:
    from vpr_desktop.services.roles.service import RoleEntry
    from vpr_desktop.services.roles.service import RolesSummary

NO_GAPS = "None"


def gap_words(message: str) -> str:
    """The service's gap sentence without the role's name: ``No deputy named``."""
    _role, sep, rest = message.partition(": ")
    text = rest if sep else message
    return text[:1].upper() + text[1:]


def entry_gap_text(entry: RoleEntry) -> str:
    """Every gap of ``entry`` in words, or "None": the Gaps cell is never blank or a colour."""
    return "; ".join(gap_words(g.message) for g in entry.gaps) or NO_GAPS


def summary_text(s: RolesSummary) -> str:
    """``11 roles · 9 filled · 1 vacant · 2 competence gaps · 1 holder has left``."""
    left = f"{s.holders_left:,} holder{' has' if s.holders_left == 1 else 's have'} left"
    parts = [
        plural(s.roles, "role"),
        f"{s.filled:,} filled",
        f"{s.vacant:,} vacant",
        f"{s.no_deputy:,} without a deputy",
        plural(s.competence_gaps, "competence gap"),
        f"{s.reviews_overdue:,} review{'' if s.reviews_overdue == 1 else 's'} overdue",
        left,
    ]
    return " · ".join(parts)


def holder_text(entry: RoleEntry) -> str:
    """Who holds the role, saying "Vacant" and "(has left)" so a gap reads without the Gaps
    column."""
    if entry.holder_id is None:
        return "Vacant (required)" if entry.required else "Vacant"
    name = entry.holder_name or "Filled"
    if any(g.kind == "holder_left" for g in entry.gaps):
        name += " (has left)"
    return name


def competence_text(entry: RoleEntry) -> str:
    """What competence is held and when it expires, or why there is none to show."""
    if entry.competence_held:
        text = entry.competence_held
        if entry.competence_expires is not None:
            text += f" / expires {format_date(entry.competence_expires)}"
        return text
    if entry.competence_required:
        return "Not recorded"
    return "None expected"


def entry_name(entry: RoleEntry) -> str:
    """``VPR lead (Trust-wide)``: how dialogs and messages name an entry."""
    return f"{entry.role_label} ({entry.scope})"
