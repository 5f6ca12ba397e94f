"""The standard library format: natural codes, validation, the shipped files, RAG changes."""

from __future__ import annotations

import copy
import tomllib
from importlib.resources import files
from typing import Any

import pytest

from vpr_desktop.domain.crosswalk import check_crosswalk
from vpr_desktop.domain.crosswalk import parse_crosswalk
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.domain.standard_library import LibraryError
from vpr_desktop.domain.standard_library import classify_change
from vpr_desktop.domain.standard_library import contrast_ratio
from vpr_desktop.domain.standard_library import domain_of_code
from vpr_desktop.domain.standard_library import natural_sort_key
from vpr_desktop.domain.standard_library import parse_library
from vpr_desktop.domain.standard_library import sort_codes
from vpr_desktop.domain.standard_library import split_domain_cell
from vpr_desktop.domain.standard_library import strip_mark

STANDARDS = files("vpr_desktop.resources").joinpath("standards")
OFFICIAL_DOMAINS = [
    "Leadership and accountability",
    "Governance and assurance",
    "Collaboration",
    "Data",
    "Workforce",
    "Interventions",
    "Evaluation",
]


def raw(name: str) -> dict[str, Any]:
    return tomllib.loads(STANDARDS.joinpath(name).read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ natural codes


def test_codes_sort_naturally_1_10_after_1_9() -> None:
    assert sort_codes(["1.2", "1.10", "1.9"]) == ["1.2", "1.9", "1.10"]
    assert sort_codes(["2.1", "1.10", "10.1", "1.1", "1.2"]) == [
        "1.1",
        "1.2",
        "1.10",
        "2.1",
        "10.1",
    ]
    assert natural_sort_key("1.10") > natural_sort_key("1.9")
    assert natural_sort_key("1.01") == natural_sort_key("1.1")  # leading zeros ignored
    assert sort_codes(["P.2", "p.1", "A.1"]) == ["A.1", "p.1", "P.2"]  # case-blind


def test_absurd_codes_are_refused_by_the_sort_key() -> None:
    with pytest.raises(ValueError, match="longer than 9 digits"):
        natural_sort_key("1.1234567890")


def test_domain_of_code_and_domain_cells() -> None:
    assert domain_of_code("1.10") == "1"
    assert domain_of_code("P.1") == "P"
    assert split_domain_cell("1 Leadership and accountability") == (
        "1",
        "Leadership and accountability",
    )
    assert split_domain_cell("Domain 2: Governance and assurance") == (
        "2",
        "Governance and assurance",
    )
    assert split_domain_cell("Domain 4") == ("4", None)
    assert split_domain_cell("Data") == (None, "Data")
    assert split_domain_cell("  ") == (None, None)


def test_strip_mark_leaves_our_sentence() -> None:
    text = f"Staff hear back. ({WORKING_SUMMARY_MARK})"
    assert strip_mark(text) == "Staff hear back."
    assert strip_mark(f"Standard v2 — {WORKING_SUMMARY_MARK}") == "Standard v2"


# ------------------------------------------------------------------------------ shipped files


def test_the_2024_library_has_the_seven_domains_in_official_order_all_marked_ours() -> None:
    lib = parse_library(raw("vpr-2024.toml"), "vpr-2024.toml")
    assert lib.edition == "vpr-2024" and lib.short_name == "2024"
    assert [d.title for d in lib.domains] == OFFICIAL_DOMAINS
    assert [d.code for d in lib.domains] == [str(n) for n in range(1, 8)]
    assert [i.code for i in lib.indicators_of("1")][-2:] == ["1.9", "1.10"]
    assert lib.working_summary
    assert WORKING_SUMMARY_MARK in lib.title
    assert all(WORKING_SUMMARY_MARK in i.text for i in lib.indicators)
    assert len(lib.indicators) >= 30  # an import test edits row 30 of the export
    labels = {s.id: s for s in lib.scale}
    assert [s.id for s in lib.scale] == [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED]
    amber = labels[Rag.AMBER]
    assert amber.label == "Amber" and contrast_ratio(amber.text_colour, amber.colour) >= 4.5
    assert amber.text_colour == "#212B32"  # dark text on amber
    assert "NHS England" in lib.provenance and "NOT NHS England's wording" in lib.provenance


def test_the_2020_library_is_plan_do_check_act_with_seven_key_areas() -> None:
    lib = parse_library(raw("vpr-2020.toml"), "vpr-2020.toml")
    assert [d.title for d in lib.domains] == ["Plan", "Do", "Check", "Act"]
    assert len(lib.indicators) == 7
    assert all(WORKING_SUMMARY_MARK in i.text for i in lib.indicators)


def test_the_shipped_crosswalk_joins_the_shipped_libraries() -> None:
    old = parse_library(raw("vpr-2020.toml"))
    new = parse_library(raw("vpr-2024.toml"))
    cw = parse_crosswalk(raw("crosswalk-2020-2024.toml"))
    assert check_crosswalk(cw, old, new) == []
    assert {r.from_code for r in cw.rules} == {i.code for i in old.indicators}
    bad = copy.deepcopy(raw("crosswalk-2020-2024.toml"))
    bad["rules"][0]["from"] = "Z.9"
    bad["rules"][1]["to_domain"] = "99"
    problems = check_crosswalk(parse_crosswalk(bad), old, new)
    assert any("Z.9" in p for p in problems) and any("99" in p for p in problems)


# ------------------------------------------------------------------------------ validation


def test_a_broken_library_lists_every_problem_at_once() -> None:
    data = copy.deepcopy(raw("vpr-2024.toml"))
    data["library"]["library_version"] = 0
    data["library"]["colour_scheme"] = "x"  # unknown key (a typo must not pass silently)
    data["indicators"][1]["code"] = data["indicators"][0]["code"]  # duplicate
    data["indicators"][2]["domain"] = "9"
    data["indicators"][3]["text"] = ""
    data["rating_scale"] = [s for s in data["rating_scale"] if s["id"] != "green"]
    data["rating_scale"][1]["text_colour"] = "#FFFFFF"  # white on amber: too little contrast
    with pytest.raises(LibraryError) as caught:
        parse_library(data, "broken.toml")
    text = "\n".join(caught.value.problems)
    for expected in (
        "library_version",
        "colour_scheme",
        "used twice",
        "'9' is not one of",
        "text is missing",
        "missing green",
        "contrast",
    ):
        assert expected in text, expected


def test_working_summary_flag_must_match_the_wording() -> None:
    data = copy.deepcopy(raw("vpr-2024.toml"))
    data["library"]["working_summary"] = False  # but texts still carry our mark
    with pytest.raises(LibraryError, match="still carry our working-summary wording"):
        parse_library(data)
    published = copy.deepcopy(raw("vpr-2024.toml"))
    for item in published["indicators"]:
        item["text"] = strip_mark(item["text"])
    published["library"]["title"] = strip_mark(published["library"]["title"])
    published["library"]["working_summary"] = False
    assert not parse_library(published).working_summary
    published["library"]["working_summary"] = True  # claims to be ours with no mark
    with pytest.raises(LibraryError, match="no indicator carries the mark"):
        parse_library(published)


@pytest.mark.parametrize("code", ["", "1 .2", "1/2", "x" * 21, "=1+1"])
def test_bad_indicator_codes_are_refused(code: str) -> None:
    data = copy.deepcopy(raw("vpr-2024.toml"))
    data["indicators"][0]["code"] = code
    with pytest.raises(LibraryError, match="code"):
        parse_library(data)


# ------------------------------------------------------------------------------ RAG changes


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (Rag.RED, Rag.AMBER, Change.IMPROVED),
        (Rag.AMBER, Rag.GREEN, Change.IMPROVED),
        (Rag.GREEN, Rag.RED, Change.DECLINED),
        (Rag.AMBER, Rag.AMBER, Change.UNCHANGED),
        (None, Rag.RED, Change.NEW),
        (Rag.NOT_RATED, Rag.GREEN, Change.NEW),
        (Rag.GREEN, Rag.NOT_RATED, Change.NOT_ASSESSED),
        (None, Rag.NOT_RATED, Change.NOT_ASSESSED),
    ],
)
def test_classify_change(before: Rag | None, after: Rag, change: Change) -> None:
    assert classify_change(before, after) is change


def test_contrast_ratio_extremes() -> None:
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast_ratio("#FFFFFF", "#FFB81C") < 4.5 < contrast_ratio("#212B32", "#FFB81C")
