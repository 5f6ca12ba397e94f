"""Migration 0014's grants on PostgreSQL: every role reads the staff-survey results and the
system returns (packs for board secretaries and staff-side reps show them); only the VPR lead
writes them."""

from __future__ import annotations

import pytest

from tests.store.test_pg_permissions import connect
from tests.store.test_pg_permissions import logins
from tests.store.test_pg_permissions import refused

__all__ = ["logins"]  # the fixture, shared with the grants tests of 0005


@pytest.mark.parametrize("who", ["staff-side", "board-secretary", "chair"])
def test_every_role_reads_but_only_the_lead_writes(
    pg_migrated_url: str, logins: dict[str, str], who: str
) -> None:
    with connect(pg_migrated_url, logins[who]) as conn:
        for table in ("staff_survey_result", "system_return"):
            assert not refused(conn, f"SELECT * FROM {table}"), table
        assert refused(
            conn,
            "INSERT INTO staff_survey_result (year, measure, trust_percent, version) "
            "VALUES (2024, 'physical_public', 14.0, 1)",
        )
        assert refused(conn, "DELETE FROM system_return")
    with connect(pg_migrated_url, logins["lead"]) as lead:
        assert not refused(
            lead,
            "INSERT INTO staff_survey_result (year, measure, trust_percent, version) "
            "VALUES (2024, 'physical_public', 14.0, 1)",
        )
        assert not refused(lead, "DELETE FROM staff_survey_result")
