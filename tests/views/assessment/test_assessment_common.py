"""The Self-assessment page's shared refusal wording (``views.assessment.common``)."""

from __future__ import annotations

import pytest

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.views.assessment.common import refusal_words


def test_a_refusal_is_said_in_its_words() -> None:
    exc = ValidationError("The cycle is signed off.", "Reopen it first.")
    assert refusal_words(exc) == str(exc)
    assert refusal_words(exc).startswith("The cycle is signed off.")


def test_any_other_error_is_raised_again_for_the_crash_handler() -> None:
    with pytest.raises(KeyError):
        refusal_words(KeyError("bug"))
