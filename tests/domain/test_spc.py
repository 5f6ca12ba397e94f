"""XmR chart: hand-checked limits and each special-cause rule at its threshold (acceptance 4)."""

from __future__ import annotations

import pytest

from vpr_desktop.domain.spc import RULE_PRECEDENCE
from vpr_desktop.domain.spc import Assurance
from vpr_desktop.domain.spc import Direction
from vpr_desktop.domain.spc import Rule
from vpr_desktop.domain.spc import Variation
from vpr_desktop.domain.spc import detect
from vpr_desktop.domain.spc import mean_moving_range
from vpr_desktop.domain.spc import moving_ranges
from vpr_desktop.domain.spc import xmr

# Hand check: sum 171 over 15 points -> mean 11.4; moving ranges 2,1,2,1,1,1,2,1,2,1,1,1,2,1
# sum 19 over 14 -> 1.357142857; 2.66 x 1.357142857 = 3.61 -> UCL 15.010, LCL 7.790;
# sigma = 1.357142857 / 1.128 = 1.203141.
STABLE = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11, 12, 10, 11]


def test_limits_match_hand_computed_values_to_three_decimals() -> None:
    chart = xmr(STABLE)
    assert chart.mean == pytest.approx(11.4, abs=5e-4)
    assert chart.mean_moving_range == pytest.approx(1.357, abs=5e-4)
    assert round(chart.ucl, 3) == 15.010
    assert round(chart.lcl, 3) == 7.790
    assert round(chart.sigma, 3) == 1.203
    lo2, hi2 = chart.zone(2)
    assert round(hi2, 3) == 13.806 and round(lo2, 3) == 8.994
    assert chart.signals == ()
    assert chart.variation is Variation.COMMON_CAUSE
    assert "average 11.4 a month, expected between 7.8 and 15.0" in chart.finding()


def test_moving_ranges_start_with_none() -> None:
    assert moving_ranges([3, 5, 2]) == [None, 2, 3]


def _run_series(run: int) -> list[int]:
    # 14,10 alternating, then ``run`` points of 13 above the mean, bounded by points below it.
    return [14, 10, 14, 10, 14, 10, 14, 10] + [13] * run + [9] * (8 - run)


def test_seven_points_on_one_side_is_a_shift() -> None:
    chart = xmr(_run_series(7))  # mean 196/16 = 12.25: the 13s are above, the 10 and 9 below
    assert chart.mean == pytest.approx(12.25)
    assert chart.flagged(Rule.SHIFT) == list(range(8, 15))
    assert chart.flagged(Rule.BEYOND_LIMIT) == []


def test_six_points_on_one_side_is_not_a_shift() -> None:
    chart = xmr(_run_series(6))
    assert all(v > chart.mean for v in chart.values[8:14])
    assert chart.flagged(Rule.SHIFT) == []


def test_a_point_on_the_mean_breaks_a_run() -> None:
    signals = detect([1, 1, 1, 0, 1, 1, 1, 1], mean=0.0, ucl=10, lcl=-10, sigma=3)
    assert not [s for s in signals if s.rule is Rule.SHIFT]


def test_point_beyond_the_upper_limit_is_flagged_and_is_a_concern_when_lower_is_better() -> None:
    values = [10, 11] * 8 + [25]
    chart = xmr(values)
    assert chart.flagged(Rule.BEYOND_LIMIT) == [16]
    assert chart.values[16] > chart.ucl
    assert chart.variation is Variation.CONCERN_HIGH
    assert xmr(values, direction=Direction.HIGHER_IS_BETTER).variation is (
        Variation.IMPROVEMENT_HIGH
    )
    assert xmr(values, direction=Direction.NEUTRAL).variation is Variation.NEITHER_HIGH


def test_fall_below_lower_limit_is_improvement_for_incidents() -> None:
    chart = xmr([20, 21] * 8 + [2])
    assert chart.flagged(Rule.BEYOND_LIMIT) == [16]
    assert chart.variation is Variation.IMPROVEMENT_LOW


def test_seven_rising_points_is_a_trend_six_is_not() -> None:
    base = [20, 24, 20, 24, 20, 24, 20, 24]
    seven = xmr([*base, 15, 16, 17, 18, 19, 20, 21, 12])
    assert seven.flagged(Rule.TREND) == list(range(8, 15))
    six = xmr([*base, 15, 16, 17, 18, 19, 20, 12, 13])
    assert six.flagged(Rule.TREND) == []


def test_two_of_three_beyond_two_sigma_same_side() -> None:
    # mean 0, sigma 1: 2.5 and 2.2 beyond +2 sigma within three points; 1.0 between them.
    signals = detect([0, 2.5, 1.0, 2.2, 0, 0], mean=0.0, ucl=3.0, lcl=-3.0, sigma=1.0)
    flagged = [(s.index, s.high) for s in signals if s.rule is Rule.TWO_OF_THREE]
    assert flagged == [(1, True), (3, True)]
    opposite = detect([0, 2.5, -2.5, 0, 0], mean=0.0, ucl=3.0, lcl=-3.0, sigma=1.0)
    assert not [s for s in opposite if s.rule is Rule.TWO_OF_THREE]


def test_too_few_points_show_no_limits_and_no_signals() -> None:
    chart = xmr([1, 2, 50, 3] * 3 + [4, 5], min_points=15)  # 14 points
    assert not chart.limits_shown
    assert chart.ucl is None and chart.signals == ()
    assert chart.variation is Variation.NOT_ENOUGH_DATA
    assert "too few for process limits" in chart.finding()
    assert xmr(STABLE[:12], min_points=12).limits_shown


def test_too_few_counts_one_point_in_the_singular() -> None:
    one = xmr([66], min_points=15)
    assert one.too_few("months with steps due").startswith("1 month with steps due is too few")
    assert xmr([1, 2], min_points=15).too_few().startswith("2 points are too few")


@pytest.mark.parametrize(
    ("target", "direction", "expected"),
    [
        (None, Direction.LOWER_IS_BETTER, Assurance.NO_TARGET),
        (16, Direction.LOWER_IS_BETTER, Assurance.CONSISTENTLY_PASSES),  # UCL 15.01 <= 16
        (7, Direction.LOWER_IS_BETTER, Assurance.CONSISTENTLY_FAILS),  # LCL 7.79 > 7
        (12, Direction.LOWER_IS_BETTER, Assurance.HIT_AND_MISS),
        (7, Direction.HIGHER_IS_BETTER, Assurance.CONSISTENTLY_PASSES),
        (16, Direction.HIGHER_IS_BETTER, Assurance.CONSISTENTLY_FAILS),
        (12, Direction.NEUTRAL, Assurance.HIT_AND_MISS),
    ],
)
def test_assurance_against_a_target(
    target: float | None, direction: Direction, expected: Assurance
) -> None:
    assert xmr(STABLE, target=target, direction=direction).assurance is expected


def test_labels_must_match_values() -> None:
    with pytest.raises(ValueError):
        xmr([1, 2, 3], labels=["a"])


def test_two_of_three_as_nhsrplotthedots_applies_it() -> None:
    # mean 0, sigma 1, limits ±3. Near a limit: beyond 2 sigma but inside the limit.
    def flagged(values: list[float]) -> list[int]:
        signals = detect(values, mean=0.0, ucl=3.0, lcl=-3.0, sigma=1.0)
        return [s.index for s in signals if s.rule is Rule.TWO_OF_THREE]

    # Two near points, the third on the same side: only the two near points are flagged.
    assert flagged([0, 2.5, 0.5, 2.4, 0]) == [1, 3]
    # The middle point is below the mean: the three are not all on one side, no signal.
    assert flagged([0, 2.5, -0.5, 2.4, 0]) == []
    # A point beyond the limit is rule 1's, not "near": one near point is not enough.
    assert flagged([0, 3.5, 0.5, 2.4, 0]) == []
    # A point exactly on the mean breaks the window.
    assert flagged([0, 2.5, 0.0, 2.4, 0]) == []


def test_precedence_is_limit_then_trend_then_two_of_three_then_shift() -> None:
    assert RULE_PRECEDENCE == (Rule.BEYOND_LIMIT, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)


def test_the_near_limit_line_is_two_thirds_of_the_way_to_the_limit() -> None:
    # NHSRplotthedots: close to a limit when beyond mean ± (2 × 2.66 / 3) × mean moving range,
    # i.e. two thirds of the way to the limit (1.77333 here), not 2 / 1.128 (1.77305).
    def flagged(values: list[float]) -> list[int]:
        signals = detect(values, mean=0.0, ucl=2.66, lcl=-2.66, sigma=1 / 1.128)
        return [s.index for s in signals if s.rule is Rule.TWO_OF_THREE]

    assert flagged([0, 1.7732, 0.5, 1.7732, 0]) == []
    assert flagged([0, 1.7734, 0.5, 1.7734, 0]) == [1, 3]
    assert flagged([0, -1.7734, -0.5, -2.66, 0]) == [1, 3]  # on the limit: not beyond it


def test_rebasing_recalculates_the_limits_from_the_chosen_point() -> None:
    before = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11]  # mean 11.4
    after = [20, 22, 21, 23, 20, 22, 21, 23, 20, 22, 21, 23, 20, 22, 21]  # mean 21.4
    whole = xmr(before + after)
    assert whole.flagged(Rule.SHIFT)  # one process: the step shows as a shift
    chart = xmr(before + after, rebase_at=15)
    assert chart.rebase_at == 15
    first, second = chart.segments
    assert (first.start, first.end, second.start, second.end) == (0, 15, 15, 30)
    # Hand calculation: each part's own mean and mean moving range (1.857142...).
    mr = (2 + 1 + 2 + 3 + 2 + 1 + 2 + 3 + 2 + 1 + 2 + 3 + 2 + 1) / 14
    assert first.mean == pytest.approx(sum(before) / 15)
    assert second.mean == pytest.approx(sum(after) / 15)
    assert first.ucl == pytest.approx(sum(before) / 15 + 2.66 * mr)
    assert second.lcl == pytest.approx(sum(after) / 15 - 2.66 * mr)
    assert chart.mean == second.mean and chart.ucl == second.ucl  # the latest part's
    assert chart.moving_ranges[15] is None  # no moving range across the rebase
    assert chart.limits_at(3) == (first.mean, first.ucl, first.lcl)
    assert chart.limits_at(20) == (second.mean, second.ucl, second.lcl)
    assert chart.signals == ()  # within each part the process is stable
    assert chart.variation is Variation.COMMON_CAUSE
    with pytest.raises(ValueError):
        xmr(before, rebase_at=0)
    with pytest.raises(ValueError):
        xmr(before, rebase_at=15)


def test_rules_are_applied_within_each_part_of_a_rebased_chart() -> None:
    stable = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11]
    rising = [11, 12, 13, 14, 15, 16, 17, 30, 11, 12, 11, 13, 10, 12, 11]
    chart = xmr(stable + rising, rebase_at=15)
    trend = chart.flagged(Rule.TREND)
    assert trend and all(i >= 15 for i in trend)  # found in the second part, indexed there
    assert min(trend) == 15


def test_a_rebase_with_too_few_points_after_it_says_so_in_words() -> None:
    values = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 20, 21, 22]
    labels = [f"M{i}" for i in range(len(values))]
    chart = xmr(values, labels, rebase_at=15)
    assert not chart.limits_shown  # three points since the rebase
    assert chart.segments[0].ucl is not None  # the earlier part keeps its limits
    assert chart.finding() == (
        "22 incidents in M17; the 3 points since the limits were recalculated from M15 are "
        "too few for process limits (at least 15 are needed), so no signal is judged."
    )


# The reference vector in the domain notes (spc-funnel-assurance.md §1): a 10 among 1s and 2s.
SCREEN_VECTOR = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def test_outlier_screening_matches_the_reference_vector() -> None:
    plain = xmr(SCREEN_VECTOR)
    screened = xmr(SCREEN_VECTOR, screen_outliers=True)
    assert not plain.screened and screened.screened
    assert round(plain.mean or 0, 2) == round(screened.mean or 0, 2) == 1.94
    assert (round(plain.ucl or 0, 2), round(plain.lcl or 0, 2)) == (6.95, -3.06)
    assert (round(screened.ucl or 0, 2), round(screened.lcl or 0, 2)) == (4.60, -0.72)
    assert plain.flagged(Rule.BEYOND_LIMIT) == screened.flagged(Rule.BEYOND_LIMIT) == [4]
    # The moving ranges themselves are kept whole: only their mean leaves the outliers out.
    assert plain.moving_ranges == screened.moving_ranges


def test_screening_applies_within_each_part_of_a_rebased_chart() -> None:
    values = SCREEN_VECTOR + [v + 20 for v in SCREEN_VECTOR]
    chart = xmr(values, rebase_at=len(SCREEN_VECTOR), screen_outliers=True)
    assert chart.screened
    first, second = chart.segments
    assert round(first.ucl or 0, 2) == 4.60
    assert round(second.ucl or 0, 2) == 24.60


def test_no_variation_at_all_screens_to_a_zero_range() -> None:
    assert mean_moving_range([0.0, 0.0], screen=True) == 0.0
    assert mean_moving_range([1.0] * 6 + [20.0], screen=True) == 1.0
    assert mean_moving_range([1.0] * 6 + [20.0]) == 26.0 / 7
