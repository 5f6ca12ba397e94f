"""Properties of domain rules with a clear invariant, checked on many generated inputs.

SPC: the limits are the mean plus or minus 2.66 mean moving ranges; mirroring a series in time
or negating it mirrors its signals; scaling by a power of two (exact in floating point) changes
no signal. Risk matrix: a worse score is never in a lower band, band ranges tile 1-25, and the
incident-informed likelihood never falls as incidents rise. RIDDOR: the deadline follows the
status, and a non-physical incident is never reportable whatever else is recorded.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import assume
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.riddor import PersonIncapacity
from vpr_desktop.domain.riddor import RiddorFacts
from vpr_desktop.domain.riddor import assess
from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.domain.risk_matrix import Trend
from vpr_desktop.domain.risk_matrix import trend
from vpr_desktop.domain.spc import D2
from vpr_desktop.domain.spc import LIMIT_FACTOR
from vpr_desktop.domain.spc import Assurance
from vpr_desktop.domain.spc import Direction
from vpr_desktop.domain.spc import Rule
from vpr_desktop.domain.spc import Signal
from vpr_desktop.domain.spc import Variation
from vpr_desktop.domain.spc import xmr

series = st.lists(st.integers(0, 200), min_size=15, max_size=40)


def mirrored(signals: tuple[Signal, ...], n: int) -> set[tuple[int, Rule, bool]]:
    """The signals of the same series read backwards: a rising trend becomes a falling one."""
    return {
        (n - 1 - s.index, s.rule, (not s.high) if s.rule is Rule.TREND else s.high) for s in signals
    }


def as_set(signals: tuple[Signal, ...]) -> set[tuple[int, Rule, bool]]:
    return {(s.index, s.rule, s.high) for s in signals}


# ----------------------------------------------------------------------------- SPC


@given(series)
def test_limits_are_the_mean_plus_or_minus_the_scaled_moving_range(values: list[int]) -> None:
    chart = xmr(values)
    assert chart.mean == pytest.approx(sum(values) / len(values))
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    assert chart.mean_moving_range == pytest.approx(sum(ranges) / len(ranges))
    assert chart.ucl is not None and chart.lcl is not None and chart.sigma is not None
    assert chart.ucl - chart.mean == pytest.approx(chart.mean - chart.lcl)
    assert chart.ucl - chart.lcl == pytest.approx(2 * LIMIT_FACTOR * chart.mean_moving_range)
    assert chart.sigma == pytest.approx(chart.mean_moving_range / D2)
    assert chart.lcl_floor_zero == max(0.0, chart.lcl)
    assert chart.moving_ranges[0] is None and len(chart.moving_ranges) == len(values)


@given(series)
def test_every_point_beyond_a_limit_is_flagged_and_no_other(values: list[int]) -> None:
    chart = xmr(values)
    assert chart.ucl is not None and chart.lcl is not None
    beyond = {i for i, v in enumerate(values) if v > chart.ucl or v < chart.lcl}
    assert set(chart.flagged(Rule.BEYOND_LIMIT)) == beyond
    for i in chart.flagged(Rule.BEYOND_LIMIT):
        (signal,) = [s for s in chart.signals_at(i) if s.rule is Rule.BEYOND_LIMIT]
        assert signal.high == (values[i] > chart.ucl)


@given(series)
def test_reading_a_series_backwards_mirrors_its_signals(values: list[int]) -> None:
    forwards, backwards = xmr(values), xmr(values[::-1])
    assert backwards.mean == forwards.mean and backwards.ucl == forwards.ucl
    assert as_set(backwards.signals) == mirrored(forwards.signals, len(values))


@given(series)
def test_negating_a_series_flips_every_signal(values: list[int]) -> None:
    chart, negated = xmr(values), xmr([-v for v in values])
    assert negated.ucl == pytest.approx(-chart.lcl)  # type: ignore[operator]
    assert as_set(negated.signals) == {(i, r, not h) for i, r, h in as_set(chart.signals)}


@given(series, st.sampled_from([2, 4, 8, 0.5]))
def test_scaling_changes_no_signal(values: list[int], k: float) -> None:
    assert as_set(xmr([v * k for v in values]).signals) == as_set(xmr(values).signals)


@given(st.lists(st.integers(0, 50), max_size=14))
def test_too_few_points_judge_nothing(values: list[int]) -> None:
    chart = xmr(values, target=10)
    assert not chart.limits_shown and chart.signals == ()
    assert chart.variation is Variation.NOT_ENOUGH_DATA
    assert chart.assurance is (Assurance.NOT_ENOUGH_DATA)
    assert xmr(values).assurance is Assurance.NO_TARGET


@given(series)
def test_a_shift_is_a_run_of_seven_on_one_side(values: list[int]) -> None:
    chart = xmr(values)
    assert chart.mean is not None
    for i in chart.flagged(Rule.SHIFT):
        side = values[i] > chart.mean
        assert values[i] != chart.mean
        # Some window of seven containing i lies wholly on that side.
        assert any(
            all((values[j] > chart.mean) == side and values[j] != chart.mean
                for j in range(s, s + 7))
            for s in range(max(0, i - 6), min(i, len(values) - 7) + 1)
        )  # fmt: skip


@given(series, st.sampled_from(list(Direction)))
def test_the_variation_icon_reads_the_last_point(values: list[int], direction: Direction) -> None:
    chart = xmr(values, direction=direction)
    last = chart.signals_at(len(values) - 1)
    if not last:
        assert chart.variation is Variation.COMMON_CAUSE
    else:
        assert chart.variation.special
        # Mirroring the series in value flips "high" and "low" for a neutral direction.
        flipped = xmr([-v for v in values], direction=direction).variation
        pairs = {
            Variation.NEITHER_HIGH: Variation.NEITHER_LOW,
            Variation.NEITHER_LOW: Variation.NEITHER_HIGH,
        }
        if direction is Direction.NEUTRAL:
            assert flipped is pairs[chart.variation]


@given(series, st.floats(-100, 400, allow_nan=False))
def test_assurance_compares_the_target_with_the_limits(values: list[int], target: float) -> None:
    chart = xmr(values, target=target, direction=Direction.LOWER_IS_BETTER)
    assert chart.ucl is not None and chart.lcl is not None
    if chart.ucl <= target:
        assert chart.assurance is Assurance.CONSISTENTLY_PASSES
    elif chart.lcl > target:
        assert chart.assurance is Assurance.CONSISTENTLY_FAILS
    else:
        assert chart.assurance is Assurance.HIT_AND_MISS
    higher = xmr(values, target=target, direction=Direction.HIGHER_IS_BETTER)
    if chart.lcl >= target:
        assert higher.assurance is Assurance.CONSISTENTLY_PASSES
    neutral = xmr(values, target=target, direction=Direction.NEUTRAL)
    assert neutral.assurance is Assurance.HIT_AND_MISS


def test_the_finding_says_so_when_points_are_too_few() -> None:
    chart = xmr([3, 4], ["Jan", "Feb"])
    assert chart.finding() == (
        "4 incidents in Feb; 2 points are too few for process limits (at least 15 are "
        "needed), so no signal is judged."
    )
    assert xmr([]).finding() == "No incidents data for the period."
    with pytest.raises(ValueError, match="differ in length"):
        xmr([1, 2], ["Jan"])


# ----------------------------------------------------------------------------- risk matrix

scale = st.integers(1, 5)


@given(scale, scale, scale, scale)
def test_a_worse_score_is_never_in_a_lower_band(l1: int, c1: int, l2: int, c2: int) -> None:
    m = DEFAULT_MATRIX
    order = [b.key for b in m.bands]
    a, b = m.cell(l1, c1), m.cell(l2, c2)
    assert a.score == l1 * c1 == RiskMatrix.score(l1, c1)
    if a.score <= b.score:
        assert order.index(a.band_key) <= order.index(b.band_key)
    assert a.label == m.label(a.score) == f"{a.band_label} {a.score}"
    # The cell found from the score alone has the same band.
    assert m.cell_for_score(a.score).band_key == a.band_key


def test_band_ranges_tile_every_score_once() -> None:
    m = DEFAULT_MATRIX
    covered: list[int] = []
    for b in m.bands:
        lo, hi = m.band_range(b.key)
        covered.extend(range(lo, hi + 1))
        assert all(m.band_for(s).key == b.key for s in range(lo, hi + 1))
    assert covered == list(range(1, 26))
    achievable = sorted({lk * c for lk in range(1, 6) for c in range(1, 6)})
    assert sorted(s for b in m.bands for s in m.band_scores(b.key)) == achievable
    assert m.band_summary() == ["Low 1-3", "Moderate 4-6", "High 8-12", "Extreme 15-25"]


@given(st.integers(0, 2000), st.integers(0, 2000), st.integers(1, 730))
def test_more_incidents_never_suggest_a_lower_likelihood(a: int, b: int, days: int) -> None:
    m = DEFAULT_MATRIX
    low, high = sorted((a, b))
    assert 1 <= m.likelihood_from_incidents(low, days) <= m.likelihood_from_incidents(high, days)


@pytest.mark.parametrize(
    ("incidents", "expected"), [(0, 1), (1, 2), (12, 3), (52, 4), (365, 5), (11, 2), (51, 3)]
)
def test_likelihood_thresholds_over_a_year(incidents: int, expected: int) -> None:
    assert DEFAULT_MATRIX.likelihood_from_incidents(incidents) == expected


@given(st.one_of(st.none(), st.integers(1, 25)), st.integers(1, 25))
def test_trend_compares_scores(previous: int | None, current: int) -> None:
    got = trend(previous, current)
    if previous is None:
        assert got is Trend.NEW
    else:
        assert (
            got
            is {1: Trend.UP, -1: Trend.DOWN, 0: Trend.SAME}[
                (current > previous) - (current < previous)
            ]
        )


@pytest.mark.parametrize("bad", [0, 6, True, 2.0, "3"])
def test_a_score_outside_the_scale_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="whole number from 1 to 5"):
        RiskScore(bad, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        DEFAULT_MATRIX.band_for(26)


# ----------------------------------------------------------------------------- RIDDOR

people = st.lists(
    st.builds(
        PersonIncapacity,
        st.integers(0, 30),
        st.integers(0, 30),
        st.booleans(),
    ),
    max_size=3,
)
types = st.frozensets(st.sampled_from(list(IncidentType)), min_size=1)


@settings(max_examples=300)
@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    types,
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    people,
)
def test_riddor_deadlines_follow_the_status(
    day: dt.date,
    kinds: frozenset[IncidentType],
    near_miss: bool,
    dispute: bool,
    injury: bool,
    specified: bool,
    death: bool,
    affected: list[PersonIncapacity],
) -> None:
    facts = RiddorFacts(day, kinds, near_miss, dispute, injury, specified, death, tuple(affected))
    decision = assess(facts)
    if decision.status is RiddorStatus.REPORTABLE:
        assert decision.deadline is not None
        assert (decision.deadline - day).days in (10, 15)
        assert decision.keep_record_until is not None and decision.keep_record_until > day
        assert decision.reason.startswith("Reportable")
    else:
        assert decision.deadline is None
    if IncidentType.PHYSICAL not in kinds:
        assert decision.status is RiddorStatus.NOT_REPORTABLE
    if near_miss or dispute:
        assert decision.status is not RiddorStatus.REPORTABLE
    if IncidentType.PHYSICAL in kinds and (specified or death) and not (near_miss or dispute):
        assert decision.status is RiddorStatus.REPORTABLE and decision.notify_without_delay


@given(st.integers(0, 40), st.integers(0, 40))
def test_more_days_off_never_make_an_injury_less_reportable(a: int, b: int) -> None:
    rank = {
        RiddorStatus.NOT_REPORTABLE: 0,
        RiddorStatus.RECORD_ONLY: 1,
        RiddorStatus.REPORTABLE: 2,
    }
    low, high = sorted((a, b))

    def status(days: int) -> RiddorStatus:
        facts = RiddorFacts(
            dt.date(2026, 5, 1),
            frozenset({IncidentType.PHYSICAL}),
            injury=True,
            people=(PersonIncapacity(days_absent=days),),
        )
        return assess(facts).status

    assume(low != high)
    assert rank[status(low)] <= rank[status(high)]
    assert status(7) is RiddorStatus.RECORD_ONLY and status(8) is RiddorStatus.REPORTABLE
    assert status(3) is RiddorStatus.NOT_REPORTABLE and status(4) is RiddorStatus.RECORD_ONLY
