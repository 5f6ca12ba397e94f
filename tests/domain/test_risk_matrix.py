"""The NHS 5x5 matrix as data: every cell, every band boundary, adaptation, the likelihood rule."""

from __future__ import annotations

import json

import pytest

from vpr_desktop.domain.risk_matrix import ACHIEVABLE_SCORES
from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
from vpr_desktop.domain.risk_matrix import Band
from vpr_desktop.domain.risk_matrix import Descriptor
from vpr_desktop.domain.risk_matrix import MatrixError
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.domain.risk_matrix import Trend
from vpr_desktop.domain.risk_matrix import trend

M = DEFAULT_MATRIX

# The NPSA grid written out by hand (rows likelihood 1..5, columns consequence 1..5), so the
# test does not recompute the rule it checks. L=Low, M=Moderate, H=High, E=Extreme.
EXPECTED_GRID = (
    "LLLMM",  # likelihood 1: 1 2 3 4 5
    "LMMHH",  # likelihood 2: 2 4 6 8 10
    "LMHHE",  # likelihood 3: 3 6 9 12 15
    "MHHEE",  # likelihood 4: 4 8 12 16 20
    "MHEEE",  # likelihood 5: 5 10 15 20 25
)
LETTER = {"L": "low", "M": "moderate", "H": "high", "E": "extreme"}
LABELS = {"low": "Low", "moderate": "Moderate", "high": "High", "extreme": "Extreme"}
CELLS = [(lk, c) for lk in range(1, 6) for c in range(1, 6)]


@pytest.mark.parametrize(("likelihood", "consequence"), CELLS)
def test_every_cell_of_the_matrix(likelihood: int, consequence: int) -> None:
    expected_band = LETTER[EXPECTED_GRID[likelihood - 1][consequence - 1]]
    cell = M.cell(likelihood, consequence)
    assert cell.score == likelihood * consequence == M.score(likelihood, consequence)
    assert cell.band_key == expected_band == M.band(likelihood, consequence).key
    assert cell.label == f"{LABELS[expected_band]} {likelihood * consequence}"
    assert str(cell) == cell.label == M.label(cell.score)
    assert (cell.likelihood, cell.consequence) == (likelihood, consequence)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "low"),
        (3, "low"),  # Low 1-3
        (4, "moderate"),
        (6, "moderate"),  # Moderate 4-6
        (7, "moderate"),  # unachievable gap: stays in the band below 8
        (8, "high"),
        (12, "high"),  # High 8-12
        (11, "high"),
        (13, "high"),
        (14, "high"),
        (15, "extreme"),
        (25, "extreme"),  # Extreme 15-25
    ],
)
def test_every_band_boundary(score: int, band: str) -> None:
    assert M.band_for(score).key == band
    assert M.label(score) == f"{LABELS[band]} {score}"


@pytest.mark.parametrize("bad", [0, 26, -1, 3.0, True, "9"])
def test_scores_outside_1_to_25_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        M.band_for(bad)  # type: ignore[arg-type]


def test_band_ranges_and_summary_match_the_npsa_grades() -> None:
    assert ACHIEVABLE_SCORES == (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25)
    assert M.band_summary() == ["Low 1-3", "Moderate 4-6", "High 8-12", "Extreme 15-25"]
    assert M.band_range("low") == (1, 3)
    assert M.band_range("moderate") == (4, 7)
    assert M.band_range("high") == (8, 14)
    assert M.band_range("extreme") == (15, 25)
    assert M.band_scores("high") == (8, 9, 10, 12)
    assert M.top_band.min_score == 15
    counts = {b.key: 0 for b in M.bands}
    for lk, c in CELLS:
        counts[M.band(lk, c).key] += 1
    assert counts == {"low": 5, "moderate": 7, "high": 7, "extreme": 6}


def _luminance(hex_colour: str) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_band_colours_have_readable_text_dark_on_yellow_and_amber() -> None:
    by_key = {b.key: b for b in M.bands}
    assert by_key["moderate"].text_colour == by_key["high"].text_colour == "#212B32"
    assert by_key["low"].text_colour == by_key["extreme"].text_colour == "#FFFFFF"
    for band in M.bands:  # WCAG AA for normal text
        assert _contrast(band.colour, band.text_colour) >= 4.5, band


def test_descriptors_follow_the_npsa_wording() -> None:
    assert [d.label for d in M.likelihood] == [
        "Rare",
        "Unlikely",
        "Possible",
        "Likely",
        "Almost certain",
    ]
    assert [d.label for d in M.consequence] == [
        "Negligible",
        "Minor",
        "Moderate",
        "Major",
        "Catastrophic",
    ]
    assert M.likelihood_label(4) == "4 Likely"
    assert M.consequence_label(5) == "5 Catastrophic"
    assert [d.time_frame for d in M.likelihood][1:] == [
        "At least annually",
        "At least monthly",
        "At least weekly",
        "At least daily",
    ]


@pytest.mark.parametrize(
    ("likelihood", "consequence"), [(0, 1), (1, 6), (True, 2), (2.0, 2), (None, 3)]
)
def test_risk_score_refuses_values_off_the_scale(likelihood: object, consequence: object) -> None:
    with pytest.raises(ValueError):
        RiskScore(likelihood, consequence)  # type: ignore[arg-type]


def test_risk_score() -> None:
    assert RiskScore(4, 5).score == 20
    assert RiskScore(4, 5).as_list() == [4, 5]


def test_matrix_round_trips_through_settings_json() -> None:
    data = json.loads(json.dumps(M.to_dict()))
    again = RiskMatrix.from_dict(data)
    assert again == M
    assert again.band_for(15).label == "Extreme"


def test_a_trust_may_adapt_bands_descriptors_and_colours() -> None:
    data = M.to_dict()
    data["name"] = "Northgate trust matrix"
    data["likelihood"][3]["label"] = "Probable"
    data["bands"] = [
        {
            "key": "green",
            "label": "Green",
            "min_score": 1,
            "colour": "#007F3B",
            "text_colour": "#FFFFFF",
        },
        {
            "key": "amber",
            "label": "Amber",
            "min_score": 5,
            "colour": "#FFB81C",
            "text_colour": "#212B32",
        },
        {
            "key": "red",
            "label": "Red",
            "min_score": 10,
            "colour": "#D5281B",
            "text_colour": "#FFFFFF",
        },
    ]
    trust = RiskMatrix.from_dict(data)
    assert trust.label(4) == "Green 4"
    assert trust.label(5) == "Amber 5"
    assert trust.label(10) == "Red 10"
    assert trust.likelihood_label(4) == "4 Probable"
    assert trust.top_band.min_score == 10
    assert trust.band_summary() == ["Green 1-4", "Amber 5-9", "Red 10-25"]


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["likelihood"].pop(),  # four descriptors
        lambda d: d["consequence"][0].update(label=" "),  # blank label
        lambda d: d["bands"][0].update(min_score=2),  # does not start at 1
        lambda d: d["bands"].reverse(),  # out of order
        lambda d: d["bands"][1].update(min_score=1),  # two bands at 1
        lambda d: d["bands"][2].update(colour="orange"),  # not #RRGGBB
        lambda d: d["bands"][2].update(key="low"),  # duplicate key
        lambda d: d["bands"].clear(),  # no bands
        lambda d: d["likelihood"][4].update(min_events_per_year=10),  # frequencies fall
        lambda d: d.pop("bands"),  # missing part
        lambda d: d["bands"][0].update(min_score="one"),  # not a number
    ],
)
def test_a_damaged_matrix_setting_is_refused(breakage: object) -> None:
    data = json.loads(json.dumps(M.to_dict()))
    breakage(data)  # type: ignore[operator]
    with pytest.raises(MatrixError):
        RiskMatrix.from_dict(data)


def test_with_bands() -> None:
    two = M.with_bands(
        (
            Band("lo", "Lower", 1, "#007F3B", "#FFFFFF"),
            Band("hi", "Higher", 13, "#D5281B", "#FFFFFF"),
        )
    )
    assert two.label(12) == "Lower 12" and two.label(15) == "Higher 15"
    assert M.label(12) == "High 12"  # the original is unchanged (frozen)


@pytest.mark.parametrize(
    ("incidents", "expected"),
    [
        (0, 1),  # none: "not expected for years"
        (1, 2),
        (11, 2),  # at least annually
        (12, 3),
        (51, 3),  # at least monthly
        (52, 4),
        (364, 4),  # at least weekly
        (365, 5),
        (2000, 5),  # at least daily
    ],
)
def test_incident_informed_likelihood_uses_the_time_framed_wording(
    incidents: int, expected: int
) -> None:
    assert M.likelihood_from_incidents(incidents) == expected


def test_incident_rate_is_scaled_to_a_year() -> None:
    assert M.likelihood_from_incidents(6, days=182) == 3  # 12.03 a year
    assert M.likelihood_from_incidents(6, days=183) == 2  # 11.97 a year
    assert M.likelihood_from_incidents(1, days=7) == 4  # one a week
    with pytest.raises(ValueError):
        M.likelihood_from_incidents(-1)
    with pytest.raises(ValueError):
        M.likelihood_from_incidents(1, days=0)


def test_the_likelihood_rule_is_available_as_text() -> None:
    text = M.likelihood_rule_text()
    for phrase in (
        "5 Almost certain from at least 365 incidents a year (at least daily)",
        "4 Likely from at least 52 incidents a year (at least weekly)",
        "3 Possible from at least 12 incidents a year (at least monthly)",
        "2 Unlikely from at least 1 incident a year (at least annually)",
        "1 Rare from no incidents",
        "never changes the rating",
    ):
        assert phrase in text


def test_likelihood_thresholds_are_data_a_trust_can_change() -> None:
    data = M.to_dict()
    data["likelihood"][4]["min_events_per_year"] = 200
    trust = RiskMatrix.from_dict(data)
    assert trust.likelihood_from_incidents(250) == 5
    assert M.likelihood_from_incidents(250) == 4
    no_rule = RiskMatrix(
        tuple(Descriptor(d.score, d.label) for d in M.likelihood), M.consequence, M.bands
    )
    assert no_rule.likelihood_from_incidents(1000) == 1


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, 12, Trend.NEW),
        (16, 12, Trend.DOWN),
        (9, 12, Trend.UP),
        (12, 12, Trend.SAME),
    ],
)
def test_trend_since_last_review(previous: int | None, current: int, expected: Trend) -> None:
    assert trend(previous, current) is expected


def test_trend_labels_carry_words_not_only_arrows() -> None:
    assert Trend.UP.label == "↑ Up"
    assert Trend.DOWN.label == "↓ Down"
    assert Trend.SAME.label == "→ Same"
    assert Trend.NEW.label.endswith("Not yet reviewed")
