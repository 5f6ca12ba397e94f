"""The values an import did not know, in words: each distinct value once with its row count,
then what to do about each kind.

Apart from the row-by-row report (``report``) because this is the summary a person reads
first (the dialog's and the CLI's "7 location names are not known" lines), counted by the
batch from every row, where the report lists the first problems one by one.
"""

from __future__ import annotations


def plural_of(noun: str) -> str:
    """'location name' -> 'location names', 'sub-category' -> 'sub-categories'."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def unknown_lines(
    unknown: dict[str, dict[str, int]], fixes: dict[str, str], shown_values: int = 100
) -> list[str]:
    """The unknown values of an import, each distinct value once with its row count:

    "7 location names and 1 sub-category are not known:", then one line per value (most rows
    first), then what to do about each kind. Empty when there are none."""
    if not unknown:
        return []
    kinds = [(what, values) for what, values in unknown.items() if values]
    parts = [f"{len(v):,} {what if len(v) == 1 else plural_of(what)}" for what, v in kinds]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    distinct = sum(len(v) for _, v in kinds)
    lines = [f"{listed} {'is' if distinct == 1 else 'are'} not known:"]
    every = sorted(
        ((n, what, value) for what, values in kinds for value, n in values.items()),
        key=lambda t: (-t[0], t[1], t[2].casefold()),
    )
    for n, what, value in every[:shown_values]:
        lines.append(f"  {what} '{value}' ({n:,} row{'s' if n != 1 else ''})")
    if len(every) > shown_values:
        lines.append(f"  ... and {len(every) - shown_values:,} more")
    for what, _ in kinds:
        if fixes.get(what):
            lines.append(f"For each {what}: {fixes[what]}.")
    return lines
