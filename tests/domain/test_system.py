"""Staff-survey measures: the codes a results file may use, and the comparison in words."""

from __future__ import annotations

import pytest

from vpr_desktop.domain.system import compare_with_benchmark
from vpr_desktop.domain.system import survey_measure


@pytest.mark.parametrize(
    ("code", "trust", "benchmark", "words"),
    [
        ("physical_public", 15.1, 14.2, "worse than"),
        ("physical_public", 13.9, 14.4, "better than"),
        ("physical_public", 14.0, 14.04, "the same as"),
        ("physical_reported", 72.1, 70.5, "better than"),  # reporting: higher is better
        ("physical_reported", 69.8, 71.0, "worse than"),
        ("physical_public", 14.0, None, ""),
    ],
)
def test_lower_is_better_except_for_reporting(
    code: str, trust: float, benchmark: float | None, words: str
) -> None:
    measure = survey_measure(code)
    assert measure is not None
    assert compare_with_benchmark(measure, trust, benchmark) == words


def test_question_numbers_name_the_measures() -> None:
    assert survey_measure("Q15a").code == "harassment_public"  # type: ignore[union-attr]
    assert survey_measure(" q14A ").code == "physical_public"  # type: ignore[union-attr]
    assert survey_measure("q99") is None
