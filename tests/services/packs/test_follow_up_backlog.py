"""The backlog sentence the RIDDOR and support lines share: all incidents first, then the
period's share, in one wording."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.services.packs.follow_up_backlog import backlog_line


def test_backlog_line_words() -> None:
    line = backlog_line(3, "RIDDOR report", "past the legal deadline", dt.date(2026, 11, 30), 1)
    assert line == (
        "3 RIDDOR reports past the legal deadline at 30 Nov 2026, whenever the incident "
        "occurred (1 of them for incidents in the period)."
    )


def test_backlog_line_one_and_thousands() -> None:
    line = backlog_line(1, "step", "overdue", dt.date(2026, 1, 5), 1200)
    assert line.startswith("1 step overdue at 05 Jan 2026, ")
    assert line.endswith("(1,200 of them for incidents in the period).")
