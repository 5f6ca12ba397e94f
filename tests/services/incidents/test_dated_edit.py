"""``_dated_edit``: the opening the police outcome, CPS outcome and feedback writes share -- the
incident at the form's version, and the date rule first among the problems; SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.services.incidents.test_incidents import Ref
from tests.services.incidents.test_incidents import physical
from tests.services.incidents.test_incidents import ref
from tests.services.incidents.test_incidents import svc
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.incidents.service import IncidentService

__all__ = ["ref", "svc"]  # the fixtures, shared with the incident tests


def test_the_day_rule_comes_first_and_the_problems_are_the_callers(
    svc: IncidentService, ref: Ref
) -> None:
    d = svc.create(physical(ref))
    with svc._dated_edit(d.id, d.version, "on", dt.date(2026, 7, 2)) as (s, inc, problems):
        assert inc.id == d.id and s.get(type(inc), d.id) is inc
        assert problems == [(None, "on", "2026-07-02", "is in the future")]
    with svc._dated_edit(d.id, None, "given_on", dt.date(2026, 5, 31)) as (_, _, problems):
        assert problems == [(None, "given_on", "2026-05-31", "is before the incident")]


def test_a_stale_version_and_a_refused_write_change_nothing(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(physical(ref, police_informed=True))
    with pytest.raises(ConflictError):
        svc.record_police_outcome(d.id, PoliceOutcome.CHARGED, expected_version=d.version + 1)
    with pytest.raises(ValidationError, match="is in the future"):
        svc.record_feedback(d.id, dt.date(2026, 7, 1))
    after = svc.get(d.id)
    assert after.version == d.version and after.feedback_given_on is None
    assert after.police_outcome is PoliceOutcome.UNDER_INVESTIGATION
