"""The demo's RIDDOR correction (``events.settle_riddor``): the generator's first guess, made
before the affected people's restricted-duties days are drawn, gives way to the domain rule.

Why: the demo must store what the app itself would store for the same facts, and a correction
must come from its own seeded stream so the rest of the demo stays the same for a seed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.riddor import PersonIncapacity
from vpr_desktop.domain.riddor import RiddorFacts
from vpr_desktop.services.demo.events import settle_riddor

DAY = dt.timedelta(days=1)
OCCURRED = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 11, 30)


def _guess(status: RiddorStatus, reason: str | None = None) -> dict[str, Any]:
    return {
        "riddor_status": status,
        "riddor_reason": reason,
        "riddor_deadline": None,
        "riddor_submitted_on": None,
        "riddor_reference": None,
    }


def _facts(*people: PersonIncapacity, day: dt.date = OCCURRED) -> RiddorFacts:
    return RiddorFacts(day, frozenset({IncidentType.PHYSICAL}), injury=True, people=people)


def test_restricted_days_over_seven_make_a_guess_of_not_reportable_reportable() -> None:
    # The first person is off 3 days; a second is on restricted duties for 9: over 7 days
    # of incapacity, which the first guess (days absent only) missed.
    facts = _facts(PersonIncapacity(3, 0), PersonIncapacity(0, 9))
    got = settle_riddor(_guess(RiddorStatus.NOT_REPORTABLE), facts, TODAY, "demo-riddor-7-18")
    assert got["riddor_status"] is RiddorStatus.REPORTABLE
    assert got["riddor_reason"].startswith("Reportable: over-7-day injury (9 days of incapacity")
    assert got["riddor_deadline"] == OCCURRED + 15 * DAY
    # Same side seed, same submission; the reference starts with the submission's year.
    again = settle_riddor(_guess(RiddorStatus.NOT_REPORTABLE), facts, TODAY, "demo-riddor-7-18")
    assert again == got
    submitted, ref = got["riddor_submitted_on"], got["riddor_reference"]
    assert (submitted is None) == (ref is None)
    if submitted is not None:
        assert OCCURRED < submitted < TODAY and ref.startswith(str(submitted.year))


def test_a_side_stream_submits_most_old_reportable_incidents_in_time() -> None:
    facts = _facts(PersonIncapacity(2, 7))
    got = [
        settle_riddor(_guess(RiddorStatus.RECORD_ONLY), facts, TODAY, f"demo-riddor-1-{n}")
        for n in range(200)
    ]
    deadline = OCCURRED + 15 * DAY
    assert {g["riddor_deadline"] for g in got} == {deadline}
    on_time = sum(
        1 for g in got if g["riddor_submitted_on"] and g["riddor_submitted_on"] <= deadline
    )
    late = sum(1 for g in got if g["riddor_submitted_on"] and g["riddor_submitted_on"] > deadline)
    never = sum(1 for g in got if g["riddor_submitted_on"] is None)
    assert on_time + late + never == 200
    assert 150 <= on_time <= 190 and late > 0 and never > 0  # 85% / 8% / 7% drawn


def test_four_to_seven_days_with_restricted_duties_become_record_only() -> None:
    facts = _facts(PersonIncapacity(2, 3))
    got = settle_riddor(_guess(RiddorStatus.NOT_REPORTABLE), facts, TODAY, "demo-riddor-7-1")
    assert got == {
        "riddor_status": RiddorStatus.RECORD_ONLY,
        "riddor_reason": "Not reportable, but record it: over-3-day injury (5 days of "
        "incapacity; reportable only when more than 7 days).",
        "riddor_deadline": None,
        "riddor_submitted_on": None,
        "riddor_reference": None,
    }


def test_a_guess_the_rule_agrees_with_is_kept_as_it_is() -> None:
    first = _guess(RiddorStatus.RECORD_ONLY, "Over-3-day injury: recorded, not reported")
    got = settle_riddor(first, _facts(PersonIncapacity(5, 0)), TODAY, "demo-riddor-7-2")
    assert got is first


def test_a_not_assessed_incident_stays_not_assessed() -> None:
    first = _guess(RiddorStatus.NOT_ASSESSED)
    got = settle_riddor(first, _facts(PersonIncapacity(1, 9)), TODAY, "demo-riddor-7-3")
    assert got is first
