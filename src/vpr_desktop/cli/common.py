"""What several command groups of the CLI share: how a date is typed, and how many problem rows
are printed before "... and N more".

Why here: each command module (``main``, ``standard_cli``, ``system_cli``) had its own copy of
the date argument, word for word; one copy keeps every command's "not a date" message the same.
"""

from __future__ import annotations

import argparse
import datetime as dt

#: Problem rows printed on stderr before the rest are counted ("... and 1,204 more").
MAX_PROBLEM_LINES = 200
#: What a pack can be written as; "both" is PDF and Excel, "all" adds the Word paper.
PACK_FORMATS = ("pdf", "xlsx", "docx", "both", "all")


def iso_date(text: str) -> dt.date:
    """An argparse ``type``: a date typed as YYYY-MM-DD, or a usage error saying so."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None
