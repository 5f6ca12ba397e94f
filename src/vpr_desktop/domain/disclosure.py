"""Small-number disclosure control for counts that could identify people.

Why: a count of "1 assault on a disabled member of staff in Rowan Ward" names someone to
anyone who works there. There is no NHS-wide rule for internal board packs (brief §2.9), so
the rule is a value with presets; the default is the NHS Digital (HES/ECDS, from September
2018) convention, applied to any breakdown below trust level or by protected characteristic:

* **0 is shown as 0** -- zeros are never suppressed (they disclose nothing about a person);
* **1 to 7 become "*"** (primary suppression; ``threshold`` = 7);
* **8 and above are rounded to the nearest 5** (``rounding`` = 5; halves round up), so exact
  small differences cannot be recovered either;
* **secondary suppression**: in a group of cells shown with its total, a single suppressed cell
  could be worked out as "total minus the others", so when exactly one cell of a group is
  suppressed the next-smallest shown non-zero cell is suppressed too; when there is no such cell
  the total is suppressed instead. For a two-way table the row and column passes repeat until
  nothing changes.

Other presets: the earlier NHS Digital rule (1–5 suppressed, no rounding) and "none" (national
counts, or a user with the right to see exact figures). Threshold and rounding are configurable.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DisclosureRule:
    """Small-number suppression for published counts, so people cannot be identified."""

    name: str = "NHS Digital (2018): 1–7 suppressed, others rounded to 5"
    threshold: int = 7  # counts 1..threshold are suppressed; 0 = no primary suppression
    rounding: int = 5  # shown counts rounded to the nearest multiple; 1 = exact
    secondary: bool = True
    symbol: str = "*"

    def __post_init__(self) -> None:
        if self.threshold < 0:
            raise ValueError("threshold cannot be negative")
        if self.rounding < 1:
            raise ValueError("rounding must be 1 (exact) or more")

    @property
    def suppresses(self) -> bool:
        """Whether the rule hides or rounds anything at all."""
        return self.threshold > 0 or self.rounding > 1


NHS_DIGITAL = DisclosureRule()
NHS_DIGITAL_PRE_2018 = DisclosureRule("NHS Digital (before 2018): 1–5 suppressed", 5, 1)
NO_SUPPRESSION = DisclosureRule("None (exact counts)", 0, 1, secondary=False)
PRESETS: dict[str, DisclosureRule] = {
    "nhs_digital": NHS_DIGITAL,
    "nhs_digital_pre_2018": NHS_DIGITAL_PRE_2018,
    "none": NO_SUPPRESSION,
}


@dataclass(frozen=True)
class Cell:
    """A count as it may be published: ``shown`` is the text, ``value`` the number shown
    (``None`` when suppressed). ``primary``/``secondary`` say why a cell is hidden."""

    shown: str
    value: int | None
    primary: bool = False
    secondary: bool = False

    @property
    def suppressed(self) -> bool:
        """True when the count is withheld."""
        return self.value is None


def round_to(n: int, base: int) -> int:
    """Nearest multiple of ``base``; halves round up (12.5 → 15)."""
    if base <= 1:
        return n
    return ((2 * n + base) // (2 * base)) * base


def protect_value(n: int, rule: DisclosureRule = NHS_DIGITAL) -> Cell:
    """One count on its own (primary suppression and rounding only)."""
    if n < 0:
        raise ValueError("counts cannot be negative")
    if n == 0:
        return Cell("0", 0)
    if n <= rule.threshold:
        return Cell(rule.symbol, None, primary=True)
    shown = round_to(n, rule.rounding)
    return Cell(str(shown), shown)


def _secondary(
    values: list[int], hidden: list[bool], total_hidden: bool
) -> tuple[list[bool], bool]:
    """One group's secondary pass: returns the new hidden flags and whether to hide the total."""
    hidden = list(hidden)
    if total_hidden:
        return hidden, total_hidden
    if sum(hidden) != 1:
        return hidden, total_hidden
    candidates = [i for i, v in enumerate(values) if not hidden[i] and v > 0]
    if candidates:
        pick = min(candidates, key=lambda i: (values[i], i))
        hidden[pick] = True
        return hidden, total_hidden
    return hidden, True


@dataclass(frozen=True)
class ProtectedCounts:
    """A one-way breakdown with its total, ready to publish."""

    cells: dict[str, Cell]
    total: Cell
    rule: DisclosureRule

    def shown(self) -> dict[str, str]:
        """Each cell as it may be published (counts, rounded counts or the symbol)."""
        return {k: c.shown for k, c in self.cells.items()}


def protect(
    counts: Mapping[str, int], rule: DisclosureRule = NHS_DIGITAL, total: int | None = None
) -> ProtectedCounts:
    """A breakdown (category -> count) and its total (default: the sum) made safe to show."""
    keys = list(counts)
    values = [int(counts[k]) for k in keys]
    grand = sum(values) if total is None else int(total)
    cells = [protect_value(v, rule) for v in values]
    total_cell = protect_value(grand, rule)
    hidden = [c.suppressed for c in cells]
    total_hidden = total_cell.suppressed
    if rule.secondary:
        new_hidden, new_total_hidden = _secondary(values, hidden, total_hidden)
        cells = [
            _hide(c, rule) if h and not c.suppressed else c
            for c, h in zip(cells, new_hidden, strict=True)
        ]
        if new_total_hidden and not total_cell.suppressed:
            total_cell = _hide(total_cell, rule)
    return ProtectedCounts(dict(zip(keys, cells, strict=True)), total_cell, rule)


def _hide(cell: Cell, rule: DisclosureRule) -> Cell:
    return Cell(rule.symbol, None, primary=cell.primary, secondary=True)


@dataclass(frozen=True)
class ProtectedTable:
    """A two-way table (rows x columns) with row, column and grand totals."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    row_totals: dict[str, Cell]
    column_totals: dict[str, Cell]
    total: Cell
    rule: DisclosureRule


def protect_table(
    counts: Mapping[tuple[str, str], int],
    rows: Sequence[str],
    columns: Sequence[str],
    rule: DisclosureRule = NHS_DIGITAL,
) -> ProtectedTable:
    """Protect a two-way table; missing cells are 0. Row and column secondary passes repeat
    until stable, so no row or column total reveals a single hidden cell."""
    v = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    rt = {r: sum(v[r, c] for c in columns) for r in rows}
    ct = {c: sum(v[r, c] for r in rows) for c in columns}
    grand = sum(rt.values())
    cell = {k: protect_value(n, rule) for k, n in v.items()}
    rtc = {r: protect_value(n, rule) for r, n in rt.items()}
    ctc = {c: protect_value(n, rule) for c, n in ct.items()}
    grand_cell = {"": protect_value(grand, rule)}
    if rule.secondary:
        for _ in range(2 * (len(rows) + len(columns)) + 2):
            changed = False
            for r in rows:  # each row with its row total
                changed |= _pass(cell, [(r, c) for c in columns], v, rtc, r, rule)
            for c in columns:  # each column with its column total
                changed |= _pass(cell, [(r, c) for r in rows], v, ctc, c, rule)
            # the row totals with the grand total, and the column totals likewise
            changed |= _pass(rtc, list(rows), rt, grand_cell, "", rule)
            changed |= _pass(ctc, list(columns), ct, grand_cell, "", rule)
            if not changed:
                break
    return ProtectedTable(tuple(rows), tuple(columns), cell, rtc, ctc, grand_cell[""], rule)


def _pass(
    cells: dict[Any, Cell],
    keys: list[Any],
    raw: Mapping[Any, int],
    totals: dict[str, Cell],
    total_key: str,
    rule: DisclosureRule,
) -> bool:
    """Secondary suppression of one group (``keys`` of ``cells``) against its total."""
    values = [raw[k] for k in keys]
    hidden = [cells[k].suppressed for k in keys]
    new_hidden, hide_total = _secondary(values, hidden, totals[total_key].suppressed)
    changed = False
    for k, was, now in zip(keys, hidden, new_hidden, strict=True):
        if now and not was:
            cells[k] = _hide(cells[k], rule)
            changed = True
    if hide_total and not totals[total_key].suppressed:
        totals[total_key] = _hide(totals[total_key], rule)
        changed = True
    return changed
