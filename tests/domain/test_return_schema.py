"""The return's JSON Schema is built from one closed-object builder."""

from __future__ import annotations

from vpr_desktop.domain.return_schema import _closed_object
from vpr_desktop.domain.return_schema import return_schema


def test_closed_object_lists_about_then_required_then_properties() -> None:
    built = _closed_object(["a"], {"a": {"const": 1}}, title="T", description="D")
    assert list(built) == [
        "type",
        "title",
        "description",
        "required",
        "additionalProperties",
        "properties",
    ]
    assert built["type"] == "object" and built["additionalProperties"] is False
    assert built["required"] == ["a"] and built["properties"] == {"a": {"const": 1}}


def test_every_object_of_the_return_is_closed() -> None:
    schema = return_schema()
    assert list(schema)[:5] == ["$schema", "$id", "title", "description", "type"]
    assert schema["properties"]["disclosure"]["required"] == ["threshold", "rounding", "secondary"]
    assessment = schema["properties"]["assessment"]["oneOf"][1]
    domain = assessment["properties"]["domains"]["items"]
    assert domain["required"] == ["code", "title", "percent"]
    assert domain["properties"]["percent"]["additionalProperties"] is False
