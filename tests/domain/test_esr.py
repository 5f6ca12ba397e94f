"""ESR competency names, person cells and refresher dates (issue 6, acceptance 6)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vpr_desktop.domain import esr
from vpr_desktop.domain import esr_people
from vpr_desktop.domain import refresher_dates
from vpr_desktop.services.training.esr_courses import CourseMatcher

COURSES = [
    (1, "CR", "Conflict Resolution (CSTF)", 36, ["NHS|CSTF|Conflict Resolution|3 Years|"]),
    (2, "FIRE", "Fire Safety", 24, ["NHS|CSTF|Fire Safety - 2 Years|"]),
    (3, "BRK", "Breakaway Techniques", 12, ["457|LOCAL|Breakaway Techniques|"]),
]


def test_29_february_plus_three_years_is_28_february() -> None:
    done = dt.date(2024, 2, 29)
    assert refresher_dates.refresher_due(done, 36) == dt.date(2027, 2, 28)
    assert refresher_dates.expiry_from(done, 36) == dt.date(2027, 2, 27)
    assert refresher_dates.refresher_due(done, 48) == dt.date(2028, 2, 29)  # a leap year again
    assert refresher_dates.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("raw", "scheme", "title", "months", "course"),
    [
        ("NHS|CSTF|Conflict Resolution|3 Years|", "CSTF", "Conflict Resolution", 36, 1),
        ("NHS|CSTF|Fire Safety - 2 Years|", "CSTF", "Fire Safety", 24, 2),
        ("457|LOCAL|Breakaway Techniques|", "LOCAL", "Breakaway Techniques", None, 3),
    ],
)
def test_three_forms_map_to_course_and_period(
    raw: str, scheme: str, title: str, months: int | None, course: int
) -> None:
    comp = esr.parse_competency(raw)
    assert (comp.scheme, comp.title, comp.period_months, comp.raw) == (scheme, title, months, raw)
    cid, _ = CourseMatcher(COURSES).match(raw)  # type: ignore[arg-type]
    assert cid == course
    # Spacing, case and a missing trailing pipe do not matter.
    cid, _ = CourseMatcher(COURSES).match(" " + raw.upper().rstrip("|"))  # type: ignore[arg-type]
    assert cid == course


def test_unknown_competency_is_refused() -> None:
    with pytest.raises(ValueError, match="not a course"):
        CourseMatcher(COURSES).match("NHS|CSTF|Moving and Handling|3 Years|")  # type: ignore[arg-type]


def test_person_cell_and_assignment_suffix() -> None:
    cell = esr_people.parse_person_cell("A01|Smith, Jane")
    assert (cell.assignment_number, cell.first_name, cell.last_name) == ("A01", "Jane", "Smith")
    assert esr_people.parse_person_cell("Jane Smith").assignment_number is None
    assert esr_people.base_employee_number("1012-2") == "1012"
    assert esr_people.base_employee_number("0012") == "0012"


_word = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ,()&'", min_size=1, max_size=30
).filter(lambda s: s.strip() and s.strip()[-1] != ")")
_title = _word.filter(lambda s: not any(ch.isdigit() for ch in s))


@given(
    title=_title,
    n=st.integers(1, 10),
    unit=st.sampled_from(["Years", "Year", "Months"]),
    form=st.sampled_from(["segment", "suffix"]),
    org=st.sampled_from(["NHS", "457", "123"]),
    scheme=st.sampled_from(["CSTF", "LOCAL"]),
)
def test_period_found_in_segment_or_suffix(
    title: str, n: int, unit: str, form: str, org: str, scheme: str
) -> None:
    raw = (
        f"{org}|{scheme}|{title}|{n} {unit}|"
        if form == "segment"
        else f"{org}|{scheme}|{title} - {n} {unit}|"
    )
    comp = esr.parse_competency(raw)
    assert comp.scheme == scheme and comp.organisation == org
    assert comp.period_months == (n if unit == "Months" else 12 * n)
    assert comp.key == esr.normalise_title(title)
    assert comp.raw == raw


@given(title=_title, org=st.sampled_from(["NHS", "457"]))
def test_no_period_keeps_title(title: str, org: str) -> None:
    comp = esr.parse_competency(f"{org}|LOCAL|{title}|")
    assert comp.period_months is None and comp.key == esr.normalise_title(title)


@given(d=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), months=st.integers(1, 120))
def test_refresher_due_is_consistent(d: dt.date, months: int) -> None:
    due = refresher_dates.refresher_due(d, months)
    assert (due.year * 12 + due.month) - (d.year * 12 + d.month) == months
    last = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(d.day, last)
    assert refresher_dates.expiry_from(d, months) == due - dt.timedelta(days=1)


@given(
    number=st.from_regex(r"0{0,3}[0-9]{1,8}", fullmatch=True),
    suffix=st.integers(2, 9),
    last=_title,
    first=_title,
)
def test_person_cells_keep_numbers_as_text(number: str, suffix: int, last: str, first: str) -> None:
    last, first = (
        " ".join(last.replace(",", " ").split()),
        " ".join(first.replace(",", " ").split()),
    )
    if not last or not first:
        return
    cell = esr_people.parse_person_cell(f"{number}-{suffix}|{last}, {first}")
    assert cell.assignment_number == f"{number}-{suffix}"
    assert (cell.last_name, cell.first_name) == (last, first)
    assert esr_people.base_employee_number(cell.assignment_number) == number


@given(
    d=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
    style=st.sampled_from(["dmy", "dmony", "iso", "serial"]),
)
def test_date_forms_read_the_same(d: dt.date, style: str) -> None:
    from vpr_desktop.services.importing.values import parse_date

    text = {
        "dmy": d.strftime("%d/%m/%Y"),
        "dmony": f"{d.day:02d}-{calendar.month_abbr[d.month]}-{d.year}",
        "iso": d.isoformat(),
        "serial": str((d - dt.date(1899, 12, 30)).days),
    }[style]
    assert parse_date(text) == d
