"""Match ESR competency names to the trust's courses (the training import's "which course" step).

A competency name is parsed (``domain.esr``) and matched first on the exact raw names a course
lists in ``Course.esr_competencies``, then on scheme + title of those names, then on the course
name or code. Kept apart from the import so the matching rules can be read and tested alone
(tests/domain/test_esr.py drives :class:`CourseMatcher` without a file).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain import esr
from vpr_desktop.domain.models import Course
from vpr_desktop.services.importing.value_map import Target
from vpr_desktop.services.importing.values import UnknownValue
from vpr_desktop.services.importing.values import ValueProblem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def fold_key(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


COMPETENCE = "competence"


def course_targets(s: Session) -> list[Target]:
    """The courses an unknown competence can be mapped to (code, "Name (code)")."""
    return [
        Target(code, f"{name} ({code})")
        for code, name in s.execute(select(Course.code, Course.name).order_by(Course.name))
    ]


class CourseMatcher:
    """Competency name -> course id, from the catalogue's ESR names, names and codes."""

    def __init__(self, courses: list[tuple[int, str, str, int | None, list[Any] | None]]) -> None:
        self.raw: dict[str, int] = {}
        self.scheme_title: dict[tuple[str | None, str], int] = {}
        self.title: dict[str, list[int]] = defaultdict(list)
        self.months: dict[int, int | None] = {}
        self._memo: dict[str, tuple[int, esr.Competency]] = {}
        self.by_code: dict[str, int] = {}
        for cid, code, name, months, names in courses:
            self.months[cid] = months
            self.by_code[fold_key(code)] = cid
            for raw in names or []:
                comp = esr.parse_competency(str(raw))
                self.raw[_norm_raw(comp.raw)] = cid
                self.scheme_title[(comp.scheme, comp.key)] = cid
                self.title[comp.key].append(cid)
            for word in (name, code):
                self.title[esr.normalise_title(word)].append(cid)

    def match(self, raw: str) -> tuple[int, esr.Competency]:
        """Course for ``raw`` (memoised: an export repeats a handful of names 200k times)."""
        hit = self._memo.get(raw)
        if hit is None:
            hit = self._memo[raw] = self._match(raw)
        return hit

    def chosen(self, raw: str, code: str) -> tuple[int, esr.Competency]:
        """The course a person said ``raw`` is (by the course's code)."""
        cid = self.by_code.get(fold_key(code))
        if cid is None:
            raise ValueProblem(f"is mapped to course '{code}', which is not in the catalogue")
        return cid, esr.parse_competency(raw)

    def _match(self, raw: str) -> tuple[int, esr.Competency]:
        comp = esr.parse_competency(raw)
        cid = self.raw.get(_norm_raw(comp.raw))
        if cid is None:
            cid = self.scheme_title.get((comp.scheme, comp.key))
        if cid is None:
            ids = sorted(set(self.title.get(comp.key, [])))
            if len(ids) > 1:
                raise ValueProblem(
                    f"matches {len(ids)} courses; add this exact ESR name to "
                    "one course in the catalogue"
                )
            cid = ids[0] if ids else None
        if cid is None:
            raise UnknownCourse(
                "is not a course in the catalogue (add it as an ESR name of "
                "a course, or correct the spelling)",
                what=COMPETENCE,
                fix="add it as an ESR name of a course in Training > Catalogue, or let the "
                "import leave such rows out",
            )
        return cid, comp


class UnknownCourse(UnknownValue):
    """A competence no course lists: a row left out and named, or a row problem when strict."""


def _norm_raw(raw: str) -> str:
    return "|".join(esr.normalise_title(s) for s in raw.split("|") if s.strip())


def course_matcher(s: Session) -> CourseMatcher:
    return CourseMatcher(
        [
            tuple(r)
            for r in s.execute(
                select(
                    Course.id,
                    Course.code,
                    Course.name,
                    Course.refresher_months,
                    Course.esr_competencies,
                )
            )
        ]
    )
