"""Statistical process control: the XmR chart with NHS "Making Data Count" rules (pure).

Why an XmR chart: a board that sees only "42 incidents this month, up from 37" reacts to noise.
The XmR (individuals and moving range) chart says how much month-to-month variation the process
produces on its own, so a pack can say whether a change is a *signal* (special cause) or just
*noise* (common cause), and whether the process can be relied on to meet a target.

The arithmetic (Wheeler; NHS England "Making Data Count"):

* centre line: the mean of the values;
* moving ranges: ``|x[i] - x[i-1]|`` (the first point has none);
* natural process limits: mean ± 2.66 × the mean moving range (2.66 = 3 / d2, d2 = 1.128, so
  the limits sit at ±3 sigma where sigma = mean moving range / 1.128);
* optional outlier screening (``screen_outliers``): moving ranges of 3.267 × their mean or more
  (3.267 = D4, the moving-range chart's upper limit) are left out and the mean moving range
  recalculated, as NHSRplotthedots does by default. NHS England's Making Data Count Excel tool
  does not screen, and boards are used to its figures, so the default here is not to screen;
  whoever builds a pack chooses, and the pack says which was used;
* zones at ±1 sigma and ±2 sigma, for the "two of three beyond 2 sigma" rule.

Special-cause rules (a point is flagged when it takes part in one):

1. a point beyond a process limit;
2. a *shift*: ``shift_length`` (7) or more points in a row on the same side of the mean (a point
   exactly on the mean breaks the run);
3. a *trend*: ``trend_length`` (7) or more points in a row each higher (or each lower) than the
   one before (an equal neighbour breaks the run);
4. two of three (as NHSRplotthedots applies it): among three consecutive points all on the
   same side of the mean, at least two lie beyond 2 sigma *but inside the process limit*; only
   those points are flagged (a point beyond the limit is already rule 1's).

When a point takes part in several rules, the precedence of NHS England's Making Data Count
decides its label and colour: beyond a limit, then trend, then two of three, then shift.

Limits need enough points to mean anything: below ``min_points`` the chart shows the data and
the mean only, flags nothing and says so.

The "Making Data Count" summary is two icons, given here in words (colour is never the only
signal): the **variation** icon says what the most recent point shows (common cause; special
cause of concern; special cause of improvement -- which is which depends on the improvement
direction, and for incidents *lower is better*), and, when there is a target, the **assurance**
icon says whether the process limits lie wholly on the good side of the target (consistently
passes), wholly on the bad side (consistently fails), or straddle it (hit and miss).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum

from vpr_desktop.domain.labelled_enum import LabelledEnum
from vpr_desktop.domain.labelled_enum import give_labels

#: 3 / d2 for subgroups of two (d2 = 1.128): converts the mean moving range to 3 sigma.
LIMIT_FACTOR = 2.66
#: d2 for moving ranges of two: sigma = mean moving range / D2.
D2 = 1.128
#: D4 for moving ranges of two: a moving range this many times the mean or more is an outlier
#: when screening (NHSRplotthedots' ``screen_outliers``).
SCREEN_FACTOR = 3.267
DEFAULT_MIN_POINTS = 15
DEFAULT_RUN = 7


class Direction(StrEnum):
    """Which way is better; incidents are ``LOWER_IS_BETTER``."""

    LOWER_IS_BETTER = "lower"
    HIGHER_IS_BETTER = "higher"
    NEUTRAL = "neutral"


class Rule(LabelledEnum):
    """The special-cause rules an XmR chart is tested against."""

    BEYOND_LIMIT = "beyond_limit"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"


RULE_LABELS = give_labels(
    Rule,
    {
        Rule.BEYOND_LIMIT: "a point beyond a process limit",
        Rule.SHIFT: "a run of points on one side of the mean (shift)",
        Rule.TREND: "a run of points rising or falling (trend)",
        Rule.TWO_OF_THREE: "two of three points near a process limit, on one side",
    },
)
#: When a point takes part in several rules, the strongest decides its side for the icon.
RULE_PRECEDENCE = (Rule.BEYOND_LIMIT, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)


class Variation(LabelledEnum):
    """The "Making Data Count" variation icon, as words."""

    NOT_ENOUGH_DATA = "not_enough_data"
    COMMON_CAUSE = "common_cause"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    NEITHER_HIGH = "neither_high"  # special cause where no direction is better
    NEITHER_LOW = "neither_low"

    @property
    def special(self) -> bool:
        """True for special-cause variation (something changed), not common cause."""
        return self not in (Variation.NOT_ENOUGH_DATA, Variation.COMMON_CAUSE)


VARIATION_LABELS = give_labels(
    Variation,
    {
        Variation.NOT_ENOUGH_DATA: "Not enough data for process limits",
        Variation.COMMON_CAUSE: "Common cause variation: no significant change",
        Variation.CONCERN_HIGH: "Special cause of concern: higher than expected",
        Variation.CONCERN_LOW: "Special cause of concern: lower than expected",
        Variation.IMPROVEMENT_HIGH: "Special cause of improvement: higher than expected",
        Variation.IMPROVEMENT_LOW: "Special cause of improvement: lower than expected",
        Variation.NEITHER_HIGH: "Special cause variation: higher than expected",
        Variation.NEITHER_LOW: "Special cause variation: lower than expected",
    },
)


class Assurance(LabelledEnum):
    """The "Making Data Count" assurance icon, as words."""

    NO_TARGET = "no_target"
    NOT_ENOUGH_DATA = "not_enough_data"
    CONSISTENTLY_PASSES = "pass"
    CONSISTENTLY_FAILS = "fail"
    HIT_AND_MISS = "hit_and_miss"


ASSURANCE_LABELS = give_labels(
    Assurance,
    {
        Assurance.NO_TARGET: "No target set",
        Assurance.NOT_ENOUGH_DATA: "Not enough data to judge against the target",
        Assurance.CONSISTENTLY_PASSES: "Consistently passes the target (limits on the good side)",
        Assurance.CONSISTENTLY_FAILS: "Consistently fails the target (limits on the wrong side)",
        Assurance.HIT_AND_MISS: "Hit and miss: the target lies within the process limits",
    },
)


@dataclass(frozen=True)
class Signal:
    """One point's part in one special-cause rule; ``high`` says above (True) or below."""

    index: int
    rule: Rule
    high: bool


@dataclass(frozen=True)
class Segment:
    """The points ``start`` to ``end - 1`` of a rebased chart, with the limits calculated from
    them alone (the mean and limits drawn over those points)."""

    start: int
    end: int
    mean: float | None
    ucl: float | None
    lcl: float | None


@dataclass(frozen=True)
class XmR:
    """An XmR chart's numbers. Limits are None when there are fewer than ``min_points``."""

    values: tuple[float, ...]
    labels: tuple[str, ...]
    direction: Direction
    min_points: int
    mean: float | None
    moving_ranges: tuple[float | None, ...]
    mean_moving_range: float | None
    ucl: float | None
    lcl: float | None
    sigma: float | None
    target: float | None
    signals: tuple[Signal, ...] = field(default=())
    variation: Variation = Variation.NOT_ENOUGH_DATA
    assurance: Assurance = Assurance.NO_TARGET
    #: Rebased charts: the first point of the recalculated limits, and each part's limits
    #: (the chart's own ``mean``, ``ucl`` and ``lcl`` are then the latest part's).
    rebase_at: int | None = None
    segments: tuple[Segment, ...] = ()
    #: Whether very large moving ranges were left out of the mean moving range (screening).
    screened: bool = False

    def limits_at(self, index: int) -> tuple[float | None, float | None, float | None]:
        """(mean, upper limit, lower limit) that apply to point ``index``: its part's on a
        rebased chart, else the chart's."""
        for seg in self.segments:
            if seg.start <= index < seg.end:
                return seg.mean, seg.ucl, seg.lcl
        return self.mean, self.ucl, self.lcl

    @property
    def limits_shown(self) -> bool:
        """Whether there were enough points to draw the process limits."""
        return self.ucl is not None

    def zone(self, k: float) -> tuple[float, float] | None:
        """(mean - k sigma, mean + k sigma), e.g. ``zone(2)`` for the 2-sigma lines."""
        if self.mean is None or self.sigma is None:
            return None
        return self.mean - k * self.sigma, self.mean + k * self.sigma

    def flagged(self, rule: Rule | None = None) -> list[int]:
        """Indices of the points taking part in ``rule`` (any rule when None), ascending."""
        return sorted({s.index for s in self.signals if rule is None or s.rule is rule})

    def signals_at(self, index: int) -> list[Signal]:
        """The special-cause signals found at point ``index``."""
        return [s for s in self.signals if s.index == index]

    @property
    def lcl_floor_zero(self) -> float | None:
        """The lower limit as a chart of counts draws it (a count cannot be negative)."""
        return None if self.lcl is None else max(0.0, self.lcl)

    def too_few(self, noun: str = "points") -> str:
        """Why no limits are drawn, in words: too few points (since the rebase, if any)."""
        n = len(self.values) - (self.rebase_at or 0)
        if n == 1:  # "1 month with steps due is", not "1 months ... are"
            first, _, rest = noun.partition(" ")
            noun = " ".join(filter(None, (first.removesuffix("s"), rest)))
        verb = "is" if n == 1 else "are"
        if self.rebase_at is None:
            counted = f"{n} {noun} {verb}"
        else:
            counted = (
                f"the {n} {noun} since the limits were recalculated from "
                f"{self.labels[self.rebase_at]} {verb}"
            )
        return (
            f"{counted} too few for process limits (at least {self.min_points} are needed), "
            "so no signal is judged."
        )

    def finding(self, what: str = "incidents", unit: str = "a month") -> str:
        """One sentence a caption can use: what the chart shows, in words."""
        if not self.values:
            return f"No {what} data for the period."
        last = self.values[-1]
        latest = f"{_fmt(last)} {what} in {self.labels[-1]}" if self.labels else _fmt(last)
        if not self.limits_shown:
            return f"{latest}; {self.too_few()}"
        assert self.mean is not None and self.lcl is not None and self.ucl is not None
        span = (
            f"average {_fmt(self.mean)} {unit}, expected between "
            f"{_fmt(max(self.lcl, 0.0))} and {_fmt(self.ucl)}"
        )
        text = f"{latest}; {span}. {self.variation.label}."
        rules = sorted({s.rule for s in self.signals}, key=RULE_PRECEDENCE.index)
        if rules and not self.variation.special:
            text += " Earlier signals: " + "; ".join(r.label for r in rules) + "."
        if self.target is not None:
            text += f" Target {_fmt(self.target)}: {self.assurance.label}."
        return text


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def moving_ranges(values: Sequence[float]) -> list[float | None]:
    """The absolute difference between each value and the one before (None for the first)."""
    return [None] + [abs(values[i] - values[i - 1]) for i in range(1, len(values))]


def xmr(
    values: Sequence[float],
    labels: Sequence[str] | None = None,
    *,
    direction: Direction = Direction.LOWER_IS_BETTER,
    target: float | None = None,
    min_points: int = DEFAULT_MIN_POINTS,
    shift_length: int = DEFAULT_RUN,
    trend_length: int = DEFAULT_RUN,
    rebase_at: int | None = None,
    screen_outliers: bool = False,
) -> XmR:
    """The XmR chart of ``values`` (in time order) with its signals and icons.

    ``screen_outliers``: leave moving ranges of ``SCREEN_FACTOR`` × their mean or more out of
    the mean moving range (see the module docstring for why it is off by default).

    ``rebase_at``: the index from which the limits are recalculated (after a sustained shift
    the author accepts as the new process). As NHSRplotthedots does with a rebase, each part
    gets its own mean, moving ranges (the first point of a part has none) and limits, and the
    rules are tested within each part; the icons come from the latest part."""
    vals = tuple(float(v) for v in values)
    labs = tuple(labels) if labels is not None else tuple(str(i + 1) for i in range(len(vals)))
    if len(labs) != len(vals):
        raise ValueError("labels and values differ in length")
    if min_points < 2:
        raise ValueError("an XmR chart needs at least two points for a moving range")
    if rebase_at is not None:
        if not 0 < rebase_at < len(vals):
            raise ValueError("a rebase must leave at least one point on each side")
        return _rebased(
            vals,
            labs,
            rebase_at,
            direction,
            target,
            min_points,
            shift_length,
            trend_length,
            screen_outliers,
        )
    mrs = moving_ranges(vals)
    mean = sum(vals) / len(vals) if vals else None
    base = XmR(
        vals,
        labs,
        direction,
        min_points,
        mean,
        tuple(mrs),
        None,
        None,
        None,
        None,
        target,
        (),
        Variation.NOT_ENOUGH_DATA,
        Assurance.NO_TARGET if target is None else Assurance.NOT_ENOUGH_DATA,
        screened=screen_outliers,  # the author's choice, even before there are limits
    )
    if len(vals) < min_points or mean is None:
        return base
    ranges = [m for m in mrs if m is not None]
    mr_bar = mean_moving_range(ranges, screen=screen_outliers)
    ucl = mean + LIMIT_FACTOR * mr_bar
    lcl = mean - LIMIT_FACTOR * mr_bar
    sigma = mr_bar / D2
    signals = detect(vals, mean, ucl, lcl, sigma, shift_length, trend_length)
    chart = XmR(
        vals,
        labs,
        direction,
        min_points,
        mean,
        tuple(mrs),
        mr_bar,
        ucl,
        lcl,
        sigma,
        target,
        tuple(signals),
        screened=screen_outliers,
    )
    return XmR(
        **{**chart.__dict__, "variation": variation_of(chart), "assurance": assurance_of(chart)}
    )


def mean_moving_range(ranges: Sequence[float], *, screen: bool = False) -> float:
    """The mean of ``ranges`` (at least one); with ``screen``, recalculated without the ranges
    of ``SCREEN_FACTOR`` × the first mean or more, once, as NHSRplotthedots does."""
    mr_bar = sum(ranges) / len(ranges)
    if screen:
        kept = [m for m in ranges if m < SCREEN_FACTOR * mr_bar]
        if kept:  # all equal to zero is the only way to keep none, and then mr_bar is 0
            mr_bar = sum(kept) / len(kept)
    return mr_bar


def _rebased(
    vals: tuple[float, ...],
    labs: tuple[str, ...],
    at: int,
    direction: Direction,
    target: float | None,
    min_points: int,
    shift_length: int,
    trend_length: int,
    screen_outliers: bool,
) -> XmR:
    """A chart whose limits are recalculated from point ``at`` (see :func:`xmr`)."""
    before, after = (
        xmr(
            part,
            names,
            direction=direction,
            target=target,
            min_points=min_points,
            shift_length=shift_length,
            trend_length=trend_length,
            screen_outliers=screen_outliers,
        )
        for part, names in ((vals[:at], labs[:at]), (vals[at:], labs[at:]))
    )
    signals = (*before.signals, *(Signal(s.index + at, s.rule, s.high) for s in after.signals))
    chart = XmR(
        vals,
        labs,
        direction,
        min_points,
        after.mean,
        (*before.moving_ranges, *after.moving_ranges),
        after.mean_moving_range,
        after.ucl,
        after.lcl,
        after.sigma,
        target,
        signals,
        rebase_at=at,
        segments=(
            Segment(0, at, before.mean, before.ucl, before.lcl),
            Segment(at, len(vals), after.mean, after.ucl, after.lcl),
        ),
        screened=screen_outliers,
    )
    return XmR(
        **{**chart.__dict__, "variation": variation_of(chart), "assurance": assurance_of(chart)}
    )


def detect(
    values: Sequence[float],
    mean: float,
    ucl: float,
    lcl: float,
    sigma: float,
    shift_length: int = DEFAULT_RUN,
    trend_length: int = DEFAULT_RUN,
) -> list[Signal]:
    """Every (point, rule) pair that the four special-cause rules flag."""
    out: list[Signal] = []
    n = len(values)
    for i, v in enumerate(values):
        if v > ucl:
            out.append(Signal(i, Rule.BEYOND_LIMIT, True))
        elif v < lcl:
            out.append(Signal(i, Rule.BEYOND_LIMIT, False))
    # Shift: maximal runs on one side of the mean.
    start = 0
    while start < n:
        side = _side(values[start], mean)
        end = start + 1
        if side != 0:
            while end < n and _side(values[end], mean) == side:
                end += 1
            if end - start >= shift_length:
                out += [Signal(i, Rule.SHIFT, side > 0) for i in range(start, end)]
        start = end
    # Trend: maximal runs of strictly rising (or falling) points.
    start = 0
    while start < n - 1:
        step = _side(values[start + 1], values[start])
        end = start + 1
        if step != 0:
            while end < n - 1 and _side(values[end + 1], values[end]) == step:
                end += 1
            if end - start + 1 >= trend_length:
                out += [Signal(i, Rule.TREND, step > 0) for i in range(start, end + 1)]
        start = end
    # Two of three: in a window of three points all on one side of the mean, two or more
    # beyond 2 sigma but still inside the process limit; only those points are flagged.
    # NHSRplotthedots draws the "near" lines two thirds of the way from the mean to each
    # limit (2 × 2.66 / 3 mean moving ranges): 2 sigma, to the limit's own rounding.
    hi2, lo2 = mean + 2 * (ucl - mean) / 3, mean - 2 * (mean - lcl) / 3
    near = [(hi2 < v <= ucl) or (lcl <= v < lo2) for v in values]
    sides = [_side(v, mean) for v in values]
    marked: set[int] = set()
    for i in range(n - 2):
        window = range(i, i + 3)
        same_side = sides[i] != 0 and all(sides[j] == sides[i] for j in window)
        if same_side and sum(near[j] for j in window) >= 2:
            marked |= {j for j in window if near[j]}
    out += [Signal(i, Rule.TWO_OF_THREE, sides[i] > 0) for i in sorted(marked)]
    return sorted(out, key=lambda s: (s.index, RULE_PRECEDENCE.index(s.rule)))


def _side(value: float, reference: float) -> int:
    return (value > reference) - (value < reference)


def variation_of(chart: XmR) -> Variation:
    """The variation icon: what the most recent point shows."""
    if not chart.limits_shown or not chart.values:
        return Variation.NOT_ENOUGH_DATA
    last = chart.signals_at(len(chart.values) - 1)
    if not last:
        return Variation.COMMON_CAUSE
    high = min(last, key=lambda s: RULE_PRECEDENCE.index(s.rule)).high
    if chart.direction is Direction.NEUTRAL:
        return Variation.NEITHER_HIGH if high else Variation.NEITHER_LOW
    good_high = chart.direction is Direction.HIGHER_IS_BETTER
    if high:
        return Variation.IMPROVEMENT_HIGH if good_high else Variation.CONCERN_HIGH
    return Variation.CONCERN_LOW if good_high else Variation.IMPROVEMENT_LOW


def assurance_of(chart: XmR) -> Assurance:
    """The assurance icon: where the target lies against the process limits.

    Meeting a target means at or below it when lower is better (at or above when higher is
    better). With no improvement direction there is no pass or fail.
    """
    if chart.target is None:
        return Assurance.NO_TARGET
    if chart.ucl is None or chart.lcl is None:
        return Assurance.NOT_ENOUGH_DATA
    t = chart.target
    if chart.direction is Direction.LOWER_IS_BETTER:
        if chart.ucl <= t:
            return Assurance.CONSISTENTLY_PASSES
        if chart.lcl > t:
            return Assurance.CONSISTENTLY_FAILS
    elif chart.direction is Direction.HIGHER_IS_BETTER:
        if chart.lcl >= t:
            return Assurance.CONSISTENTLY_PASSES
        if chart.ucl < t:
            return Assurance.CONSISTENTLY_FAILS
    return Assurance.HIT_AND_MISS
