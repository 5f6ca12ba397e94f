"""A typed setting value that is not what the setting takes is refused in one wording
(``_must_be``), for whole numbers and for amounts in pounds alike."""

from __future__ import annotations

import pytest

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.admin import trust_settings as ts
from vpr_desktop.services.admin.trust_settings_text import with_value


@pytest.mark.parametrize(
    ("key", "text", "message", "why"),
    [
        (
            "backup_keep_days",
            "ten",
            "backup_keep_days must be a whole number; 'ten' is not.",
            "not a number",
        ),
        (
            "cost_per_day_lost",
            "£lots",
            "cost_per_day_lost must be an amount in pounds such as 245.50, or 'none'; "
            "'£lots' is not.",
            "not an amount",
        ),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_alike(
    key: str, text: str, message: str, why: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        with_value(ts.TrustSettings(), key, text)
    assert caught.value.message == message and caught.value.next_step == ""
    assert caught.value.problems == [(None, key, text, why)]


def test_values_of_the_right_kind_are_taken() -> None:
    s = with_value(ts.TrustSettings(), "backup_keep_days", " 14 ")
    assert with_value(s, "cost_per_day_lost", "£1,245.50").cost_per_day_lost == 1245.5
    assert s.backup_keep_days == 14
